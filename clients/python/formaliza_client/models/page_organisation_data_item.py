from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.formal_status import FormalStatus
from ..models.legal_status import LegalStatus
from ..models.organisation_kind import OrganisationKind
from ..models.sector import Sector
from ..types import UNSET, Unset

T = TypeVar("T", bound="PageOrganisationDataItem")


@_attrs_define
class PageOrganisationDataItem:
    """An organisation as the API returns it.

    Attributes:
        id (UUID):
        name (str):
        kind (OrganisationKind): What kind of organisation.
        legal_status (LegalStatus): Where the organisation stands on the way to formality.
        in_programme (bool):
        country (str):
        formal_status (FormalStatus): An organisation's formal status (see `GET /v1/organisations/{id}/status-history`).
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        parent_id (None | Unset | UUID):
        region (None | str | Unset):
        district (None | str | Unset):
        sector (None | Sector | Unset):
        registration_number (None | str | Unset):
        founded_on (datetime.date | None | Unset):
        formal_status_since (datetime.date | None | Unset): The day the current `formal_status` was reached (`null`:
            never out of `informal`).
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    name: str
    kind: OrganisationKind
    legal_status: LegalStatus
    in_programme: bool
    country: str
    formal_status: FormalStatus
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    parent_id: None | Unset | UUID = UNSET
    region: None | str | Unset = UNSET
    district: None | str | Unset = UNSET
    sector: None | Sector | Unset = UNSET
    registration_number: None | str | Unset = UNSET
    founded_on: datetime.date | None | Unset = UNSET
    formal_status_since: datetime.date | None | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        kind = self.kind.value

        legal_status = self.legal_status.value

        in_programme = self.in_programme

        country = self.country

        formal_status = self.formal_status.value

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        parent_id: None | str | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        elif isinstance(self.parent_id, UUID):
            parent_id = str(self.parent_id)
        else:
            parent_id = self.parent_id

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

        formal_status_since: None | str | Unset
        if isinstance(self.formal_status_since, Unset):
            formal_status_since = UNSET
        elif isinstance(self.formal_status_since, datetime.date):
            formal_status_since = self.formal_status_since.isoformat()
        else:
            formal_status_since = self.formal_status_since

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
                "kind": kind,
                "legal_status": legal_status,
                "in_programme": in_programme,
                "country": country,
                "formal_status": formal_status,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id
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
        if formal_status_since is not UNSET:
            field_dict["formal_status_since"] = formal_status_since
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        kind = OrganisationKind(d.pop("kind"))

        legal_status = LegalStatus(d.pop("legal_status"))

        in_programme = d.pop("in_programme")

        country = d.pop("country")

        formal_status = FormalStatus(d.pop("formal_status"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_parent_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                parent_id_type_0 = UUID(data)

                return parent_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))

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

        def _parse_formal_status_since(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                formal_status_since_type_0 = datetime.date.fromisoformat(data)

                return formal_status_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        formal_status_since = _parse_formal_status_since(d.pop("formal_status_since", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        page_organisation_data_item = cls(
            id=id,
            name=name,
            kind=kind,
            legal_status=legal_status,
            in_programme=in_programme,
            country=country,
            formal_status=formal_status,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            parent_id=parent_id,
            region=region,
            district=district,
            sector=sector,
            registration_number=registration_number,
            founded_on=founded_on,
            formal_status_since=formal_status_since,
            partner_id=partner_id,
        )

        page_organisation_data_item.additional_properties = d
        return page_organisation_data_item

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
