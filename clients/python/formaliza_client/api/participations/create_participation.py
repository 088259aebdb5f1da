from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.participation import Participation
from ...models.participation_input import ParticipationInput
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ParticipationInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/participations",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Participation | Problem | None:
    if response.status_code == 201:
        response_201 = Participation.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Participation | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ParticipationInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Participation | Problem]:
    """Register a member to a session.

     The member must exist in the members service and be visible to your token there (checked
    with your token: 422 on `member_id` otherwise; 503 when the members service cannot be
    reached). The session must not be cancelled; a member registers once per session (409), and
    never beyond the session's capacity (409 `the session is full`, even under concurrent
    registrations). Attendance may be sent now or later. Send an `Idempotency-Key` to retry
    safely: the same key and body return the first response.

    Args:
        idempotency_key (str | Unset):
        body (ParticipationInput): A registration as a partner sends it; attendance may come with
            it or later. Example: {'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004', 'session_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a003'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Participation | Problem]
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
    body: ParticipationInput,
    idempotency_key: str | Unset = UNSET,
) -> Participation | Problem | None:
    """Register a member to a session.

     The member must exist in the members service and be visible to your token there (checked
    with your token: 422 on `member_id` otherwise; 503 when the members service cannot be
    reached). The session must not be cancelled; a member registers once per session (409), and
    never beyond the session's capacity (409 `the session is full`, even under concurrent
    registrations). Attendance may be sent now or later. Send an `Idempotency-Key` to retry
    safely: the same key and body return the first response.

    Args:
        idempotency_key (str | Unset):
        body (ParticipationInput): A registration as a partner sends it; attendance may come with
            it or later. Example: {'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004', 'session_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a003'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Participation | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ParticipationInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Participation | Problem]:
    """Register a member to a session.

     The member must exist in the members service and be visible to your token there (checked
    with your token: 422 on `member_id` otherwise; 503 when the members service cannot be
    reached). The session must not be cancelled; a member registers once per session (409), and
    never beyond the session's capacity (409 `the session is full`, even under concurrent
    registrations). Attendance may be sent now or later. Send an `Idempotency-Key` to retry
    safely: the same key and body return the first response.

    Args:
        idempotency_key (str | Unset):
        body (ParticipationInput): A registration as a partner sends it; attendance may come with
            it or later. Example: {'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004', 'session_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a003'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Participation | Problem]
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
    body: ParticipationInput,
    idempotency_key: str | Unset = UNSET,
) -> Participation | Problem | None:
    """Register a member to a session.

     The member must exist in the members service and be visible to your token there (checked
    with your token: 422 on `member_id` otherwise; 503 when the members service cannot be
    reached). The session must not be cancelled; a member registers once per session (409), and
    never beyond the session's capacity (409 `the session is full`, even under concurrent
    registrations). Attendance may be sent now or later. Send an `Idempotency-Key` to retry
    safely: the same key and body return the first response.

    Args:
        idempotency_key (str | Unset):
        body (ParticipationInput): A registration as a partner sends it; attendance may come with
            it or later. Example: {'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004', 'session_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a003'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Participation | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
