from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.session_status import SessionStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="PageSessionDataItem")


@_attrs_define
class PageSessionDataItem:
    """A session as the API returns it.

    Attributes:
        id (UUID):
        course_id (UUID):
        starts_at (datetime.datetime):
        ends_at (datetime.datetime):
        hours (float): Teaching hours.
        country (str):
        capacity (int):
        status (SessionStatus): Where a session stands.
        open_to_outside_organisations (bool):
        registered (int): Members registered now (read-only).
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        region (None | str | Unset):
        district (None | str | Unset):
        venue (None | str | Unset):
        facilitator (None | str | Unset):
        host_organisation_id (None | Unset | UUID):
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    course_id: UUID
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    hours: float
    country: str
    capacity: int
    status: SessionStatus
    open_to_outside_organisations: bool
    registered: int
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    region: None | str | Unset = UNSET
    district: None | str | Unset = UNSET
    venue: None | str | Unset = UNSET
    facilitator: None | str | Unset = UNSET
    host_organisation_id: None | Unset | UUID = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        course_id = str(self.course_id)

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        hours = self.hours

        country = self.country

        capacity = self.capacity

        status = self.status.value

        open_to_outside_organisations = self.open_to_outside_organisations

        registered = self.registered

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

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

        venue: None | str | Unset
        if isinstance(self.venue, Unset):
            venue = UNSET
        else:
            venue = self.venue

        facilitator: None | str | Unset
        if isinstance(self.facilitator, Unset):
            facilitator = UNSET
        else:
            facilitator = self.facilitator

        host_organisation_id: None | str | Unset
        if isinstance(self.host_organisation_id, Unset):
            host_organisation_id = UNSET
        elif isinstance(self.host_organisation_id, UUID):
            host_organisation_id = str(self.host_organisation_id)
        else:
            host_organisation_id = self.host_organisation_id

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
                "course_id": course_id,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "hours": hours,
                "country": country,
                "capacity": capacity,
                "status": status,
                "open_to_outside_organisations": open_to_outside_organisations,
                "registered": registered,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if region is not UNSET:
            field_dict["region"] = region
        if district is not UNSET:
            field_dict["district"] = district
        if venue is not UNSET:
            field_dict["venue"] = venue
        if facilitator is not UNSET:
            field_dict["facilitator"] = facilitator
        if host_organisation_id is not UNSET:
            field_dict["host_organisation_id"] = host_organisation_id
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        course_id = UUID(d.pop("course_id"))

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        hours = d.pop("hours")

        country = d.pop("country")

        capacity = d.pop("capacity")

        status = SessionStatus(d.pop("status"))

        open_to_outside_organisations = d.pop("open_to_outside_organisations")

        registered = d.pop("registered")

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        def _parse_venue(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        venue = _parse_venue(d.pop("venue", UNSET))

        def _parse_facilitator(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        facilitator = _parse_facilitator(d.pop("facilitator", UNSET))

        def _parse_host_organisation_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                host_organisation_id_type_0 = UUID(data)

                return host_organisation_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        host_organisation_id = _parse_host_organisation_id(d.pop("host_organisation_id", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        page_session_data_item = cls(
            id=id,
            course_id=course_id,
            starts_at=starts_at,
            ends_at=ends_at,
            hours=hours,
            country=country,
            capacity=capacity,
            status=status,
            open_to_outside_organisations=open_to_outside_organisations,
            registered=registered,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            region=region,
            district=district,
            venue=venue,
            facilitator=facilitator,
            host_organisation_id=host_organisation_id,
            partner_id=partner_id,
        )

        page_session_data_item.additional_properties = d
        return page_session_data_item

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
