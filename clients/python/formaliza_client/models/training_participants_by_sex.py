from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TrainingParticipantsBySex")


@_attrs_define
class TrainingParticipantsBySex:
    """Participants by sex (from the members read model; `unknown` when not recorded or not yet
    seen by the read model).

        Attributes:
            female (int | None | Unset):
            male (int | None | Unset):
            unknown (int | None | Unset):
    """

    female: int | None | Unset = UNSET
    male: int | None | Unset = UNSET
    unknown: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        female: int | None | Unset
        if isinstance(self.female, Unset):
            female = UNSET
        else:
            female = self.female

        male: int | None | Unset
        if isinstance(self.male, Unset):
            male = UNSET
        else:
            male = self.male

        unknown: int | None | Unset
        if isinstance(self.unknown, Unset):
            unknown = UNSET
        else:
            unknown = self.unknown

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if female is not UNSET:
            field_dict["female"] = female
        if male is not UNSET:
            field_dict["male"] = male
        if unknown is not UNSET:
            field_dict["unknown"] = unknown

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_female(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        female = _parse_female(d.pop("female", UNSET))

        def _parse_male(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        male = _parse_male(d.pop("male", UNSET))

        def _parse_unknown(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unknown = _parse_unknown(d.pop("unknown", UNSET))

        training_participants_by_sex = cls(
            female=female,
            male=male,
            unknown=unknown,
        )

        training_participants_by_sex.additional_properties = d
        return training_participants_by_sex

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
