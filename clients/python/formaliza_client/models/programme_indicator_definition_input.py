from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.programme_measure import ProgrammeMeasure
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.programme_indicator_definition_input_filters import ProgrammeIndicatorDefinitionInputFilters


T = TypeVar("T", bound="ProgrammeIndicatorDefinitionInput")


@_attrs_define
class ProgrammeIndicatorDefinitionInput:
    """The definition as sent: the measure by name and its filters as an object, checked one by
    one (an unknown measure or a filter the measure does not take is a field error).

        Attributes:
            measure (ProgrammeMeasure): The computed measure an indicator follows.
            filters (ProgrammeIndicatorDefinitionInputFilters | Unset): The measure's filters (see
                `ProgrammeMeasureFilters`); default none.
    """

    measure: ProgrammeMeasure
    filters: ProgrammeIndicatorDefinitionInputFilters | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        measure = self.measure.value

        filters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = self.filters.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "measure": measure,
            }
        )
        if filters is not UNSET:
            field_dict["filters"] = filters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.programme_indicator_definition_input_filters import ProgrammeIndicatorDefinitionInputFilters  # noqa: PLC0415

        d = dict(src_dict)
        measure = ProgrammeMeasure(d.pop("measure"))

        _filters = d.pop("filters", UNSET)
        filters: ProgrammeIndicatorDefinitionInputFilters | Unset
        if isinstance(_filters, Unset):
            filters = UNSET
        else:
            filters = ProgrammeIndicatorDefinitionInputFilters.from_dict(_filters)

        programme_indicator_definition_input = cls(
            measure=measure,
            filters=filters,
        )

        return programme_indicator_definition_input
