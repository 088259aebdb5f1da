import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.programme_indicator_progress import ProgrammeIndicatorProgress
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/programme/indicators/{id}/progress".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProgrammeIndicatorProgress | None:
    if response.status_code == 200:
        response_200 = ProgrammeIndicatorProgress.from_dict(response.json())

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
) -> Response[Problem | ProgrammeIndicatorProgress]:
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
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
) -> Response[Problem | ProgrammeIndicatorProgress]:
    """An indicator's progress, for a chart.

     Baseline, targets, the values reported (with what the records said when each was recorded)
    and the live value at month ends between `from` and `to`, in one answer. The live series is
    computed from today's records: a value reported last year may differ from its point on the
    line when records were backdated, corrected or added since, and the frozen value beside it
    shows by how much. Withheld points (small numbers) are `null` with `suppressed: true`.

    Args:
        id (UUID):
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProgrammeIndicatorProgress]
    """

    kwargs = _get_kwargs(
        id=id,
        from_=from_,
        to=to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
) -> Problem | ProgrammeIndicatorProgress | None:
    """An indicator's progress, for a chart.

     Baseline, targets, the values reported (with what the records said when each was recorded)
    and the live value at month ends between `from` and `to`, in one answer. The live series is
    computed from today's records: a value reported last year may differ from its point on the
    line when records were backdated, corrected or added since, and the frozen value beside it
    shows by how much. Withheld points (small numbers) are `null` with `suppressed: true`.

    Args:
        id (UUID):
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProgrammeIndicatorProgress
    """

    return sync_detailed(
        id=id,
        client=client,
        from_=from_,
        to=to,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
) -> Response[Problem | ProgrammeIndicatorProgress]:
    """An indicator's progress, for a chart.

     Baseline, targets, the values reported (with what the records said when each was recorded)
    and the live value at month ends between `from` and `to`, in one answer. The live series is
    computed from today's records: a value reported last year may differ from its point on the
    line when records were backdated, corrected or added since, and the frozen value beside it
    shows by how much. Withheld points (small numbers) are `null` with `suppressed: true`.

    Args:
        id (UUID):
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProgrammeIndicatorProgress]
    """

    kwargs = _get_kwargs(
        id=id,
        from_=from_,
        to=to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    from_: datetime.date | Unset = UNSET,
    to: datetime.date | Unset = UNSET,
) -> Problem | ProgrammeIndicatorProgress | None:
    """An indicator's progress, for a chart.

     Baseline, targets, the values reported (with what the records said when each was recorded)
    and the live value at month ends between `from` and `to`, in one answer. The live series is
    computed from today's records: a value reported last year may differ from its point on the
    line when records were backdated, corrected or added since, and the frozen value beside it
    shows by how much. Withheld points (small numbers) are `null` with `suppressed: true`.

    Args:
        id (UUID):
        from_ (datetime.date | Unset):
        to (datetime.date | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProgrammeIndicatorProgress
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            from_=from_,
            to=to,
        )
    ).parsed
