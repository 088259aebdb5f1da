from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="HouseholdInput")


@_attrs_define
class HouseholdInput:
    """A household as a partner sends it.

    Example:
        {'country': 'PE', 'district': 'Pichanaqui', 'external_ref': 'KOBO-2026-00417', 'locality': 'Sector Alto
            Kimiriki', 'name': 'Familia Quispe Mamani', 'region': 'PE-JUN'}

    Attributes:
        country (str):  Example: PE.
        name (None | str | Unset): How the programme refers to the household (optional).
        region (None | str | Unset):  Example: PE-JUN.
        district (None | str | Unset):
        locality (None | str | Unset): Village, community or sector.
        external_ref (None | str | Unset): The partner's own reference (survey or spreadsheet id).
    """

    country: str
    name: None | str | Unset = UNSET
    region: None | str | Unset = UNSET
    district: None | str | Unset = UNSET
    locality: None | str | Unset = UNSET
    external_ref: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        country = self.country

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        district: None | str | Unset
        if isinstance(self.district, Unset):
            district = UNSET
        else:
            district = self.district

        locality: None | str | Unset
        if isinstance(self.locality, Unset):
            locality = UNSET
        else:
            locality = self.locality

        external_ref: None | str | Unset
        if isinstance(self.external_ref, Unset):
            external_ref = UNSET
        else:
            external_ref = self.external_ref

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "country": country,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if region is not UNSET:
            field_dict["region"] = region
        if district is not UNSET:
            field_dict["district"] = district
        if locality is not UNSET:
            field_dict["locality"] = locality
        if external_ref is not UNSET:
            field_dict["external_ref"] = external_ref

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        country = d.pop("country")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        def _parse_district(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        district = _parse_district(d.pop("district", UNSET))

        def _parse_locality(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locality = _parse_locality(d.pop("locality", UNSET))

        def _parse_external_ref(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_ref = _parse_external_ref(d.pop("external_ref", UNSET))

        household_input = cls(
            country=country,
            name=name,
            region=region,
            district=district,
            locality=locality,
            external_ref=external_ref,
        )

        return household_input
