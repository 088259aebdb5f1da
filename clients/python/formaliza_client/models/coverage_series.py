from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.coverage_interval import CoverageInterval
from ..models.coverage_unit import CoverageUnit
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.coverage_filters import CoverageFilters
    from ..models.coverage_point import CoveragePoint
    from ..models.read_model_freshness import ReadModelFreshness


T = TypeVar("T", bound="CoverageSeries")


@_attrs_define
class CoverageSeries:
    """Coverage over time, for dashboards.

    Attributes:
        from_ (datetime.date):
        to (datetime.date):
        interval (CoverageInterval): The step of a time series.
        filters (CoverageFilters): The filters applied, echoed back.
        read_model (ReadModelFreshness): How current the households and members behind the figures are: the last event
            of the
            members feed applied to this service's read model.
        data (list[CoveragePoint]):
        unit (CoverageUnit | Unset): What the indicator counts.
    """

    from_: datetime.date
    to: datetime.date
    interval: CoverageInterval
    filters: CoverageFilters
    read_model: ReadModelFreshness
    data: list[CoveragePoint]
    unit: CoverageUnit | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        interval = self.interval.value

        filters = self.filters.to_dict()

        read_model = self.read_model.to_dict()

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        unit: str | Unset = UNSET
        if not isinstance(self.unit, Unset):
            unit = self.unit.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "interval": interval,
                "filters": filters,
                "read_model": read_model,
                "data": data,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.coverage_filters import CoverageFilters  # noqa: PLC0415
        from ..models.coverage_point import CoveragePoint  # noqa: PLC0415
        from ..models.read_model_freshness import ReadModelFreshness  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        interval = CoverageInterval(d.pop("interval"))

        filters = CoverageFilters.from_dict(d.pop("filters"))

        read_model = ReadModelFreshness.from_dict(d.pop("read_model"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = CoveragePoint.from_dict(data_item_data)

            data.append(data_item)

        _unit = d.pop("unit", UNSET)
        unit: CoverageUnit | Unset
        if isinstance(_unit, Unset):
            unit = UNSET
        else:
            unit = CoverageUnit(_unit)

        coverage_series = cls(
            from_=from_,
            to=to,
            interval=interval,
            filters=filters,
            read_model=read_model,
            data=data,
            unit=unit,
        )

        coverage_series.additional_properties = d
        return coverage_series

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
