from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExportedEnrollment")


@_attrs_define
class ExportedEnrollment:
    """One exported enrolment.

    Attributes:
        enrollment_id (str):
        scheme_id (str):
        scheme_name (str):
        scheme_kind (str): `public_service` or `insurance`.
        country (str):
        consent (bool): `true` when the member recorded consent to data sharing.
        status (str):
        status_since (datetime.date):
        updated_at (datetime.datetime):
        member_id (None | str | Unset): The member id, with consent or for a token that may read the member; otherwise
            `null`.
        member_pseudonym (None | str | Unset): Stable pseudonym of the member (the same member always gets the same
            one), with or
            without consent; `null` for household enrolments.
        household_id (None | str | Unset): For household enrolments.
        given_names (None | str | Unset): Identifying fields: with consent, or for a token that may read the member.
        family_names (None | str | Unset):
        national_id_type (None | str | Unset):
        national_id_number (None | str | Unset):
        national_id_country (None | str | Unset):
        affiliation_number (None | str | Unset): Like the identifying fields (and always for household enrolments): it
            often is a
            national ID number.
        verified_at (datetime.datetime | None | Unset):
    """

    enrollment_id: str
    scheme_id: str
    scheme_name: str
    scheme_kind: str
    country: str
    consent: bool
    status: str
    status_since: datetime.date
    updated_at: datetime.datetime
    member_id: None | str | Unset = UNSET
    member_pseudonym: None | str | Unset = UNSET
    household_id: None | str | Unset = UNSET
    given_names: None | str | Unset = UNSET
    family_names: None | str | Unset = UNSET
    national_id_type: None | str | Unset = UNSET
    national_id_number: None | str | Unset = UNSET
    national_id_country: None | str | Unset = UNSET
    affiliation_number: None | str | Unset = UNSET
    verified_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enrollment_id = self.enrollment_id

        scheme_id = self.scheme_id

        scheme_name = self.scheme_name

        scheme_kind = self.scheme_kind

        country = self.country

        consent = self.consent

        status = self.status

        status_since = self.status_since.isoformat()

        updated_at = self.updated_at.isoformat()

        member_id: None | str | Unset
        if isinstance(self.member_id, Unset):
            member_id = UNSET
        else:
            member_id = self.member_id

        member_pseudonym: None | str | Unset
        if isinstance(self.member_pseudonym, Unset):
            member_pseudonym = UNSET
        else:
            member_pseudonym = self.member_pseudonym

        household_id: None | str | Unset
        if isinstance(self.household_id, Unset):
            household_id = UNSET
        else:
            household_id = self.household_id

        given_names: None | str | Unset
        if isinstance(self.given_names, Unset):
            given_names = UNSET
        else:
            given_names = self.given_names

        family_names: None | str | Unset
        if isinstance(self.family_names, Unset):
            family_names = UNSET
        else:
            family_names = self.family_names

        national_id_type: None | str | Unset
        if isinstance(self.national_id_type, Unset):
            national_id_type = UNSET
        else:
            national_id_type = self.national_id_type

        national_id_number: None | str | Unset
        if isinstance(self.national_id_number, Unset):
            national_id_number = UNSET
        else:
            national_id_number = self.national_id_number

        national_id_country: None | str | Unset
        if isinstance(self.national_id_country, Unset):
            national_id_country = UNSET
        else:
            national_id_country = self.national_id_country

        affiliation_number: None | str | Unset
        if isinstance(self.affiliation_number, Unset):
            affiliation_number = UNSET
        else:
            affiliation_number = self.affiliation_number

        verified_at: None | str | Unset
        if isinstance(self.verified_at, Unset):
            verified_at = UNSET
        elif isinstance(self.verified_at, datetime.datetime):
            verified_at = self.verified_at.isoformat()
        else:
            verified_at = self.verified_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enrollment_id": enrollment_id,
                "scheme_id": scheme_id,
                "scheme_name": scheme_name,
                "scheme_kind": scheme_kind,
                "country": country,
                "consent": consent,
                "status": status,
                "status_since": status_since,
                "updated_at": updated_at,
            }
        )
        if member_id is not UNSET:
            field_dict["member_id"] = member_id
        if member_pseudonym is not UNSET:
            field_dict["member_pseudonym"] = member_pseudonym
        if household_id is not UNSET:
            field_dict["household_id"] = household_id
        if given_names is not UNSET:
            field_dict["given_names"] = given_names
        if family_names is not UNSET:
            field_dict["family_names"] = family_names
        if national_id_type is not UNSET:
            field_dict["national_id_type"] = national_id_type
        if national_id_number is not UNSET:
            field_dict["national_id_number"] = national_id_number
        if national_id_country is not UNSET:
            field_dict["national_id_country"] = national_id_country
        if affiliation_number is not UNSET:
            field_dict["affiliation_number"] = affiliation_number
        if verified_at is not UNSET:
            field_dict["verified_at"] = verified_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enrollment_id = d.pop("enrollment_id")

        scheme_id = d.pop("scheme_id")

        scheme_name = d.pop("scheme_name")

        scheme_kind = d.pop("scheme_kind")

        country = d.pop("country")

        consent = d.pop("consent")

        status = d.pop("status")

        status_since = datetime.date.fromisoformat(d.pop("status_since"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_member_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        member_id = _parse_member_id(d.pop("member_id", UNSET))

        def _parse_member_pseudonym(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        member_pseudonym = _parse_member_pseudonym(d.pop("member_pseudonym", UNSET))

        def _parse_household_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        household_id = _parse_household_id(d.pop("household_id", UNSET))

        def _parse_given_names(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        given_names = _parse_given_names(d.pop("given_names", UNSET))

        def _parse_family_names(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        family_names = _parse_family_names(d.pop("family_names", UNSET))

        def _parse_national_id_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        national_id_type = _parse_national_id_type(d.pop("national_id_type", UNSET))

        def _parse_national_id_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        national_id_number = _parse_national_id_number(d.pop("national_id_number", UNSET))

        def _parse_national_id_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        national_id_country = _parse_national_id_country(d.pop("national_id_country", UNSET))

        def _parse_affiliation_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        affiliation_number = _parse_affiliation_number(d.pop("affiliation_number", UNSET))

        def _parse_verified_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                verified_at_type_0 = datetime.datetime.fromisoformat(data)

                return verified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        verified_at = _parse_verified_at(d.pop("verified_at", UNSET))

        exported_enrollment = cls(
            enrollment_id=enrollment_id,
            scheme_id=scheme_id,
            scheme_name=scheme_name,
            scheme_kind=scheme_kind,
            country=country,
            consent=consent,
            status=status,
            status_since=status_since,
            updated_at=updated_at,
            member_id=member_id,
            member_pseudonym=member_pseudonym,
            household_id=household_id,
            given_names=given_names,
            family_names=family_names,
            national_id_type=national_id_type,
            national_id_number=national_id_number,
            national_id_country=national_id_country,
            affiliation_number=affiliation_number,
            verified_at=verified_at,
        )

        exported_enrollment.additional_properties = d
        return exported_enrollment

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
