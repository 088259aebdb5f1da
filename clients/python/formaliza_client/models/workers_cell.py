from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.formalisation_share import FormalisationShare


T = TypeVar("T", bound="WorkersCell")


@_attrs_define
class WorkersCell:
    """Workers and their formal jobs on the reference date, in one group.

    Attributes:
        suppressed (bool):
        group (None | str | Unset):
        workers (int | None | Unset): Members in scope holding at least one job on the reference date.
        with_formal_job (FormalisationShare | None | Unset):
    """

    suppressed: bool
    group: None | str | Unset = UNSET
    workers: int | None | Unset = UNSET
    with_formal_job: FormalisationShare | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.formalisation_share import FormalisationShare  # noqa: PLC0415

        suppressed = self.suppressed

        group: None | str | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        else:
            group = self.group

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
                "suppressed": suppressed,
            }
        )
        if group is not UNSET:
            field_dict["group"] = group
        if workers is not UNSET:
            field_dict["workers"] = workers
        if with_formal_job is not UNSET:
            field_dict["with_formal_job"] = with_formal_job

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.formalisation_share import FormalisationShare  # noqa: PLC0415

        d = dict(src_dict)
        suppressed = d.pop("suppressed")

        def _parse_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group = _parse_group(d.pop("group", UNSET))

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

        workers_cell = cls(
            suppressed=suppressed,
            group=group,
            workers=workers,
            with_formal_job=with_formal_job,
        )

        workers_cell.additional_properties = d
        return workers_cell

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
