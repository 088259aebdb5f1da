from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccessRecord")


@_attrs_define
class AccessRecord:
    """One answer that showed personal data to a client outside the records' partner, or an export.

    Attributes:
        id (str):
        client_id (str): The client (a token's `sub`) that read.
        occurred_at (datetime.datetime):
        method (str):
        endpoint (str): The path read (`/v1/enrollments/export`). Example: /v1/enrollments/export.
        records (int): How many records showed who they are about.
        partner_id (None | str | Unset): The partner the client acts for, if any.
        filters (None | str | Unset): Its query string: the filters asked for. Example: country=PE&status=active.
        request_id (None | str | Unset):
    """

    id: str
    client_id: str
    occurred_at: datetime.datetime
    method: str
    endpoint: str
    records: int
    partner_id: None | str | Unset = UNSET
    filters: None | str | Unset = UNSET
    request_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        client_id = self.client_id

        occurred_at = self.occurred_at.isoformat()

        method = self.method

        endpoint = self.endpoint

        records = self.records

        partner_id: None | str | Unset
        if isinstance(self.partner_id, Unset):
            partner_id = UNSET
        else:
            partner_id = self.partner_id

        filters: None | str | Unset
        if isinstance(self.filters, Unset):
            filters = UNSET
        else:
            filters = self.filters

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "client_id": client_id,
                "occurred_at": occurred_at,
                "method": method,
                "endpoint": endpoint,
                "records": records,
            }
        )
        if partner_id is not UNSET:
            field_dict["partner_id"] = partner_id
        if filters is not UNSET:
            field_dict["filters"] = filters
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        client_id = d.pop("client_id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        method = d.pop("method")

        endpoint = d.pop("endpoint")

        records = d.pop("records")

        def _parse_partner_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        partner_id = _parse_partner_id(d.pop("partner_id", UNSET))

        def _parse_filters(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        filters = _parse_filters(d.pop("filters", UNSET))

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        access_record = cls(
            id=id,
            client_id=client_id,
            occurred_at=occurred_at,
            method=method,
            endpoint=endpoint,
            records=records,
            partner_id=partner_id,
            filters=filters,
            request_id=request_id,
        )

        access_record.additional_properties = d
        return access_record

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
