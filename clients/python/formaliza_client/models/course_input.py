from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.course_topic import CourseTopic
from ..models.sector import Sector
from ..types import UNSET, Unset

T = TypeVar("T", bound="CourseInput")


@_attrs_define
class CourseInput:
    """A course as a partner sends it.

    Example:
        {'certificate_hours': 12, 'description': 'Contratos, jornada, seguridad social y negociación colectiva.',
            'language': 'es', 'sector': 'coffee', 'title': 'Derechos laborales para productores de café', 'topic':
            'labor_rights', 'total_hours': 16}

    Attributes:
        title (str): 2 to 200 characters.
        topic (CourseTopic): What a course is about.
        total_hours (float): Length of the whole course, in hours (more than 0). Example: 16.
        certificate_hours (float): Attended hours a member needs for the certificate (more than 0, at most
            `total_hours`). Example: 12.
        language (str): Language of instruction: an ISO 639 code (`es`, `qu`, `ay`), optionally with a region (`es-PE`).
            Example: es.
        sector (None | Sector | Unset):
        description (None | str | Unset):
    """

    title: str
    topic: CourseTopic
    total_hours: float
    certificate_hours: float
    language: str
    sector: None | Sector | Unset = UNSET
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        topic = self.topic.value

        total_hours = self.total_hours

        certificate_hours = self.certificate_hours

        language = self.language

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "topic": topic,
                "total_hours": total_hours,
                "certificate_hours": certificate_hours,
                "language": language,
            }
        )
        if sector is not UNSET:
            field_dict["sector"] = sector
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        topic = CourseTopic(d.pop("topic"))

        total_hours = d.pop("total_hours")

        certificate_hours = d.pop("certificate_hours")

        language = d.pop("language")

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

        course_input = cls(
            title=title,
            topic=topic,
            total_hours=total_hours,
            certificate_hours=certificate_hours,
            language=language,
            sector=sector,
            description=description,
        )

        return course_input
