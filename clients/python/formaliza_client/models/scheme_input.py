from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.coverage_unit import CoverageUnit
from ..models.scheme_category import SchemeCategory
from ..models.scheme_kind import SchemeKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="SchemeInput")


@_attrs_define
class SchemeInput:
    """A scheme as a partner sends it.

    Example:
        {'active': True, 'category': 'health', 'country': 'PE', 'coverage_unit': 'person', 'kind': 'public_service',
            'name': 'Seguro Integral de Salud (SIS)', 'operator': 'Ministerio de Salud'}

    Attributes:
        name (str): 2 to 200 characters.
        country (str): Country where the scheme operates (`PE`, `BO`).
        kind (SchemeKind): Which coverage indicator a scheme counts for.
        category (SchemeCategory): What a scheme covers.
        coverage_unit (CoverageUnit): What the indicator counts.
        operator (None | str | Unset): Who runs it (ministry, insurer, cooperative).
        active (bool | Unset): `false` for a scheme no longer open to new enrolments (default `true`).
    """

    name: str
    country: str
    kind: SchemeKind
    category: SchemeCategory
    coverage_unit: CoverageUnit
    operator: None | str | Unset = UNSET
    active: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        country = self.country

        kind = self.kind.value

        category = self.category.value

        coverage_unit = self.coverage_unit.value

        operator: None | str | Unset
        if isinstance(self.operator, Unset):
            operator = UNSET
        else:
            operator = self.operator

        active = self.active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "country": country,
                "kind": kind,
                "category": category,
                "coverage_unit": coverage_unit,
            }
        )
        if operator is not UNSET:
            field_dict["operator"] = operator
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        country = d.pop("country")

        kind = SchemeKind(d.pop("kind"))

        category = SchemeCategory(d.pop("category"))

        coverage_unit = CoverageUnit(d.pop("coverage_unit"))

        def _parse_operator(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        operator = _parse_operator(d.pop("operator", UNSET))

        active = d.pop("active", UNSET)

        scheme_input = cls(
            name=name,
            country=country,
            kind=kind,
            category=category,
            coverage_unit=coverage_unit,
            operator=operator,
            active=active,
        )

        return scheme_input
