from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.session import Session
from ...models.session_input import SessionInput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SessionInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Session | None:
    if response.status_code == 201:
        response_201 = Session.from_dict(response.json())

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

    if response.status_code == 424:
        response_424 = Problem.from_dict(response.json())

        return response_424

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | Session]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SessionInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Session]:
    """Schedule a session.

     A workshop or event delivering a course, with its place, facilitator, host organisation and
    seats. The host organisation must exist in the members service and be visible to your token
    there (checked with your token: 422 on `host_organisation_id` otherwise; 503 when the members
    service cannot be reached). Send an `Idempotency-Key` to retry safely: the same key and body
    return the first response.

    Args:
        idempotency_key (str | Unset):
        body (SessionInput): A session as a partner sends it. Example: {'capacity': 30, 'country':
            'PE', 'course_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'district': 'Pichanaqui',
            'ends_at': '2026-03-14T18:00:00Z', 'facilitator': 'Rosa Huamán', 'host_organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'open_to_outside_organisations': True, 'region':
            'PE-JUN', 'starts_at': '2026-03-14T14:00:00Z', 'venue': 'Local comunal de Alto Kimiriki'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Session]
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
    body: SessionInput,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Session | None:
    """Schedule a session.

     A workshop or event delivering a course, with its place, facilitator, host organisation and
    seats. The host organisation must exist in the members service and be visible to your token
    there (checked with your token: 422 on `host_organisation_id` otherwise; 503 when the members
    service cannot be reached). Send an `Idempotency-Key` to retry safely: the same key and body
    return the first response.

    Args:
        idempotency_key (str | Unset):
        body (SessionInput): A session as a partner sends it. Example: {'capacity': 30, 'country':
            'PE', 'course_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'district': 'Pichanaqui',
            'ends_at': '2026-03-14T18:00:00Z', 'facilitator': 'Rosa Huamán', 'host_organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'open_to_outside_organisations': True, 'region':
            'PE-JUN', 'starts_at': '2026-03-14T14:00:00Z', 'venue': 'Local comunal de Alto Kimiriki'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Session
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SessionInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Session]:
    """Schedule a session.

     A workshop or event delivering a course, with its place, facilitator, host organisation and
    seats. The host organisation must exist in the members service and be visible to your token
    there (checked with your token: 422 on `host_organisation_id` otherwise; 503 when the members
    service cannot be reached). Send an `Idempotency-Key` to retry safely: the same key and body
    return the first response.

    Args:
        idempotency_key (str | Unset):
        body (SessionInput): A session as a partner sends it. Example: {'capacity': 30, 'country':
            'PE', 'course_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'district': 'Pichanaqui',
            'ends_at': '2026-03-14T18:00:00Z', 'facilitator': 'Rosa Huamán', 'host_organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'open_to_outside_organisations': True, 'region':
            'PE-JUN', 'starts_at': '2026-03-14T14:00:00Z', 'venue': 'Local comunal de Alto Kimiriki'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Session]
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
    body: SessionInput,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Session | None:
    """Schedule a session.

     A workshop or event delivering a course, with its place, facilitator, host organisation and
    seats. The host organisation must exist in the members service and be visible to your token
    there (checked with your token: 422 on `host_organisation_id` otherwise; 503 when the members
    service cannot be reached). Send an `Idempotency-Key` to retry safely: the same key and body
    return the first response.

    Args:
        idempotency_key (str | Unset):
        body (SessionInput): A session as a partner sends it. Example: {'capacity': 30, 'country':
            'PE', 'course_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'district': 'Pichanaqui',
            'ends_at': '2026-03-14T18:00:00Z', 'facilitator': 'Rosa Huamán', 'host_organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002', 'open_to_outside_organisations': True, 'region':
            'PE-JUN', 'starts_at': '2026-03-14T14:00:00Z', 'venue': 'Local comunal de Alto Kimiriki'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Session
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
