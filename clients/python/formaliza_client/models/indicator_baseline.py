from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="IndicatorBaseline")


@_attrs_define
class IndicatorBaseline:
    """Where the indicator started.

    Attributes:
        value (float):
        date (datetime.date): The date the baseline value describes.
        source (None | str | Unset): Where it comes from (a survey, a study).
    """

    value: float
    date: datetime.date
    source: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        date = self.date.isoformat()

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "value": value,
                "date": date,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value")

        date = datetime.date.fromisoformat(d.pop("date"))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        indicator_baseline = cls(
            value=value,
            date=date,
            source=source,
        )

        return indicator_baseline
