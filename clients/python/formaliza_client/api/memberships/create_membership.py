from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.membership import Membership
from ...models.membership_input import MembershipInput
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: MembershipInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/memberships",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Membership | Problem | None:
    if response.status_code == 201:
        response_201 = Membership.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Membership | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: MembershipInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Membership | Problem]:
    """Register a membership.

     A member joins an organisation (once: a second live membership in the same organisation is a
    409). Send an `Idempotency-Key` to retry safely: the same key and body return the first
    response.

    Args:
        idempotency_key (str | Unset):
        body (MembershipInput): A membership as a partner sends it. Example: {'joined_on':
            '2024-03-01', 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'role': 'member'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Membership | Problem]
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
    body: MembershipInput,
    idempotency_key: str | Unset = UNSET,
) -> Membership | Problem | None:
    """Register a membership.

     A member joins an organisation (once: a second live membership in the same organisation is a
    409). Send an `Idempotency-Key` to retry safely: the same key and body return the first
    response.

    Args:
        idempotency_key (str | Unset):
        body (MembershipInput): A membership as a partner sends it. Example: {'joined_on':
            '2024-03-01', 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'role': 'member'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Membership | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: MembershipInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Membership | Problem]:
    """Register a membership.

     A member joins an organisation (once: a second live membership in the same organisation is a
    409). Send an `Idempotency-Key` to retry safely: the same key and body return the first
    response.

    Args:
        idempotency_key (str | Unset):
        body (MembershipInput): A membership as a partner sends it. Example: {'joined_on':
            '2024-03-01', 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'role': 'member'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Membership | Problem]
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
    body: MembershipInput,
    idempotency_key: str | Unset = UNSET,
) -> Membership | Problem | None:
    """Register a membership.

     A member joins an organisation (once: a second live membership in the same organisation is a
    409). Send an `Idempotency-Key` to retry safely: the same key and body return the first
    response.

    Args:
        idempotency_key (str | Unset):
        body (MembershipInput): A membership as a partner sends it. Example: {'joined_on':
            '2024-03-01', 'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'role': 'member'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Membership | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
