from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.registration_status import RegistrationStatus
from ..models.registry import Registry
from ..models.tax_regime import TaxRegime
from ..types import UNSET, Unset

T = TypeVar("T", bound="Registration")


@_attrs_define
class Registration:
    """A registration as the API returns it.

    Attributes:
        id (UUID):
        organisation_id (UUID):
        registry (Registry): The register an organisation is entered in.
        number (str):
        status (RegistrationStatus): Where a registration stands. A licence whose `expires_on` has passed reads
            `expired`.
        status_since (datetime.date): When the current status took effect (for `expired`: the day after `expires_on`).
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        tax_regime (None | TaxRegime | Unset):
        issued_by (None | str | Unset):
        expires_on (datetime.date | None | Unset):
        evidence (None | str | Unset):
        partner_id (None | str | Unset): The partner organisation that owns this record (`null`: programme-wide).
    """

    id: UUID
    organisation_id: UUID
    registry: Registry
    number: str
    status: RegistrationStatus
    status_since: datetime.date
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    tax_regime: None | TaxRegime | Unset = UNSET
    issued_by: None | str | Unset = UNSET
    expires_on: datetime.date | None | Unset = UNSET
    evidence: None | str | Unset = UNSET
    partner_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organisation_id = str(self.organisation_id)

        registry = self.registry.value

        number = self.number

        status = self.status.value

        status_since = self.status_since.isoformat()

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        tax_regime: None | str | Unset
        if isinstance(self.tax_regime, Unset):
            tax_regime = UNSET
        elif isinstance(self.tax_regime, TaxRegime):
            tax_regime = self.tax_regime.value
        else:
            tax_regime = self.tax_regime

        issued_by: None | str | Unset
        if isinstance(self.issued_by, Unset):
            issued_by = UNSET
        else:
            issued_by = self.issued_by

        expires_on: None | str | Unset
        if isinstance(self.expires_on, Unset):
            expires_on = UNSET
        elif isinstance(self.expires_on, datetime.date):
            expires_on = self.expires_on.isoformat()
        else:
            expires_on = self.expires_on

        evidence: None | str | Unset
        if isinstance(self.evidence, Unset):
            evidence = UNSET
        else:
            evidence = self.evidence

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
                "organisation_id": organisation_id,
                "registry": registry,
                "number": number,
                "status": status,
                "status_since": status_since,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if tax_regime is not UNSET:
            field_dict["tax_regime"] = tax_regime
        if issued_by is not UNSET:
            field_dict["issued_by"] = issued_by
        if expires_on is not UNSET:
            field_dict["expires_on"] = expires_on
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        organisation_id = UUID(d.pop("organisation_id"))

        registry = Registry(d.pop("registry"))

        number = d.pop("number")

        status = RegistrationStatus(d.pop("status"))

        status_since = datetime.date.fromisoformat(d.pop("status_since"))

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_tax_regime(data: object) -> None | TaxRegime | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tax_regime_type_0 = TaxRegime(data)

                return tax_regime_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TaxRegime | Unset, data)

        tax_regime = _parse_tax_regime(d.pop("tax_regime", UNSET))

        def _parse_issued_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issued_by = _parse_issued_by(d.pop("issued_by", UNSET))

        def _parse_expires_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_on_type_0 = datetime.date.fromisoformat(data)

                return expires_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expires_on = _parse_expires_on(d.pop("expires_on", UNSET))

        def _parse_evidence(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        evidence = _parse_evidence(d.pop("evidence", UNSET))

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        registration = cls(
            id=id,
            organisation_id=organisation_id,
            registry=registry,
            number=number,
            status=status,
            status_since=status_since,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            tax_regime=tax_regime,
            issued_by=issued_by,
            expires_on=expires_on,
            evidence=evidence,
            partner_id=partner_id,
        )

        registration.additional_properties = d
        return registration

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
