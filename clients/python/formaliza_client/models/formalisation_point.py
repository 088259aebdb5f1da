from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.formalisation_share import FormalisationShare


T = TypeVar("T", bound="FormalisationPoint")


@_attrs_define
class FormalisationPoint:
    """One point of the formalisation series.

    Attributes:
        as_of (datetime.date):
        suppressed (bool): Whether some of this point's counts were withheld (fewer than 5 organisations, or 5
            workers).
        organisations (int | None | Unset):
        formal_organisations (FormalisationShare | None | Unset):
        workers (int | None | Unset):
        with_formal_job (FormalisationShare | None | Unset):
    """

    as_of: datetime.date
    suppressed: bool
    organisations: int | None | Unset = UNSET
    formal_organisations: FormalisationShare | None | Unset = UNSET
    workers: int | None | Unset = UNSET
    with_formal_job: FormalisationShare | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.formalisation_share import FormalisationShare  # noqa: PLC0415

        as_of = self.as_of.isoformat()

        suppressed = self.suppressed

        organisations: int | None | Unset
        if isinstance(self.organisations, Unset):
            organisations = UNSET
        else:
            organisations = self.organisations

        formal_organisations: dict[str, Any] | None | Unset
        if isinstance(self.formal_organisations, Unset):
            formal_organisations = UNSET
        elif isinstance(self.formal_organisations, FormalisationShare):
            formal_organisations = self.formal_organisations.to_dict()
        else:
            formal_organisations = self.formal_organisations

        workers: int | None | Unset
        if isinstance(self.workers, Unset):
            workers = UNSET
        else:
            workers = self.workers

        with_formal_job: dict[str, Any] | None | Unset
        if isinstance(self.with_formal_job, Unset):
            with_formal_job = UNSET
        elif isinstance(self.with_formal_job, FormalisationShare):
            with_formal_job = self.with_formal_job.to_dict()
        else:
            with_formal_job = self.with_formal_job

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "suppressed": suppressed,
            }
        )
        if organisations is not UNSET:
            field_dict["organisations"] = organisations
        if formal_organisations is not UNSET:
            field_dict["formal_organisations"] = formal_organisations
        if workers is not UNSET:
            field_dict["workers"] = workers
        if with_formal_job is not UNSET:
            field_dict["with_formal_job"] = with_formal_job

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.formalisation_share import FormalisationShare  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        suppressed = d.pop("suppressed")

        def _parse_organisations(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        organisations = _parse_organisations(d.pop("organisations", UNSET))

        def _parse_formal_organisations(data: object) -> FormalisationShare | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                formal_organisations_type_0 = FormalisationShare.from_dict(data)

                return formal_organisations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FormalisationShare | None | Unset, data)

        formal_organisations = _parse_formal_organisations(d.pop("formal_organisations", UNSET))

        def _parse_workers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workers = _parse_workers(d.pop("workers", UNSET))

        def _parse_with_formal_job(data: object) -> FormalisationShare | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                with_formal_job_type_0 = FormalisationShare.from_dict(data)

                return with_formal_job_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FormalisationShare | None | Unset, data)

        with_formal_job = _parse_with_formal_job(d.pop("with_formal_job", UNSET))

        formalisation_point = cls(
            as_of=as_of,
            suppressed=suppressed,
            organisations=organisations,
            formal_organisations=formal_organisations,
            workers=workers,
            with_formal_job=with_formal_job,
        )

        formalisation_point.additional_properties = d
        return formalisation_point

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
