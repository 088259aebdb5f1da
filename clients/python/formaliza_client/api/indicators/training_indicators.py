import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.country_code import CountryCode
from ...models.course_topic import CourseTopic
from ...models.problem import Problem
from ...models.training_indicator import TrainingIndicator
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    topic: CourseTopic | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_country: str | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country.value

    params["country"] = json_country

    params["region"] = region

    json_topic: str | Unset = UNSET
    if not isinstance(topic, Unset):
        json_topic = topic.value

    params["topic"] = json_topic

    json_organisation_id: str | Unset = UNSET
    if not isinstance(organisation_id, Unset):
        json_organisation_id = str(organisation_id)
    params["organisation_id"] = json_organisation_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/indicators/training",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TrainingIndicator | None:
    if response.status_code == 200:
        response_200 = TrainingIndicator.from_dict(response.json())

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
) -> Response[Problem | TrainingIndicator]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    topic: CourseTopic | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
) -> Response[Problem | TrainingIndicator]:
    """Training indicators.

     For a period and optional filters: sessions held, hours delivered, distinct participants
    (by sex, and by youth: aged 15–29 on the session date), completion rate, certificates issued
    and organisations from outside the programme that took part. Aggregates only, never a
    person. Member attributes come from a local copy of the members service's data, fed by its
    change feed: `read_model` tells how current it is. With `indicators:read` alone, cells
    counting fewer than 5 people are withheld (`null`, `suppressed: true`). A partner token
    counts its own sessions only.

    Args:
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        topic (CourseTopic | Unset): What a course is about.
        organisation_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrainingIndicator]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        country=country,
        region=region,
        topic=topic,
        organisation_id=organisation_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    topic: CourseTopic | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
) -> Problem | TrainingIndicator | None:
    """Training indicators.

     For a period and optional filters: sessions held, hours delivered, distinct participants
    (by sex, and by youth: aged 15–29 on the session date), completion rate, certificates issued
    and organisations from outside the programme that took part. Aggregates only, never a
    person. Member attributes come from a local copy of the members service's data, fed by its
    change feed: `read_model` tells how current it is. With `indicators:read` alone, cells
    counting fewer than 5 people are withheld (`null`, `suppressed: true`). A partner token
    counts its own sessions only.

    Args:
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        topic (CourseTopic | Unset): What a course is about.
        organisation_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrainingIndicator
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        country=country,
        region=region,
        topic=topic,
        organisation_id=organisation_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    topic: CourseTopic | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
) -> Response[Problem | TrainingIndicator]:
    """Training indicators.

     For a period and optional filters: sessions held, hours delivered, distinct participants
    (by sex, and by youth: aged 15–29 on the session date), completion rate, certificates issued
    and organisations from outside the programme that took part. Aggregates only, never a
    person. Member attributes come from a local copy of the members service's data, fed by its
    change feed: `read_model` tells how current it is. With `indicators:read` alone, cells
    counting fewer than 5 people are withheld (`null`, `suppressed: true`). A partner token
    counts its own sessions only.

    Args:
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        topic (CourseTopic | Unset): What a course is about.
        organisation_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TrainingIndicator]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        country=country,
        region=region,
        topic=topic,
        organisation_id=organisation_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
    country: CountryCode | Unset = UNSET,
    region: str | Unset = UNSET,
    topic: CourseTopic | Unset = UNSET,
    organisation_id: UUID | Unset = UNSET,
) -> Problem | TrainingIndicator | None:
    """Training indicators.

     For a period and optional filters: sessions held, hours delivered, distinct participants
    (by sex, and by youth: aged 15–29 on the session date), completion rate, certificates issued
    and organisations from outside the programme that took part. Aggregates only, never a
    person. Member attributes come from a local copy of the members service's data, fed by its
    change feed: `read_model` tells how current it is. With `indicators:read` alone, cells
    counting fewer than 5 people are withheld (`null`, `suppressed: true`). A partner token
    counts its own sessions only.

    Args:
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):
        country (CountryCode | Unset): An ISO 3166-1 alpha-2 country code (`PE`, `BO`).
        region (str | Unset):
        topic (CourseTopic | Unset): What a course is about.
        organisation_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TrainingIndicator
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            country=country,
            region=region,
            topic=topic,
            organisation_id=organisation_id,
        )
    ).parsed
