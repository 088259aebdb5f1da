from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.op import Op
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.feed_event_data_type_0 import FeedEventDataType0


T = TypeVar("T", bound="FeedEvent")


@_attrs_define
class FeedEvent:
    """One change, as consumers see it.

    Attributes:
        seq (int): Position in the feed: gap-free, in commit order. Store the last one you applied. Example: 42.
        resource (str): The kind of resource (`member`, `household`, …). Example: member.
        id (str): The resource's id.
        op (Op): What happened to a resource.
        version (int): The resource's version after the change.
        occurred_at (datetime.datetime):
        actor (str): The client id that made the change.
        request_id (None | str | Unset): The request that made it.
        data (FeedEventDataType0 | None | Unset): The new representation (as the resource's GET returns it); `null` on
            delete.
    """

    seq: int
    resource: str
    id: str
    op: Op
    version: int
    occurred_at: datetime.datetime
    actor: str
    request_id: None | str | Unset = UNSET
    data: FeedEventDataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.feed_event_data_type_0 import FeedEventDataType0  # noqa: PLC0415

        seq = self.seq

        resource = self.resource

        id = self.id

        op = self.op.value

        version = self.version

        occurred_at = self.occurred_at.isoformat()

        actor = self.actor

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        data: dict[str, Any] | None | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        elif isinstance(self.data, FeedEventDataType0):
            data = self.data.to_dict()
        else:
            data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "seq": seq,
                "resource": resource,
                "id": id,
                "op": op,
                "version": version,
                "occurred_at": occurred_at,
                "actor": actor,
            }
        )
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feed_event_data_type_0 import FeedEventDataType0  # noqa: PLC0415

        d = dict(src_dict)
        seq = d.pop("seq")

        resource = d.pop("resource")

        id = d.pop("id")

        op = Op(d.pop("op"))

        version = d.pop("version")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        actor = d.pop("actor")

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        def _parse_data(data: object) -> FeedEventDataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = FeedEventDataType0.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FeedEventDataType0 | None | Unset, data)

        data = _parse_data(d.pop("data", UNSET))

        feed_event = cls(
            seq=seq,
            resource=resource,
            id=id,
            op=op,
            version=version,
            occurred_at=occurred_at,
            actor=actor,
            request_id=request_id,
            data=data,
        )

        feed_event.additional_properties = d
        return feed_event

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
