from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="IndicatorFrozenLiveValue")


@_attrs_define
class IndicatorFrozenLiveValue:
    """The live computation frozen when a value was recorded.

    Attributes:
        suppressed (bool):
        computed_at (datetime.datetime): When it was computed.
        value (float | None | Unset): What the records said for the reference date when the value was recorded (`null`
            when
            withheld).
    """

    suppressed: bool
    computed_at: datetime.datetime
    value: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        suppressed = self.suppressed

        computed_at = self.computed_at.isoformat()

        value: float | None | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "suppressed": suppressed,
                "computed_at": computed_at,
            }
        )
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        suppressed = d.pop("suppressed")

        computed_at = datetime.datetime.fromisoformat(d.pop("computed_at"))

        def _parse_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        value = _parse_value(d.pop("value", UNSET))

        indicator_frozen_live_value = cls(
            suppressed=suppressed,
            computed_at=computed_at,
            value=value,
        )

        indicator_frozen_live_value.additional_properties = d
        return indicator_frozen_live_value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
