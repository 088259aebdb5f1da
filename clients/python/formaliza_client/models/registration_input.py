from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.registration_status import RegistrationStatus
from ..models.registry import Registry
from ..models.tax_regime import TaxRegime
from ..types import UNSET, Unset

T = TypeVar("T", bound="RegistrationInput")


@_attrs_define
class RegistrationInput:
    """A registration as a partner sends it. `status` and `effective_on` are read at creation
    only; later changes go through `POST /v1/registrations/{id}/transitions`.

        Example:
            {'effective_on': '2025-08-04', 'evidence': 'Ficha RUC impresa el 2025-08-04', 'issued_by': 'SUNAT Intendencia
                Regional Junín', 'number': '20131312955', 'organisation_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'registry':
                'pe_ruc', 'tax_regime': 'pe_rmt'}

        Attributes:
            organisation_id (str):
            registry (Registry): The register an organisation is entered in.
            number (str): The number the registry gave (RUC: 11 digits with its check digit; SUNARP: 8 digits;
                NIT: 5 to 15 digits; SEPREC: 1 to 12 digits; others as the document shows).
            tax_regime (None | TaxRegime | Unset):
            issued_by (None | str | Unset): The office or municipality that issued it (required for licences).
            expires_on (datetime.date | None | Unset): Licences only: the last day it is valid (none: indefinite).
            status (None | RegistrationStatus | Unset):
            effective_on (datetime.date | None | Unset): Creation only: when it took effect (default today; backdating
                allowed, a future date
                refused).
            evidence (None | str | Unset): What was seen (a printed record, a registry lookup), at most 500 characters.
    """

    organisation_id: str
    registry: Registry
    number: str
    tax_regime: None | TaxRegime | Unset = UNSET
    issued_by: None | str | Unset = UNSET
    expires_on: datetime.date | None | Unset = UNSET
    status: None | RegistrationStatus | Unset = UNSET
    effective_on: datetime.date | None | Unset = UNSET
    evidence: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        organisation_id = self.organisation_id

        registry = self.registry.value

        number = self.number

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

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, RegistrationStatus):
            status = self.status.value
        else:
            status = self.status

        effective_on: None | str | Unset
        if isinstance(self.effective_on, Unset):
            effective_on = UNSET
        elif isinstance(self.effective_on, datetime.date):
            effective_on = self.effective_on.isoformat()
        else:
            effective_on = self.effective_on

        evidence: None | str | Unset
        if isinstance(self.evidence, Unset):
            evidence = UNSET
        else:
            evidence = self.evidence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "organisation_id": organisation_id,
                "registry": registry,
                "number": number,
            }
        )
        if tax_regime is not UNSET:
            field_dict["tax_regime"] = tax_regime
        if issued_by is not UNSET:
            field_dict["issued_by"] = issued_by
        if expires_on is not UNSET:
            field_dict["expires_on"] = expires_on
        if status is not UNSET:
            field_dict["status"] = status
        if effective_on is not UNSET:
            field_dict["effective_on"] = effective_on
        if evidence is not UNSET:
            field_dict["evidence"] = evidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        organisation_id = d.pop("organisation_id")

        registry = Registry(d.pop("registry"))

        number = d.pop("number")

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

        def _parse_status(data: object) -> None | RegistrationStatus | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = RegistrationStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RegistrationStatus | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_effective_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                effective_on_type_0 = datetime.date.fromisoformat(data)

                return effective_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        effective_on = _parse_effective_on(d.pop("effective_on", UNSET))

        def _parse_evidence(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        evidence = _parse_evidence(d.pop("evidence", UNSET))

        registration_input = cls(
            organisation_id=organisation_id,
            registry=registry,
            number=number,
            tax_regime=tax_regime,
            issued_by=issued_by,
            expires_on=expires_on,
            status=status,
            effective_on=effective_on,
            evidence=evidence,
        )

        return registration_input
