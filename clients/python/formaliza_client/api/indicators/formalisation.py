import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.country_code import CountryCode
from ...models.formalisation_indicator import FormalisationIndicator
from ...models.formalisation_sector import FormalisationSector
from ...models.organisations_group_by import OrganisationsGroupBy
from ...models.problem import Problem
from ...models.workers_group_by import WorkersGroupBy
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    as_of: datetime.date | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    organisations_by: OrganisationsGroupBy | Unset = UNSET,
    workers_by: WorkersGroupBy | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of: str | Unset = UNSET
    if not isinstance(as_of, Unset):
        json_as_of = as_of.isoformat()
    params["as_of"] = json_as_of

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_country: str | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country.value

    params["country"] = json_country

    params["region"] = region

    json_sector: str | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = sector.value

    params["sector"] = json_sector

    params["in_programme_only"] = in_programme_only

    json_organisations_by: str | Unset = UNSET
    if not isinstance(organisations_by, Unset):
        json_organisations_by = organisations_by.value

    params["organisations_by"] = json_organisations_by

    json_workers_by: str | Unset = UNSET
    if not isinstance(workers_by, Unset):
        json_workers_by = workers_by.value

    params["workers_by"] = json_workers_by

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/indicators/formalisation",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FormalisationIndicator | Problem | None:
    if response.status_code == 200:
        response_200 = FormalisationIndicator.from_dict(response.json())

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
) -> Response[FormalisationIndicator | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    organisations_by: OrganisationsGroupBy | Unset = UNSET,
    workers_by: WorkersGroupBy | Unset = UNSET,
) -> Response[FormalisationIndicator | Problem]:
    """Who became formal: organisations by formal status, and workers holding a formal job.

     On `as_of`, among the organisations in scope (current records, narrowed by the filters):
    how many are `formal` (an active tax registration and an active business or cooperative
    registry entry), `in_formation` (one of the two) and `informal`, and with `from`, how many
    became formal in the period (not formal on the day before `from`, formal on `as_of`).
    Among the members in scope holding a job on `as_of`: how many hold a formal one, following
    the ILO (17th and 21st ICLS): an employee registered by the employer for social security by
    then, or an owner, self-employed worker or member-worker of an organisation `formal` then
    (a contributing family worker's job is informal). Registrations and transitions count on
    their effective dates, so backdated records move past figures.

    Aggregates only: cells of fewer than 5 organisations or members (`FORMALIZA_MIN_CELL`) are
    withheld, and with them as many other cells of the same breakdown as it takes that none
    can be recomputed by subtraction. A partner-scoped token counts only its own records.

    Args:
        as_of (datetime.date | Unset):
        from_ (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (FormalisationSector | Unset): Economic sector of a worker or organisation.
        in_programme_only (bool | Unset):
        organisations_by (OrganisationsGroupBy | Unset): How to break the organisations down.
        workers_by (WorkersGroupBy | Unset): How to break the workers down.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FormalisationIndicator | Problem]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        from_=from_,
        country=country,
        region=region,
        sector=sector,
        in_programme_only=in_programme_only,
        organisations_by=organisations_by,
        workers_by=workers_by,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    organisations_by: OrganisationsGroupBy | Unset = UNSET,
    workers_by: WorkersGroupBy | Unset = UNSET,
) -> FormalisationIndicator | Problem | None:
    """Who became formal: organisations by formal status, and workers holding a formal job.

     On `as_of`, among the organisations in scope (current records, narrowed by the filters):
    how many are `formal` (an active tax registration and an active business or cooperative
    registry entry), `in_formation` (one of the two) and `informal`, and with `from`, how many
    became formal in the period (not formal on the day before `from`, formal on `as_of`).
    Among the members in scope holding a job on `as_of`: how many hold a formal one, following
    the ILO (17th and 21st ICLS): an employee registered by the employer for social security by
    then, or an owner, self-employed worker or member-worker of an organisation `formal` then
    (a contributing family worker's job is informal). Registrations and transitions count on
    their effective dates, so backdated records move past figures.

    Aggregates only: cells of fewer than 5 organisations or members (`FORMALIZA_MIN_CELL`) are
    withheld, and with them as many other cells of the same breakdown as it takes that none
    can be recomputed by subtraction. A partner-scoped token counts only its own records.

    Args:
        as_of (datetime.date | Unset):
        from_ (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (FormalisationSector | Unset): Economic sector of a worker or organisation.
        in_programme_only (bool | Unset):
        organisations_by (OrganisationsGroupBy | Unset): How to break the organisations down.
        workers_by (WorkersGroupBy | Unset): How to break the workers down.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FormalisationIndicator | Problem
    """

    return sync_detailed(
        client=client,
        as_of=as_of,
        from_=from_,
        country=country,
        region=region,
        sector=sector,
        in_programme_only=in_programme_only,
        organisations_by=organisations_by,
        workers_by=workers_by,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    organisations_by: OrganisationsGroupBy | Unset = UNSET,
    workers_by: WorkersGroupBy | Unset = UNSET,
) -> Response[FormalisationIndicator | Problem]:
    """Who became formal: organisations by formal status, and workers holding a formal job.

     On `as_of`, among the organisations in scope (current records, narrowed by the filters):
    how many are `formal` (an active tax registration and an active business or cooperative
    registry entry), `in_formation` (one of the two) and `informal`, and with `from`, how many
    became formal in the period (not formal on the day before `from`, formal on `as_of`).
    Among the members in scope holding a job on `as_of`: how many hold a formal one, following
    the ILO (17th and 21st ICLS): an employee registered by the employer for social security by
    then, or an owner, self-employed worker or member-worker of an organisation `formal` then
    (a contributing family worker's job is informal). Registrations and transitions count on
    their effective dates, so backdated records move past figures.

    Aggregates only: cells of fewer than 5 organisations or members (`FORMALIZA_MIN_CELL`) are
    withheld, and with them as many other cells of the same breakdown as it takes that none
    can be recomputed by subtraction. A partner-scoped token counts only its own records.

    Args:
        as_of (datetime.date | Unset):
        from_ (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (FormalisationSector | Unset): Economic sector of a worker or organisation.
        in_programme_only (bool | Unset):
        organisations_by (OrganisationsGroupBy | Unset): How to break the organisations down.
        workers_by (WorkersGroupBy | Unset): How to break the workers down.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FormalisationIndicator | Problem]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        from_=from_,
        country=country,
        region=region,
        sector=sector,
        in_programme_only=in_programme_only,
        organisations_by=organisations_by,
        workers_by=workers_by,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    from_: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    organisations_by: OrganisationsGroupBy | Unset = UNSET,
    workers_by: WorkersGroupBy | Unset = UNSET,
) -> FormalisationIndicator | Problem | None:
    """Who became formal: organisations by formal status, and workers holding a formal job.

     On `as_of`, among the organisations in scope (current records, narrowed by the filters):
    how many are `formal` (an active tax registration and an active business or cooperative
    registry entry), `in_formation` (one of the two) and `informal`, and with `from`, how many
    became formal in the period (not formal on the day before `from`, formal on `as_of`).
    Among the members in scope holding a job on `as_of`: how many hold a formal one, following
    the ILO (17th and 21st ICLS): an employee registered by the employer for social security by
    then, or an owner, self-employed worker or member-worker of an organisation `formal` then
    (a contributing family worker's job is informal). Registrations and transitions count on
    their effective dates, so backdated records move past figures.

    Aggregates only: cells of fewer than 5 organisations or members (`FORMALIZA_MIN_CELL`) are
    withheld, and with them as many other cells of the same breakdown as it takes that none
    can be recomputed by subtraction. A partner-scoped token counts only its own records.

    Args:
        as_of (datetime.date | Unset):
        from_ (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (FormalisationSector | Unset): Economic sector of a worker or organisation.
        in_programme_only (bool | Unset):
        organisations_by (OrganisationsGroupBy | Unset): How to break the organisations down.
        workers_by (WorkersGroupBy | Unset): How to break the workers down.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FormalisationIndicator | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            as_of=as_of,
            from_=from_,
            country=country,
            region=region,
            sector=sector,
            in_programme_only=in_programme_only,
            organisations_by=organisations_by,
            workers_by=workers_by,
        )
    ).parsed
