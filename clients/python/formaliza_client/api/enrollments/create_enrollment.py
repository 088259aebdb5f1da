from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enrollment import Enrollment
from ...models.enrollment_input import EnrollmentInput
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: EnrollmentInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/enrollments",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Enrollment | Problem | None:
    if response.status_code == 201:
        response_201 = Enrollment.from_dict(response.json())

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
) -> Response[Enrollment | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EnrollmentInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Enrollment | Problem]:
    """Enrol a member or a household in a scheme.

     The member (person schemes) or household (household schemes) must exist in the members
    service and be visible to your token: it is looked up with your token, so `members:read` is
    needed too (422 `unknown_reference` when missing or another partner's; 503 when the members
    service cannot be reached). A new enrolment starts `applied`, or `active` to record an
    existing affiliation, effective `effective_on` (default today; backdating allowed, never a
    future date). A member (or household) holds at most one live enrolment per scheme: a second
    while the first is `applied`, `active` or `suspended` is a 409 whose `context.existing_id`
    names it. Send an `Idempotency-Key` to retry safely: a retry gets the first answer, even if
    the scheme closed or the member was deleted since.

    Args:
        idempotency_key (str | Unset):
        body (EnrollmentInput): An enrolment as a partner sends it. `status` and `effective_on`
            are read at creation only;
            later changes of status go through `POST /v1/enrollments/{id}/transitions`. Example:
            {'affiliation_number': 'SIS-4471-2025', 'effective_on': '2025-03-14', 'member_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'scheme_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a101', 'status': 'active', 'verified_at':
            '2026-01-10T15:00:00Z', 'verified_by': 'Promotora Rosa Huamán'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Enrollment | Problem]
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
    body: EnrollmentInput,
    idempotency_key: str | Unset = UNSET,
) -> Enrollment | Problem | None:
    """Enrol a member or a household in a scheme.

     The member (person schemes) or household (household schemes) must exist in the members
    service and be visible to your token: it is looked up with your token, so `members:read` is
    needed too (422 `unknown_reference` when missing or another partner's; 503 when the members
    service cannot be reached). A new enrolment starts `applied`, or `active` to record an
    existing affiliation, effective `effective_on` (default today; backdating allowed, never a
    future date). A member (or household) holds at most one live enrolment per scheme: a second
    while the first is `applied`, `active` or `suspended` is a 409 whose `context.existing_id`
    names it. Send an `Idempotency-Key` to retry safely: a retry gets the first answer, even if
    the scheme closed or the member was deleted since.

    Args:
        idempotency_key (str | Unset):
        body (EnrollmentInput): An enrolment as a partner sends it. `status` and `effective_on`
            are read at creation only;
            later changes of status go through `POST /v1/enrollments/{id}/transitions`. Example:
            {'affiliation_number': 'SIS-4471-2025', 'effective_on': '2025-03-14', 'member_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'scheme_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a101', 'status': 'active', 'verified_at':
            '2026-01-10T15:00:00Z', 'verified_by': 'Promotora Rosa Huamán'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Enrollment | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EnrollmentInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Enrollment | Problem]:
    """Enrol a member or a household in a scheme.

     The member (person schemes) or household (household schemes) must exist in the members
    service and be visible to your token: it is looked up with your token, so `members:read` is
    needed too (422 `unknown_reference` when missing or another partner's; 503 when the members
    service cannot be reached). A new enrolment starts `applied`, or `active` to record an
    existing affiliation, effective `effective_on` (default today; backdating allowed, never a
    future date). A member (or household) holds at most one live enrolment per scheme: a second
    while the first is `applied`, `active` or `suspended` is a 409 whose `context.existing_id`
    names it. Send an `Idempotency-Key` to retry safely: a retry gets the first answer, even if
    the scheme closed or the member was deleted since.

    Args:
        idempotency_key (str | Unset):
        body (EnrollmentInput): An enrolment as a partner sends it. `status` and `effective_on`
            are read at creation only;
            later changes of status go through `POST /v1/enrollments/{id}/transitions`. Example:
            {'affiliation_number': 'SIS-4471-2025', 'effective_on': '2025-03-14', 'member_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'scheme_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a101', 'status': 'active', 'verified_at':
            '2026-01-10T15:00:00Z', 'verified_by': 'Promotora Rosa Huamán'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Enrollment | Problem]
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
    body: EnrollmentInput,
    idempotency_key: str | Unset = UNSET,
) -> Enrollment | Problem | None:
    """Enrol a member or a household in a scheme.

     The member (person schemes) or household (household schemes) must exist in the members
    service and be visible to your token: it is looked up with your token, so `members:read` is
    needed too (422 `unknown_reference` when missing or another partner's; 503 when the members
    service cannot be reached). A new enrolment starts `applied`, or `active` to record an
    existing affiliation, effective `effective_on` (default today; backdating allowed, never a
    future date). A member (or household) holds at most one live enrolment per scheme: a second
    while the first is `applied`, `active` or `suspended` is a 409 whose `context.existing_id`
    names it. Send an `Idempotency-Key` to retry safely: a retry gets the first answer, even if
    the scheme closed or the member was deleted since.

    Args:
        idempotency_key (str | Unset):
        body (EnrollmentInput): An enrolment as a partner sends it. `status` and `effective_on`
            are read at creation only;
            later changes of status go through `POST /v1/enrollments/{id}/transitions`. Example:
            {'affiliation_number': 'SIS-4471-2025', 'effective_on': '2025-03-14', 'member_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001', 'scheme_id':
            '0192b9c4-6c2e-7d4e-9a57-3f1de0b0a101', 'status': 'active', 'verified_at':
            '2026-01-10T15:00:00Z', 'verified_by': 'Promotora Rosa Huamán'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Enrollment | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
