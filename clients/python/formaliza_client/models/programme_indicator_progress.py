from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.indicator_assessment import IndicatorAssessment
    from ..models.programme_indicator import ProgrammeIndicator
    from ..models.programme_live_point import ProgrammeLivePoint
    from ..models.reported_value import ReportedValue


T = TypeVar("T", bound="ProgrammeIndicatorProgress")


@_attrs_define
class ProgrammeIndicatorProgress:
    """Everything a chart of one indicator draws.

    Attributes:
        indicator (ProgrammeIndicator): An indicator of the programme's catalogue as the API returns it.
        from_ (datetime.date):
        to (datetime.date):
        reported_values (list[ReportedValue]): Every value reported against it (superseded ones too, marked
            `superseded_by`), by
            reference date, each with the live value frozen when it was recorded.
        live (list[ProgrammeLivePoint]): The measure today at the last day of each month from `from` to `to` (the last
            point at
            `to`), as the caller may see it.
        assessment (IndicatorAssessment): The verdict of [`assess`].
    """

    indicator: ProgrammeIndicator
    from_: datetime.date
    to: datetime.date
    reported_values: list[ReportedValue]
    live: list[ProgrammeLivePoint]
    assessment: IndicatorAssessment
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        indicator = self.indicator.to_dict()

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        reported_values = []
        for reported_values_item_data in self.reported_values:
            reported_values_item = reported_values_item_data.to_dict()
            reported_values.append(reported_values_item)

        live = []
        for live_item_data in self.live:
            live_item = live_item_data.to_dict()
            live.append(live_item)

        assessment = self.assessment.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "indicator": indicator,
                "from": from_,
                "to": to,
                "reported_values": reported_values,
                "live": live,
                "assessment": assessment,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.indicator_assessment import IndicatorAssessment  # noqa: PLC0415
        from ..models.programme_indicator import ProgrammeIndicator  # noqa: PLC0415
        from ..models.programme_live_point import ProgrammeLivePoint  # noqa: PLC0415
        from ..models.reported_value import ReportedValue  # noqa: PLC0415

        d = dict(src_dict)
        indicator = ProgrammeIndicator.from_dict(d.pop("indicator"))

        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        reported_values = []
        _reported_values = d.pop("reported_values")
        for reported_values_item_data in _reported_values:
            reported_values_item = ReportedValue.from_dict(reported_values_item_data)

            reported_values.append(reported_values_item)

        live = []
        _live = d.pop("live")
        for live_item_data in _live:
            live_item = ProgrammeLivePoint.from_dict(live_item_data)

            live.append(live_item)

        assessment = IndicatorAssessment.from_dict(d.pop("assessment"))

        programme_indicator_progress = cls(
            indicator=indicator,
            from_=from_,
            to=to,
            reported_values=reported_values,
            live=live,
            assessment=assessment,
        )

        programme_indicator_progress.additional_properties = d
        return programme_indicator_progress

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
