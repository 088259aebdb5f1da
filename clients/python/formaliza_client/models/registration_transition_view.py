from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.registration_status import RegistrationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="RegistrationTransitionView")


@_attrs_define
class RegistrationTransitionView:
    """One dated status change of a registration.

    Attributes:
        seq (int): 1 for the creation, then 2, 3, …
        to_status (RegistrationStatus): Where a registration stands. A licence whose `expires_on` has passed reads
            `expired`.
        effective_on (datetime.date):
        recorded_by (str): The client that recorded it.
        recorded_at (datetime.datetime):
        from_status (None | RegistrationStatus | Unset):
        reason (None | str | Unset):
    """

    seq: int
    to_status: RegistrationStatus
    effective_on: datetime.date
    recorded_by: str
    recorded_at: datetime.datetime
    from_status: None | RegistrationStatus | Unset = UNSET
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        seq = self.seq

        to_status = self.to_status.value

        effective_on = self.effective_on.isoformat()

        recorded_by = self.recorded_by

        recorded_at = self.recorded_at.isoformat()

        from_status: None | str | Unset
        if isinstance(self.from_status, Unset):
            from_status = UNSET
        elif isinstance(self.from_status, RegistrationStatus):
            from_status = self.from_status.value
        else:
            from_status = self.from_status

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "to_status": to_status,
                "effective_on": effective_on,
                "recorded_by": recorded_by,
                "recorded_at": recorded_at,
            }
        )
        if from_status is not UNSET:
            field_dict["from_status"] = from_status
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        seq = d.pop("seq")

        to_status = RegistrationStatus(d.pop("to_status"))

        effective_on = datetime.date.fromisoformat(d.pop("effective_on"))

        recorded_by = d.pop("recorded_by")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        def _parse_from_status(data: object) -> None | RegistrationStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_status_type_0 = RegistrationStatus(data)

                return from_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RegistrationStatus | Unset, data)

        from_status = _parse_from_status(d.pop("from_status", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        registration_transition_view = cls(
            seq=seq,
            to_status=to_status,
            effective_on=effective_on,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
            from_status=from_status,
            reason=reason,
        )

        registration_transition_view.additional_properties = d
        return registration_transition_view

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
