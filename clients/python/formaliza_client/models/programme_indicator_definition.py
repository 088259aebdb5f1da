from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.programme_measure import ProgrammeMeasure

if TYPE_CHECKING:
    from ..models.programme_measure_filters import ProgrammeMeasureFilters


T = TypeVar("T", bound="ProgrammeIndicatorDefinition")


@_attrs_define
class ProgrammeIndicatorDefinition:
    """What an indicator measures: one computed measure with its filters.

    Attributes:
        measure (ProgrammeMeasure): The computed measure an indicator follows.
        filters (ProgrammeMeasureFilters): The filters of a measure, as its endpoint takes them (each only where the
            measure takes it:
            see `measure`). Absent filters are left out.
    """

    measure: ProgrammeMeasure
    filters: ProgrammeMeasureFilters

    def to_dict(self) -> dict[str, Any]:
        measure = self.measure.value

        filters = self.filters.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "measure": measure,
                "filters": filters,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.programme_measure_filters import ProgrammeMeasureFilters  # noqa: PLC0415

        d = dict(src_dict)
        measure = ProgrammeMeasure(d.pop("measure"))

        filters = ProgrammeMeasureFilters.from_dict(d.pop("filters"))

        programme_indicator_definition = cls(
            measure=measure,
            filters=filters,
        )

        return programme_indicator_definition
