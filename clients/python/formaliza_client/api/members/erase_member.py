from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erasure_input import ErasureInput
from ...models.member import Member
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: UUID,
    *,
    body: ErasureInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/members/{id}/erasure".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Member | Problem | None:
    if response.status_code == 200:
        response_200 = Member.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Member | Problem]:
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
    body: ErasureInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Member | Problem]:
    """Erase a member's identifying data.

     At the person's request (Peru's Ley 29733, Bolivia's constitutional right to data
    protection), by the programme office or the partner that registered them (`members:write`;
    another partner's member is a 404). Removes names, national ID, phone, birth date and
    district from the member and from every earlier event of the member in the members feed
    (events keep their `seq`: no gap), logs who asked and why, and appends an `erase` event that
    tells every consumer to do the same: the trainings and social-protection services remove what
    they keep (read models, certificate initials, affiliation numbers, and their events that
    showed them). What counts people (sex, sector, household) stays, so indicators keep counting
    the household unless the member is also deleted. A deleted member can be erased too. Erasing
    again changes nothing. An erased member cannot be changed (409).

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (ErasureInput): An erasure request. Example: {'reason': 'Requested in person at the
            Pichanaqui office on 2026-12-01 (form 118)'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Member | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: ErasureInput,
    idempotency_key: str | Unset = UNSET,
) -> Member | Problem | None:
    """Erase a member's identifying data.

     At the person's request (Peru's Ley 29733, Bolivia's constitutional right to data
    protection), by the programme office or the partner that registered them (`members:write`;
    another partner's member is a 404). Removes names, national ID, phone, birth date and
    district from the member and from every earlier event of the member in the members feed
    (events keep their `seq`: no gap), logs who asked and why, and appends an `erase` event that
    tells every consumer to do the same: the trainings and social-protection services remove what
    they keep (read models, certificate initials, affiliation numbers, and their events that
    showed them). What counts people (sex, sector, household) stays, so indicators keep counting
    the household unless the member is also deleted. A deleted member can be erased too. Erasing
    again changes nothing. An erased member cannot be changed (409).

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (ErasureInput): An erasure request. Example: {'reason': 'Requested in person at the
            Pichanaqui office on 2026-12-01 (form 118)'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Member | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: ErasureInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Member | Problem]:
    """Erase a member's identifying data.

     At the person's request (Peru's Ley 29733, Bolivia's constitutional right to data
    protection), by the programme office or the partner that registered them (`members:write`;
    another partner's member is a 404). Removes names, national ID, phone, birth date and
    district from the member and from every earlier event of the member in the members feed
    (events keep their `seq`: no gap), logs who asked and why, and appends an `erase` event that
    tells every consumer to do the same: the trainings and social-protection services remove what
    they keep (read models, certificate initials, affiliation numbers, and their events that
    showed them). What counts people (sex, sector, household) stays, so indicators keep counting
    the household unless the member is also deleted. A deleted member can be erased too. Erasing
    again changes nothing. An erased member cannot be changed (409).

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (ErasureInput): An erasure request. Example: {'reason': 'Requested in person at the
            Pichanaqui office on 2026-12-01 (form 118)'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Member | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
    body: ErasureInput,
    idempotency_key: str | Unset = UNSET,
) -> Member | Problem | None:
    """Erase a member's identifying data.

     At the person's request (Peru's Ley 29733, Bolivia's constitutional right to data
    protection), by the programme office or the partner that registered them (`members:write`;
    another partner's member is a 404). Removes names, national ID, phone, birth date and
    district from the member and from every earlier event of the member in the members feed
    (events keep their `seq`: no gap), logs who asked and why, and appends an `erase` event that
    tells every consumer to do the same: the trainings and social-protection services remove what
    they keep (read models, certificate initials, affiliation numbers, and their events that
    showed them). What counts people (sex, sector, household) stays, so indicators keep counting
    the household unless the member is also deleted. A deleted member can be erased too. Erasing
    again changes nothing. An erased member cannot be changed (409).

    Args:
        id (UUID):
        idempotency_key (str | Unset):
        body (ErasureInput): An erasure request. Example: {'reason': 'Requested in person at the
            Pichanaqui office on 2026-12-01 (form 118)'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Member | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
