import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.course_topic import CourseTopic
from ...models.page_course import PageCourse
from ...models.problem import Problem
from ...models.sector import Sector
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    topic: CourseTopic | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    language: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_topic: str | Unset = UNSET
    if not isinstance(topic, Unset):
        json_topic = topic.value

    params["topic"] = json_topic

    json_sector: str | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = sector.value

    params["sector"] = json_sector

    params["language"] = language

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/courses",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageCourse | Problem | None:
    if response.status_code == 200:
        response_200 = PageCourse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

    if response.status_code == 431:
        response_431 = Problem.from_dict(response.json())

        return response_431

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageCourse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    topic: CourseTopic | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    language: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageCourse | Problem]:
    """List courses.

     Keyset-paginated in creation order. A partner token sees its own courses and the programme's
    catalogue (programme-wide courses).

    Args:
        topic (CourseTopic | Unset): What a course is about.
        sector (Sector | Unset): Economic sector of a worker or organisation.
        language (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCourse | Problem]
    """

    kwargs = _get_kwargs(
        topic=topic,
        sector=sector,
        language=language,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    topic: CourseTopic | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    language: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageCourse | Problem | None:
    """List courses.

     Keyset-paginated in creation order. A partner token sees its own courses and the programme's
    catalogue (programme-wide courses).

    Args:
        topic (CourseTopic | Unset): What a course is about.
        sector (Sector | Unset): Economic sector of a worker or organisation.
        language (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCourse | Problem
    """

    return sync_detailed(
        client=client,
        topic=topic,
        sector=sector,
        language=language,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    topic: CourseTopic | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    language: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageCourse | Problem]:
    """List courses.

     Keyset-paginated in creation order. A partner token sees its own courses and the programme's
    catalogue (programme-wide courses).

    Args:
        topic (CourseTopic | Unset): What a course is about.
        sector (Sector | Unset): Economic sector of a worker or organisation.
        language (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCourse | Problem]
    """

    kwargs = _get_kwargs(
        topic=topic,
        sector=sector,
        language=language,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    topic: CourseTopic | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    language: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageCourse | Problem | None:
    """List courses.

     Keyset-paginated in creation order. A partner token sees its own courses and the programme's
    catalogue (programme-wide courses).

    Args:
        topic (CourseTopic | Unset): What a course is about.
        sector (Sector | Unset): Economic sector of a worker or organisation.
        language (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCourse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            topic=topic,
            sector=sector,
            language=language,
            updated_after=updated_after,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
