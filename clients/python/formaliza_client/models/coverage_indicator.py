from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.coverage_group_by import CoverageGroupBy
from ..models.coverage_unit import CoverageUnit
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.coverage_cell import CoverageCell
    from ..models.coverage_filters import CoverageFilters
    from ..models.read_model_freshness import ReadModelFreshness


T = TypeVar("T", bound="CoverageIndicator")


@_attrs_define
class CoverageIndicator:
    """Coverage of households (or members) by public services and insurance mechanisms at a
    reference date.

        Attributes:
            as_of (datetime.date):
            filters (CoverageFilters): The filters applied, echoed back.
            read_model (ReadModelFreshness): How current the households and members behind the figures are: the last event
                of the
                members feed applied to this service's read model.
            data (list[CoverageCell]): One cell without `group_by`; one per group otherwise, in group order.
            unit (CoverageUnit | Unset): What the indicator counts.
            group_by (CoverageGroupBy | None | Unset):
    """

    as_of: datetime.date
    filters: CoverageFilters
    read_model: ReadModelFreshness
    data: list[CoverageCell]
    unit: CoverageUnit | Unset = UNSET
    group_by: CoverageGroupBy | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        filters = self.filters.to_dict()

        read_model = self.read_model.to_dict()

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        unit: str | Unset = UNSET
        if not isinstance(self.unit, Unset):
            unit = self.unit.value

        group_by: None | str | Unset
        if isinstance(self.group_by, Unset):
            group_by = UNSET
        elif isinstance(self.group_by, CoverageGroupBy):
            group_by = self.group_by.value
        else:
            group_by = self.group_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "filters": filters,
                "read_model": read_model,
                "data": data,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit
        if group_by is not UNSET:
            field_dict["group_by"] = group_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.coverage_cell import CoverageCell  # noqa: PLC0415
        from ..models.coverage_filters import CoverageFilters  # noqa: PLC0415
        from ..models.read_model_freshness import ReadModelFreshness  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        filters = CoverageFilters.from_dict(d.pop("filters"))

        read_model = ReadModelFreshness.from_dict(d.pop("read_model"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = CoverageCell.from_dict(data_item_data)

            data.append(data_item)

        _unit = d.pop("unit", UNSET)
        unit: CoverageUnit | Unset
        if isinstance(_unit, Unset):
            unit = UNSET
        else:
            unit = CoverageUnit(_unit)

        def _parse_group_by(data: object) -> CoverageGroupBy | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                group_by_type_0 = CoverageGroupBy(data)

                return group_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CoverageGroupBy | None | Unset, data)

        group_by = _parse_group_by(d.pop("group_by", UNSET))

        coverage_indicator = cls(
            as_of=as_of,
            filters=filters,
            read_model=read_model,
            data=data,
            unit=unit,
            group_by=group_by,
        )

        coverage_indicator.additional_properties = d
        return coverage_indicator

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
