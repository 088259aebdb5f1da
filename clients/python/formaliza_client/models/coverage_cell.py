from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.coverage_share import CoverageShare


T = TypeVar("T", bound="CoverageCell")


@_attrs_define
class CoverageCell:
    """One cell of the indicator: it counts households (field `households`, the default unit) or
    members (field `members`, `unit=person`), never both. Cells of fewer than 5 households or
    members are suppressed: their counts are `null` and `suppressed` is `true`.

        Attributes:
            suppressed (bool):
            group (None | str | Unset): The group's value (country code, region code, organisation id,
                `female`/`male`/`unknown`,
                age band); `null` for the whole scope, and for households without a region or
                organisation.
            households (int | None | Unset): Households in scope (`null` when suppressed). Absent when the cell counts
                members.
            members (int | None | Unset): Members in scope (`null` when suppressed); only with `unit=person`, in place of
                `households`.
            public_service (CoverageShare | None | Unset):
            insurance (CoverageShare | None | Unset):
    """

    suppressed: bool
    group: None | str | Unset = UNSET
    households: int | None | Unset = UNSET
    members: int | None | Unset = UNSET
    public_service: CoverageShare | None | Unset = UNSET
    insurance: CoverageShare | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.coverage_share import CoverageShare  # noqa: PLC0415

        suppressed = self.suppressed

        group: None | str | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        else:
            group = self.group

        households: int | None | Unset
        if isinstance(self.households, Unset):
            households = UNSET
        else:
            households = self.households

        members: int | None | Unset
        if isinstance(self.members, Unset):
            members = UNSET
        else:
            members = self.members

        public_service: dict[str, Any] | None | Unset
        if isinstance(self.public_service, Unset):
            public_service = UNSET
        elif isinstance(self.public_service, CoverageShare):
            public_service = self.public_service.to_dict()
        else:
            public_service = self.public_service

        insurance: dict[str, Any] | None | Unset
        if isinstance(self.insurance, Unset):
            insurance = UNSET
        elif isinstance(self.insurance, CoverageShare):
            insurance = self.insurance.to_dict()
        else:
            insurance = self.insurance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "suppressed": suppressed,
            }
        )
        if group is not UNSET:
            field_dict["group"] = group
        if households is not UNSET:
            field_dict["households"] = households
        if members is not UNSET:
            field_dict["members"] = members
        if public_service is not UNSET:
            field_dict["public_service"] = public_service
        if insurance is not UNSET:
            field_dict["insurance"] = insurance

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.coverage_share import CoverageShare  # noqa: PLC0415

        d = dict(src_dict)
        suppressed = d.pop("suppressed")

        def _parse_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group = _parse_group(d.pop("group", UNSET))

        def _parse_households(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        households = _parse_households(d.pop("households", UNSET))

        def _parse_members(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        members = _parse_members(d.pop("members", UNSET))

        def _parse_public_service(data: object) -> CoverageShare | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                public_service_type_0 = CoverageShare.from_dict(data)

                return public_service_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CoverageShare | None | Unset, data)

        public_service = _parse_public_service(d.pop("public_service", UNSET))

        def _parse_insurance(data: object) -> CoverageShare | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                insurance_type_0 = CoverageShare.from_dict(data)

                return insurance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CoverageShare | None | Unset, data)

        insurance = _parse_insurance(d.pop("insurance", UNSET))

        coverage_cell = cls(
            suppressed=suppressed,
            group=group,
            households=households,
            members=members,
            public_service=public_service,
            insurance=insurance,
        )

        coverage_cell.additional_properties = d
        return coverage_cell

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
