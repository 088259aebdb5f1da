from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FeedProgress")


@_attrs_define
class FeedProgress:
    """One service's delivery progress.

    Attributes:
        service (str):
        delivered_seq (int): The last `seq` of this feed delivered (or passed over by the filters).
        head_seq (int): The feed's last `seq` when it was last read.
        lag_events (int): Events of this feed not delivered yet (as of that read).
        lag_seconds (int): How long the oldest of them has been waiting, in seconds (0 when none).
    """

    service: str
    delivered_seq: int
    head_seq: int
    lag_events: int
    lag_seconds: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        delivered_seq = self.delivered_seq

        head_seq = self.head_seq

        lag_events = self.lag_events

        lag_seconds = self.lag_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "delivered_seq": delivered_seq,
                "head_seq": head_seq,
                "lag_events": lag_events,
                "lag_seconds": lag_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = d.pop("service")

        delivered_seq = d.pop("delivered_seq")

        head_seq = d.pop("head_seq")

        lag_events = d.pop("lag_events")

        lag_seconds = d.pop("lag_seconds")

        feed_progress = cls(
            service=service,
            delivered_seq=delivered_seq,
            head_seq=head_seq,
            lag_events=lag_events,
            lag_seconds=lag_seconds,
        )

        feed_progress.additional_properties = d
        return feed_progress

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
