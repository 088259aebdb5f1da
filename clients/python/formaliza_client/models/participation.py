from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.attendance import Attendance
from ..types import UNSET, Unset

T = TypeVar("T", bound="Participation")


@_attrs_define
class Participation:
    """A participation as the API returns it.

    Attributes:
        id (UUID):
        session_id (UUID):
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        member_id (None | Unset | UUID):
        member_pseudonym (None | str | Unset): The member's stable pseudonym (64 hex digits), the same in every answer
            about them.
        attendance (Attendance | None | Unset):
        hours (float | None | Unset): Hours attended (`0` when absent, `null` until recorded).
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    session_id: UUID
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    member_id: None | Unset | UUID = UNSET
    member_pseudonym: None | str | Unset = UNSET
    attendance: Attendance | None | Unset = UNSET
    hours: float | None | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        session_id = str(self.session_id)

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

        attendance: None | str | Unset
        if isinstance(self.attendance, Unset):
            attendance = UNSET
        elif isinstance(self.attendance, Attendance):
            attendance = self.attendance.value
        else:
            attendance = self.attendance

        hours: float | None | Unset
        if isinstance(self.hours, Unset):
            hours = UNSET
        else:
            hours = self.hours

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
                "session_id": session_id,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if member_id is not UNSET:
            field_dict["member_id"] = member_id
        if member_pseudonym is not UNSET:
            field_dict["member_pseudonym"] = member_pseudonym
        if attendance is not UNSET:
            field_dict["attendance"] = attendance
        if hours is not UNSET:
            field_dict["hours"] = hours
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        session_id = UUID(d.pop("session_id"))

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

        def _parse_attendance(data: object) -> Attendance | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                attendance_type_0 = Attendance(data)

                return attendance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Attendance | None | Unset, data)

        attendance = _parse_attendance(d.pop("attendance", UNSET))

        def _parse_hours(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        hours = _parse_hours(d.pop("hours", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        participation = cls(
            id=id,
            session_id=session_id,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            member_id=member_id,
            member_pseudonym=member_pseudonym,
            attendance=attendance,
            hours=hours,
            partner_id=partner_id,
        )

        participation.additional_properties = d
        return participation

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
