from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.coverage_unit import CoverageUnit
from ..models.participant_sex import ParticipantSex
from ..models.sector import Sector
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProgrammeMeasureFilters")


@_attrs_define
class ProgrammeMeasureFilters:
    """The filters of a measure, as its endpoint takes them (each only where the measure takes it:
    see `measure`). Absent filters are left out.

        Attributes:
            country (None | str | Unset): `PE`, `BO`.
            region (None | str | Unset): `PE-JUN`.
            sector (None | Sector | Unset):
            organisation_id (None | str | Unset): Coverage, training: only this organisation's members.
            in_programme_only (bool | None | Unset): Coverage, formalisation: only the programme's organisations.
            unit (CoverageUnit | None | Unset):
            topic (None | str | Unset): Training: sessions of courses on this topic (`labor_rights`, `cooperativism`, …).
            from_ (datetime.date | None | Unset): Training: count from this date (default: from the first session).
            sex (None | ParticipantSex | Unset):
            youth (bool | None | Unset): Training participants: only youth (15–29 on a session's date).
    """

    country: None | str | Unset = UNSET
    region: None | str | Unset = UNSET
    sector: None | Sector | Unset = UNSET
    organisation_id: None | str | Unset = UNSET
    in_programme_only: bool | None | Unset = UNSET
    unit: CoverageUnit | None | Unset = UNSET
    topic: None | str | Unset = UNSET
    from_: datetime.date | None | Unset = UNSET
    sex: None | ParticipantSex | Unset = UNSET
    youth: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        sector: None | str | Unset
        if isinstance(self.sector, Unset):
            sector = UNSET
        elif isinstance(self.sector, Sector):
            sector = self.sector.value
        else:
            sector = self.sector

        organisation_id: None | str | Unset
        if isinstance(self.organisation_id, Unset):
            organisation_id = UNSET
        else:
            organisation_id = self.organisation_id

        in_programme_only: bool | None | Unset
        if isinstance(self.in_programme_only, Unset):
            in_programme_only = UNSET
        else:
            in_programme_only = self.in_programme_only

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        elif isinstance(self.unit, CoverageUnit):
            unit = self.unit.value
        else:
            unit = self.unit

        topic: None | str | Unset
        if isinstance(self.topic, Unset):
            topic = UNSET
        else:
            topic = self.topic

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        elif isinstance(self.from_, datetime.date):
            from_ = self.from_.isoformat()
        else:
            from_ = self.from_

        sex: None | str | Unset
        if isinstance(self.sex, Unset):
            sex = UNSET
        elif isinstance(self.sex, ParticipantSex):
            sex = self.sex.value
        else:
            sex = self.sex

        youth: bool | None | Unset
        if isinstance(self.youth, Unset):
            youth = UNSET
        else:
            youth = self.youth

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if country is not UNSET:
            field_dict["country"] = country
        if region is not UNSET:
            field_dict["region"] = region
        if sector is not UNSET:
            field_dict["sector"] = sector
        if organisation_id is not UNSET:
            field_dict["organisation_id"] = organisation_id
        if in_programme_only is not UNSET:
            field_dict["in_programme_only"] = in_programme_only
        if unit is not UNSET:
            field_dict["unit"] = unit
        if topic is not UNSET:
            field_dict["topic"] = topic
        if from_ is not UNSET:
            field_dict["from"] = from_
        if sex is not UNSET:
            field_dict["sex"] = sex
        if youth is not UNSET:
            field_dict["youth"] = youth

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

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

        def _parse_organisation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        organisation_id = _parse_organisation_id(d.pop("organisation_id", UNSET))

        def _parse_in_programme_only(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        in_programme_only = _parse_in_programme_only(d.pop("in_programme_only", UNSET))

        def _parse_unit(data: object) -> CoverageUnit | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                unit_type_0 = CoverageUnit(data)

                return unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CoverageUnit | None | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_topic(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        topic = _parse_topic(d.pop("topic", UNSET))

        def _parse_from_(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_type_0 = datetime.date.fromisoformat(data)

                return from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_sex(data: object) -> None | ParticipantSex | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sex_type_0 = ParticipantSex(data)

                return sex_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ParticipantSex | Unset, data)

        sex = _parse_sex(d.pop("sex", UNSET))

        def _parse_youth(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        youth = _parse_youth(d.pop("youth", UNSET))

        programme_measure_filters = cls(
            country=country,
            region=region,
            sector=sector,
            organisation_id=organisation_id,
            in_programme_only=in_programme_only,
            unit=unit,
            topic=topic,
            from_=from_,
            sex=sex,
            youth=youth,
        )

        return programme_measure_filters
