from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.indicator_direction import IndicatorDirection
from ..models.indicator_unit import IndicatorUnit
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.indicator_baseline import IndicatorBaseline
    from ..models.indicator_target import IndicatorTarget
    from ..models.localised_text import LocalisedText
    from ..models.programme_indicator_definition import ProgrammeIndicatorDefinition


T = TypeVar("T", bound="ProgrammeIndicator")


@_attrs_define
class ProgrammeIndicator:
    """An indicator of the programme's catalogue as the API returns it.

    Attributes:
        id (UUID):
        code (str):
        name (LocalisedText): A text in Spanish and English.
        description (LocalisedText): A text in Spanish and English.
        unit (IndicatorUnit): What an indicator's values are.
        direction (IndicatorDirection): Which way is progress.
        definition (ProgrammeIndicatorDefinition): What an indicator measures: one computed measure with its filters.
        targets (list[IndicatorTarget]): By due date.
        version (int):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        baseline (IndicatorBaseline | None | Unset):
    """

    id: UUID
    code: str
    name: LocalisedText
    description: LocalisedText
    unit: IndicatorUnit
    direction: IndicatorDirection
    definition: ProgrammeIndicatorDefinition
    targets: list[IndicatorTarget]
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    baseline: IndicatorBaseline | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.indicator_baseline import IndicatorBaseline  # noqa: PLC0415

        id = str(self.id)

        code = self.code

        name = self.name.to_dict()

        description = self.description.to_dict()

        unit = self.unit.value

        direction = self.direction.value

        definition = self.definition.to_dict()

        targets = []
        for targets_item_data in self.targets:
            targets_item = targets_item_data.to_dict()
            targets.append(targets_item)

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        baseline: dict[str, Any] | None | Unset
        if isinstance(self.baseline, Unset):
            baseline = UNSET
        elif isinstance(self.baseline, IndicatorBaseline):
            baseline = self.baseline.to_dict()
        else:
            baseline = self.baseline

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "name": name,
                "description": description,
                "unit": unit,
                "direction": direction,
                "definition": definition,
                "targets": targets,
                "version": version,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if baseline is not UNSET:
            field_dict["baseline"] = baseline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.indicator_baseline import IndicatorBaseline  # noqa: PLC0415
        from ..models.indicator_target import IndicatorTarget  # noqa: PLC0415
        from ..models.localised_text import LocalisedText  # noqa: PLC0415
        from ..models.programme_indicator_definition import ProgrammeIndicatorDefinition  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        code = d.pop("code")

        name = LocalisedText.from_dict(d.pop("name"))

        description = LocalisedText.from_dict(d.pop("description"))

        unit = IndicatorUnit(d.pop("unit"))

        direction = IndicatorDirection(d.pop("direction"))

        definition = ProgrammeIndicatorDefinition.from_dict(d.pop("definition"))

        targets = []
        _targets = d.pop("targets")
        for targets_item_data in _targets:
            targets_item = IndicatorTarget.from_dict(targets_item_data)

            targets.append(targets_item)

        version = d.pop("version")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_baseline(data: object) -> IndicatorBaseline | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                baseline_type_0 = IndicatorBaseline.from_dict(data)

                return baseline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IndicatorBaseline | None | Unset, data)

        baseline = _parse_baseline(d.pop("baseline", UNSET))

        programme_indicator = cls(
            id=id,
            code=code,
            name=name,
            description=description,
            unit=unit,
            direction=direction,
            definition=definition,
            targets=targets,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            baseline=baseline,
        )

        programme_indicator.additional_properties = d
        return programme_indicator

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
