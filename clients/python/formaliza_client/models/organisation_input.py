from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.legal_status import LegalStatus
from ..models.organisation_kind import OrganisationKind
from ..models.sector import Sector
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrganisationInput")


@_attrs_define
class OrganisationInput:
    """An organisation as a partner sends it.

    Example:
        {'country': 'PE', 'district': 'Perené', 'in_programme': True, 'kind': 'cooperative', 'legal_status':
            'registered', 'name': 'Cooperativa Agraria Cafetalera Valle del Perené', 'region': 'PE-JUN',
            'registration_number': '20486734121', 'sector': 'coffee'}

    Attributes:
        name (str): 2 to 200 characters.
        kind (OrganisationKind): What kind of organisation.
        legal_status (LegalStatus): Where the organisation stands on the way to formality.
        country (str):  Example: PE.
        parent_id (None | str | Unset): The federation or network it belongs to.
        in_programme (bool | Unset): `false` for organisations invited from outside the programme (default `true`).
        region (None | str | Unset):  Example: PE-JUN.
        district (None | str | Unset):
        sector (None | Sector | Unset):
        registration_number (None | str | Unset): Tax or registry number (RUC, NIT, …).
        founded_on (datetime.date | None | Unset): `YYYY-MM-DD`.
    """

    name: str
    kind: OrganisationKind
    legal_status: LegalStatus
    country: str
    parent_id: None | str | Unset = UNSET
    in_programme: bool | Unset = UNSET
    region: None | str | Unset = UNSET
    district: None | str | Unset = UNSET
    sector: None | Sector | Unset = UNSET
    registration_number: None | str | Unset = UNSET
    founded_on: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        kind = self.kind.value

        legal_status = self.legal_status.value

        country = self.country

        parent_id: None | str | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        else:
            parent_id = self.parent_id

        in_programme = self.in_programme

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

        sector: None | str | Unset
        if isinstance(self.sector, Unset):
            sector = UNSET
        elif isinstance(self.sector, Sector):
            sector = self.sector.value
        else:
            sector = self.sector

        registration_number: None | str | Unset
        if isinstance(self.registration_number, Unset):
            registration_number = UNSET
        else:
            registration_number = self.registration_number

        founded_on: None | str | Unset
        if isinstance(self.founded_on, Unset):
            founded_on = UNSET
        elif isinstance(self.founded_on, datetime.date):
            founded_on = self.founded_on.isoformat()
        else:
            founded_on = self.founded_on

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "kind": kind,
                "legal_status": legal_status,
                "country": country,
            }
        )
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id
        if in_programme is not UNSET:
            field_dict["in_programme"] = in_programme
        if region is not UNSET:
            field_dict["region"] = region
        if district is not UNSET:
            field_dict["district"] = district
        if sector is not UNSET:
            field_dict["sector"] = sector
        if registration_number is not UNSET:
            field_dict["registration_number"] = registration_number
        if founded_on is not UNSET:
            field_dict["founded_on"] = founded_on

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        kind = OrganisationKind(d.pop("kind"))

        legal_status = LegalStatus(d.pop("legal_status"))

        country = d.pop("country")

        def _parse_parent_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))

        in_programme = d.pop("in_programme", UNSET)

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

        def _parse_sector(data: object) -> None | Sector | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sector_type_0 = Sector(data)

                return sector_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Sector | Unset, data)

        sector = _parse_sector(d.pop("sector", UNSET))

        def _parse_registration_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registration_number = _parse_registration_number(d.pop("registration_number", UNSET))

        def _parse_founded_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                founded_on_type_0 = datetime.date.fromisoformat(data)

                return founded_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        founded_on = _parse_founded_on(d.pop("founded_on", UNSET))

        organisation_input = cls(
            name=name,
            kind=kind,
            legal_status=legal_status,
            country=country,
            parent_id=parent_id,
            in_programme=in_programme,
            region=region,
            district=district,
            sector=sector,
            registration_number=registration_number,
            founded_on=founded_on,
        )

        return organisation_input
