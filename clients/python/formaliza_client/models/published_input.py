from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.published_input_query import PublishedInputQuery
    from ..models.published_title import PublishedTitle


T = TypeVar("T", bound="PublishedInput")


@_attrs_define
class PublishedInput:
    """A question to publish, as the programme office sends it.

    Example:
        {'path': '/v1/indicators/coverage', 'query': {'group_by': 'region', 'sector': 'coffee'}, 'slug': 'cobertura-
            cafe-por-region', 'title': {'en': "Coverage of coffee producers' families by region", 'es': 'Cobertura de las
            familias cafetaleras por región'}}

    Attributes:
        slug (str): The public name: `/v1/public/{slug}`. 3 to 64 lowercase letters, digits and hyphens,
            starting and ending with a letter or digit.
        title (PublishedTitle): A question's title in the programme's two languages.
        path (str): The indicator asked: one of `/v1/indicators/coverage`, `/v1/indicators/coverage/series`,
            `/v1/indicators/training`, `/v1/indicators/formalisation`,
            `/v1/indicators/formalisation/series`, `/v1/programme/indicators`.
        query (PublishedInputQuery | Unset): Its filters and grouping, fixed: only the query parameters that operation
            documents
            (values as strings, numbers or booleans). The service must answer the question when it is
            published (its own 400 is a 422 here, naming the parameter).
    """

    slug: str
    title: PublishedTitle
    path: str
    query: PublishedInputQuery | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        title = self.title.to_dict()

        path = self.path

        query: dict[str, Any] | Unset = UNSET
        if not isinstance(self.query, Unset):
            query = self.query.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "slug": slug,
                "title": title,
                "path": path,
            }
        )
        if query is not UNSET:
            field_dict["query"] = query

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.published_input_query import PublishedInputQuery  # noqa: PLC0415
        from ..models.published_title import PublishedTitle  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        title = PublishedTitle.from_dict(d.pop("title"))

        path = d.pop("path")

        _query = d.pop("query", UNSET)
        query: PublishedInputQuery | Unset
        if isinstance(_query, Unset):
            query = UNSET
        else:
            query = PublishedInputQuery.from_dict(_query)

        published_input = cls(
            slug=slug,
            title=title,
            path=path,
            query=query,
        )

        return published_input
