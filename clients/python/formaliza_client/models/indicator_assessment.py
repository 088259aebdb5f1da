from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.indicator_track_status import IndicatorTrackStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="IndicatorAssessment")


@_attrs_define
class IndicatorAssessment:
    """The verdict of [`assess`].

    Attributes:
        status (IndicatorTrackStatus): Whether an indicator is on track on a date (see [`assess`]).
        expected (float | None | Unset): The value expected on the date on the straight line to the next target.
    """

    status: IndicatorTrackStatus
    expected: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        expected: float | None | Unset
        if isinstance(self.expected, Unset):
            expected = UNSET
        else:
            expected = self.expected

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if expected is not UNSET:
            field_dict["expected"] = expected

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = IndicatorTrackStatus(d.pop("status"))

        def _parse_expected(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        expected = _parse_expected(d.pop("expected", UNSET))

        indicator_assessment = cls(
            status=status,
            expected=expected,
        )

        indicator_assessment.additional_properties = d
        return indicator_assessment

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
