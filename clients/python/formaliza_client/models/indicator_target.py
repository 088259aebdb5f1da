from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="IndicatorTarget")


@_attrs_define
class IndicatorTarget:
    """A value to reach by a date.

    Attributes:
        value (float):
        due_on (datetime.date):
    """

    value: float
    due_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        due_on = self.due_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "value": value,
                "due_on": due_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        indicator_target = cls(
            value=value,
            due_on=due_on,
        )

        return indicator_target
