from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.contract_kind import ContractKind
from ..models.job_role import JobRole
from ..models.social_security_registry import SocialSecurityRegistry
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobInput")


@_attrs_define
class JobInput:
    """A job as a partner sends it.

    Example:
        {'contract': 'written', 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'occupation': 'Costurera',
            'organisation_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'role': 'employee', 'social_security_registry':
            'pe_t_registro', 'social_security_since': '2025-04-01', 'started_on': '2025-03-01'}

    Attributes:
        member_id (str):
        role (JobRole): The worker's status in employment (ICSE-18, simplified).
        started_on (datetime.date):
        organisation_id (None | str | Unset): The economic unit (the employer, the cooperative, the worker's own
            enterprise); none for
            work for a household or for an unrecorded unit.
        occupation (None | str | Unset): What the work is (at most 200 characters).
        contract (ContractKind | None | Unset):
        ended_on (datetime.date | None | Unset): The last day worked (none: still held).
        social_security_registry (None | SocialSecurityRegistry | Unset):
        social_security_since (datetime.date | None | Unset): Employees only: since when (on or after `started_on`, not
            in the future).
    """

    member_id: str
    role: JobRole
    started_on: datetime.date
    organisation_id: None | str | Unset = UNSET
    occupation: None | str | Unset = UNSET
    contract: ContractKind | None | Unset = UNSET
    ended_on: datetime.date | None | Unset = UNSET
    social_security_registry: None | SocialSecurityRegistry | Unset = UNSET
    social_security_since: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        role = self.role.value

        started_on = self.started_on.isoformat()

        organisation_id: None | str | Unset
        if isinstance(self.organisation_id, Unset):
            organisation_id = UNSET
        else:
            organisation_id = self.organisation_id

        occupation: None | str | Unset
        if isinstance(self.occupation, Unset):
            occupation = UNSET
        else:
            occupation = self.occupation

        contract: None | str | Unset
        if isinstance(self.contract, Unset):
            contract = UNSET
        elif isinstance(self.contract, ContractKind):
            contract = self.contract.value
        else:
            contract = self.contract

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_id": member_id,
                "role": role,
                "started_on": started_on,
            }
        )
        if organisation_id is not UNSET:
            field_dict["organisation_id"] = organisation_id
        if occupation is not UNSET:
            field_dict["occupation"] = occupation
        if contract is not UNSET:
            field_dict["contract"] = contract
        if ended_on is not UNSET:
            field_dict["ended_on"] = ended_on
        if social_security_registry is not UNSET:
            field_dict["social_security_registry"] = social_security_registry
        if social_security_since is not UNSET:
            field_dict["social_security_since"] = social_security_since

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        role = JobRole(d.pop("role"))

        started_on = datetime.date.fromisoformat(d.pop("started_on"))

        def _parse_organisation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        organisation_id = _parse_organisation_id(d.pop("organisation_id", UNSET))

        def _parse_occupation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        occupation = _parse_occupation(d.pop("occupation", UNSET))

        def _parse_contract(data: object) -> ContractKind | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                contract_type_0 = ContractKind(data)

                return contract_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContractKind | None | Unset, data)

        contract = _parse_contract(d.pop("contract", UNSET))

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

        job_input = cls(
            member_id=member_id,
            role=role,
            started_on=started_on,
            organisation_id=organisation_id,
            occupation=occupation,
            contract=contract,
            ended_on=ended_on,
            social_security_registry=social_security_registry,
            social_security_since=social_security_since,
        )

        return job_input
