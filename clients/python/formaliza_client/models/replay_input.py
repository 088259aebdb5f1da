from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ReplayInput")


@_attrs_define
class ReplayInput:
    """Where to start again.

    Example:
        {'after': 1200, 'service': 'members'}

    Attributes:
        service (str):
        after (int): Deliver again every event after this `seq` (0: from the beginning).
    """

    service: str
    after: int

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        after = self.after

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "service": service,
                "after": after,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = d.pop("service")

        after = d.pop("after")

        replay_input = cls(
            service=service,
            after=after,
        )

        return replay_input
