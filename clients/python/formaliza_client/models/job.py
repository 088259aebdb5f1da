from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contract_kind import ContractKind
from ..models.job_role import JobRole
from ..models.social_security_registry import SocialSecurityRegistry
from ..types import UNSET, Unset

T = TypeVar("T", bound="Job")


@_attrs_define
class Job:
    """A job as the API returns it.

    Attributes:
        id (UUID):
        member_id (UUID):
        role (JobRole): The worker's status in employment (ICSE-18, simplified).
        contract (ContractKind): How the work was agreed.
        started_on (datetime.date):
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        organisation_id (None | Unset | UUID):
        occupation (None | str | Unset):
        ended_on (datetime.date | None | Unset):
        social_security_registry (None | SocialSecurityRegistry | Unset):
        social_security_since (datetime.date | None | Unset):
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    member_id: UUID
    role: JobRole
    contract: ContractKind
    started_on: datetime.date
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    organisation_id: None | Unset | UUID = UNSET
    occupation: None | str | Unset = UNSET
    ended_on: datetime.date | None | Unset = UNSET
    social_security_registry: None | SocialSecurityRegistry | Unset = UNSET
    social_security_since: datetime.date | None | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        member_id = str(self.member_id)

        role = self.role.value

        contract = self.contract.value

        started_on = self.started_on.isoformat()

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        organisation_id: None | str | Unset
        if isinstance(self.organisation_id, Unset):
            organisation_id = UNSET
        elif isinstance(self.organisation_id, UUID):
            organisation_id = str(self.organisation_id)
        else:
            organisation_id = self.organisation_id

        occupation: None | str | Unset
        if isinstance(self.occupation, Unset):
            occupation = UNSET
        else:
            occupation = self.occupation

        ended_on: None | str | Unset
        if isinstance(self.ended_on, Unset):
            ended_on = UNSET
        elif isinstance(self.ended_on, datetime.date):
            ended_on = self.ended_on.isoformat()
        else:
            ended_on = self.ended_on

        social_security_registry: None | str | Unset
        if isinstance(self.social_security_registry, Unset):
            social_security_registry = UNSET
        elif isinstance(self.social_security_registry, SocialSecurityRegistry):
            social_security_registry = self.social_security_registry.value
        else:
            social_security_registry = self.social_security_registry

        social_security_since: None | str | Unset
        if isinstance(self.social_security_since, Unset):
            social_security_since = UNSET
        elif isinstance(self.social_security_since, datetime.date):
            social_security_since = self.social_security_since.isoformat()
        else:
            social_security_since = self.social_security_since

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
                "member_id": member_id,
                "role": role,
                "contract": contract,
                "started_on": started_on,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if organisation_id is not UNSET:
            field_dict["organisation_id"] = organisation_id
        if occupation is not UNSET:
            field_dict["occupation"] = occupation
        if ended_on is not UNSET:
            field_dict["ended_on"] = ended_on
        if social_security_registry is not UNSET:
            field_dict["social_security_registry"] = social_security_registry
        if social_security_since is not UNSET:
            field_dict["social_security_since"] = social_security_since
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        member_id = UUID(d.pop("member_id"))

        role = JobRole(d.pop("role"))

        contract = ContractKind(d.pop("contract"))

        started_on = datetime.date.fromisoformat(d.pop("started_on"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_organisation_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                organisation_id_type_0 = UUID(data)

                return organisation_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        organisation_id = _parse_organisation_id(d.pop("organisation_id", UNSET))

        def _parse_occupation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        occupation = _parse_occupation(d.pop("occupation", UNSET))

        def _parse_ended_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_on_type_0 = datetime.date.fromisoformat(data)

                return ended_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        ended_on = _parse_ended_on(d.pop("ended_on", UNSET))

        def _parse_social_security_registry(data: object) -> None | SocialSecurityRegistry | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                social_security_registry_type_0 = SocialSecurityRegistry(data)

                return social_security_registry_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SocialSecurityRegistry | Unset, data)

        social_security_registry = _parse_social_security_registry(d.pop("social_security_registry", UNSET))

        def _parse_social_security_since(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                social_security_since_type_0 = datetime.date.fromisoformat(data)

                return social_security_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        social_security_since = _parse_social_security_since(d.pop("social_security_since", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        job = cls(
            id=id,
            member_id=member_id,
            role=role,
            contract=contract,
            started_on=started_on,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            organisation_id=organisation_id,
            occupation=occupation,
            ended_on=ended_on,
            social_security_registry=social_security_registry,
            social_security_since=social_security_since,
            partner_id=partner_id,
        )

        job.additional_properties = d
        return job

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
