from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.reported_value import ReportedValue
from ...models.reported_value_input import ReportedValueInput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ReportedValueInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/programme/reported-values",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReportedValue | None:
    if response.status_code == 201:
        response_201 = ReportedValue.from_dict(response.json())

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
) -> Response[Problem | ReportedValue]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReportedValueInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReportedValue]:
    """Record a value reported to a donor or a ministry.

     The figure as reported, the date it describes (`reference_date`), the day it was reported,
    to whom, its source and a note. Recording it also freezes, beside it, the indicator's live
    value for the reference date as computed now (`live_at_recording`, and `difference`), so
    that what was reported and what the records say can always be compared. The live value is
    computed with the caller's token, so recording needs `indicators:read` as well as
    `programme:write`; a measure of a service that cannot be reached now is a 503 and nothing
    is recorded.

    A reported value never changes: there is no PATCH or DELETE (405). To correct one, record
    a new value with `corrects` naming it; the corrected one then shows `superseded_by`. A
    value is corrected once (409 after that: correct the correction). Send an
    `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (ReportedValueInput): A value reported to a donor or a ministry, as the programme
            office records it. Example: {'indicator_id': '01938a3c-7f00-7c2e-9a41-5b6f0e2d1a77',
            'note': 'Cifra presentada en la reunión del comité directivo', 'reference_date':
            '2026-11-30', 'reported_on': '2026-12-01', 'reported_to': 'Informe semestral al donante',
            'source': 'Registros del programa (Formaliza)', 'value': 57.6}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReportedValue]
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
    body: ReportedValueInput,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReportedValue | None:
    """Record a value reported to a donor or a ministry.

     The figure as reported, the date it describes (`reference_date`), the day it was reported,
    to whom, its source and a note. Recording it also freezes, beside it, the indicator's live
    value for the reference date as computed now (`live_at_recording`, and `difference`), so
    that what was reported and what the records say can always be compared. The live value is
    computed with the caller's token, so recording needs `indicators:read` as well as
    `programme:write`; a measure of a service that cannot be reached now is a 503 and nothing
    is recorded.

    A reported value never changes: there is no PATCH or DELETE (405). To correct one, record
    a new value with `corrects` naming it; the corrected one then shows `superseded_by`. A
    value is corrected once (409 after that: correct the correction). Send an
    `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (ReportedValueInput): A value reported to a donor or a ministry, as the programme
            office records it. Example: {'indicator_id': '01938a3c-7f00-7c2e-9a41-5b6f0e2d1a77',
            'note': 'Cifra presentada en la reunión del comité directivo', 'reference_date':
            '2026-11-30', 'reported_on': '2026-12-01', 'reported_to': 'Informe semestral al donante',
            'source': 'Registros del programa (Formaliza)', 'value': 57.6}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReportedValue
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReportedValueInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReportedValue]:
    """Record a value reported to a donor or a ministry.

     The figure as reported, the date it describes (`reference_date`), the day it was reported,
    to whom, its source and a note. Recording it also freezes, beside it, the indicator's live
    value for the reference date as computed now (`live_at_recording`, and `difference`), so
    that what was reported and what the records say can always be compared. The live value is
    computed with the caller's token, so recording needs `indicators:read` as well as
    `programme:write`; a measure of a service that cannot be reached now is a 503 and nothing
    is recorded.

    A reported value never changes: there is no PATCH or DELETE (405). To correct one, record
    a new value with `corrects` naming it; the corrected one then shows `superseded_by`. A
    value is corrected once (409 after that: correct the correction). Send an
    `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (ReportedValueInput): A value reported to a donor or a ministry, as the programme
            office records it. Example: {'indicator_id': '01938a3c-7f00-7c2e-9a41-5b6f0e2d1a77',
            'note': 'Cifra presentada en la reunión del comité directivo', 'reference_date':
            '2026-11-30', 'reported_on': '2026-12-01', 'reported_to': 'Informe semestral al donante',
            'source': 'Registros del programa (Formaliza)', 'value': 57.6}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReportedValue]
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
    body: ReportedValueInput,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReportedValue | None:
    """Record a value reported to a donor or a ministry.

     The figure as reported, the date it describes (`reference_date`), the day it was reported,
    to whom, its source and a note. Recording it also freezes, beside it, the indicator's live
    value for the reference date as computed now (`live_at_recording`, and `difference`), so
    that what was reported and what the records say can always be compared. The live value is
    computed with the caller's token, so recording needs `indicators:read` as well as
    `programme:write`; a measure of a service that cannot be reached now is a 503 and nothing
    is recorded.

    A reported value never changes: there is no PATCH or DELETE (405). To correct one, record
    a new value with `corrects` naming it; the corrected one then shows `superseded_by`. A
    value is corrected once (409 after that: correct the correction). Send an
    `Idempotency-Key` to retry safely.

    Args:
        idempotency_key (str | Unset):
        body (ReportedValueInput): A value reported to a donor or a ministry, as the programme
            office records it. Example: {'indicator_id': '01938a3c-7f00-7c2e-9a41-5b6f0e2d1a77',
            'note': 'Cifra presentada en la reunión del comité directivo', 'reference_date':
            '2026-11-30', 'reported_on': '2026-12-01', 'reported_to': 'Informe semestral al donante',
            'source': 'Registros del programa (Formaliza)', 'value': 57.6}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReportedValue
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
