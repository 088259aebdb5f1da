from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CertificateInput")


@_attrs_define
class CertificateInput:
    """An explicit request to issue a certificate (it is also issued automatically when attendance
    reaches the requirement).

        Example:
            {'course_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004'}

        Attributes:
            member_id (str):
            course_id (str):
    """

    member_id: str
    course_id: str

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        course_id = self.course_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_id": member_id,
                "course_id": course_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        course_id = d.pop("course_id")

        certificate_input = cls(
            member_id=member_id,
            course_id=course_id,
        )

        return certificate_input
