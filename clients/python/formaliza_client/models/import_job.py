from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.columns_used import ColumnsUsed
    from ..models.import_job_mapping_type_0 import ImportJobMappingType0
    from ..models.job_counts import JobCounts
    from ..models.job_links import JobLinks


T = TypeVar("T", bound="ImportJob")


@_attrs_define
class ImportJob:
    """An import job.

    Attributes:
        id (str): `mem_…` for a job of the members service.
        kind (str):
        format_ (str): `csv`, `xlsx` or `ndjson`.
        status (JobStatus): Where a job is.
        dry_run (bool): Every row decided, nothing written.
        atomic (bool): All or nothing: one refused row and nothing is written.
        rows_done (int): Rows applied so far (written, unless a dry run; for an atomic job, once it is over).
        counts (JobCounts): Rows of a job by outcome.
        cancel_requested (bool): Asked to stop; it does so between two chunks.
        file_bytes (int): Size of the uploaded file.
        created_at (datetime.datetime):
        links (JobLinks): Where to read more about a job.
        partner_id (None | str | Unset):
        rows_total (int | None | Unset): Rows in the file, once the runner has counted them.
        error (None | str | Unset): Why the job failed.
        columns (ColumnsUsed | None | Unset):
        mapping (ImportJobMappingType0 | None | Unset): The mapping sent with the job (column → field).
        started_at (datetime.datetime | None | Unset):
        finished_at (datetime.datetime | None | Unset):
    """

    id: str
    kind: str
    format_: str
    status: JobStatus
    dry_run: bool
    atomic: bool
    rows_done: int
    counts: JobCounts
    cancel_requested: bool
    file_bytes: int
    created_at: datetime.datetime
    links: JobLinks
    partner_id: None | str | Unset = UNSET
    rows_total: int | None | Unset = UNSET
    error: None | str | Unset = UNSET
    columns: ColumnsUsed | None | Unset = UNSET
    mapping: ImportJobMappingType0 | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.columns_used import ColumnsUsed  # noqa: PLC0415
        from ..models.import_job_mapping_type_0 import ImportJobMappingType0  # noqa: PLC0415

        id = self.id

        kind = self.kind

        format_ = self.format_

        status = self.status.value

        dry_run = self.dry_run

        atomic = self.atomic

        rows_done = self.rows_done

        counts = self.counts.to_dict()

        cancel_requested = self.cancel_requested

        file_bytes = self.file_bytes

        created_at = self.created_at.isoformat()

        links = self.links.to_dict()

        partner_id: None | str | Unset
        if isinstance(self.partner_id, Unset):
            partner_id = UNSET
        else:
            partner_id = self.partner_id

        rows_total: int | None | Unset
        if isinstance(self.rows_total, Unset):
            rows_total = UNSET
        else:
            rows_total = self.rows_total

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        columns: dict[str, Any] | None | Unset
        if isinstance(self.columns, Unset):
            columns = UNSET
        elif isinstance(self.columns, ColumnsUsed):
            columns = self.columns.to_dict()
        else:
            columns = self.columns

        mapping: dict[str, Any] | None | Unset
        if isinstance(self.mapping, Unset):
            mapping = UNSET
        elif isinstance(self.mapping, ImportJobMappingType0):
            mapping = self.mapping.to_dict()
        else:
            mapping = self.mapping

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "format": format_,
                "status": status,
                "dry_run": dry_run,
                "atomic": atomic,
                "rows_done": rows_done,
                "counts": counts,
                "cancel_requested": cancel_requested,
                "file_bytes": file_bytes,
                "created_at": created_at,
                "links": links,
            }
        )
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id
        if rows_total is not UNSET:
            field_dict["rows_total"] = rows_total
        if error is not UNSET:
            field_dict["error"] = error
        if columns is not UNSET:
            field_dict["columns"] = columns
        if mapping is not UNSET:
            field_dict["mapping"] = mapping
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.columns_used import ColumnsUsed  # noqa: PLC0415
        from ..models.import_job_mapping_type_0 import ImportJobMappingType0  # noqa: PLC0415
        from ..models.job_counts import JobCounts  # noqa: PLC0415
        from ..models.job_links import JobLinks  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        format_ = d.pop("format")

        status = JobStatus(d.pop("status"))

        dry_run = d.pop("dry_run")

        atomic = d.pop("atomic")

        rows_done = d.pop("rows_done")

        counts = JobCounts.from_dict(d.pop("counts"))

        cancel_requested = d.pop("cancel_requested")

        file_bytes = d.pop("file_bytes")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        links = JobLinks.from_dict(d.pop("links"))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        def _parse_rows_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        rows_total = _parse_rows_total(d.pop("rows_total", UNSET))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_columns(data: object) -> ColumnsUsed | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                columns_type_0 = ColumnsUsed.from_dict(data)

                return columns_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ColumnsUsed | None | Unset, data)

        columns = _parse_columns(d.pop("columns", UNSET))

        def _parse_mapping(data: object) -> ImportJobMappingType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mapping_type_0 = ImportJobMappingType0.from_dict(data)

                return mapping_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportJobMappingType0 | None | Unset, data)

        mapping = _parse_mapping(d.pop("mapping", UNSET))

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        import_job = cls(
            id=id,
            kind=kind,
            format_=format_,
            status=status,
            dry_run=dry_run,
            atomic=atomic,
            rows_done=rows_done,
            counts=counts,
            cancel_requested=cancel_requested,
            file_bytes=file_bytes,
            created_at=created_at,
            links=links,
            partner_id=partner_id,
            rows_total=rows_total,
            error=error,
            columns=columns,
            mapping=mapping,
            started_at=started_at,
            finished_at=finished_at,
        )

        import_job.additional_properties = d
        return import_job

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
