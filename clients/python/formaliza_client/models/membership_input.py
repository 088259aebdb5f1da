from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.membership_role import MembershipRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="MembershipInput")


@_attrs_define
class MembershipInput:
    """A membership as a partner sends it.

    Example:
        {'joined_on': '2024-03-01', 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'role': 'member'}

    Attributes:
        member_id (str):
        organisation_id (str):
        role (MembershipRole | Unset): A member's role in the organisation.
        joined_on (datetime.date | None | Unset):
        left_on (datetime.date | None | Unset): When the member left (on or after `joined_on`).
    """

    member_id: str
    organisation_id: str
    role: MembershipRole | Unset = UNSET
    joined_on: datetime.date | None | Unset = UNSET
    left_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        organisation_id = self.organisation_id

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        joined_on: None | str | Unset
        if isinstance(self.joined_on, Unset):
            joined_on = UNSET
        elif isinstance(self.joined_on, datetime.date):
            joined_on = self.joined_on.isoformat()
        else:
            joined_on = self.joined_on

        left_on: None | str | Unset
        if isinstance(self.left_on, Unset):
            left_on = UNSET
        elif isinstance(self.left_on, datetime.date):
            left_on = self.left_on.isoformat()
        else:
            left_on = self.left_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_id": member_id,
                "organisation_id": organisation_id,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role
        if joined_on is not UNSET:
            field_dict["joined_on"] = joined_on
        if left_on is not UNSET:
            field_dict["left_on"] = left_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        organisation_id = d.pop("organisation_id")

        _role = d.pop("role", UNSET)
        role: MembershipRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = MembershipRole(_role)

        def _parse_joined_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                joined_on_type_0 = datetime.date.fromisoformat(data)

                return joined_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        joined_on = _parse_joined_on(d.pop("joined_on", UNSET))

        def _parse_left_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                left_on_type_0 = datetime.date.fromisoformat(data)

                return left_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        left_on = _parse_left_on(d.pop("left_on", UNSET))

        membership_input = cls(
            member_id=member_id,
            organisation_id=organisation_id,
            role=role,
            joined_on=joined_on,
            left_on=left_on,
        )

        return membership_input
