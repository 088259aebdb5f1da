import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enrollment_status import EnrollmentStatus
from ...models.export_enrollments_format import ExportEnrollmentsFormat
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    format_: ExportEnrollmentsFormat | Unset = UNSET,
    country: str | Unset = UNSET,
    scheme_id: str | Unset = UNSET,
    status: EnrollmentStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["country"] = country

    params["scheme_id"] = scheme_id

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/enrollments/export",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
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

    if response.status_code == 414:
        response_414 = Problem.from_dict(response.json())

        return response_414

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    format_: ExportEnrollmentsFormat | Unset = UNSET,
    country: str | Unset = UNSET,
    scheme_id: str | Unset = UNSET,
    status: EnrollmentStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[Problem | str]:
    """Export enrolments (ministry pull).

     Streams every live enrolment matching the filters (chunked transfer, in id order), as NDJSON
    or CSV (`format=` or `Accept`). Names, national ID, member id and affiliation number appear
    only for members whose consent to data sharing is recorded, or to a token that may read the
    member in the members service (`members:read`, within its partner); every member enrolment
    carries a stable pseudonym, the same across exports and in every other answer about the
    member, so records can be followed without identifying anyone. Every export leaves an access
    record (`GET /v1/audit/social-protection/access`). Pull incrementally with `updated_after`;
    deletions are in the feed `GET /v1/feeds/social-protection`. A partner-scoped token exports
    only its own enrolments.

    Args:
        format_ (ExportEnrollmentsFormat | Unset): Output format.
        country (str | Unset):
        scheme_id (str | Unset):
        status (EnrollmentStatus | Unset): Where an enrolment stands.
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        format_=format_,
        country=country,
        scheme_id=scheme_id,
        status=status,
        updated_after=updated_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    format_: ExportEnrollmentsFormat | Unset = UNSET,
    country: str | Unset = UNSET,
    scheme_id: str | Unset = UNSET,
    status: EnrollmentStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Problem | str | None:
    """Export enrolments (ministry pull).

     Streams every live enrolment matching the filters (chunked transfer, in id order), as NDJSON
    or CSV (`format=` or `Accept`). Names, national ID, member id and affiliation number appear
    only for members whose consent to data sharing is recorded, or to a token that may read the
    member in the members service (`members:read`, within its partner); every member enrolment
    carries a stable pseudonym, the same across exports and in every other answer about the
    member, so records can be followed without identifying anyone. Every export leaves an access
    record (`GET /v1/audit/social-protection/access`). Pull incrementally with `updated_after`;
    deletions are in the feed `GET /v1/feeds/social-protection`. A partner-scoped token exports
    only its own enrolments.

    Args:
        format_ (ExportEnrollmentsFormat | Unset): Output format.
        country (str | Unset):
        scheme_id (str | Unset):
        status (EnrollmentStatus | Unset): Where an enrolment stands.
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        format_=format_,
        country=country,
        scheme_id=scheme_id,
        status=status,
        updated_after=updated_after,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    format_: ExportEnrollmentsFormat | Unset = UNSET,
    country: str | Unset = UNSET,
    scheme_id: str | Unset = UNSET,
    status: EnrollmentStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Response[Problem | str]:
    """Export enrolments (ministry pull).

     Streams every live enrolment matching the filters (chunked transfer, in id order), as NDJSON
    or CSV (`format=` or `Accept`). Names, national ID, member id and affiliation number appear
    only for members whose consent to data sharing is recorded, or to a token that may read the
    member in the members service (`members:read`, within its partner); every member enrolment
    carries a stable pseudonym, the same across exports and in every other answer about the
    member, so records can be followed without identifying anyone. Every export leaves an access
    record (`GET /v1/audit/social-protection/access`). Pull incrementally with `updated_after`;
    deletions are in the feed `GET /v1/feeds/social-protection`. A partner-scoped token exports
    only its own enrolments.

    Args:
        format_ (ExportEnrollmentsFormat | Unset): Output format.
        country (str | Unset):
        scheme_id (str | Unset):
        status (EnrollmentStatus | Unset): Where an enrolment stands.
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        format_=format_,
        country=country,
        scheme_id=scheme_id,
        status=status,
        updated_after=updated_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    format_: ExportEnrollmentsFormat | Unset = UNSET,
    country: str | Unset = UNSET,
    scheme_id: str | Unset = UNSET,
    status: EnrollmentStatus | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
) -> Problem | str | None:
    """Export enrolments (ministry pull).

     Streams every live enrolment matching the filters (chunked transfer, in id order), as NDJSON
    or CSV (`format=` or `Accept`). Names, national ID, member id and affiliation number appear
    only for members whose consent to data sharing is recorded, or to a token that may read the
    member in the members service (`members:read`, within its partner); every member enrolment
    carries a stable pseudonym, the same across exports and in every other answer about the
    member, so records can be followed without identifying anyone. Every export leaves an access
    record (`GET /v1/audit/social-protection/access`). Pull incrementally with `updated_after`;
    deletions are in the feed `GET /v1/feeds/social-protection`. A partner-scoped token exports
    only its own enrolments.

    Args:
        format_ (ExportEnrollmentsFormat | Unset): Output format.
        country (str | Unset):
        scheme_id (str | Unset):
        status (EnrollmentStatus | Unset): Where an enrolment stands.
        updated_after (datetime.datetime | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            format_=format_,
            country=country,
            scheme_id=scheme_id,
            status=status,
            updated_after=updated_after,
        )
    ).parsed
