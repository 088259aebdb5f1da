from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.formalisation_share import FormalisationShare


T = TypeVar("T", bound="OrganisationsCell")


@_attrs_define
class OrganisationsCell:
    """Organisations by formal status on the reference date, in one group.

    Attributes:
        suppressed (bool):
        group (None | str | Unset): The group's value; `null` for the whole scope (and for organisations without one).
        organisations (int | None | Unset): Organisations in scope (current records).
        formal (FormalisationShare | None | Unset):
        in_formation (FormalisationShare | None | Unset):
        informal (FormalisationShare | None | Unset):
        became_formal (int | None | Unset): Not formal on the day before `from` and formal on `to` (only with `from`).
    """

    suppressed: bool
    group: None | str | Unset = UNSET
    organisations: int | None | Unset = UNSET
    formal: FormalisationShare | None | Unset = UNSET
    in_formation: FormalisationShare | None | Unset = UNSET
    informal: FormalisationShare | None | Unset = UNSET
    became_formal: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.formalisation_share import FormalisationShare  # noqa: PLC0415

        suppressed = self.suppressed

        group: None | str | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        else:
            group = self.group

        organisations: int | None | Unset
        if isinstance(self.organisations, Unset):
            organisations = UNSET
        else:
            organisations = self.organisations

        formal: dict[str, Any] | None | Unset
        if isinstance(self.formal, Unset):
            formal = UNSET
        elif isinstance(self.formal, FormalisationShare):
            formal = self.formal.to_dict()
        else:
            formal = self.formal

        in_formation: dict[str, Any] | None | Unset
        if isinstance(self.in_formation, Unset):
            in_formation = UNSET
        elif isinstance(self.in_formation, FormalisationShare):
            in_formation = self.in_formation.to_dict()
        else:
            in_formation = self.in_formation

        informal: dict[str, Any] | None | Unset
        if isinstance(self.informal, Unset):
            informal = UNSET
        elif isinstance(self.informal, FormalisationShare):
            informal = self.informal.to_dict()
        else:
            informal = self.informal

        became_formal: int | None | Unset
        if isinstance(self.became_formal, Unset):
            became_formal = UNSET
        else:
            became_formal = self.became_formal

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "suppressed": suppressed,
            }
        )
        if group is not UNSET:
            field_dict["group"] = group
        if organisations is not UNSET:
            field_dict["organisations"] = organisations
        if formal is not UNSET:
            field_dict["formal"] = formal
        if in_formation is not UNSET:
            field_dict["in_formation"] = in_formation
        if informal is not UNSET:
            field_dict["informal"] = informal
        if became_formal is not UNSET:
            field_dict["became_formal"] = became_formal

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.formalisation_share import FormalisationShare  # noqa: PLC0415

        d = dict(src_dict)
        suppressed = d.pop("suppressed")

        def _parse_group(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        group = _parse_group(d.pop("group", UNSET))

        def _parse_organisations(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        organisations = _parse_organisations(d.pop("organisations", UNSET))

        def _parse_formal(data: object) -> FormalisationShare | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                formal_type_0 = FormalisationShare.from_dict(data)

                return formal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FormalisationShare | None | Unset, data)

        formal = _parse_formal(d.pop("formal", UNSET))

        def _parse_in_formation(data: object) -> FormalisationShare | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                in_formation_type_0 = FormalisationShare.from_dict(data)

                return in_formation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FormalisationShare | None | Unset, data)

        in_formation = _parse_in_formation(d.pop("in_formation", UNSET))

        def _parse_informal(data: object) -> FormalisationShare | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                informal_type_0 = FormalisationShare.from_dict(data)

                return informal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FormalisationShare | None | Unset, data)

        informal = _parse_informal(d.pop("informal", UNSET))

        def _parse_became_formal(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        became_formal = _parse_became_formal(d.pop("became_formal", UNSET))

        organisations_cell = cls(
            suppressed=suppressed,
            group=group,
            organisations=organisations,
            formal=formal,
            in_formation=in_formation,
            informal=informal,
            became_formal=became_formal,
        )

        organisations_cell.additional_properties = d
        return organisations_cell

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
