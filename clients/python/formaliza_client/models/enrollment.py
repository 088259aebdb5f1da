from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.enrollment_status import EnrollmentStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Enrollment")


@_attrs_define
class Enrollment:
    """An enrolment as the API returns it.

    Attributes:
        id (UUID):
        scheme_id (UUID):
        status (EnrollmentStatus): Where an enrolment stands.
        status_since (datetime.date): When the current status took effect.
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        member_id (None | Unset | UUID):
        member_pseudonym (None | str | Unset): The member's stable pseudonym (64 hex digits), the same in every answer
            and export about
            them, shown to every reader; `null` for household enrolments.
        household_id (None | Unset | UUID):
        affiliation_number (None | str | Unset): The scheme's affiliation number (it often is a national ID number):
            shown like
            `member_id`.
        verified_by (None | str | Unset):
        verified_at (datetime.datetime | None | Unset):
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    scheme_id: UUID
    status: EnrollmentStatus
    status_since: datetime.date
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    member_id: None | Unset | UUID = UNSET
    member_pseudonym: None | str | Unset = UNSET
    household_id: None | Unset | UUID = UNSET
    affiliation_number: None | str | Unset = UNSET
    verified_by: None | str | Unset = UNSET
    verified_at: datetime.datetime | None | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        scheme_id = str(self.scheme_id)

        status = self.status.value

        status_since = self.status_since.isoformat()

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        member_id: None | str | Unset
        if isinstance(self.member_id, Unset):
            member_id = UNSET
        elif isinstance(self.member_id, UUID):
            member_id = str(self.member_id)
        else:
            member_id = self.member_id

        member_pseudonym: None | str | Unset
        if isinstance(self.member_pseudonym, Unset):
            member_pseudonym = UNSET
        else:
            member_pseudonym = self.member_pseudonym

        household_id: None | str | Unset
        if isinstance(self.household_id, Unset):
            household_id = UNSET
        elif isinstance(self.household_id, UUID):
            household_id = str(self.household_id)
        else:
            household_id = self.household_id

        affiliation_number: None | str | Unset
        if isinstance(self.affiliation_number, Unset):
            affiliation_number = UNSET
        else:
            affiliation_number = self.affiliation_number

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

        partner_id: None | str | Unset
        if isinstance(self.partner_id, Unset):
            partner_id = UNSET
        else:
            partner_id = self.partner_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "scheme_id": scheme_id,
                "status": status,
                "status_since": status_since,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if member_id is not UNSET:
            field_dict["member_id"] = member_id
        if member_pseudonym is not UNSET:
            field_dict["member_pseudonym"] = member_pseudonym
        if household_id is not UNSET:
            field_dict["household_id"] = household_id
        if affiliation_number is not UNSET:
            field_dict["affiliation_number"] = affiliation_number
        if verified_by is not UNSET:
            field_dict["verified_by"] = verified_by
        if verified_at is not UNSET:
            field_dict["verified_at"] = verified_at
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        scheme_id = UUID(d.pop("scheme_id"))

        status = EnrollmentStatus(d.pop("status"))

        status_since = datetime.date.fromisoformat(d.pop("status_since"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_member_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                member_id_type_0 = UUID(data)

                return member_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        member_id = _parse_member_id(d.pop("member_id", UNSET))

        def _parse_member_pseudonym(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        member_pseudonym = _parse_member_pseudonym(d.pop("member_pseudonym", UNSET))

        def _parse_household_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                household_id_type_0 = UUID(data)

                return household_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        household_id = _parse_household_id(d.pop("household_id", UNSET))

        def _parse_affiliation_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        affiliation_number = _parse_affiliation_number(d.pop("affiliation_number", UNSET))

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

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        enrollment = cls(
            id=id,
            scheme_id=scheme_id,
            status=status,
            status_since=status_since,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            member_id=member_id,
            member_pseudonym=member_pseudonym,
            household_id=household_id,
            affiliation_number=affiliation_number,
            verified_by=verified_by,
            verified_at=verified_at,
            partner_id=partner_id,
        )

        enrollment.additional_properties = d
        return enrollment

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
