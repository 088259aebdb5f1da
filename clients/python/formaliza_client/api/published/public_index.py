from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.public_index import PublicIndex
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/public",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | PublicIndex | None:
    if response.status_code == 200:
        response_200 = PublicIndex.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 431:
        response_431 = Problem.from_dict(response.json())

        return response_431

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Problem | PublicIndex]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem | PublicIndex]:
    """The published questions: the index a dashboard starts from.

     No token. Each question's slug, titles (Spanish and English) and the URL of its answer.
    `Access-Control-Allow-Origin: *`, `Cache-Control: public, max-age=60`, a strong `ETag` (a
    `304` for a matching `If-None-Match`), and a rate limit per client address (429 with
    `Retry-After`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | PublicIndex]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> Any | Problem | PublicIndex | None:
    """The published questions: the index a dashboard starts from.

     No token. Each question's slug, titles (Spanish and English) and the URL of its answer.
    `Access-Control-Allow-Origin: *`, `Cache-Control: public, max-age=60`, a strong `ETag` (a
    `304` for a matching `If-None-Match`), and a rate limit per client address (429 with
    `Retry-After`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | PublicIndex
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem | PublicIndex]:
    """The published questions: the index a dashboard starts from.

     No token. Each question's slug, titles (Spanish and English) and the URL of its answer.
    `Access-Control-Allow-Origin: *`, `Cache-Control: public, max-age=60`, a strong `ETag` (a
    `304` for a matching `If-None-Match`), and a rate limit per client address (429 with
    `Retry-After`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | PublicIndex]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> Any | Problem | PublicIndex | None:
    """The published questions: the index a dashboard starts from.

     No token. Each question's slug, titles (Spanish and English) and the URL of its answer.
    `Access-Control-Allow-Origin: *`, `Cache-Control: public, max-age=60`, a strong `ETag` (a
    `304` for a matching `If-None-Match`), and a rate limit per client address (429 with
    `Retry-After`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | PublicIndex
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
