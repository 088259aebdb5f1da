from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.feed_page import FeedPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    service: str,
    *,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/feeds/{service}".format(
            service=quote(str(service), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FeedPage | Problem | None:
    if response.status_code == 200:
        response_200 = FeedPage.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FeedPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    service: str,
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[FeedPage | Problem]:
    """Read a service's change feed.

     Every create, update, delete and erasure, in commit order, with who made it and the new
    representation. Store `next_after` and pass it back as `after`: you will never miss or repeat
    a change, deletions included. A partner token sees only its own records' events. Events of
    records about a person (enrolments, participations, certificates) follow the same privacy
    rule as the records' own answers: who the record is about (`member_id` and what identifies
    the member) only for tokens that may read the member in the members service or when the
    member consented, a `member_pseudonym` for everyone. On an `erase` event, remove what
    identified the person from every copy you keep: earlier events of that record now read
    redacted. The `X-Feed-Head` header gives the feed's last `seq` (how far behind you are).

    Args:
        service (str):
        after (int | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FeedPage | Problem]
    """

    kwargs = _get_kwargs(
        service=service,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    service: str,
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> FeedPage | Problem | None:
    """Read a service's change feed.

     Every create, update, delete and erasure, in commit order, with who made it and the new
    representation. Store `next_after` and pass it back as `after`: you will never miss or repeat
    a change, deletions included. A partner token sees only its own records' events. Events of
    records about a person (enrolments, participations, certificates) follow the same privacy
    rule as the records' own answers: who the record is about (`member_id` and what identifies
    the member) only for tokens that may read the member in the members service or when the
    member consented, a `member_pseudonym` for everyone. On an `erase` event, remove what
    identified the person from every copy you keep: earlier events of that record now read
    redacted. The `X-Feed-Head` header gives the feed's last `seq` (how far behind you are).

    Args:
        service (str):
        after (int | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FeedPage | Problem
    """

    return sync_detailed(
        service=service,
        client=client,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    service: str,
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[FeedPage | Problem]:
    """Read a service's change feed.

     Every create, update, delete and erasure, in commit order, with who made it and the new
    representation. Store `next_after` and pass it back as `after`: you will never miss or repeat
    a change, deletions included. A partner token sees only its own records' events. Events of
    records about a person (enrolments, participations, certificates) follow the same privacy
    rule as the records' own answers: who the record is about (`member_id` and what identifies
    the member) only for tokens that may read the member in the members service or when the
    member consented, a `member_pseudonym` for everyone. On an `erase` event, remove what
    identified the person from every copy you keep: earlier events of that record now read
    redacted. The `X-Feed-Head` header gives the feed's last `seq` (how far behind you are).

    Args:
        service (str):
        after (int | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FeedPage | Problem]
    """

    kwargs = _get_kwargs(
        service=service,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    service: str,
    *,
    client: AuthenticatedClient,
    after: int | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> FeedPage | Problem | None:
    """Read a service's change feed.

     Every create, update, delete and erasure, in commit order, with who made it and the new
    representation. Store `next_after` and pass it back as `after`: you will never miss or repeat
    a change, deletions included. A partner token sees only its own records' events. Events of
    records about a person (enrolments, participations, certificates) follow the same privacy
    rule as the records' own answers: who the record is about (`member_id` and what identifies
    the member) only for tokens that may read the member in the members service or when the
    member consented, a `member_pseudonym` for everyone. On an `erase` event, remove what
    identified the person from every copy you keep: earlier events of that record now read
    redacted. The `X-Feed-Head` header gives the feed's last `seq` (how far behind you are).

    Args:
        service (str):
        after (int | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FeedPage | Problem
    """

    return (
        await asyncio_detailed(
            service=service,
            client=client,
            after=after,
            limit=limit,
        )
    ).parsed
