from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.household import Household
from ...models.household_input import HouseholdInput
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: HouseholdInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/households",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Household | Problem | None:
    if response.status_code == 201:
        response_201 = Household.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Household | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: HouseholdInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Household | Problem]:
    """Register a household.

     The family unit coverage indicators count; members join it through `household_id`. Send an
    `Idempotency-Key` to retry safely: the same key and body return the first response.

    Args:
        idempotency_key (str | Unset):
        body (HouseholdInput): A household as a partner sends it. Example: {'country': 'PE',
            'district': 'Pichanaqui', 'external_ref': 'KOBO-2026-00417', 'locality': 'Sector Alto
            Kimiriki', 'name': 'Familia Quispe Mamani', 'region': 'PE-JUN'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Household | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: HouseholdInput,
    idempotency_key: str | Unset = UNSET,
) -> Household | Problem | None:
    """Register a household.

     The family unit coverage indicators count; members join it through `household_id`. Send an
    `Idempotency-Key` to retry safely: the same key and body return the first response.

    Args:
        idempotency_key (str | Unset):
        body (HouseholdInput): A household as a partner sends it. Example: {'country': 'PE',
            'district': 'Pichanaqui', 'external_ref': 'KOBO-2026-00417', 'locality': 'Sector Alto
            Kimiriki', 'name': 'Familia Quispe Mamani', 'region': 'PE-JUN'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Household | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: HouseholdInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Household | Problem]:
    """Register a household.

     The family unit coverage indicators count; members join it through `household_id`. Send an
    `Idempotency-Key` to retry safely: the same key and body return the first response.

    Args:
        idempotency_key (str | Unset):
        body (HouseholdInput): A household as a partner sends it. Example: {'country': 'PE',
            'district': 'Pichanaqui', 'external_ref': 'KOBO-2026-00417', 'locality': 'Sector Alto
            Kimiriki', 'name': 'Familia Quispe Mamani', 'region': 'PE-JUN'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Household | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: HouseholdInput,
    idempotency_key: str | Unset = UNSET,
) -> Household | Problem | None:
    """Register a household.

     The family unit coverage indicators count; members join it through `household_id`. Send an
    `Idempotency-Key` to retry safely: the same key and body return the first response.

    Args:
        idempotency_key (str | Unset):
        body (HouseholdInput): A household as a partner sends it. Example: {'country': 'PE',
            'district': 'Pichanaqui', 'external_ref': 'KOBO-2026-00417', 'locality': 'Sector Alto
            Kimiriki', 'name': 'Familia Quispe Mamani', 'region': 'PE-JUN'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Household | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
