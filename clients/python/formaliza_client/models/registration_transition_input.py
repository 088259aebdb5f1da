from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.registration_status import RegistrationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="RegistrationTransitionInput")


@_attrs_define
class RegistrationTransitionInput:
    """A change of status of a registration.

    Example:
        {'effective_on': '2026-02-01', 'reason': 'Suspensión temporal de actividades ante SUNAT', 'status': 'suspended'}

    Attributes:
        status (RegistrationStatus): Where a registration stands. A licence whose `expires_on` has passed reads
            `expired`.
        effective_on (datetime.date | None | Unset): When it took effect (default today). Backdating is allowed, down to
            the date of the
            current status; a future date is refused.
        reason (None | str | Unset): Why (free text, at most 500 characters).
    """

    status: RegistrationStatus
    effective_on: datetime.date | None | Unset = UNSET
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        effective_on: None | str | Unset
        if isinstance(self.effective_on, Unset):
            effective_on = UNSET
        elif isinstance(self.effective_on, datetime.date):
            effective_on = self.effective_on.isoformat()
        else:
            effective_on = self.effective_on

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )
        if effective_on is not UNSET:
            field_dict["effective_on"] = effective_on
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = RegistrationStatus(d.pop("status"))

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

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        registration_transition_input = cls(
            status=status,
            effective_on=effective_on,
            reason=reason,
        )

        return registration_transition_input
