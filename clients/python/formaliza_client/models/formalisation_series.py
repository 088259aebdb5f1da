from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.formalisation_filters import FormalisationFilters
    from ..models.formalisation_point import FormalisationPoint


T = TypeVar("T", bound="FormalisationSeries")


@_attrs_define
class FormalisationSeries:
    """Formalisation over time, for dashboards.

    Attributes:
        from_ (datetime.date):
        to (datetime.date):
        filters (FormalisationFilters): The filters applied, echoed back.
        data (list[FormalisationPoint]):
    """

    from_: datetime.date
    to: datetime.date
    filters: FormalisationFilters
    data: list[FormalisationPoint]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        filters = self.filters.to_dict()

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "filters": filters,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.formalisation_filters import FormalisationFilters  # noqa: PLC0415
        from ..models.formalisation_point import FormalisationPoint  # noqa: PLC0415

        d = dict(src_dict)
        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        filters = FormalisationFilters.from_dict(d.pop("filters"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = FormalisationPoint.from_dict(data_item_data)

            data.append(data_item)

        formalisation_series = cls(
            from_=from_,
            to=to,
            filters=filters,
            data=data,
        )

        formalisation_series.additional_properties = d
        return formalisation_series

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
