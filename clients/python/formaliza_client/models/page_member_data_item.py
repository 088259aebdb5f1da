from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.relationship import Relationship
from ..models.sector import Sector
from ..models.sex import Sex
from ..models.work_status import WorkStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.national_id_input import NationalIdInput


T = TypeVar("T", bound="PageMemberDataItem")


@_attrs_define
class PageMemberDataItem:
    """A member as the API returns it.

    Attributes:
        id (UUID):
        given_names (str):
        family_names (str):
        country (str):
        data_sharing_consent (bool):
        version (int): Increases with every change; send it back in `If-Match` as the ETag `"<version>"`.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        sex (None | Sex | Unset):
        birth_date (datetime.date | None | Unset):
        national_id (NationalIdInput | None | Unset):
        phone (None | str | Unset):
        sector (None | Sector | Unset):
        work_status (None | Unset | WorkStatus):
        household_id (None | Unset | UUID):
        relationship_to_head (None | Relationship | Unset):
        region (None | str | Unset):
        district (None | str | Unset):
        data_sharing_consent_at (datetime.datetime | None | Unset): When consent was last given (`null` without
            consent).
        erased_at (datetime.datetime | None | Unset): When the member's identifying data (names, national ID, phone,
            birth date, district) was
            erased at their request (`POST /v1/members/{id}/erasure`); `null` otherwise.
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    given_names: str
    family_names: str
    country: str
    data_sharing_consent: bool
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    sex: None | Sex | Unset = UNSET
    birth_date: datetime.date | None | Unset = UNSET
    national_id: NationalIdInput | None | Unset = UNSET
    phone: None | str | Unset = UNSET
    sector: None | Sector | Unset = UNSET
    work_status: None | Unset | WorkStatus = UNSET
    household_id: None | Unset | UUID = UNSET
    relationship_to_head: None | Relationship | Unset = UNSET
    region: None | str | Unset = UNSET
    district: None | str | Unset = UNSET
    data_sharing_consent_at: datetime.datetime | None | Unset = UNSET
    erased_at: datetime.datetime | None | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.national_id_input import NationalIdInput  # noqa: PLC0415

        id = str(self.id)

        given_names = self.given_names

        family_names = self.family_names

        country = self.country

        data_sharing_consent = self.data_sharing_consent

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

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
        elif isinstance(self.household_id, UUID):
            household_id = str(self.household_id)
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

        data_sharing_consent_at: None | str | Unset
        if isinstance(self.data_sharing_consent_at, Unset):
            data_sharing_consent_at = UNSET
        elif isinstance(self.data_sharing_consent_at, datetime.datetime):
            data_sharing_consent_at = self.data_sharing_consent_at.isoformat()
        else:
            data_sharing_consent_at = self.data_sharing_consent_at

        erased_at: None | str | Unset
        if isinstance(self.erased_at, Unset):
            erased_at = UNSET
        elif isinstance(self.erased_at, datetime.datetime):
            erased_at = self.erased_at.isoformat()
        else:
            erased_at = self.erased_at

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
                "given_names": given_names,
                "family_names": family_names,
                "country": country,
                "data_sharing_consent": data_sharing_consent,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
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
        if data_sharing_consent_at is not UNSET:
            field_dict["data_sharing_consent_at"] = data_sharing_consent_at
        if erased_at is not UNSET:
            field_dict["erased_at"] = erased_at
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.national_id_input import NationalIdInput  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        given_names = d.pop("given_names")

        family_names = d.pop("family_names")

        country = d.pop("country")

        data_sharing_consent = d.pop("data_sharing_consent")

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        def _parse_household_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                household_id_type_0 = UUID(data)

                return household_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

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

        def _parse_data_sharing_consent_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                data_sharing_consent_at_type_0 = datetime.datetime.fromisoformat(data)

                return data_sharing_consent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        data_sharing_consent_at = _parse_data_sharing_consent_at(d.pop("data_sharing_consent_at", UNSET))

        def _parse_erased_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                erased_at_type_0 = datetime.datetime.fromisoformat(data)

                return erased_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        erased_at = _parse_erased_at(d.pop("erased_at", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        page_member_data_item = cls(
            id=id,
            given_names=given_names,
            family_names=family_names,
            country=country,
            data_sharing_consent=data_sharing_consent,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
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
            data_sharing_consent_at=data_sharing_consent_at,
            erased_at=erased_at,
            partner_id=partner_id,
        )

        page_member_data_item.additional_properties = d
        return page_member_data_item

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
