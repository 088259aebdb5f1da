from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.public_answer_response_200 import PublicAnswerResponse200
from ...types import Response


def _get_kwargs(
    slug: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/public/{slug}".format(
            slug=quote(str(slug), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | PublicAnswerResponse200 | None:
    if response.status_code == 200:
        response_200 = PublicAnswerResponse200.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

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
) -> Response[Any | Problem | PublicAnswerResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem | PublicAnswerResponse200]:
    """The answer of a published question.

     No token. Exactly what the question's indicator operation answers (see `path` in the index)
    for a programme-wide `indicators:read` token: aggregates only, cells under 5 withheld with
    their complements. `Access-Control-Allow-Origin: *` (GET, HEAD and OPTIONS; no credentials),
    `Cache-Control: public, max-age=60` (`FORMALIZA_PUBLIC_MAX_AGE_SECONDS`) with `Age`: the
    gateway computes each answer at most once per max-age and serves it to every reader; a
    strong `ETag` (a `304` for a matching `If-None-Match`); a rate limit per client address
    (`FORMALIZA_PUBLIC_RATE_LIMIT_PER_SECOND`, `…_BURST`: 429 with `Retry-After`). A slug that
    is not published (or no longer) is a 404.

    Args:
        slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | PublicAnswerResponse200]
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | PublicAnswerResponse200 | None:
    """The answer of a published question.

     No token. Exactly what the question's indicator operation answers (see `path` in the index)
    for a programme-wide `indicators:read` token: aggregates only, cells under 5 withheld with
    their complements. `Access-Control-Allow-Origin: *` (GET, HEAD and OPTIONS; no credentials),
    `Cache-Control: public, max-age=60` (`FORMALIZA_PUBLIC_MAX_AGE_SECONDS`) with `Age`: the
    gateway computes each answer at most once per max-age and serves it to every reader; a
    strong `ETag` (a `304` for a matching `If-None-Match`); a rate limit per client address
    (`FORMALIZA_PUBLIC_RATE_LIMIT_PER_SECOND`, `…_BURST`: 429 with `Retry-After`). A slug that
    is not published (or no longer) is a 404.

    Args:
        slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | PublicAnswerResponse200
    """

    return sync_detailed(
        slug=slug,
        client=client,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem | PublicAnswerResponse200]:
    """The answer of a published question.

     No token. Exactly what the question's indicator operation answers (see `path` in the index)
    for a programme-wide `indicators:read` token: aggregates only, cells under 5 withheld with
    their complements. `Access-Control-Allow-Origin: *` (GET, HEAD and OPTIONS; no credentials),
    `Cache-Control: public, max-age=60` (`FORMALIZA_PUBLIC_MAX_AGE_SECONDS`) with `Age`: the
    gateway computes each answer at most once per max-age and serves it to every reader; a
    strong `ETag` (a `304` for a matching `If-None-Match`); a rate limit per client address
    (`FORMALIZA_PUBLIC_RATE_LIMIT_PER_SECOND`, `…_BURST`: 429 with `Retry-After`). A slug that
    is not published (or no longer) is a 404.

    Args:
        slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | PublicAnswerResponse200]
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | PublicAnswerResponse200 | None:
    """The answer of a published question.

     No token. Exactly what the question's indicator operation answers (see `path` in the index)
    for a programme-wide `indicators:read` token: aggregates only, cells under 5 withheld with
    their complements. `Access-Control-Allow-Origin: *` (GET, HEAD and OPTIONS; no credentials),
    `Cache-Control: public, max-age=60` (`FORMALIZA_PUBLIC_MAX_AGE_SECONDS`) with `Age`: the
    gateway computes each answer at most once per max-age and serves it to every reader; a
    strong `ETag` (a `304` for a matching `If-None-Match`); a rate limit per client address
    (`FORMALIZA_PUBLIC_RATE_LIMIT_PER_SECOND`, `…_BURST`: 429 with `Retry-After`). A slug that
    is not published (or no longer) is a 404.

    Args:
        slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | PublicAnswerResponse200
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
        )
    ).parsed
