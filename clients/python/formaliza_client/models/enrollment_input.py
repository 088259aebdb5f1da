from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.enrollment_status import EnrollmentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="EnrollmentInput")


@_attrs_define
class EnrollmentInput:
    """An enrolment as a partner sends it. `status` and `effective_on` are read at creation only;
    later changes of status go through `POST /v1/enrollments/{id}/transitions`.

        Example:
            {'affiliation_number': 'SIS-4471-2025', 'effective_on': '2025-03-14', 'member_id':
                '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'scheme_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a101', 'status': 'active',
                'verified_at': '2026-01-10T15:00:00Z', 'verified_by': 'Promotora Rosa Huamán'}

        Attributes:
            scheme_id (str):
            member_id (None | str | Unset): The enrolled member (schemes whose `coverage_unit` is `person`).
            household_id (None | str | Unset): The enrolled household (schemes whose `coverage_unit` is `household`).
            affiliation_number (None | str | Unset): The number the scheme gave the affiliation.
            status (EnrollmentStatus | None | Unset):
            effective_on (datetime.date | None | Unset): Creation only: when that status took effect (default today;
                backdating allowed, a
                future date refused).
            verified_by (None | str | Unset): Who checked the evidence (card, certificate, registry lookup).
            verified_at (datetime.datetime | None | Unset): When the evidence was checked.
    """

    scheme_id: str
    member_id: None | str | Unset = UNSET
    household_id: None | str | Unset = UNSET
    affiliation_number: None | str | Unset = UNSET
    status: EnrollmentStatus | None | Unset = UNSET
    effective_on: datetime.date | None | Unset = UNSET
    verified_by: None | str | Unset = UNSET
    verified_at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        scheme_id = self.scheme_id

        member_id: None | str | Unset
        if isinstance(self.member_id, Unset):
            member_id = UNSET
        else:
            member_id = self.member_id

        household_id: None | str | Unset
        if isinstance(self.household_id, Unset):
            household_id = UNSET
        else:
            household_id = self.household_id

        affiliation_number: None | str | Unset
        if isinstance(self.affiliation_number, Unset):
            affiliation_number = UNSET
        else:
            affiliation_number = self.affiliation_number

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, EnrollmentStatus):
            status = self.status.value
        else:
            status = self.status

        effective_on: None | str | Unset
        if isinstance(self.effective_on, Unset):
            effective_on = UNSET
        elif isinstance(self.effective_on, datetime.date):
            effective_on = self.effective_on.isoformat()
        else:
            effective_on = self.effective_on

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
                "scheme_id": scheme_id,
            }
        )
        if member_id is not UNSET:
            field_dict["member_id"] = member_id
        if household_id is not UNSET:
            field_dict["household_id"] = household_id
        if affiliation_number is not UNSET:
            field_dict["affiliation_number"] = affiliation_number
        if status is not UNSET:
            field_dict["status"] = status
        if effective_on is not UNSET:
            field_dict["effective_on"] = effective_on
        if verified_by is not UNSET:
            field_dict["verified_by"] = verified_by
        if verified_at is not UNSET:
            field_dict["verified_at"] = verified_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scheme_id = d.pop("scheme_id")

        def _parse_member_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        member_id = _parse_member_id(d.pop("member_id", UNSET))

        def _parse_household_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        household_id = _parse_household_id(d.pop("household_id", UNSET))

        def _parse_affiliation_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        affiliation_number = _parse_affiliation_number(d.pop("affiliation_number", UNSET))

        def _parse_status(data: object) -> EnrollmentStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = EnrollmentStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EnrollmentStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

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

        enrollment_input = cls(
            scheme_id=scheme_id,
            member_id=member_id,
            household_id=household_id,
            affiliation_number=affiliation_number,
            status=status,
            effective_on=effective_on,
            verified_by=verified_by,
            verified_at=verified_at,
        )

        return enrollment_input
