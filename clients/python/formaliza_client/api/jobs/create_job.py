from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.job import Job
from ...models.job_input import JobInput
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: JobInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/jobs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Job | Problem | None:
    if response.status_code == 201:
        response_201 = Job.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Job | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: JobInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Job | Problem]:
    """Record a member's job.

     Work for an employer (`employee`), in a cooperative as a member (`member_worker`), in one's
    own enterprise with employees (`owner`) or alone (`self_employed`), or helping in a
    relative's (`family_worker`). For an employee, `social_security_registry` and
    `social_security_since` say whether and since when the employer registered the worker for
    social security (Peru's T-Registro / planilla electrónica; Bolivia's Caja Nacional de Salud
    and pension manager). A job is formal on a date (ILO, 17th and 21st ICLS) when it is held
    then and: for an employee, the employer had registered the worker for social security; for
    an owner, a self-employed worker or a member-worker, their organisation was `formal`
    (`Organisation.formal_status`); a family worker's job is informal. Send an
    `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (JobInput): A job as a partner sends it. Example: {'contract': 'written',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'occupation': 'Costurera',
            'organisation_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'role': 'employee',
            'social_security_registry': 'pe_t_registro', 'social_security_since': '2025-04-01',
            'started_on': '2025-03-01'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Job | Problem]
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
    body: JobInput,
    idempotency_key: str | Unset = UNSET,
) -> Job | Problem | None:
    """Record a member's job.

     Work for an employer (`employee`), in a cooperative as a member (`member_worker`), in one's
    own enterprise with employees (`owner`) or alone (`self_employed`), or helping in a
    relative's (`family_worker`). For an employee, `social_security_registry` and
    `social_security_since` say whether and since when the employer registered the worker for
    social security (Peru's T-Registro / planilla electrónica; Bolivia's Caja Nacional de Salud
    and pension manager). A job is formal on a date (ILO, 17th and 21st ICLS) when it is held
    then and: for an employee, the employer had registered the worker for social security; for
    an owner, a self-employed worker or a member-worker, their organisation was `formal`
    (`Organisation.formal_status`); a family worker's job is informal. Send an
    `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (JobInput): A job as a partner sends it. Example: {'contract': 'written',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'occupation': 'Costurera',
            'organisation_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'role': 'employee',
            'social_security_registry': 'pe_t_registro', 'social_security_since': '2025-04-01',
            'started_on': '2025-03-01'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Job | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: JobInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Job | Problem]:
    """Record a member's job.

     Work for an employer (`employee`), in a cooperative as a member (`member_worker`), in one's
    own enterprise with employees (`owner`) or alone (`self_employed`), or helping in a
    relative's (`family_worker`). For an employee, `social_security_registry` and
    `social_security_since` say whether and since when the employer registered the worker for
    social security (Peru's T-Registro / planilla electrónica; Bolivia's Caja Nacional de Salud
    and pension manager). A job is formal on a date (ILO, 17th and 21st ICLS) when it is held
    then and: for an employee, the employer had registered the worker for social security; for
    an owner, a self-employed worker or a member-worker, their organisation was `formal`
    (`Organisation.formal_status`); a family worker's job is informal. Send an
    `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (JobInput): A job as a partner sends it. Example: {'contract': 'written',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'occupation': 'Costurera',
            'organisation_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'role': 'employee',
            'social_security_registry': 'pe_t_registro', 'social_security_since': '2025-04-01',
            'started_on': '2025-03-01'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Job | Problem]
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
    body: JobInput,
    idempotency_key: str | Unset = UNSET,
) -> Job | Problem | None:
    """Record a member's job.

     Work for an employer (`employee`), in a cooperative as a member (`member_worker`), in one's
    own enterprise with employees (`owner`) or alone (`self_employed`), or helping in a
    relative's (`family_worker`). For an employee, `social_security_registry` and
    `social_security_since` say whether and since when the employer registered the worker for
    social security (Peru's T-Registro / planilla electrónica; Bolivia's Caja Nacional de Salud
    and pension manager). A job is formal on a date (ILO, 17th and 21st ICLS) when it is held
    then and: for an employee, the employer had registered the worker for social security; for
    an owner, a self-employed worker or a member-worker, their organisation was `formal`
    (`Organisation.formal_status`); a family worker's job is informal. Send an
    `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (JobInput): A job as a partner sends it. Example: {'contract': 'written',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'occupation': 'Costurera',
            'organisation_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'role': 'employee',
            'social_security_registry': 'pe_t_registro', 'social_security_since': '2025-04-01',
            'started_on': '2025-03-01'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Job | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
