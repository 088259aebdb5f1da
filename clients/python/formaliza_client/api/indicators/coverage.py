import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.country_code import CountryCode
from ...models.coverage_group_by import CoverageGroupBy
from ...models.coverage_indicator import CoverageIndicator
from ...models.coverage_sector import CoverageSector
from ...models.coverage_unit import CoverageUnit
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    as_of: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: CoverageSector | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    unit: CoverageUnit | Unset = UNSET,
    group_by: CoverageGroupBy | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of: str | Unset = UNSET
    if not isinstance(as_of, Unset):
        json_as_of = as_of.isoformat()
    params["as_of"] = json_as_of

    json_country: str | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country.value

    params["country"] = json_country

    params["region"] = region

    json_sector: str | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = sector.value

    params["sector"] = json_sector

    json_organisation_id: str | Unset = UNSET
    if not isinstance(organisation_id, Unset):
        json_organisation_id = str(organisation_id)
    params["organisation_id"] = json_organisation_id

    params["in_programme_only"] = in_programme_only

    json_unit: str | Unset = UNSET
    if not isinstance(unit, Unset):
        json_unit = unit.value

    params["unit"] = json_unit

    json_group_by: str | Unset = UNSET
    if not isinstance(group_by, Unset):
        json_group_by = group_by.value

    params["group_by"] = json_group_by

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/indicators/coverage",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CoverageIndicator | Problem | None:
    if response.status_code == 200:
        response_200 = CoverageIndicator.from_dict(response.json())

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
) -> Response[CoverageIndicator | Problem]:
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
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: CoverageSector | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    unit: CoverageUnit | Unset = UNSET,
    group_by: CoverageGroupBy | Unset = UNSET,
) -> Response[CoverageIndicator | Problem]:
    """Coverage of households (or members) by public services and insurance.

     Among the households in scope (households with at least one current member, narrowed by the
    filters: `sector=coffee` gives coffee producers' families), how many have at least one member,
    or the household itself, actively enrolled on `as_of` in a `public_service` scheme, and in an
    `insurance` scheme: counts and percentages. The status of an enrolment on a date is its last
    transition effective on or before that date. Households and members come from this service's
    copy of the members service, fed by its change feed: `read_model` says how current it is.

    With `unit=person` the cells count members (`members` in place of `households`, and
    `"unit": "person"` in the answer): the current members of a household, narrowed by the same
    filters applied to each member (their household's country and region, their own sector and
    current memberships), and how many are covered on `as_of`: by their own active enrolment, or
    by an active enrolment of their household (a scheme covering the whole household covers each
    member of it now). Broken down by `sex` or `age_band` (age on `as_of`: `15_29` is the
    programme's youth), a dashboard shows, say, young women with health insurance.

    Aggregates only: cells of fewer than 5 households or members (`FORMALIZA_MIN_CELL`) are
    withheld, and with them as many other cells of the answer as it takes that none can be
    recomputed by subtraction from the cells shown and the whole scope's total. A
    partner-scoped token counts only its own households (and their members).

    Args:
        as_of (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (CoverageSector | Unset): Economic sector of a worker or organisation.
        organisation_id (UUID | Unset):
        in_programme_only (bool | Unset):
        unit (CoverageUnit | Unset): What the indicator counts.
        group_by (CoverageGroupBy | Unset): How to break the indicator down. `head_sex` and
            `organisation` apply to households only;
            `sex` and `age_band` to members only; `country` and `region` to both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoverageIndicator | Problem]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        country=country,
        region=region,
        sector=sector,
        organisation_id=organisation_id,
        in_programme_only=in_programme_only,
        unit=unit,
        group_by=group_by,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: CoverageSector | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    unit: CoverageUnit | Unset = UNSET,
    group_by: CoverageGroupBy | Unset = UNSET,
) -> CoverageIndicator | Problem | None:
    """Coverage of households (or members) by public services and insurance.

     Among the households in scope (households with at least one current member, narrowed by the
    filters: `sector=coffee` gives coffee producers' families), how many have at least one member,
    or the household itself, actively enrolled on `as_of` in a `public_service` scheme, and in an
    `insurance` scheme: counts and percentages. The status of an enrolment on a date is its last
    transition effective on or before that date. Households and members come from this service's
    copy of the members service, fed by its change feed: `read_model` says how current it is.

    With `unit=person` the cells count members (`members` in place of `households`, and
    `"unit": "person"` in the answer): the current members of a household, narrowed by the same
    filters applied to each member (their household's country and region, their own sector and
    current memberships), and how many are covered on `as_of`: by their own active enrolment, or
    by an active enrolment of their household (a scheme covering the whole household covers each
    member of it now). Broken down by `sex` or `age_band` (age on `as_of`: `15_29` is the
    programme's youth), a dashboard shows, say, young women with health insurance.

    Aggregates only: cells of fewer than 5 households or members (`FORMALIZA_MIN_CELL`) are
    withheld, and with them as many other cells of the answer as it takes that none can be
    recomputed by subtraction from the cells shown and the whole scope's total. A
    partner-scoped token counts only its own households (and their members).

    Args:
        as_of (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (CoverageSector | Unset): Economic sector of a worker or organisation.
        organisation_id (UUID | Unset):
        in_programme_only (bool | Unset):
        unit (CoverageUnit | Unset): What the indicator counts.
        group_by (CoverageGroupBy | Unset): How to break the indicator down. `head_sex` and
            `organisation` apply to households only;
            `sex` and `age_band` to members only; `country` and `region` to both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoverageIndicator | Problem
    """

    return sync_detailed(
        client=client,
        as_of=as_of,
        country=country,
        region=region,
        sector=sector,
        organisation_id=organisation_id,
        in_programme_only=in_programme_only,
        unit=unit,
        group_by=group_by,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: CoverageSector | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    unit: CoverageUnit | Unset = UNSET,
    group_by: CoverageGroupBy | Unset = UNSET,
) -> Response[CoverageIndicator | Problem]:
    """Coverage of households (or members) by public services and insurance.

     Among the households in scope (households with at least one current member, narrowed by the
    filters: `sector=coffee` gives coffee producers' families), how many have at least one member,
    or the household itself, actively enrolled on `as_of` in a `public_service` scheme, and in an
    `insurance` scheme: counts and percentages. The status of an enrolment on a date is its last
    transition effective on or before that date. Households and members come from this service's
    copy of the members service, fed by its change feed: `read_model` says how current it is.

    With `unit=person` the cells count members (`members` in place of `households`, and
    `"unit": "person"` in the answer): the current members of a household, narrowed by the same
    filters applied to each member (their household's country and region, their own sector and
    current memberships), and how many are covered on `as_of`: by their own active enrolment, or
    by an active enrolment of their household (a scheme covering the whole household covers each
    member of it now). Broken down by `sex` or `age_band` (age on `as_of`: `15_29` is the
    programme's youth), a dashboard shows, say, young women with health insurance.

    Aggregates only: cells of fewer than 5 households or members (`FORMALIZA_MIN_CELL`) are
    withheld, and with them as many other cells of the answer as it takes that none can be
    recomputed by subtraction from the cells shown and the whole scope's total. A
    partner-scoped token counts only its own households (and their members).

    Args:
        as_of (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (CoverageSector | Unset): Economic sector of a worker or organisation.
        organisation_id (UUID | Unset):
        in_programme_only (bool | Unset):
        unit (CoverageUnit | Unset): What the indicator counts.
        group_by (CoverageGroupBy | Unset): How to break the indicator down. `head_sex` and
            `organisation` apply to households only;
            `sex` and `age_band` to members only; `country` and `region` to both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoverageIndicator | Problem]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        country=country,
        region=region,
        sector=sector,
        organisation_id=organisation_id,
        in_programme_only=in_programme_only,
        unit=unit,
        group_by=group_by,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: CoverageSector | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
    unit: CoverageUnit | Unset = UNSET,
    group_by: CoverageGroupBy | Unset = UNSET,
) -> CoverageIndicator | Problem | None:
    """Coverage of households (or members) by public services and insurance.

     Among the households in scope (households with at least one current member, narrowed by the
    filters: `sector=coffee` gives coffee producers' families), how many have at least one member,
    or the household itself, actively enrolled on `as_of` in a `public_service` scheme, and in an
    `insurance` scheme: counts and percentages. The status of an enrolment on a date is its last
    transition effective on or before that date. Households and members come from this service's
    copy of the members service, fed by its change feed: `read_model` says how current it is.

    With `unit=person` the cells count members (`members` in place of `households`, and
    `"unit": "person"` in the answer): the current members of a household, narrowed by the same
    filters applied to each member (their household's country and region, their own sector and
    current memberships), and how many are covered on `as_of`: by their own active enrolment, or
    by an active enrolment of their household (a scheme covering the whole household covers each
    member of it now). Broken down by `sex` or `age_band` (age on `as_of`: `15_29` is the
    programme's youth), a dashboard shows, say, young women with health insurance.

    Aggregates only: cells of fewer than 5 households or members (`FORMALIZA_MIN_CELL`) are
    withheld, and with them as many other cells of the answer as it takes that none can be
    recomputed by subtraction from the cells shown and the whole scope's total. A
    partner-scoped token counts only its own households (and their members).

    Args:
        as_of (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (CoverageSector | Unset): Economic sector of a worker or organisation.
        organisation_id (UUID | Unset):
        in_programme_only (bool | Unset):
        unit (CoverageUnit | Unset): What the indicator counts.
        group_by (CoverageGroupBy | Unset): How to break the indicator down. `head_sex` and
            `organisation` apply to households only;
            `sex` and `age_band` to members only; `country` and `region` to both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoverageIndicator | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            as_of=as_of,
            country=country,
            region=region,
            sector=sector,
            organisation_id=organisation_id,
            in_programme_only=in_programme_only,
            unit=unit,
            group_by=group_by,
        )
    ).parsed
