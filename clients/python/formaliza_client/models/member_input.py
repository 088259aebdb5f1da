from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.relationship import Relationship
from ..models.sector import Sector
from ..models.sex import Sex
from ..models.work_status import WorkStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.national_id_input import NationalIdInput


T = TypeVar("T", bound="MemberInput")


@_attrs_define
class MemberInput:
    """A member as a partner sends it (create, or the result of a merge patch).

    Example:
        {'birth_date': '1986-04-12', 'country': 'PE', 'data_sharing_consent': True, 'district': 'Pichanaqui',
            'family_names': 'Quispe Mamani', 'given_names': 'María Elena', 'national_id': {'number': '45871236', 'type':
            'pe_dni'}, 'phone': '+51 964 123 456', 'region': 'PE-JUN', 'sector': 'coffee', 'sex': 'female', 'work_status':
            'self_employed'}

    Attributes:
        given_names (str): Given name(s), 1 to 100 characters.
        family_names (str): Family name(s), 1 to 100 characters.
        country (str): Country of residence (ISO 3166-1 alpha-2). Example: PE.
        sex (None | Sex | Unset):
        birth_date (datetime.date | None | Unset): `YYYY-MM-DD`, not in the future. Example: 1986-04-12.
        national_id (NationalIdInput | None | Unset):
        phone (None | str | Unset): Phone number, digits with optional `+`, spaces and dashes.
        sector (None | Sector | Unset):
        work_status (None | Unset | WorkStatus):
        household_id (None | str | Unset): The household the member belongs to.
        relationship_to_head (None | Relationship | Unset):
        region (None | str | Unset): Region of residence (ISO 3166-2), within `country`. Example: PE-JUN.
        district (None | str | Unset):
        data_sharing_consent (bool | Unset): Whether the member agreed to share identifying data with public
            institutions. Without
            it, ministry exports carry a pseudonym instead of names and ID numbers.
    """

    given_names: str
    family_names: str
    country: str
    sex: None | Sex | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET
    national_id: NationalIdInput | None | Unset = UNSET
    phone: None | str | Unset = UNSET
    sector: None | Sector | Unset = UNSET
    work_status: None | Unset | WorkStatus = UNSET
    household_id: None | str | Unset = UNSET
    relationship_to_head: None | Relationship | Unset = UNSET
    region: None | str | Unset = UNSET
    district: None | str | Unset = UNSET
    data_sharing_consent: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.national_id_input import NationalIdInput  # noqa: PLC0415

        given_names = self.given_names

        family_names = self.family_names

        country = self.country

        sex: None | str | Unset
        if isinstance(self.sex, Unset):
            sex = UNSET
        elif isinstance(self.sex, Sex):
            sex = self.sex.value
        else:
            sex = self.sex

        birth_date: None | str | Unset
        if isinstance(self.birth_date, Unset):
            birth_date = UNSET
        elif isinstance(self.birth_date, datetime.date):
            birth_date = self.birth_date.isoformat()
        else:
            birth_date = self.birth_date

        national_id: dict[str, Any] | None | Unset
        if isinstance(self.national_id, Unset):
            national_id = UNSET
        elif isinstance(self.national_id, NationalIdInput):
            national_id = self.national_id.to_dict()
        else:
            national_id = self.national_id

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        sector: None | str | Unset
        if isinstance(self.sector, Unset):
            sector = UNSET
        elif isinstance(self.sector, Sector):
            sector = self.sector.value
        else:
            sector = self.sector

        work_status: None | str | Unset
        if isinstance(self.work_status, Unset):
            work_status = UNSET
        elif isinstance(self.work_status, WorkStatus):
            work_status = self.work_status.value
        else:
            work_status = self.work_status

        household_id: None | str | Unset
        if isinstance(self.household_id, Unset):
            household_id = UNSET
        else:
            household_id = self.household_id

        relationship_to_head: None | str | Unset
        if isinstance(self.relationship_to_head, Unset):
            relationship_to_head = UNSET
        elif isinstance(self.relationship_to_head, Relationship):
            relationship_to_head = self.relationship_to_head.value
        else:
            relationship_to_head = self.relationship_to_head

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

        data_sharing_consent = self.data_sharing_consent

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "given_names": given_names,
                "family_names": family_names,
                "country": country,
            }
        )
        if sex is not UNSET:
            field_dict["sex"] = sex
        if birth_date is not UNSET:
            field_dict["birth_date"] = birth_date
        if national_id is not UNSET:
            field_dict["national_id"] = national_id
        if phone is not UNSET:
            field_dict["phone"] = phone
        if sector is not UNSET:
            field_dict["sector"] = sector
        if work_status is not UNSET:
            field_dict["work_status"] = work_status
        if household_id is not UNSET:
            field_dict["household_id"] = household_id
        if relationship_to_head is not UNSET:
            field_dict["relationship_to_head"] = relationship_to_head
        if region is not UNSET:
            field_dict["region"] = region
        if district is not UNSET:
            field_dict["district"] = district
        if data_sharing_consent is not UNSET:
            field_dict["data_sharing_consent"] = data_sharing_consent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.national_id_input import NationalIdInput  # noqa: PLC0415

        d = dict(src_dict)
        given_names = d.pop("given_names")

        family_names = d.pop("family_names")

        country = d.pop("country")

        def _parse_sex(data: object) -> None | Sex | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sex_type_0 = Sex(data)

                return sex_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Sex | Unset, data)

        sex = _parse_sex(d.pop("sex", UNSET))

        def _parse_birth_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                birth_date_type_0 = datetime.date.fromisoformat(data)

                return birth_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        birth_date = _parse_birth_date(d.pop("birth_date", UNSET))

        def _parse_national_id(data: object) -> NationalIdInput | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                national_id_type_0 = NationalIdInput.from_dict(data)

                return national_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NationalIdInput | None | Unset, data)

        national_id = _parse_national_id(d.pop("national_id", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

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

        def _parse_work_status(data: object) -> None | Unset | WorkStatus:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                work_status_type_0 = WorkStatus(data)

                return work_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WorkStatus, data)

        work_status = _parse_work_status(d.pop("work_status", UNSET))

        def _parse_household_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        household_id = _parse_household_id(d.pop("household_id", UNSET))

        def _parse_relationship_to_head(data: object) -> None | Relationship | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                relationship_to_head_type_0 = Relationship(data)

                return relationship_to_head_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Relationship | Unset, data)

        relationship_to_head = _parse_relationship_to_head(d.pop("relationship_to_head", UNSET))

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

        data_sharing_consent = d.pop("data_sharing_consent", UNSET)

        member_input = cls(
            given_names=given_names,
            family_names=family_names,
            country=country,
            sex=sex,
            birth_date=birth_date,
            national_id=national_id,
            phone=phone,
            sector=sector,
            work_status=work_status,
            household_id=household_id,
            relationship_to_head=relationship_to_head,
            region=region,
            district=district,
            data_sharing_consent=data_sharing_consent,
        )

        return member_input
