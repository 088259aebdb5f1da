import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_member import PageMember
from ...models.problem import Problem
from ...models.sector import Sector
from ...models.work_status import WorkStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    work_status: WorkStatus | Unset = UNSET,
    household_id: UUID | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    id_number: str | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["country"] = country

    params["region"] = region

    json_sector: str | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = sector.value

    params["sector"] = json_sector

    json_work_status: str | Unset = UNSET
    if not isinstance(work_status, Unset):
        json_work_status = work_status.value

    params["work_status"] = json_work_status

    json_household_id: str | Unset = UNSET
    if not isinstance(household_id, Unset):
        json_household_id = str(household_id)
    params["household_id"] = json_household_id

    json_organisation_id: str | Unset = UNSET
    if not isinstance(organisation_id, Unset):
        json_organisation_id = str(organisation_id)
    params["organisation_id"] = json_organisation_id

    params["id_number"] = id_number

    params["q"] = q

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/members",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PageMember | Problem | None:
    if response.status_code == 200:
        response_200 = PageMember.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PageMember | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    work_status: WorkStatus | Unset = UNSET,
    household_id: UUID | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    id_number: str | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageMember | Problem]:
    """List members.

     Keyset-paginated in creation order; every page costs the same however deep. A partner token
    sees only its own members. A page showing members of a partner other than the caller's (the
    programme office reading a partner's members) leaves an access record
    (`GET /v1/audit/members/access`).

    Args:
        country (str | Unset):
        region (str | Unset):
        sector (Sector | Unset): Economic sector of a worker or organisation.
        work_status (WorkStatus | Unset): Position in work.
        household_id (UUID | Unset):
        organisation_id (UUID | Unset):
        id_number (str | Unset):
        q (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMember | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        region=region,
        sector=sector,
        work_status=work_status,
        household_id=household_id,
        organisation_id=organisation_id,
        id_number=id_number,
        q=q,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    work_status: WorkStatus | Unset = UNSET,
    household_id: UUID | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    id_number: str | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageMember | Problem | None:
    """List members.

     Keyset-paginated in creation order; every page costs the same however deep. A partner token
    sees only its own members. A page showing members of a partner other than the caller's (the
    programme office reading a partner's members) leaves an access record
    (`GET /v1/audit/members/access`).

    Args:
        country (str | Unset):
        region (str | Unset):
        sector (Sector | Unset): Economic sector of a worker or organisation.
        work_status (WorkStatus | Unset): Position in work.
        household_id (UUID | Unset):
        organisation_id (UUID | Unset):
        id_number (str | Unset):
        q (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMember | Problem
    """

    return sync_detailed(
        client=client,
        country=country,
        region=region,
        sector=sector,
        work_status=work_status,
        household_id=household_id,
        organisation_id=organisation_id,
        id_number=id_number,
        q=q,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    work_status: WorkStatus | Unset = UNSET,
    household_id: UUID | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    id_number: str | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageMember | Problem]:
    """List members.

     Keyset-paginated in creation order; every page costs the same however deep. A partner token
    sees only its own members. A page showing members of a partner other than the caller's (the
    programme office reading a partner's members) leaves an access record
    (`GET /v1/audit/members/access`).

    Args:
        country (str | Unset):
        region (str | Unset):
        sector (Sector | Unset): Economic sector of a worker or organisation.
        work_status (WorkStatus | Unset): Position in work.
        household_id (UUID | Unset):
        organisation_id (UUID | Unset):
        id_number (str | Unset):
        q (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMember | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        region=region,
        sector=sector,
        work_status=work_status,
        household_id=household_id,
        organisation_id=organisation_id,
        id_number=id_number,
        q=q,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    work_status: WorkStatus | Unset = UNSET,
    household_id: UUID | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    id_number: str | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageMember | Problem | None:
    """List members.

     Keyset-paginated in creation order; every page costs the same however deep. A partner token
    sees only its own members. A page showing members of a partner other than the caller's (the
    programme office reading a partner's members) leaves an access record
    (`GET /v1/audit/members/access`).

    Args:
        country (str | Unset):
        region (str | Unset):
        sector (Sector | Unset): Economic sector of a worker or organisation.
        work_status (WorkStatus | Unset): Position in work.
        household_id (UUID | Unset):
        organisation_id (UUID | Unset):
        id_number (str | Unset):
        q (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMember | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            region=region,
            sector=sector,
            work_status=work_status,
            household_id=household_id,
            organisation_id=organisation_id,
            id_number=id_number,
            q=q,
            updated_after=updated_after,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
