import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_reported_value import PageReportedValue
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    indicator_id: UUID | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_indicator_id: str | Unset = UNSET
    if not isinstance(indicator_id, Unset):
        json_indicator_id = str(indicator_id)
    params["indicator_id"] = json_indicator_id

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/programme/reported-values",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageReportedValue | Problem | None:
    if response.status_code == 200:
        response_200 = PageReportedValue.from_dict(response.json())

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
) -> Response[PageReportedValue | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    indicator_id: UUID | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageReportedValue | Problem]:
    """List reported values.

     Keyset-paginated in the order they were recorded. A superseded value (one a later entry
    corrects) says so in `superseded_by`.

    Args:
        indicator_id (UUID | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageReportedValue | Problem]
    """

    kwargs = _get_kwargs(
        indicator_id=indicator_id,
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
    indicator_id: UUID | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageReportedValue | Problem | None:
    """List reported values.

     Keyset-paginated in the order they were recorded. A superseded value (one a later entry
    corrects) says so in `superseded_by`.

    Args:
        indicator_id (UUID | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageReportedValue | Problem
    """

    return sync_detailed(
        client=client,
        indicator_id=indicator_id,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    indicator_id: UUID | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageReportedValue | Problem]:
    """List reported values.

     Keyset-paginated in the order they were recorded. A superseded value (one a later entry
    corrects) says so in `superseded_by`.

    Args:
        indicator_id (UUID | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageReportedValue | Problem]
    """

    kwargs = _get_kwargs(
        indicator_id=indicator_id,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    indicator_id: UUID | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageReportedValue | Problem | None:
    """List reported values.

     Keyset-paginated in the order they were recorded. A superseded value (one a later entry
    corrects) says so in `superseded_by`.

    Args:
        indicator_id (UUID | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageReportedValue | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            indicator_id=indicator_id,
            updated_after=updated_after,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
