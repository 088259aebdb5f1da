from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.indicator_direction import IndicatorDirection
from ..models.indicator_unit import IndicatorUnit
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.indicator_baseline import IndicatorBaseline
    from ..models.indicator_target import IndicatorTarget
    from ..models.localised_text import LocalisedText
    from ..models.programme_indicator_definition_input import ProgrammeIndicatorDefinitionInput


T = TypeVar("T", bound="ProgrammeIndicatorInput")


@_attrs_define
class ProgrammeIndicatorInput:
    """An indicator as the programme office sends it.

    Example:
        {'baseline': {'date': '2024-01-31', 'source': 'Línea de base del programa', 'value': 38.0}, 'code': 'PS-CAFE',
            'definition': {'filters': {'sector': 'coffee'}, 'measure': 'coverage_public_service'}, 'description': {'en':
            None, 'es': 'Hogares con al menos un miembro en el sector café y al menos un afiliado activo a SIS, EsSalud, SUS
            o un sistema de pensiones.'}, 'direction': 'increase', 'name': {'en': "Coffee producers' families with access to
            public services", 'es': 'Familias cafetaleras con acceso a servicios públicos'}, 'targets': [{'due_on':
            '2025-12-31', 'value': 50.0}, {'due_on': '2027-12-31', 'value': 65.0}], 'unit': 'percent'}

    Attributes:
        code (str): Short and unique among the catalogue's indicators: capitals, digits, `.`, `-`, `_`
            (2 to 32 characters, `PS-CAFE`).
        name (LocalisedText): A text in Spanish and English.
        unit (IndicatorUnit): What an indicator's values are.
        definition (ProgrammeIndicatorDefinitionInput): The definition as sent: the measure by name and its filters as
            an object, checked one by
            one (an unknown measure or a filter the measure does not take is a field error).
        description (LocalisedText | None | Unset):
        direction (IndicatorDirection | Unset): Which way is progress.
        baseline (IndicatorBaseline | None | Unset):
        targets (list[IndicatorTarget] | Unset): Up to 20, each on its own date after the baseline's (default none).
    """

    code: str
    name: LocalisedText
    unit: IndicatorUnit
    definition: ProgrammeIndicatorDefinitionInput
    description: LocalisedText | None | Unset = UNSET
    direction: IndicatorDirection | Unset = UNSET
    baseline: IndicatorBaseline | None | Unset = UNSET
    targets: list[IndicatorTarget] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.indicator_baseline import IndicatorBaseline  # noqa: PLC0415
        from ..models.localised_text import LocalisedText  # noqa: PLC0415

        code = self.code

        name = self.name.to_dict()

        unit = self.unit.value

        definition = self.definition.to_dict()

        description: dict[str, Any] | None | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        elif isinstance(self.description, LocalisedText):
            description = self.description.to_dict()
        else:
            description = self.description

        direction: str | Unset = UNSET
        if not isinstance(self.direction, Unset):
            direction = self.direction.value

        baseline: dict[str, Any] | None | Unset
        if isinstance(self.baseline, Unset):
            baseline = UNSET
        elif isinstance(self.baseline, IndicatorBaseline):
            baseline = self.baseline.to_dict()
        else:
            baseline = self.baseline

        targets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.targets, Unset):
            targets = []
            for targets_item_data in self.targets:
                targets_item = targets_item_data.to_dict()
                targets.append(targets_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "name": name,
                "unit": unit,
                "definition": definition,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if direction is not UNSET:
            field_dict["direction"] = direction
        if baseline is not UNSET:
            field_dict["baseline"] = baseline
        if targets is not UNSET:
            field_dict["targets"] = targets

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.indicator_baseline import IndicatorBaseline  # noqa: PLC0415
        from ..models.indicator_target import IndicatorTarget  # noqa: PLC0415
        from ..models.localised_text import LocalisedText  # noqa: PLC0415
        from ..models.programme_indicator_definition_input import ProgrammeIndicatorDefinitionInput  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        name = LocalisedText.from_dict(d.pop("name"))

        unit = IndicatorUnit(d.pop("unit"))

        definition = ProgrammeIndicatorDefinitionInput.from_dict(d.pop("definition"))

        def _parse_description(data: object) -> LocalisedText | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                description_type_0 = LocalisedText.from_dict(data)

                return description_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LocalisedText | None | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _direction = d.pop("direction", UNSET)
        direction: IndicatorDirection | Unset
        if isinstance(_direction, Unset):
            direction = UNSET
        else:
            direction = IndicatorDirection(_direction)

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

        _targets = d.pop("targets", UNSET)
        targets: list[IndicatorTarget] | Unset = UNSET
        if _targets is not UNSET:
            targets = []
            for targets_item_data in _targets:
                targets_item = IndicatorTarget.from_dict(targets_item_data)

                targets.append(targets_item)

        programme_indicator_input = cls(
            code=code,
            name=name,
            unit=unit,
            definition=definition,
            description=description,
            direction=direction,
            baseline=baseline,
            targets=targets,
        )

        return programme_indicator_input
