from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.document_type import DocumentType
from ..types import UNSET, Unset

T = TypeVar("T", bound="NationalIdInput")


@_attrs_define
class NationalIdInput:
    """An identity document as a client sends it.

    Example:
        {'number': '45871236', 'type': 'pe_dni'}

    Attributes:
        type_ (DocumentType): Kind of identity document.
        number (str): The number as printed; spaces and dots are ignored. For a Bolivian CI, `4567890-1B` is
            read as number `4567890` with complement `1B`.
        country (None | str | Unset): Issuing country (ISO 3166-1 alpha-2). Implied for `pe_*` (PE) and `bo_ci` (BO);
            required for passports.
        complement (None | str | Unset): Bolivian CI only: duplicate-number complement such as `1B`.
        issued_in (None | str | Unset): Bolivian CI only: issuing department (`LP`, `CB`, `SC`, …).
    """

    type_: DocumentType
    number: str
    country: None | str | Unset = UNSET
    complement: None | str | Unset = UNSET
    issued_in: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        number = self.number

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        complement: None | str | Unset
        if isinstance(self.complement, Unset):
            complement = UNSET
        else:
            complement = self.complement

        issued_in: None | str | Unset
        if isinstance(self.issued_in, Unset):
            issued_in = UNSET
        else:
            issued_in = self.issued_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "number": number,
            }
        )
        if country is not UNSET:
            field_dict["country"] = country
        if complement is not UNSET:
            field_dict["complement"] = complement
        if issued_in is not UNSET:
            field_dict["issued_in"] = issued_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = DocumentType(d.pop("type"))

        number = d.pop("number")

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_complement(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        complement = _parse_complement(d.pop("complement", UNSET))

        def _parse_issued_in(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        issued_in = _parse_issued_in(d.pop("issued_in", UNSET))

        national_id_input = cls(
            type_=type_,
            number=number,
            country=country,
            complement=complement,
            issued_in=issued_in,
        )

        return national_id_input
