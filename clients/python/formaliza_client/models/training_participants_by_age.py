from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TrainingParticipantsByAge")


@_attrs_define
class TrainingParticipantsByAge:
    """Participants by age on the date of the sessions they attended.

    Attributes:
        youth (int | None | Unset): Aged 15 to 29 on the date of at least one session they attended.
        not_youth (int | None | Unset): Of known age and never 15–29 on a session date.
        unknown (int | None | Unset): Birth date not recorded (or not yet seen by the read model).
    """

    youth: int | None | Unset = UNSET
    not_youth: int | None | Unset = UNSET
    unknown: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        youth: int | None | Unset
        if isinstance(self.youth, Unset):
            youth = UNSET
        else:
            youth = self.youth

        not_youth: int | None | Unset
        if isinstance(self.not_youth, Unset):
            not_youth = UNSET
        else:
            not_youth = self.not_youth

        unknown: int | None | Unset
        if isinstance(self.unknown, Unset):
            unknown = UNSET
        else:
            unknown = self.unknown

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if youth is not UNSET:
            field_dict["youth"] = youth
        if not_youth is not UNSET:
            field_dict["not_youth"] = not_youth
        if unknown is not UNSET:
            field_dict["unknown"] = unknown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_youth(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        youth = _parse_youth(d.pop("youth", UNSET))

        def _parse_not_youth(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        not_youth = _parse_not_youth(d.pop("not_youth", UNSET))

        def _parse_unknown(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unknown = _parse_unknown(d.pop("unknown", UNSET))

        training_participants_by_age = cls(
            youth=youth,
            not_youth=not_youth,
            unknown=unknown,
        )

        training_participants_by_age.additional_properties = d
        return training_participants_by_age

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
