from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enrollment import Enrollment
from ...models.problem import Problem
from ...models.transition_input import TransitionInput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: TransitionInput,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/enrollments/{id}/transitions".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Enrollment | Problem | None:
    if response.status_code == 200:
        response_200 = Enrollment.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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
) -> Response[Enrollment | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: TransitionInput,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Enrollment | Problem]:
    """Change an enrolment's status.

     Legal moves: `applied → active | rejected`, `active → suspended | ended`,
    `suspended → active | ended`; `ended` and `rejected` are final. An illegal move is a 409 whose
    `context.allowed` lists the statuses allowed from the current one. `effective_on` (default
    today) may be backdated down to the date of the current status, never set in the future (422).
    Send `If-Match` to be sure of the status you are moving from, and an `Idempotency-Key` to retry
    safely.

    Args:
        id (UUID):
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TransitionInput): A change of status. Example: {'effective_on': '2026-02-01',
            'reason': 'contributions unpaid since December', 'status': 'suspended'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Enrollment | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: TransitionInput,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Enrollment | Problem | None:
    """Change an enrolment's status.

     Legal moves: `applied → active | rejected`, `active → suspended | ended`,
    `suspended → active | ended`; `ended` and `rejected` are final. An illegal move is a 409 whose
    `context.allowed` lists the statuses allowed from the current one. `effective_on` (default
    today) may be backdated down to the date of the current status, never set in the future (422).
    Send `If-Match` to be sure of the status you are moving from, and an `Idempotency-Key` to retry
    safely.

    Args:
        id (UUID):
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TransitionInput): A change of status. Example: {'effective_on': '2026-02-01',
            'reason': 'contributions unpaid since December', 'status': 'suspended'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Enrollment | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: TransitionInput,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Enrollment | Problem]:
    """Change an enrolment's status.

     Legal moves: `applied → active | rejected`, `active → suspended | ended`,
    `suspended → active | ended`; `ended` and `rejected` are final. An illegal move is a 409 whose
    `context.allowed` lists the statuses allowed from the current one. `effective_on` (default
    today) may be backdated down to the date of the current status, never set in the future (422).
    Send `If-Match` to be sure of the status you are moving from, and an `Idempotency-Key` to retry
    safely.

    Args:
        id (UUID):
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TransitionInput): A change of status. Example: {'effective_on': '2026-02-01',
            'reason': 'contributions unpaid since December', 'status': 'suspended'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Enrollment | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: TransitionInput,
    if_match: str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Enrollment | Problem | None:
    """Change an enrolment's status.

     Legal moves: `applied → active | rejected`, `active → suspended | ended`,
    `suspended → active | ended`; `ended` and `rejected` are final. An illegal move is a 409 whose
    `context.allowed` lists the statuses allowed from the current one. `effective_on` (default
    today) may be backdated down to the date of the current status, never set in the future (422).
    Send `If-Match` to be sure of the status you are moving from, and an `Idempotency-Key` to retry
    safely.

    Args:
        id (UUID):
        if_match (str | Unset):
        idempotency_key (str | Unset):
        body (TransitionInput): A change of status. Example: {'effective_on': '2026-02-01',
            'reason': 'contributions unpaid since December', 'status': 'suspended'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Enrollment | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
