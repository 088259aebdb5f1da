from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.attendance import Attendance
from ..types import UNSET, Unset

T = TypeVar("T", bound="AttendanceLine")


@_attrs_define
class AttendanceLine:
    """One line of a sign-in sheet.

    Attributes:
        member_id (str): A member registered to the session.
        attendance (Attendance): Whether a registered member came.
        hours (float | None | Unset): Hours attended (default: the session's hours when `attended`; ignored when
            `absent`).
    """

    member_id: str
    attendance: Attendance
    hours: float | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        attendance = self.attendance.value

        hours: float | None | Unset
        if isinstance(self.hours, Unset):
            hours = UNSET
        else:
            hours = self.hours

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_id": member_id,
                "attendance": attendance,
            }
        )
        if hours is not UNSET:
            field_dict["hours"] = hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        attendance = Attendance(d.pop("attendance"))

        def _parse_hours(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        hours = _parse_hours(d.pop("hours", UNSET))

        attendance_line = cls(
            member_id=member_id,
            attendance=attendance,
            hours=hours,
        )

        return attendance_line
