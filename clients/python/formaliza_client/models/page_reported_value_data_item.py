from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.indicator_frozen_live_value import IndicatorFrozenLiveValue


T = TypeVar("T", bound="PageReportedValueDataItem")


@_attrs_define
class PageReportedValueDataItem:
    """A reported value as the API returns it: never changed once recorded.

    Attributes:
        id (UUID):
        indicator_id (UUID):
        value (float):
        reference_date (datetime.date):
        reported_on (datetime.date):
        reported_to (str):
        live_at_recording (IndicatorFrozenLiveValue): The live computation frozen when a value was recorded.
        recorded_by (str): Who recorded it (the token's `sub`).
        version (int):
        created_at (datetime.datetime):
        source (None | str | Unset):
        note (None | str | Unset):
        corrects (None | Unset | UUID):
        superseded_by (None | Unset | UUID):
        difference (float | None | Unset): `value` minus `live_at_recording.value`: how far the reported figure is from
            what the
            records said (`null` when the live value was withheld).
    """

    id: UUID
    indicator_id: UUID
    value: float
    reference_date: datetime.date
    reported_on: datetime.date
    reported_to: str
    live_at_recording: IndicatorFrozenLiveValue
    recorded_by: str
    version: int
    created_at: datetime.datetime
    source: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    corrects: None | Unset | UUID = UNSET
    superseded_by: None | Unset | UUID = UNSET
    difference: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        indicator_id = str(self.indicator_id)

        value = self.value

        reference_date = self.reference_date.isoformat()

        reported_on = self.reported_on.isoformat()

        reported_to = self.reported_to

        live_at_recording = self.live_at_recording.to_dict()

        recorded_by = self.recorded_by

        version = self.version

        created_at = self.created_at.isoformat()

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
        elif isinstance(self.corrects, UUID):
            corrects = str(self.corrects)
        else:
            corrects = self.corrects

        superseded_by: None | str | Unset
        if isinstance(self.superseded_by, Unset):
            superseded_by = UNSET
        elif isinstance(self.superseded_by, UUID):
            superseded_by = str(self.superseded_by)
        else:
            superseded_by = self.superseded_by

        difference: float | None | Unset
        if isinstance(self.difference, Unset):
            difference = UNSET
        else:
            difference = self.difference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "indicator_id": indicator_id,
                "value": value,
                "reference_date": reference_date,
                "reported_on": reported_on,
                "reported_to": reported_to,
                "live_at_recording": live_at_recording,
                "recorded_by": recorded_by,
                "version": version,
                "created_at": created_at,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source
        if note is not UNSET:
            field_dict["note"] = note
        if corrects is not UNSET:
            field_dict["corrects"] = corrects
        if superseded_by is not UNSET:
            field_dict["superseded_by"] = superseded_by
        if difference is not UNSET:
            field_dict["difference"] = difference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.indicator_frozen_live_value import IndicatorFrozenLiveValue  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        indicator_id = UUID(d.pop("indicator_id"))

        value = d.pop("value")

        reference_date = datetime.date.fromisoformat(d.pop("reference_date"))

        reported_on = datetime.date.fromisoformat(d.pop("reported_on"))

        reported_to = d.pop("reported_to")

        live_at_recording = IndicatorFrozenLiveValue.from_dict(d.pop("live_at_recording"))

        recorded_by = d.pop("recorded_by")

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

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

        def _parse_corrects(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                corrects_type_0 = UUID(data)

                return corrects_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        corrects = _parse_corrects(d.pop("corrects", UNSET))

        def _parse_superseded_by(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                superseded_by_type_0 = UUID(data)

                return superseded_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        superseded_by = _parse_superseded_by(d.pop("superseded_by", UNSET))

        def _parse_difference(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        difference = _parse_difference(d.pop("difference", UNSET))

        page_reported_value_data_item = cls(
            id=id,
            indicator_id=indicator_id,
            value=value,
            reference_date=reference_date,
            reported_on=reported_on,
            reported_to=reported_to,
            live_at_recording=live_at_recording,
            recorded_by=recorded_by,
            version=version,
            created_at=created_at,
            source=source,
            note=note,
            corrects=corrects,
            superseded_by=superseded_by,
            difference=difference,
        )

        page_reported_value_data_item.additional_properties = d
        return page_reported_value_data_item

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
