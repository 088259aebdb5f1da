from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.published_title import PublishedTitle


T = TypeVar("T", bound="PublicQuestion")


@_attrs_define
class PublicQuestion:
    """A published question, as anyone sees it in the public index.

    Attributes:
        slug (str):
        title (PublishedTitle): A question's title in the programme's two languages.
        url (str): Its answer, without a token. Example: /v1/public/cobertura-cafe.
        path (str): The indicator it asks, and with which filters (the answer is that operation's, as
            documented there).
        query (str):
    """

    slug: str
    title: PublishedTitle
    url: str
    path: str
    query: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        title = self.title.to_dict()

        url = self.url

        path = self.path

        query = self.query

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "title": title,
                "url": url,
                "path": path,
                "query": query,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.published_title import PublishedTitle  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        title = PublishedTitle.from_dict(d.pop("title"))

        url = d.pop("url")

        path = d.pop("path")

        query = d.pop("query")

        public_question = cls(
            slug=slug,
            title=title,
            url=url,
            path=path,
            query=query,
        )

        public_question.additional_properties = d
        return public_question

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
