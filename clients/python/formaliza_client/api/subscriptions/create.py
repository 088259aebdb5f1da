from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.created_subscription import CreatedSubscription
from ...models.problem import Problem
from ...models.subscription_input import SubscriptionInput
from ...types import Response


def _get_kwargs(
    *,
    body: SubscriptionInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subscriptions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatedSubscription | Problem | None:
    if response.status_code == 201:
        response_201 = CreatedSubscription.from_dict(response.json())

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

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreatedSubscription | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionInput,
) -> Response[CreatedSubscription | Problem]:
    """Subscribe to change feeds with a webhook.

     From now on, every change your own `GET /v1/feeds/{service}` would show is POSTed to `url`,
    in feed order, in batches (a message per feed and batch, at most
    `FORMALIZA_WEBHOOK_BATCH` events, sent within `FORMALIZA_WEBHOOK_POLL_MS` of the first),
    at least once: drop a repeated `webhook-id`, or an event whose `(service, seq)` you already
    have. Each message is signed after Standard Webhooks (`webhook-id`, `webhook-timestamp`,
    `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the
    secret's bytes); the README has verifiers in Python and JavaScript. The secret is in this
    answer only. Failures (time-outs, connection errors, 408, 429 with its `Retry-After`, 5xx)
    are retried with exponential backoff and jitter; any other 4xx or a redirect stops the
    subscription with the reason; three days of failures disable it. A subscription reads the
    feeds with your rights as they are now: a partner's subscription sees its own records' events,
    person data as your token would. At most 20 live subscriptions per client.

    Args:
        body (SubscriptionInput): A subscription as a client sends it. Example: {'country': 'PE',
            'resources': ['member', 'enrollment'], 'services': ['members', 'social-protection'],
            'url': 'https://sis.minsa.gob.pe/formaliza/webhook'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedSubscription | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SubscriptionInput,
) -> CreatedSubscription | Problem | None:
    """Subscribe to change feeds with a webhook.

     From now on, every change your own `GET /v1/feeds/{service}` would show is POSTed to `url`,
    in feed order, in batches (a message per feed and batch, at most
    `FORMALIZA_WEBHOOK_BATCH` events, sent within `FORMALIZA_WEBHOOK_POLL_MS` of the first),
    at least once: drop a repeated `webhook-id`, or an event whose `(service, seq)` you already
    have. Each message is signed after Standard Webhooks (`webhook-id`, `webhook-timestamp`,
    `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the
    secret's bytes); the README has verifiers in Python and JavaScript. The secret is in this
    answer only. Failures (time-outs, connection errors, 408, 429 with its `Retry-After`, 5xx)
    are retried with exponential backoff and jitter; any other 4xx or a redirect stops the
    subscription with the reason; three days of failures disable it. A subscription reads the
    feeds with your rights as they are now: a partner's subscription sees its own records' events,
    person data as your token would. At most 20 live subscriptions per client.

    Args:
        body (SubscriptionInput): A subscription as a client sends it. Example: {'country': 'PE',
            'resources': ['member', 'enrollment'], 'services': ['members', 'social-protection'],
            'url': 'https://sis.minsa.gob.pe/formaliza/webhook'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedSubscription | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionInput,
) -> Response[CreatedSubscription | Problem]:
    """Subscribe to change feeds with a webhook.

     From now on, every change your own `GET /v1/feeds/{service}` would show is POSTed to `url`,
    in feed order, in batches (a message per feed and batch, at most
    `FORMALIZA_WEBHOOK_BATCH` events, sent within `FORMALIZA_WEBHOOK_POLL_MS` of the first),
    at least once: drop a repeated `webhook-id`, or an event whose `(service, seq)` you already
    have. Each message is signed after Standard Webhooks (`webhook-id`, `webhook-timestamp`,
    `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the
    secret's bytes); the README has verifiers in Python and JavaScript. The secret is in this
    answer only. Failures (time-outs, connection errors, 408, 429 with its `Retry-After`, 5xx)
    are retried with exponential backoff and jitter; any other 4xx or a redirect stops the
    subscription with the reason; three days of failures disable it. A subscription reads the
    feeds with your rights as they are now: a partner's subscription sees its own records' events,
    person data as your token would. At most 20 live subscriptions per client.

    Args:
        body (SubscriptionInput): A subscription as a client sends it. Example: {'country': 'PE',
            'resources': ['member', 'enrollment'], 'services': ['members', 'social-protection'],
            'url': 'https://sis.minsa.gob.pe/formaliza/webhook'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatedSubscription | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SubscriptionInput,
) -> CreatedSubscription | Problem | None:
    """Subscribe to change feeds with a webhook.

     From now on, every change your own `GET /v1/feeds/{service}` would show is POSTed to `url`,
    in feed order, in batches (a message per feed and batch, at most
    `FORMALIZA_WEBHOOK_BATCH` events, sent within `FORMALIZA_WEBHOOK_POLL_MS` of the first),
    at least once: drop a repeated `webhook-id`, or an event whose `(service, seq)` you already
    have. Each message is signed after Standard Webhooks (`webhook-id`, `webhook-timestamp`,
    `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the
    secret's bytes); the README has verifiers in Python and JavaScript. The secret is in this
    answer only. Failures (time-outs, connection errors, 408, 429 with its `Retry-After`, 5xx)
    are retried with exponential backoff and jitter; any other 4xx or a redirect stops the
    subscription with the reason; three days of failures disable it. A subscription reads the
    feeds with your rights as they are now: a partner's subscription sees its own records' events,
    person data as your token would. At most 20 live subscriptions per client.

    Args:
        body (SubscriptionInput): A subscription as a client sends it. Example: {'country': 'PE',
            'resources': ['member', 'enrollment'], 'services': ['members', 'social-protection'],
            'url': 'https://sis.minsa.gob.pe/formaliza/webhook'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatedSubscription | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
