from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ErasureInput")


@_attrs_define
class ErasureInput:
    """An erasure request.

    Example:
        {'reason': 'Requested in person at the Pichanaqui office on 2026-12-01 (form 118)'}

    Attributes:
        reason (str): Why, and on whose request (kept in the erasure log for the programme office, 3 to 1000
            characters): the date and channel of the person's request, not their name.
    """

    reason: str

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        erasure_input = cls(
            reason=reason,
        )

        return erasure_input
