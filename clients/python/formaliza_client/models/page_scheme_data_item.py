from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.coverage_unit import CoverageUnit
from ..models.scheme_category import SchemeCategory
from ..models.scheme_kind import SchemeKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="PageSchemeDataItem")


@_attrs_define
class PageSchemeDataItem:
    """A scheme as the API returns it.

    Attributes:
        id (UUID):
        name (str):
        country (str):
        kind (SchemeKind): Which coverage indicator a scheme counts for.
        category (SchemeCategory): What a scheme covers.
        coverage_unit (CoverageUnit): What the indicator counts.
        active (bool):
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        operator (None | str | Unset):
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    name: str
    country: str
    kind: SchemeKind
    category: SchemeCategory
    coverage_unit: CoverageUnit
    active: bool
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    operator: None | str | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        country = self.country

        kind = self.kind.value

        category = self.category.value

        coverage_unit = self.coverage_unit.value

        active = self.active

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        operator: None | str | Unset
        if isinstance(self.operator, Unset):
            operator = UNSET
        else:
            operator = self.operator

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
                "name": name,
                "country": country,
                "kind": kind,
                "category": category,
                "coverage_unit": coverage_unit,
                "active": active,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if operator is not UNSET:
            field_dict["operator"] = operator
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        country = d.pop("country")

        kind = SchemeKind(d.pop("kind"))

        category = SchemeCategory(d.pop("category"))

        coverage_unit = CoverageUnit(d.pop("coverage_unit"))

        active = d.pop("active")

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_operator(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        operator = _parse_operator(d.pop("operator", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        page_scheme_data_item = cls(
            id=id,
            name=name,
            country=country,
            kind=kind,
            category=category,
            coverage_unit=coverage_unit,
            active=active,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            operator=operator,
            partner_id=partner_id,
        )

        page_scheme_data_item.additional_properties = d
        return page_scheme_data_item

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
