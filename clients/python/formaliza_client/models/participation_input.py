from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.attendance import Attendance
from ..types import UNSET, Unset

T = TypeVar("T", bound="ParticipationInput")


@_attrs_define
class ParticipationInput:
    """A registration as a partner sends it; attendance may come with it or later.

    Example:
        {'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004', 'session_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a003'}

    Attributes:
        session_id (str): The session (fixed once registered).
        member_id (str): The member, in the members service (fixed once registered). The member must exist and be
            visible to your token there.
        attendance (Attendance | None | Unset):
        hours (float | None | Unset): Hours attended (default: the session's hours when `attended`; ignored when
            `absent`).
    """

    session_id: str
    member_id: str
    attendance: Attendance | None | Unset = UNSET
    hours: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        member_id = self.member_id

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "session_id": session_id,
                "member_id": member_id,
            }
        )
        if attendance is not UNSET:
            field_dict["attendance"] = attendance
        if hours is not UNSET:
            field_dict["hours"] = hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        member_id = d.pop("member_id")

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

        participation_input = cls(
            session_id=session_id,
            member_id=member_id,
            attendance=attendance,
            hours=hours,
        )

        return participation_input
