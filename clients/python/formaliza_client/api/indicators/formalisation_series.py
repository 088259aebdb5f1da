import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.country_code import CountryCode
from ...models.formalisation_series import FormalisationSeries
from ...models.formalisation_series_sector import FormalisationSeriesSector
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.date,
    to: datetime.date,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSeriesSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/indicators/formalisation/series",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FormalisationSeries | Problem | None:
    if response.status_code == 200:
        response_200 = FormalisationSeries.from_dict(response.json())

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
) -> Response[FormalisationSeries | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSeriesSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
) -> Response[FormalisationSeries | Problem]:
    """Formalisation over time.

     The whole scope's formal organisations and workers with a formal job (as in
    `GET /v1/indicators/formalisation`), at the last day of each month from `from` to `to` (the
    last point at `to`). The organisations' or the workers' figures of a point counting fewer
    than 5 of them (`FORMALIZA_MIN_CELL`) are withheld.

    Args:
        from_ (datetime.date):
        to (datetime.date):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (FormalisationSeriesSector | Unset): Economic sector of a worker or organisation.
        in_programme_only (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FormalisationSeries | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        country=country,
        region=region,
        sector=sector,
        in_programme_only=in_programme_only,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSeriesSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
) -> FormalisationSeries | Problem | None:
    """Formalisation over time.

     The whole scope's formal organisations and workers with a formal job (as in
    `GET /v1/indicators/formalisation`), at the last day of each month from `from` to `to` (the
    last point at `to`). The organisations' or the workers' figures of a point counting fewer
    than 5 of them (`FORMALIZA_MIN_CELL`) are withheld.

    Args:
        from_ (datetime.date):
        to (datetime.date):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (FormalisationSeriesSector | Unset): Economic sector of a worker or organisation.
        in_programme_only (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FormalisationSeries | Problem
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        country=country,
        region=region,
        sector=sector,
        in_programme_only=in_programme_only,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSeriesSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
) -> Response[FormalisationSeries | Problem]:
    """Formalisation over time.

     The whole scope's formal organisations and workers with a formal job (as in
    `GET /v1/indicators/formalisation`), at the last day of each month from `from` to `to` (the
    last point at `to`). The organisations' or the workers' figures of a point counting fewer
    than 5 of them (`FORMALIZA_MIN_CELL`) are withheld.

    Args:
        from_ (datetime.date):
        to (datetime.date):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (FormalisationSeriesSector | Unset): Economic sector of a worker or organisation.
        in_programme_only (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FormalisationSeries | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        country=country,
        region=region,
        sector=sector,
        in_programme_only=in_programme_only,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.date,
    to: datetime.date,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    sector: FormalisationSeriesSector | Unset = UNSET,
    in_programme_only: bool | Unset = UNSET,
) -> FormalisationSeries | Problem | None:
    """Formalisation over time.

     The whole scope's formal organisations and workers with a formal job (as in
    `GET /v1/indicators/formalisation`), at the last day of each month from `from` to `to` (the
    last point at `to`). The organisations' or the workers' figures of a point counting fewer
    than 5 of them (`FORMALIZA_MIN_CELL`) are withheld.

    Args:
        from_ (datetime.date):
        to (datetime.date):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        sector (FormalisationSeriesSector | Unset): Economic sector of a worker or organisation.
        in_programme_only (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FormalisationSeries | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            country=country,
            region=region,
            sector=sector,
            in_programme_only=in_programme_only,
        )
    ).parsed
