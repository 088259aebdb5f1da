from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.programme_indicator import ProgrammeIndicator
from ...models.programme_indicator_input import ProgrammeIndicatorInput
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ProgrammeIndicatorInput,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/programme/indicators",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProgrammeIndicator | None:
    if response.status_code == 201:
        response_201 = ProgrammeIndicator.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | ProgrammeIndicator]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ProgrammeIndicatorInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ProgrammeIndicator]:
    """Add an indicator to the programme's catalogue.

     Its code, name and description in Spanish and English, its unit, and its definition: one
    computed measure and the filters it takes (the query parameters of the measure's endpoint):

    - `coverage_public_service`, `coverage_insurance` (percent; `GET /v1/indicators/coverage`):
      `country`, `region`, `sector`, `organisation_id`, `in_programme_only`, `unit`
      (`household` or `person`). `{"sector": "coffee"}` gives coffee producers' families.
    - `formal_organisations`, `workers_with_formal_job` (percent; members service,
      `GET /v1/indicators/formalisation`): `country`, `region`, `sector`, `in_programme_only`.
    - `training_participants` (count; trainings service, `GET /v1/indicators/training`, from
      `from` or ever up to the date): `country`, `region`, `topic`, `organisation_id`, `from`,
      and `sex` (`female`, `male`) or `youth: true`; `certificates_issued` (count): the same
      without `sex` and `youth`.

    An unknown measure, a filter the measure does not take, or a unit other than the measure's
    is a 422 naming the field. A baseline (value, date, source) and targets (value, due date,
    each after the baseline) are optional. Only the programme office writes the catalogue
    (`programme:write`, a token without `partner_id`). Send an `Idempotency-Key` to retry
    safely.

    Args:
        idempotency_key (str | Unset):
        body (ProgrammeIndicatorInput): An indicator as the programme office sends it. Example:
            {'baseline': {'date': '2024-01-31', 'source': 'Línea de base del programa', 'value':
            38.0}, 'code': 'PS-CAFE', 'definition': {'filters': {'sector': 'coffee'}, 'measure':
            'coverage_public_service'}, 'description': {'en': None, 'es': 'Hogares con al menos un
            miembro en el sector café y al menos un afiliado activo a SIS, EsSalud, SUS o un sistema
            de pensiones.'}, 'direction': 'increase', 'name': {'en': "Coffee producers' families with
            access to public services", 'es': 'Familias cafetaleras con acceso a servicios públicos'},
            'targets': [{'due_on': '2025-12-31', 'value': 50.0}, {'due_on': '2027-12-31', 'value':
            65.0}], 'unit': 'percent'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProgrammeIndicator]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ProgrammeIndicatorInput,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ProgrammeIndicator | None:
    """Add an indicator to the programme's catalogue.

     Its code, name and description in Spanish and English, its unit, and its definition: one
    computed measure and the filters it takes (the query parameters of the measure's endpoint):

    - `coverage_public_service`, `coverage_insurance` (percent; `GET /v1/indicators/coverage`):
      `country`, `region`, `sector`, `organisation_id`, `in_programme_only`, `unit`
      (`household` or `person`). `{"sector": "coffee"}` gives coffee producers' families.
    - `formal_organisations`, `workers_with_formal_job` (percent; members service,
      `GET /v1/indicators/formalisation`): `country`, `region`, `sector`, `in_programme_only`.
    - `training_participants` (count; trainings service, `GET /v1/indicators/training`, from
      `from` or ever up to the date): `country`, `region`, `topic`, `organisation_id`, `from`,
      and `sex` (`female`, `male`) or `youth: true`; `certificates_issued` (count): the same
      without `sex` and `youth`.

    An unknown measure, a filter the measure does not take, or a unit other than the measure's
    is a 422 naming the field. A baseline (value, date, source) and targets (value, due date,
    each after the baseline) are optional. Only the programme office writes the catalogue
    (`programme:write`, a token without `partner_id`). Send an `Idempotency-Key` to retry
    safely.

    Args:
        idempotency_key (str | Unset):
        body (ProgrammeIndicatorInput): An indicator as the programme office sends it. Example:
            {'baseline': {'date': '2024-01-31', 'source': 'Línea de base del programa', 'value':
            38.0}, 'code': 'PS-CAFE', 'definition': {'filters': {'sector': 'coffee'}, 'measure':
            'coverage_public_service'}, 'description': {'en': None, 'es': 'Hogares con al menos un
            miembro en el sector café y al menos un afiliado activo a SIS, EsSalud, SUS o un sistema
            de pensiones.'}, 'direction': 'increase', 'name': {'en': "Coffee producers' families with
            access to public services", 'es': 'Familias cafetaleras con acceso a servicios públicos'},
            'targets': [{'due_on': '2025-12-31', 'value': 50.0}, {'due_on': '2027-12-31', 'value':
            65.0}], 'unit': 'percent'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProgrammeIndicator
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ProgrammeIndicatorInput,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ProgrammeIndicator]:
    """Add an indicator to the programme's catalogue.

     Its code, name and description in Spanish and English, its unit, and its definition: one
    computed measure and the filters it takes (the query parameters of the measure's endpoint):

    - `coverage_public_service`, `coverage_insurance` (percent; `GET /v1/indicators/coverage`):
      `country`, `region`, `sector`, `organisation_id`, `in_programme_only`, `unit`
      (`household` or `person`). `{"sector": "coffee"}` gives coffee producers' families.
    - `formal_organisations`, `workers_with_formal_job` (percent; members service,
      `GET /v1/indicators/formalisation`): `country`, `region`, `sector`, `in_programme_only`.
    - `training_participants` (count; trainings service, `GET /v1/indicators/training`, from
      `from` or ever up to the date): `country`, `region`, `topic`, `organisation_id`, `from`,
      and `sex` (`female`, `male`) or `youth: true`; `certificates_issued` (count): the same
      without `sex` and `youth`.

    An unknown measure, a filter the measure does not take, or a unit other than the measure's
    is a 422 naming the field. A baseline (value, date, source) and targets (value, due date,
    each after the baseline) are optional. Only the programme office writes the catalogue
    (`programme:write`, a token without `partner_id`). Send an `Idempotency-Key` to retry
    safely.

    Args:
        idempotency_key (str | Unset):
        body (ProgrammeIndicatorInput): An indicator as the programme office sends it. Example:
            {'baseline': {'date': '2024-01-31', 'source': 'Línea de base del programa', 'value':
            38.0}, 'code': 'PS-CAFE', 'definition': {'filters': {'sector': 'coffee'}, 'measure':
            'coverage_public_service'}, 'description': {'en': None, 'es': 'Hogares con al menos un
            miembro en el sector café y al menos un afiliado activo a SIS, EsSalud, SUS o un sistema
            de pensiones.'}, 'direction': 'increase', 'name': {'en': "Coffee producers' families with
            access to public services", 'es': 'Familias cafetaleras con acceso a servicios públicos'},
            'targets': [{'due_on': '2025-12-31', 'value': 50.0}, {'due_on': '2027-12-31', 'value':
            65.0}], 'unit': 'percent'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProgrammeIndicator]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ProgrammeIndicatorInput,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ProgrammeIndicator | None:
    """Add an indicator to the programme's catalogue.

     Its code, name and description in Spanish and English, its unit, and its definition: one
    computed measure and the filters it takes (the query parameters of the measure's endpoint):

    - `coverage_public_service`, `coverage_insurance` (percent; `GET /v1/indicators/coverage`):
      `country`, `region`, `sector`, `organisation_id`, `in_programme_only`, `unit`
      (`household` or `person`). `{"sector": "coffee"}` gives coffee producers' families.
    - `formal_organisations`, `workers_with_formal_job` (percent; members service,
      `GET /v1/indicators/formalisation`): `country`, `region`, `sector`, `in_programme_only`.
    - `training_participants` (count; trainings service, `GET /v1/indicators/training`, from
      `from` or ever up to the date): `country`, `region`, `topic`, `organisation_id`, `from`,
      and `sex` (`female`, `male`) or `youth: true`; `certificates_issued` (count): the same
      without `sex` and `youth`.

    An unknown measure, a filter the measure does not take, or a unit other than the measure's
    is a 422 naming the field. A baseline (value, date, source) and targets (value, due date,
    each after the baseline) are optional. Only the programme office writes the catalogue
    (`programme:write`, a token without `partner_id`). Send an `Idempotency-Key` to retry
    safely.

    Args:
        idempotency_key (str | Unset):
        body (ProgrammeIndicatorInput): An indicator as the programme office sends it. Example:
            {'baseline': {'date': '2024-01-31', 'source': 'Línea de base del programa', 'value':
            38.0}, 'code': 'PS-CAFE', 'definition': {'filters': {'sector': 'coffee'}, 'measure':
            'coverage_public_service'}, 'description': {'en': None, 'es': 'Hogares con al menos un
            miembro en el sector café y al menos un afiliado activo a SIS, EsSalud, SUS o un sistema
            de pensiones.'}, 'direction': 'increase', 'name': {'en': "Coffee producers' families with
            access to public services", 'es': 'Familias cafetaleras con acceso a servicios públicos'},
            'targets': [{'due_on': '2025-12-31', 'value': 50.0}, {'due_on': '2027-12-31', 'value':
            65.0}], 'unit': 'percent'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProgrammeIndicator
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
