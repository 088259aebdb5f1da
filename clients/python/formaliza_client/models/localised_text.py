from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LocalisedText")


@_attrs_define
class LocalisedText:
    """A text in Spanish and English.

    Attributes:
        es (None | str | Unset):
        en (None | str | Unset):
    """

    es: None | str | Unset = UNSET
    en: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        es: None | str | Unset
        if isinstance(self.es, Unset):
            es = UNSET
        else:
            es = self.es

        en: None | str | Unset
        if isinstance(self.en, Unset):
            en = UNSET
        else:
            en = self.en

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if es is not UNSET:
            field_dict["es"] = es
        if en is not UNSET:
            field_dict["en"] = en

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_es(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        es = _parse_es(d.pop("es", UNSET))

        def _parse_en(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        en = _parse_en(d.pop("en", UNSET))

        localised_text = cls(
            es=es,
            en=en,
        )

        return localised_text
