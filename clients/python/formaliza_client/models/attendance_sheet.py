from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.attendance_line import AttendanceLine


T = TypeVar("T", bound="AttendanceSheet")


@_attrs_define
class AttendanceSheet:
    """A whole session's attendance in one request (a facilitator's sign-in sheet).

    Example:
        {'records': [{'attendance': 'attended', 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004'}, {'attendance':
            'attended', 'hours': 2.5, 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a005'}, {'attendance': 'absent',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a006'}]}

    Attributes:
        records (list[AttendanceLine]): 1 to 2000 lines, one per registered member (members left out keep what they
            had).
    """

    records: list[AttendanceLine]

    def to_dict(self) -> dict[str, Any]:
        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "records": records,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attendance_line import AttendanceLine  # noqa: PLC0415

        d = dict(src_dict)
        records = []
        _records = d.pop("records")
        for records_item_data in _records:
            records_item = AttendanceLine.from_dict(records_item_data)

            records.append(records_item)

        attendance_sheet = cls(
            records=records,
        )

        return attendance_sheet
