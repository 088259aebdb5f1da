import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.formal_status import FormalStatus
from ...models.legal_status import LegalStatus
from ...models.organisation_kind import OrganisationKind
from ...models.page_organisation import PageOrganisation
from ...models.problem import Problem
from ...models.sector import Sector
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: str | Unset = UNSET,
    region: str | Unset = UNSET,
    kind: OrganisationKind | Unset = UNSET,
    legal_status: LegalStatus | Unset = UNSET,
    formal_status: FormalStatus | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    parent_id: UUID | Unset = UNSET,
    in_programme: bool | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["country"] = country

    params["region"] = region

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    json_legal_status: str | Unset = UNSET
    if not isinstance(legal_status, Unset):
        json_legal_status = legal_status.value

    params["legal_status"] = json_legal_status

    json_formal_status: str | Unset = UNSET
    if not isinstance(formal_status, Unset):
        json_formal_status = formal_status.value

    params["formal_status"] = json_formal_status

    json_sector: str | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = sector.value

    params["sector"] = json_sector

    json_parent_id: str | Unset = UNSET
    if not isinstance(parent_id, Unset):
        json_parent_id = str(parent_id)
    params["parent_id"] = json_parent_id

    params["in_programme"] = in_programme

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
        "url": "/v1/organisations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageOrganisation | Problem | None:
    if response.status_code == 200:
        response_200 = PageOrganisation.from_dict(response.json())

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
) -> Response[PageOrganisation | Problem]:
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
    kind: OrganisationKind | Unset = UNSET,
    legal_status: LegalStatus | Unset = UNSET,
    formal_status: FormalStatus | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    parent_id: UUID | Unset = UNSET,
    in_programme: bool | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageOrganisation | Problem]:
    """List organisations.

     Keyset-paginated in creation order. A partner token sees only its own organisations.

    Args:
        country (str | Unset):
        region (str | Unset):
        kind (OrganisationKind | Unset): What kind of organisation.
        legal_status (LegalStatus | Unset): Where the organisation stands on the way to formality.
        formal_status (FormalStatus | Unset): An organisation's formal status (see `GET
            /v1/organisations/{id}/status-history`).
        sector (Sector | Unset): Economic sector of a worker or organisation.
        parent_id (UUID | Unset):
        in_programme (bool | Unset):
        q (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrganisation | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        region=region,
        kind=kind,
        legal_status=legal_status,
        formal_status=formal_status,
        sector=sector,
        parent_id=parent_id,
        in_programme=in_programme,
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
    kind: OrganisationKind | Unset = UNSET,
    legal_status: LegalStatus | Unset = UNSET,
    formal_status: FormalStatus | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    parent_id: UUID | Unset = UNSET,
    in_programme: bool | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageOrganisation | Problem | None:
    """List organisations.

     Keyset-paginated in creation order. A partner token sees only its own organisations.

    Args:
        country (str | Unset):
        region (str | Unset):
        kind (OrganisationKind | Unset): What kind of organisation.
        legal_status (LegalStatus | Unset): Where the organisation stands on the way to formality.
        formal_status (FormalStatus | Unset): An organisation's formal status (see `GET
            /v1/organisations/{id}/status-history`).
        sector (Sector | Unset): Economic sector of a worker or organisation.
        parent_id (UUID | Unset):
        in_programme (bool | Unset):
        q (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrganisation | Problem
    """

    return sync_detailed(
        client=client,
        country=country,
        region=region,
        kind=kind,
        legal_status=legal_status,
        formal_status=formal_status,
        sector=sector,
        parent_id=parent_id,
        in_programme=in_programme,
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
    kind: OrganisationKind | Unset = UNSET,
    legal_status: LegalStatus | Unset = UNSET,
    formal_status: FormalStatus | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    parent_id: UUID | Unset = UNSET,
    in_programme: bool | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageOrganisation | Problem]:
    """List organisations.

     Keyset-paginated in creation order. A partner token sees only its own organisations.

    Args:
        country (str | Unset):
        region (str | Unset):
        kind (OrganisationKind | Unset): What kind of organisation.
        legal_status (LegalStatus | Unset): Where the organisation stands on the way to formality.
        formal_status (FormalStatus | Unset): An organisation's formal status (see `GET
            /v1/organisations/{id}/status-history`).
        sector (Sector | Unset): Economic sector of a worker or organisation.
        parent_id (UUID | Unset):
        in_programme (bool | Unset):
        q (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrganisation | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        region=region,
        kind=kind,
        legal_status=legal_status,
        formal_status=formal_status,
        sector=sector,
        parent_id=parent_id,
        in_programme=in_programme,
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
    kind: OrganisationKind | Unset = UNSET,
    legal_status: LegalStatus | Unset = UNSET,
    formal_status: FormalStatus | Unset = UNSET,
    sector: Sector | Unset = UNSET,
    parent_id: UUID | Unset = UNSET,
    in_programme: bool | Unset = UNSET,
    q: str | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageOrganisation | Problem | None:
    """List organisations.

     Keyset-paginated in creation order. A partner token sees only its own organisations.

    Args:
        country (str | Unset):
        region (str | Unset):
        kind (OrganisationKind | Unset): What kind of organisation.
        legal_status (LegalStatus | Unset): Where the organisation stands on the way to formality.
        formal_status (FormalStatus | Unset): An organisation's formal status (see `GET
            /v1/organisations/{id}/status-history`).
        sector (Sector | Unset): Economic sector of a worker or organisation.
        parent_id (UUID | Unset):
        in_programme (bool | Unset):
        q (str | Unset):
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrganisation | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            region=region,
            kind=kind,
            legal_status=legal_status,
            formal_status=formal_status,
            sector=sector,
            parent_id=parent_id,
            in_programme=in_programme,
            q=q,
            updated_after=updated_after,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
