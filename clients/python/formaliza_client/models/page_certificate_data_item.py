from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PageCertificateDataItem")


@_attrs_define
class PageCertificateDataItem:
    """A certificate as its owner sees it.

    Attributes:
        id (UUID):
        course_id (UUID):
        attended_hours (float): Attended hours when it was issued.
        issued_on (datetime.date):
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        member_id (None | Unset | UUID):
        member_pseudonym (None | str | Unset): The holder's stable pseudonym (64 hex digits), the same in every answer
            about them.
        code (None | str | Unset): The verification code printed on the certificate: anyone may check it at
            `GET /v1/certificates/verify/{code}` (which shows the holder's initials), so it is shown
            like `member_id`. Example: 3f2b9c1e8d7a4c5b9e0f1a2b3c4d5e6f.
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    course_id: UUID
    attended_hours: float
    issued_on: datetime.date
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    member_id: None | Unset | UUID = UNSET
    member_pseudonym: None | str | Unset = UNSET
    code: None | str | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        course_id = str(self.course_id)

        attended_hours = self.attended_hours

        issued_on = self.issued_on.isoformat()

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

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

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
                "course_id": course_id,
                "attended_hours": attended_hours,
                "issued_on": issued_on,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if member_id is not UNSET:
            field_dict["member_id"] = member_id
        if member_pseudonym is not UNSET:
            field_dict["member_pseudonym"] = member_pseudonym
        if code is not UNSET:
            field_dict["code"] = code
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        course_id = UUID(d.pop("course_id"))

        attended_hours = d.pop("attended_hours")

        issued_on = datetime.date.fromisoformat(d.pop("issued_on"))

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

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        page_certificate_data_item = cls(
            id=id,
            course_id=course_id,
            attended_hours=attended_hours,
            issued_on=issued_on,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            member_id=member_id,
            member_pseudonym=member_pseudonym,
            code=code,
            partner_id=partner_id,
        )

        page_certificate_data_item.additional_properties = d
        return page_certificate_data_item

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
