from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.course_topic import CourseTopic
from ..models.sector import Sector
from ..types import UNSET, Unset

T = TypeVar("T", bound="Course")


@_attrs_define
class Course:
    """A course as the API returns it.

    Attributes:
        id (UUID):
        title (str):
        topic (CourseTopic): What a course is about.
        total_hours (float):
        certificate_hours (float):
        language (str):
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        sector (None | Sector | Unset):
        description (None | str | Unset):
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    title: str
    topic: CourseTopic
    total_hours: float
    certificate_hours: float
    language: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    sector: None | Sector | Unset = UNSET
    description: None | str | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        title = self.title

        topic = self.topic.value

        total_hours = self.total_hours

        certificate_hours = self.certificate_hours

        language = self.language

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        sector: None | str | Unset
        if isinstance(self.sector, Unset):
            sector = UNSET
        elif isinstance(self.sector, Sector):
            sector = self.sector.value
        else:
            sector = self.sector

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

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
                "title": title,
                "topic": topic,
                "total_hours": total_hours,
                "certificate_hours": certificate_hours,
                "language": language,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if sector is not UNSET:
            field_dict["sector"] = sector
        if description is not UNSET:
            field_dict["description"] = description
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        title = d.pop("title")

        topic = CourseTopic(d.pop("topic"))

        total_hours = d.pop("total_hours")

        certificate_hours = d.pop("certificate_hours")

        language = d.pop("language")

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        course = cls(
            id=id,
            title=title,
            topic=topic,
            total_hours=total_hours,
            certificate_hours=certificate_hours,
            language=language,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            sector=sector,
            description=description,
            partner_id=partner_id,
        )

        course.additional_properties = d
        return course

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
