from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.organisations_group_by import OrganisationsGroupBy
from ..models.workers_group_by import WorkersGroupBy
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.formalisation_filters import FormalisationFilters
    from ..models.organisations_cell import OrganisationsCell
    from ..models.workers_cell import WorkersCell


T = TypeVar("T", bound="FormalisationIndicator")


@_attrs_define
class FormalisationIndicator:
    """Who became formal: organisations by formal status and workers with formal jobs.

    Example:
        {'as_of': '2026-11-30', 'filters': {'country': 'PE', 'in_programme_only': False, 'region': None, 'sector':
            'textile'}, 'from': '2026-01-01', 'organisations': [{'became_formal': 7, 'formal': {'count': 12, 'percentage':
            30.0}, 'group': None, 'in_formation': {'count': 9, 'percentage': 22.5}, 'informal': {'count': 19, 'percentage':
            47.5}, 'organisations': 40, 'suppressed': False}], 'organisations_by': None, 'workers': [{'group': 'female',
            'suppressed': False, 'with_formal_job': {'count': 31, 'percentage': 32.3}, 'workers': 96}, {'group': 'male',
            'suppressed': False, 'with_formal_job': {'count': 35, 'percentage': 39.8}, 'workers': 88}], 'workers_by': 'sex'}

    Attributes:
        as_of (datetime.date):
        filters (FormalisationFilters): The filters applied, echoed back.
        organisations (list[OrganisationsCell]): One cell without `organisations_by`; one per group otherwise, in group
            order.
        workers (list[WorkersCell]): One cell without `workers_by`; one per group otherwise, in group order.
        from_ (datetime.date | None | Unset): The start of the period for `became_formal` (`null`: not asked).
        organisations_by (None | OrganisationsGroupBy | Unset):
        workers_by (None | Unset | WorkersGroupBy):
    """

    as_of: datetime.date
    filters: FormalisationFilters
    organisations: list[OrganisationsCell]
    workers: list[WorkersCell]
    from_: datetime.date | None | Unset = UNSET
    organisations_by: None | OrganisationsGroupBy | Unset = UNSET
    workers_by: None | Unset | WorkersGroupBy = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        filters = self.filters.to_dict()

        organisations = []
        for organisations_item_data in self.organisations:
            organisations_item = organisations_item_data.to_dict()
            organisations.append(organisations_item)

        workers = []
        for workers_item_data in self.workers:
            workers_item = workers_item_data.to_dict()
            workers.append(workers_item)

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        elif isinstance(self.from_, datetime.date):
            from_ = self.from_.isoformat()
        else:
            from_ = self.from_

        organisations_by: None | str | Unset
        if isinstance(self.organisations_by, Unset):
            organisations_by = UNSET
        elif isinstance(self.organisations_by, OrganisationsGroupBy):
            organisations_by = self.organisations_by.value
        else:
            organisations_by = self.organisations_by

        workers_by: None | str | Unset
        if isinstance(self.workers_by, Unset):
            workers_by = UNSET
        elif isinstance(self.workers_by, WorkersGroupBy):
            workers_by = self.workers_by.value
        else:
            workers_by = self.workers_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "filters": filters,
                "organisations": organisations,
                "workers": workers,
            }
        )
        if from_ is not UNSET:
            field_dict["from"] = from_
        if organisations_by is not UNSET:
            field_dict["organisations_by"] = organisations_by
        if workers_by is not UNSET:
            field_dict["workers_by"] = workers_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.formalisation_filters import FormalisationFilters  # noqa: PLC0415
        from ..models.organisations_cell import OrganisationsCell  # noqa: PLC0415
        from ..models.workers_cell import WorkersCell  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        filters = FormalisationFilters.from_dict(d.pop("filters"))

        organisations = []
        _organisations = d.pop("organisations")
        for organisations_item_data in _organisations:
            organisations_item = OrganisationsCell.from_dict(organisations_item_data)

            organisations.append(organisations_item)

        workers = []
        _workers = d.pop("workers")
        for workers_item_data in _workers:
            workers_item = WorkersCell.from_dict(workers_item_data)

            workers.append(workers_item)

        def _parse_from_(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_type_0 = datetime.date.fromisoformat(data)

                return from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_organisations_by(data: object) -> None | OrganisationsGroupBy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                organisations_by_type_0 = OrganisationsGroupBy(data)

                return organisations_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrganisationsGroupBy | Unset, data)

        organisations_by = _parse_organisations_by(d.pop("organisations_by", UNSET))

        def _parse_workers_by(data: object) -> None | Unset | WorkersGroupBy:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                workers_by_type_0 = WorkersGroupBy(data)

                return workers_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WorkersGroupBy, data)

        workers_by = _parse_workers_by(d.pop("workers_by", UNSET))

        formalisation_indicator = cls(
            as_of=as_of,
            filters=filters,
            organisations=organisations,
            workers=workers,
            from_=from_,
            organisations_by=organisations_by,
            workers_by=workers_by,
        )

        formalisation_indicator.additional_properties = d
        return formalisation_indicator

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
