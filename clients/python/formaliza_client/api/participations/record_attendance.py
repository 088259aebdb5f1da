from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.attendance_sheet import AttendanceSheet
from ...models.attendance_sheet_result import AttendanceSheetResult
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: AttendanceSheet,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sessions/{id}/attendance".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AttendanceSheetResult | Problem | None:
    if response.status_code == 200:
        response_200 = AttendanceSheetResult.from_dict(response.json())

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
) -> Response[AttendanceSheetResult | Problem]:
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
    body: AttendanceSheet,
    idempotency_key: str | Unset = UNSET,
) -> Response[AttendanceSheetResult | Problem]:
    """Record a whole session's attendance.

     A facilitator's sign-in sheet in one request: one line per registered member, all or
    nothing (a line naming a member not registered, or twice, fails the sheet with a 422 naming
    `records[i].member_id`). Members left off the sheet keep what they had. Certificates earned
    are issued and returned. Send an `Idempotency-Key` to retry safely.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (AttendanceSheet): A whole session's attendance in one request (a facilitator's sign-
            in sheet). Example: {'records': [{'attendance': 'attended', 'member_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004'}, {'attendance': 'attended', 'hours': 2.5,
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a005'}, {'attendance': 'absent',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a006'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AttendanceSheetResult | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
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
    body: AttendanceSheet,
    idempotency_key: str | Unset = UNSET,
) -> AttendanceSheetResult | Problem | None:
    """Record a whole session's attendance.

     A facilitator's sign-in sheet in one request: one line per registered member, all or
    nothing (a line naming a member not registered, or twice, fails the sheet with a 422 naming
    `records[i].member_id`). Members left off the sheet keep what they had. Certificates earned
    are issued and returned. Send an `Idempotency-Key` to retry safely.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (AttendanceSheet): A whole session's attendance in one request (a facilitator's sign-
            in sheet). Example: {'records': [{'attendance': 'attended', 'member_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004'}, {'attendance': 'attended', 'hours': 2.5,
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a005'}, {'attendance': 'absent',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a006'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AttendanceSheetResult | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: AttendanceSheet,
    idempotency_key: str | Unset = UNSET,
) -> Response[AttendanceSheetResult | Problem]:
    """Record a whole session's attendance.

     A facilitator's sign-in sheet in one request: one line per registered member, all or
    nothing (a line naming a member not registered, or twice, fails the sheet with a 422 naming
    `records[i].member_id`). Members left off the sheet keep what they had. Certificates earned
    are issued and returned. Send an `Idempotency-Key` to retry safely.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (AttendanceSheet): A whole session's attendance in one request (a facilitator's sign-
            in sheet). Example: {'records': [{'attendance': 'attended', 'member_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004'}, {'attendance': 'attended', 'hours': 2.5,
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a005'}, {'attendance': 'absent',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a006'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AttendanceSheetResult | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: AttendanceSheet,
    idempotency_key: str | Unset = UNSET,
) -> AttendanceSheetResult | Problem | None:
    """Record a whole session's attendance.

     A facilitator's sign-in sheet in one request: one line per registered member, all or
    nothing (a line naming a member not registered, or twice, fails the sheet with a 422 naming
    `records[i].member_id`). Members left off the sheet keep what they had. Certificates earned
    are issued and returned. Send an `Idempotency-Key` to retry safely.

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (AttendanceSheet): A whole session's attendance in one request (a facilitator's sign-
            in sheet). Example: {'records': [{'attendance': 'attended', 'member_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004'}, {'attendance': 'attended', 'hours': 2.5,
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a005'}, {'attendance': 'absent',
            'member_id': '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a006'}]}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AttendanceSheetResult | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
