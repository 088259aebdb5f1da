from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CertificateVerification")


@_attrs_define
class CertificateVerification:
    """What the public check of a code reveals: enough for an employer to confirm a skill, nothing
    that identifies the holder beyond what they already know.

        Attributes:
            valid (bool):
            course_title (str):  Example: Derechos laborales para productores de café.
            issued_on (datetime.date):
            holder_initials (None | str | Unset): The holder's initials; `null` once the holder's data was erased at their
                request. Example: M. E. Q. M..
    """

    valid: bool
    course_title: str
    issued_on: datetime.date
    holder_initials: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        valid = self.valid

        course_title = self.course_title

        issued_on = self.issued_on.isoformat()

        holder_initials: None | str | Unset
        if isinstance(self.holder_initials, Unset):
            holder_initials = UNSET
        else:
            holder_initials = self.holder_initials

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "valid": valid,
                "course_title": course_title,
                "issued_on": issued_on,
            }
        )
        if holder_initials is not UNSET:
            field_dict["holder_initials"] = holder_initials

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        valid = d.pop("valid")

        course_title = d.pop("course_title")

        issued_on = datetime.date.fromisoformat(d.pop("issued_on"))

        def _parse_holder_initials(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        holder_initials = _parse_holder_initials(d.pop("holder_initials", UNSET))

        certificate_verification = cls(
            valid=valid,
            course_title=course_title,
            issued_on=issued_on,
            holder_initials=holder_initials,
        )

        certificate_verification.additional_properties = d
        return certificate_verification

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
