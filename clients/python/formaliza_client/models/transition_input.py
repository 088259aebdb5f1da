from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.enrollment_status import EnrollmentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="TransitionInput")


@_attrs_define
class TransitionInput:
    """A change of status.

    Example:
        {'effective_on': '2026-02-01', 'reason': 'contributions unpaid since December', 'status': 'suspended'}

    Attributes:
        status (EnrollmentStatus): Where an enrolment stands.
        effective_on (datetime.date | None | Unset): When it took effect (default today). Backdating is allowed, down to
            the date of the
            current status; a future date is refused.
        reason (None | str | Unset): Why (free text, at most 500 characters).
        verified_by (None | str | Unset): Who checked the evidence of this change (replaces the enrolment's
            `verified_by`).
        verified_at (datetime.datetime | None | Unset): When the evidence was checked (replaces the enrolment's
            `verified_at`).
    """

    status: EnrollmentStatus
    effective_on: datetime.date | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    verified_by: None | str | Unset = UNSET
    verified_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        effective_on: None | str | Unset
        if isinstance(self.effective_on, Unset):
            effective_on = UNSET
        elif isinstance(self.effective_on, datetime.date):
            effective_on = self.effective_on.isoformat()
        else:
            effective_on = self.effective_on

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        verified_by: None | str | Unset
        if isinstance(self.verified_by, Unset):
            verified_by = UNSET
        else:
            verified_by = self.verified_by

        verified_at: None | str | Unset
        if isinstance(self.verified_at, Unset):
            verified_at = UNSET
        elif isinstance(self.verified_at, datetime.datetime):
            verified_at = self.verified_at.isoformat()
        else:
            verified_at = self.verified_at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if effective_on is not UNSET:
            field_dict["effective_on"] = effective_on
        if reason is not UNSET:
            field_dict["reason"] = reason
        if verified_by is not UNSET:
            field_dict["verified_by"] = verified_by
        if verified_at is not UNSET:
            field_dict["verified_at"] = verified_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = EnrollmentStatus(d.pop("status"))

        def _parse_effective_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_on_type_0 = datetime.date.fromisoformat(data)

                return effective_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_on = _parse_effective_on(d.pop("effective_on", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_verified_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        verified_by = _parse_verified_by(d.pop("verified_by", UNSET))

        def _parse_verified_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                verified_at_type_0 = datetime.datetime.fromisoformat(data)

                return verified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        verified_at = _parse_verified_at(d.pop("verified_at", UNSET))

        transition_input = cls(
            status=status,
            effective_on=effective_on,
            reason=reason,
            verified_by=verified_by,
            verified_at=verified_at,
        )

        return transition_input
