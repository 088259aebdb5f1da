import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_indicators_measure import ListIndicatorsMeasure
from ...models.page_programme_indicator_status import PageProgrammeIndicatorStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    as_of: datetime.date | Unset = UNSET,
    measure: ListIndicatorsMeasure | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of: str | Unset = UNSET
    if not isinstance(as_of, Unset):
        json_as_of = as_of.isoformat()
    params["as_of"] = json_as_of

    json_measure: str | Unset = UNSET
    if not isinstance(measure, Unset):
        json_measure = measure.value

    params["measure"] = json_measure

    json_updated_after: str | Unset = UNSET
    if not isinstance(updated_after, Unset):
        json_updated_after = updated_after.isoformat()
    params["updated_after"] = json_updated_after

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/programme/indicators",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageProgrammeIndicatorStatus | Problem | None:
    if response.status_code == 200:
        response_200 = PageProgrammeIndicatorStatus.from_dict(response.json())

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
) -> Response[PageProgrammeIndicatorStatus | Problem]:
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
    measure: ListIndicatorsMeasure | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageProgrammeIndicatorStatus | Problem]:
    """Indicators of the programme, with where each stands.

     The catalogue (keyset-paginated in creation order), each indicator with its live value on
    `as_of` (default today), its last reported value, its next target and whether it is on
    track. **On track**: the expected value on `as_of` lies on the straight line from the start
    point (the latest target due before `as_of`, else the baseline) to the end point (the first
    target due on or after `as_of`); once every target is past it is the last target's value.
    An indicator that aims to `increase` is on track when its live value is at least the
    expected one, one that aims to `decrease` when it is at most that. `unknown` when the live
    value is withheld (small numbers: a suppressed measure is never computed around), or there
    are no targets, or no start point.

    Live values are the measures' own: coverage computed here, formalisation asked of the
    members service, training of the trainings service, with the caller's token (so a partner's
    token sees its own records' figures). A service that cannot be reached is a 503.

    Args:
        as_of (datetime.date | Unset):
        measure (ListIndicatorsMeasure | Unset): The computed measure an indicator follows.
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProgrammeIndicatorStatus | Problem]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        measure=measure,
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
    as_of: datetime.date | Unset = UNSET,
    measure: ListIndicatorsMeasure | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageProgrammeIndicatorStatus | Problem | None:
    """Indicators of the programme, with where each stands.

     The catalogue (keyset-paginated in creation order), each indicator with its live value on
    `as_of` (default today), its last reported value, its next target and whether it is on
    track. **On track**: the expected value on `as_of` lies on the straight line from the start
    point (the latest target due before `as_of`, else the baseline) to the end point (the first
    target due on or after `as_of`); once every target is past it is the last target's value.
    An indicator that aims to `increase` is on track when its live value is at least the
    expected one, one that aims to `decrease` when it is at most that. `unknown` when the live
    value is withheld (small numbers: a suppressed measure is never computed around), or there
    are no targets, or no start point.

    Live values are the measures' own: coverage computed here, formalisation asked of the
    members service, training of the trainings service, with the caller's token (so a partner's
    token sees its own records' figures). A service that cannot be reached is a 503.

    Args:
        as_of (datetime.date | Unset):
        measure (ListIndicatorsMeasure | Unset): The computed measure an indicator follows.
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProgrammeIndicatorStatus | Problem
    """

    return sync_detailed(
        client=client,
        as_of=as_of,
        measure=measure,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    measure: ListIndicatorsMeasure | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PageProgrammeIndicatorStatus | Problem]:
    """Indicators of the programme, with where each stands.

     The catalogue (keyset-paginated in creation order), each indicator with its live value on
    `as_of` (default today), its last reported value, its next target and whether it is on
    track. **On track**: the expected value on `as_of` lies on the straight line from the start
    point (the latest target due before `as_of`, else the baseline) to the end point (the first
    target due on or after `as_of`); once every target is past it is the last target's value.
    An indicator that aims to `increase` is on track when its live value is at least the
    expected one, one that aims to `decrease` when it is at most that. `unknown` when the live
    value is withheld (small numbers: a suppressed measure is never computed around), or there
    are no targets, or no start point.

    Live values are the measures' own: coverage computed here, formalisation asked of the
    members service, training of the trainings service, with the caller's token (so a partner's
    token sees its own records' figures). A service that cannot be reached is a 503.

    Args:
        as_of (datetime.date | Unset):
        measure (ListIndicatorsMeasure | Unset): The computed measure an indicator follows.
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageProgrammeIndicatorStatus | Problem]
    """

    kwargs = _get_kwargs(
        as_of=as_of,
        measure=measure,
        updated_after=updated_after,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    as_of: datetime.date | Unset = UNSET,
    measure: ListIndicatorsMeasure | Unset = UNSET,
    updated_after: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PageProgrammeIndicatorStatus | Problem | None:
    """Indicators of the programme, with where each stands.

     The catalogue (keyset-paginated in creation order), each indicator with its live value on
    `as_of` (default today), its last reported value, its next target and whether it is on
    track. **On track**: the expected value on `as_of` lies on the straight line from the start
    point (the latest target due before `as_of`, else the baseline) to the end point (the first
    target due on or after `as_of`); once every target is past it is the last target's value.
    An indicator that aims to `increase` is on track when its live value is at least the
    expected one, one that aims to `decrease` when it is at most that. `unknown` when the live
    value is withheld (small numbers: a suppressed measure is never computed around), or there
    are no targets, or no start point.

    Live values are the measures' own: coverage computed here, formalisation asked of the
    members service, training of the trainings service, with the caller's token (so a partner's
    token sees its own records' figures). A service that cannot be reached is a 503.

    Args:
        as_of (datetime.date | Unset):
        measure (ListIndicatorsMeasure | Unset): The computed measure an indicator follows.
        updated_after (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageProgrammeIndicatorStatus | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            as_of=as_of,
            measure=measure,
            updated_after=updated_after,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
