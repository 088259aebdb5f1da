from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.published_input import PublishedInput
from ...models.published_question import PublishedQuestion
from ...types import Response


def _get_kwargs(
    *,
    body: PublishedInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/published",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | PublishedQuestion | None:
    if response.status_code == 200:
        response_200 = PublishedQuestion.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = PublishedQuestion.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
) -> Response[Problem | PublishedQuestion]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PublishedInput,
) -> Response[Problem | PublishedQuestion]:
    """Publish an aggregate indicator question.

     From now on anyone reads its answer at `/v1/public/{slug}` without a token: the indicator
    `path` asked with the fixed `query`, as a programme-wide `indicators:read` token sees it
    (aggregates only; cells under 5 withheld with their complements). Only aggregate indicators
    can be published, with the parameters their operation documents, and the service must answer
    the question now. Publishing the same question again under its slug answers it (`200`), so
    a retry is safe; another question under a live slug is a 409 (unpublish it first). Needs
    `indicators:publish` and a token without `partner_id` (the programme office).

    Args:
        body (PublishedInput): A question to publish, as the programme office sends it. Example:
            {'path': '/v1/indicators/coverage', 'query': {'group_by': 'region', 'sector': 'coffee'},
            'slug': 'cobertura-cafe-por-region', 'title': {'en': "Coverage of coffee producers'
            families by region", 'es': 'Cobertura de las familias cafetaleras por región'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublishedQuestion]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PublishedInput,
) -> Problem | PublishedQuestion | None:
    """Publish an aggregate indicator question.

     From now on anyone reads its answer at `/v1/public/{slug}` without a token: the indicator
    `path` asked with the fixed `query`, as a programme-wide `indicators:read` token sees it
    (aggregates only; cells under 5 withheld with their complements). Only aggregate indicators
    can be published, with the parameters their operation documents, and the service must answer
    the question now. Publishing the same question again under its slug answers it (`200`), so
    a retry is safe; another question under a live slug is a 409 (unpublish it first). Needs
    `indicators:publish` and a token without `partner_id` (the programme office).

    Args:
        body (PublishedInput): A question to publish, as the programme office sends it. Example:
            {'path': '/v1/indicators/coverage', 'query': {'group_by': 'region', 'sector': 'coffee'},
            'slug': 'cobertura-cafe-por-region', 'title': {'en': "Coverage of coffee producers'
            families by region", 'es': 'Cobertura de las familias cafetaleras por región'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublishedQuestion
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PublishedInput,
) -> Response[Problem | PublishedQuestion]:
    """Publish an aggregate indicator question.

     From now on anyone reads its answer at `/v1/public/{slug}` without a token: the indicator
    `path` asked with the fixed `query`, as a programme-wide `indicators:read` token sees it
    (aggregates only; cells under 5 withheld with their complements). Only aggregate indicators
    can be published, with the parameters their operation documents, and the service must answer
    the question now. Publishing the same question again under its slug answers it (`200`), so
    a retry is safe; another question under a live slug is a 409 (unpublish it first). Needs
    `indicators:publish` and a token without `partner_id` (the programme office).

    Args:
        body (PublishedInput): A question to publish, as the programme office sends it. Example:
            {'path': '/v1/indicators/coverage', 'query': {'group_by': 'region', 'sector': 'coffee'},
            'slug': 'cobertura-cafe-por-region', 'title': {'en': "Coverage of coffee producers'
            families by region", 'es': 'Cobertura de las familias cafetaleras por región'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | PublishedQuestion]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PublishedInput,
) -> Problem | PublishedQuestion | None:
    """Publish an aggregate indicator question.

     From now on anyone reads its answer at `/v1/public/{slug}` without a token: the indicator
    `path` asked with the fixed `query`, as a programme-wide `indicators:read` token sees it
    (aggregates only; cells under 5 withheld with their complements). Only aggregate indicators
    can be published, with the parameters their operation documents, and the service must answer
    the question now. Publishing the same question again under its slug answers it (`200`), so
    a retry is safe; another question under a live slug is a 409 (unpublish it first). Needs
    `indicators:publish` and a token without `partner_id` (the programme office).

    Args:
        body (PublishedInput): A question to publish, as the programme office sends it. Example:
            {'path': '/v1/indicators/coverage', 'query': {'group_by': 'region', 'sector': 'coffee'},
            'slug': 'cobertura-cafe-por-region', 'title': {'en': "Coverage of coffee producers'
            families by region", 'es': 'Cobertura de las familias cafetaleras por región'}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | PublishedQuestion
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
