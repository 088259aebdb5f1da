from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReportedValueInput")


@_attrs_define
class ReportedValueInput:
    """A value reported to a donor or a ministry, as the programme office records it.

    Example:
        {'indicator_id': '01938a3c-7f00-7c2e-9a41-5b6f0e2d1a77', 'note': 'Cifra presentada en la reunión del comité
            directivo', 'reference_date': '2026-11-30', 'reported_on': '2026-12-01', 'reported_to': 'Informe semestral al
            donante', 'source': 'Registros del programa (Formaliza)', 'value': 57.6}

    Attributes:
        indicator_id (str):
        value (float): The figure as reported (a percentage 0–100, or a count, as the indicator's unit).
        reference_date (datetime.date): The date the figure describes (not in the future).
        reported_to (str): To whom: a donor, a ministry, a report (2 to 200 characters).
        reported_on (datetime.date | None | Unset): The day it was reported (default today; not before `reference_date`,
            not in the future).
        source (None | str | Unset):
        note (None | str | Unset): Up to 2,000 characters.
        corrects (None | str | Unset): The reported value of the same indicator this one corrects (each is corrected at
            most
            once: correct the correction to correct again).
    """

    indicator_id: str
    value: float
    reference_date: datetime.date
    reported_to: str
    reported_on: datetime.date | None | Unset = UNSET
    source: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    corrects: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        indicator_id = self.indicator_id

        value = self.value

        reference_date = self.reference_date.isoformat()

        reported_to = self.reported_to

        reported_on: None | str | Unset
        if isinstance(self.reported_on, Unset):
            reported_on = UNSET
        elif isinstance(self.reported_on, datetime.date):
            reported_on = self.reported_on.isoformat()
        else:
            reported_on = self.reported_on

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        corrects: None | str | Unset
        if isinstance(self.corrects, Unset):
            corrects = UNSET
        else:
            corrects = self.corrects

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "indicator_id": indicator_id,
                "value": value,
                "reference_date": reference_date,
                "reported_to": reported_to,
            }
        )
        if reported_on is not UNSET:
            field_dict["reported_on"] = reported_on
        if source is not UNSET:
            field_dict["source"] = source
        if note is not UNSET:
            field_dict["note"] = note
        if corrects is not UNSET:
            field_dict["corrects"] = corrects

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        indicator_id = d.pop("indicator_id")

        value = d.pop("value")

        reference_date = datetime.date.fromisoformat(d.pop("reference_date"))

        reported_to = d.pop("reported_to")

        def _parse_reported_on(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reported_on_type_0 = datetime.date.fromisoformat(data)

                return reported_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        reported_on = _parse_reported_on(d.pop("reported_on", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_corrects(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        corrects = _parse_corrects(d.pop("corrects", UNSET))

        reported_value_input = cls(
            indicator_id=indicator_id,
            value=value,
            reference_date=reference_date,
            reported_to=reported_to,
            reported_on=reported_on,
            source=source,
            note=note,
            corrects=corrects,
        )

        return reported_value_input
