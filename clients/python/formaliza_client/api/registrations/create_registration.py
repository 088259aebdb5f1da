from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.registration import Registration
from ...models.registration_input import RegistrationInput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: RegistrationInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/registrations",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Registration | None:
    if response.status_code == 201:
        response_201 = Registration.from_dict(response.json())

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
) -> Response[Problem | Registration]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RegistrationInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Registration]:
    """Record an organisation's registration.

     A tax registration (`pe_ruc`, `bo_nit`, with its `tax_regime`), a business or cooperative
    registry entry (`pe_sunarp`, `bo_seprec`, `bo_afcoop` for cooperatives), an operating
    licence (`pe_municipal_licence`, `bo_municipal_licence`: `issued_by` required, `expires_on`
    optional) or Peru's REMYPE (`pe_remype`). The registry must be of the organisation's
    country. Numbers are checked per registry (a RUC's check digit, SUNARP's 8 digits, …: 422
    naming `number`) and kept in canonical form; a number another registration holds is a 409
    whose `context.existing_id` names it when you may see it. A registration starts `active`
    (or `suspended`) on `effective_on` (default today; backdating allowed, never a future date),
    and the organisation's `formal_status` follows. Send an `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (RegistrationInput): A registration as a partner sends it. `status` and
            `effective_on` are read at creation
            only; later changes go through `POST /v1/registrations/{id}/transitions`. Example:
            {'effective_on': '2025-08-04', 'evidence': 'Ficha RUC impresa el 2025-08-04', 'issued_by':
            'SUNAT Intendencia Regional Junín', 'number': '20131312955', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'registry': 'pe_ruc', 'tax_regime': 'pe_rmt'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Registration]
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
    body: RegistrationInput,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Registration | None:
    """Record an organisation's registration.

     A tax registration (`pe_ruc`, `bo_nit`, with its `tax_regime`), a business or cooperative
    registry entry (`pe_sunarp`, `bo_seprec`, `bo_afcoop` for cooperatives), an operating
    licence (`pe_municipal_licence`, `bo_municipal_licence`: `issued_by` required, `expires_on`
    optional) or Peru's REMYPE (`pe_remype`). The registry must be of the organisation's
    country. Numbers are checked per registry (a RUC's check digit, SUNARP's 8 digits, …: 422
    naming `number`) and kept in canonical form; a number another registration holds is a 409
    whose `context.existing_id` names it when you may see it. A registration starts `active`
    (or `suspended`) on `effective_on` (default today; backdating allowed, never a future date),
    and the organisation's `formal_status` follows. Send an `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (RegistrationInput): A registration as a partner sends it. `status` and
            `effective_on` are read at creation
            only; later changes go through `POST /v1/registrations/{id}/transitions`. Example:
            {'effective_on': '2025-08-04', 'evidence': 'Ficha RUC impresa el 2025-08-04', 'issued_by':
            'SUNAT Intendencia Regional Junín', 'number': '20131312955', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'registry': 'pe_ruc', 'tax_regime': 'pe_rmt'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Registration
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RegistrationInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | Registration]:
    """Record an organisation's registration.

     A tax registration (`pe_ruc`, `bo_nit`, with its `tax_regime`), a business or cooperative
    registry entry (`pe_sunarp`, `bo_seprec`, `bo_afcoop` for cooperatives), an operating
    licence (`pe_municipal_licence`, `bo_municipal_licence`: `issued_by` required, `expires_on`
    optional) or Peru's REMYPE (`pe_remype`). The registry must be of the organisation's
    country. Numbers are checked per registry (a RUC's check digit, SUNARP's 8 digits, …: 422
    naming `number`) and kept in canonical form; a number another registration holds is a 409
    whose `context.existing_id` names it when you may see it. A registration starts `active`
    (or `suspended`) on `effective_on` (default today; backdating allowed, never a future date),
    and the organisation's `formal_status` follows. Send an `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (RegistrationInput): A registration as a partner sends it. `status` and
            `effective_on` are read at creation
            only; later changes go through `POST /v1/registrations/{id}/transitions`. Example:
            {'effective_on': '2025-08-04', 'evidence': 'Ficha RUC impresa el 2025-08-04', 'issued_by':
            'SUNAT Intendencia Regional Junín', 'number': '20131312955', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'registry': 'pe_ruc', 'tax_regime': 'pe_rmt'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Registration]
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
    body: RegistrationInput,
    idempotency_key: str | Unset = UNSET,
) -> Problem | Registration | None:
    """Record an organisation's registration.

     A tax registration (`pe_ruc`, `bo_nit`, with its `tax_regime`), a business or cooperative
    registry entry (`pe_sunarp`, `bo_seprec`, `bo_afcoop` for cooperatives), an operating
    licence (`pe_municipal_licence`, `bo_municipal_licence`: `issued_by` required, `expires_on`
    optional) or Peru's REMYPE (`pe_remype`). The registry must be of the organisation's
    country. Numbers are checked per registry (a RUC's check digit, SUNARP's 8 digits, …: 422
    naming `number`) and kept in canonical form; a number another registration holds is a 409
    whose `context.existing_id` names it when you may see it. A registration starts `active`
    (or `suspended`) on `effective_on` (default today; backdating allowed, never a future date),
    and the organisation's `formal_status` follows. Send an `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (RegistrationInput): A registration as a partner sends it. `status` and
            `effective_on` are read at creation
            only; later changes go through `POST /v1/registrations/{id}/transitions`. Example:
            {'effective_on': '2025-08-04', 'evidence': 'Ficha RUC impresa el 2025-08-04', 'issued_by':
            'SUNAT Intendencia Regional Junín', 'number': '20131312955', 'organisation_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a201', 'registry': 'pe_ruc', 'tax_regime': 'pe_rmt'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Registration
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
