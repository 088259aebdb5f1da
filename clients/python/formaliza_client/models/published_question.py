from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.published_title import PublishedTitle


T = TypeVar("T", bound="PublishedQuestion")


@_attrs_define
class PublishedQuestion:
    """A published question, as the programme office sees it.

    Attributes:
        slug (str):
        title (PublishedTitle): A question's title in the programme's two languages.
        path (str): The indicator asked.
        query (str): Its fixed query string (parameters in name order; empty for none).
        public_url (str): Where anyone reads the answer, without a token. Example: /v1/public/cobertura-cafe-por-region.
        created_by (str): The client that published it.
        created_at (datetime.datetime):
    """

    slug: str
    title: PublishedTitle
    path: str
    query: str
    public_url: str
    created_by: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        title = self.title.to_dict()

        path = self.path

        query = self.query

        public_url = self.public_url

        created_by = self.created_by

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "title": title,
                "path": path,
                "query": query,
                "public_url": public_url,
                "created_by": created_by,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.published_title import PublishedTitle  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        title = PublishedTitle.from_dict(d.pop("title"))

        path = d.pop("path")

        query = d.pop("query")

        public_url = d.pop("public_url")

        created_by = d.pop("created_by")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        published_question = cls(
            slug=slug,
            title=title,
            path=path,
            query=query,
            public_url=public_url,
            created_by=created_by,
            created_at=created_at,
        )

        published_question.additional_properties = d
        return published_question

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
