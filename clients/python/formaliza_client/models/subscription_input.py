from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubscriptionInput")


@_attrs_define
class SubscriptionInput:
    """A subscription as a client sends it.

    Example:
        {'country': 'PE', 'resources': ['member', 'enrollment'], 'services': ['members', 'social-protection'], 'url':
            'https://sis.minsa.gob.pe/formaliza/webhook'}

    Attributes:
        url (str): Where to POST the messages: `https://` (plain `http://` only to hosts the operator
            allow-listed for development). Addresses that resolve to loopback, private, link-local
            or metadata ranges are refused, now and at every delivery.
        services (list[str]): Whose feeds: `members`, `trainings`, `social-protection`. Your token must be able to read
            each (`members:read`, `trainings:read`, `protection:read`).
        resources (list[str] | None | Unset): Only these kinds of record (`member`, `household`, `enrollment`, …); all
            when absent.
        country (None | str | Unset): Only records of this country (ISO 3166-1 alpha-2); deletions, which carry no
            record,
            always pass.
    """

    url: str
    services: list[str]
    resources: list[str] | None | Unset = UNSET
    country: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        services = self.services

        resources: list[str] | None | Unset
        if isinstance(self.resources, Unset):
            resources = UNSET
        elif isinstance(self.resources, list):
            resources = self.resources

        else:
            resources = self.resources

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
                "services": services,
            }
        )
        if resources is not UNSET:
            field_dict["resources"] = resources
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        services = cast(list[str], d.pop("services"))

        def _parse_resources(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                resources_type_0 = cast(list[str], data)

                return resources_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        resources = _parse_resources(d.pop("resources", UNSET))

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        subscription_input = cls(
            url=url,
            services=services,
            resources=resources,
            country=country,
        )

        return subscription_input
