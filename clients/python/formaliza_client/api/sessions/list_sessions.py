import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_session import PageSession
from ...models.problem import Problem
from ...models.session_status import SessionStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    course_id: UUID | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    status: SessionStatus | Unset = UNSET,
    host_organisation_id: UUID | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_course_id: str | Unset = UNSET
    if not isinstance(course_id, Unset):
        json_course_id = str(course_id)
    params["course_id"] = json_course_id

    params["country"] = country

    params["region"] = region

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_host_organisation_id: str | Unset = UNSET
    if not isinstance(host_organisation_id, Unset):
        json_host_organisation_id = str(host_organisation_id)
    params["host_organisation_id"] = json_host_organisation_id

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sessions",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageSession | Problem | None:
    if response.status_code == 200:
        response_200 = PageSession.from_dict(response.json())

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
) -> Response[PageSession | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    course_id: UUID | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    status: SessionStatus | Unset = UNSET,
    host_organisation_id: UUID | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageSession | Problem]:
    """List sessions.

     Keyset-paginated in creation order. A partner token sees only its own sessions.

    Args:
        course_id (UUID | Unset):
        country (str | Unset):
        region (str | Unset):
        status (SessionStatus | Unset): Where a session stands.
        host_organisation_id (UUID | Unset):
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageSession | Problem]
    """

    kwargs = _get_kwargs(
        course_id=course_id,
        country=country,
        region=region,
        status=status,
        host_organisation_id=host_organisation_id,
        from_=from_,
        to=to,
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
    course_id: UUID | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    status: SessionStatus | Unset = UNSET,
    host_organisation_id: UUID | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageSession | Problem | None:
    """List sessions.

     Keyset-paginated in creation order. A partner token sees only its own sessions.

    Args:
        course_id (UUID | Unset):
        country (str | Unset):
        region (str | Unset):
        status (SessionStatus | Unset): Where a session stands.
        host_organisation_id (UUID | Unset):
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageSession | Problem
    """

    return sync_detailed(
        client=client,
        course_id=course_id,
        country=country,
        region=region,
        status=status,
        host_organisation_id=host_organisation_id,
        from_=from_,
        to=to,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    course_id: UUID | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    status: SessionStatus | Unset = UNSET,
    host_organisation_id: UUID | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageSession | Problem]:
    """List sessions.

     Keyset-paginated in creation order. A partner token sees only its own sessions.

    Args:
        course_id (UUID | Unset):
        country (str | Unset):
        region (str | Unset):
        status (SessionStatus | Unset): Where a session stands.
        host_organisation_id (UUID | Unset):
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageSession | Problem]
    """

    kwargs = _get_kwargs(
        course_id=course_id,
        country=country,
        region=region,
        status=status,
        host_organisation_id=host_organisation_id,
        from_=from_,
        to=to,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    course_id: UUID | Unset = UNSET,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    status: SessionStatus | Unset = UNSET,
    host_organisation_id: UUID | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageSession | Problem | None:
    """List sessions.

     Keyset-paginated in creation order. A partner token sees only its own sessions.

    Args:
        course_id (UUID | Unset):
        country (str | Unset):
        region (str | Unset):
        status (SessionStatus | Unset): Where a session stands.
        host_organisation_id (UUID | Unset):
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageSession | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            course_id=course_id,
            country=country,
            region=region,
            status=status,
            host_organisation_id=host_organisation_id,
            from_=from_,
            to=to,
            updated_after=updated_after,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
