from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PublishedTitle")


@_attrs_define
class PublishedTitle:
    """A question's title in the programme's two languages.

    Attributes:
        es (str): Spanish (the dashboard's default).
        en (str): English.
    """

    es: str
    en: str

    def to_dict(self) -> dict[str, Any]:
        es = self.es

        en = self.en

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "es": es,
                "en": en,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        es = d.pop("es")

        en = d.pop("en")

        published_title = cls(
            es=es,
            en=en,
        )

        return published_title
