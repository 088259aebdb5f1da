from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.session_status import SessionStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="SessionInput")


@_attrs_define
class SessionInput:
    """A session as a partner sends it.

    Example:
        {'capacity': 30, 'country': 'PE', 'course_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'district': 'Pichanaqui',
            'ends_at': '2026-03-14T18:00:00Z', 'facilitator': 'Rosa Huamán', 'host_organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'open_to_outside_organisations': True, 'region': 'PE-JUN', 'starts_at':
            '2026-03-14T14:00:00Z', 'venue': 'Local comunal de Alto Kimiriki'}

    Attributes:
        course_id (str): The course delivered.
        starts_at (datetime.datetime): RFC 3339.
        ends_at (datetime.datetime): RFC 3339, after `starts_at` (at most 31 days later).
        country (str):  Example: PE.
        capacity (int): Seats (1 to 10000): registrations beyond it are refused (409).
        hours (float | None | Unset): Teaching hours (default: the time from start to end; at most that). Hours equal to
            the
            whole length follow it when the start or end changes.
        region (None | str | Unset):  Example: PE-JUN.
        district (None | str | Unset):
        venue (None | str | Unset): Where it takes place (community hall, cooperative office, …).
        facilitator (None | str | Unset): Who leads it.
        host_organisation_id (None | str | Unset): The organisation (in the members service) that hosts it.
        status (SessionStatus | Unset): Where a session stands.
        open_to_outside_organisations (bool | Unset): Whether organisations outside the programme are invited (default
            `false`).
    """

    course_id: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    country: str
    capacity: int
    hours: float | None | Unset = UNSET
    region: None | str | Unset = UNSET
    district: None | str | Unset = UNSET
    venue: None | str | Unset = UNSET
    facilitator: None | str | Unset = UNSET
    host_organisation_id: None | str | Unset = UNSET
    status: SessionStatus | Unset = UNSET
    open_to_outside_organisations: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        course_id = self.course_id

        starts_at = self.starts_at.isoformat()

        ends_at = self.ends_at.isoformat()

        country = self.country

        capacity = self.capacity

        hours: float | None | Unset
        if isinstance(self.hours, Unset):
            hours = UNSET
        else:
            hours = self.hours

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
        else:
            host_organisation_id = self.host_organisation_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        open_to_outside_organisations = self.open_to_outside_organisations

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "course_id": course_id,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "country": country,
                "capacity": capacity,
            }
        )
        if hours is not UNSET:
            field_dict["hours"] = hours
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
        if status is not UNSET:
            field_dict["status"] = status
        if open_to_outside_organisations is not UNSET:
            field_dict["open_to_outside_organisations"] = open_to_outside_organisations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        course_id = d.pop("course_id")

        starts_at = datetime.datetime.fromisoformat(d.pop("starts_at"))

        ends_at = datetime.datetime.fromisoformat(d.pop("ends_at"))

        country = d.pop("country")

        capacity = d.pop("capacity")

        def _parse_hours(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        hours = _parse_hours(d.pop("hours", UNSET))

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

        def _parse_host_organisation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        host_organisation_id = _parse_host_organisation_id(d.pop("host_organisation_id", UNSET))

        _status = d.pop("status", UNSET)
        status: SessionStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = SessionStatus(_status)

        open_to_outside_organisations = d.pop("open_to_outside_organisations", UNSET)

        session_input = cls(
            course_id=course_id,
            starts_at=starts_at,
            ends_at=ends_at,
            country=country,
            capacity=capacity,
            hours=hours,
            region=region,
            district=district,
            venue=venue,
            facilitator=facilitator,
            host_organisation_id=host_organisation_id,
            status=status,
            open_to_outside_organisations=open_to_outside_organisations,
        )

        return session_input
