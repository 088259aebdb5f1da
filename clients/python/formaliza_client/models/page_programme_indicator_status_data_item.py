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
    from ..models.indicator_assessment import IndicatorAssessment
    from ..models.indicator_baseline import IndicatorBaseline
    from ..models.indicator_live_value import IndicatorLiveValue
    from ..models.indicator_target import IndicatorTarget
    from ..models.localised_text import LocalisedText
    from ..models.programme_indicator_definition import ProgrammeIndicatorDefinition
    from ..models.reported_value import ReportedValue


T = TypeVar("T", bound="PageProgrammeIndicatorStatusDataItem")


@_attrs_define
class PageProgrammeIndicatorStatusDataItem:
    """Where an indicator stands on a date.

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
        as_of (datetime.date):
        live (IndicatorLiveValue): A measure's value on a date as the caller may see it: `null` and `suppressed` when
            the
            measure withholds it (too few households or people to publish), never computed around.
        assessment (IndicatorAssessment): The verdict of [`assess`].
        baseline (IndicatorBaseline | None | Unset):
        last_reported (None | ReportedValue | Unset):
        next_target (IndicatorTarget | None | Unset):
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
    as_of: datetime.date
    live: IndicatorLiveValue
    assessment: IndicatorAssessment
    baseline: IndicatorBaseline | None | Unset = UNSET
    last_reported: None | ReportedValue | Unset = UNSET
    next_target: IndicatorTarget | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.indicator_baseline import IndicatorBaseline  # noqa: PLC0415
        from ..models.indicator_target import IndicatorTarget  # noqa: PLC0415
        from ..models.reported_value import ReportedValue  # noqa: PLC0415

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

        as_of = self.as_of.isoformat()

        live = self.live.to_dict()

        assessment = self.assessment.to_dict()

        baseline: dict[str, Any] | None | Unset
        if isinstance(self.baseline, Unset):
            baseline = UNSET
        elif isinstance(self.baseline, IndicatorBaseline):
            baseline = self.baseline.to_dict()
        else:
            baseline = self.baseline

        last_reported: dict[str, Any] | None | Unset
        if isinstance(self.last_reported, Unset):
            last_reported = UNSET
        elif isinstance(self.last_reported, ReportedValue):
            last_reported = self.last_reported.to_dict()
        else:
            last_reported = self.last_reported

        next_target: dict[str, Any] | None | Unset
        if isinstance(self.next_target, Unset):
            next_target = UNSET
        elif isinstance(self.next_target, IndicatorTarget):
            next_target = self.next_target.to_dict()
        else:
            next_target = self.next_target

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
                "as_of": as_of,
                "live": live,
                "assessment": assessment,
            }
        )
        if baseline is not UNSET:
            field_dict["baseline"] = baseline
        if last_reported is not UNSET:
            field_dict["last_reported"] = last_reported
        if next_target is not UNSET:
            field_dict["next_target"] = next_target

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.indicator_assessment import IndicatorAssessment  # noqa: PLC0415
        from ..models.indicator_baseline import IndicatorBaseline  # noqa: PLC0415
        from ..models.indicator_live_value import IndicatorLiveValue  # noqa: PLC0415
        from ..models.indicator_target import IndicatorTarget  # noqa: PLC0415
        from ..models.localised_text import LocalisedText  # noqa: PLC0415
        from ..models.programme_indicator_definition import ProgrammeIndicatorDefinition  # noqa: PLC0415
        from ..models.reported_value import ReportedValue  # noqa: PLC0415

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

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        live = IndicatorLiveValue.from_dict(d.pop("live"))

        assessment = IndicatorAssessment.from_dict(d.pop("assessment"))

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

        def _parse_last_reported(data: object) -> None | ReportedValue | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                last_reported_type_0 = ReportedValue.from_dict(data)

                return last_reported_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReportedValue | Unset, data)

        last_reported = _parse_last_reported(d.pop("last_reported", UNSET))

        def _parse_next_target(data: object) -> IndicatorTarget | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_target_type_0 = IndicatorTarget.from_dict(data)

                return next_target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(IndicatorTarget | None | Unset, data)

        next_target = _parse_next_target(d.pop("next_target", UNSET))

        page_programme_indicator_status_data_item = cls(
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
            as_of=as_of,
            live=live,
            assessment=assessment,
            baseline=baseline,
            last_reported=last_reported,
            next_target=next_target,
        )

        page_programme_indicator_status_data_item.additional_properties = d
        return page_programme_indicator_status_data_item

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
