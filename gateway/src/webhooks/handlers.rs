//! The subscriptions API, served by the gateway itself (it holds them and delivers them).

use actix_web::http::header::{ETAG, LOCATION};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::TimeDelta;

use formaliza_shared::db::{self, DbPool};
use formaliza_shared::extract::Json;
use formaliza_shared::openapi::{CreateErrors, DeleteErrors, ListErrors, ReadErrors, UpdateErrors};
use formaliza_shared::{ApiError, Principal, Scope};

use super::db::{self as store, SubscriptionRow};
use super::model::{
    CreatedSubscription, FEEDS, MAX_PER_CLIENT, ReplayInput, RotatedSecret, Subscription,
    SubscriptionInput, SubscriptionList, SubscriptionState, new_secret,
};
use crate::State;

/// The caller, who must hold `subscriptions:write`.
async fn subscriber(req: &HttpRequest, state: &State) -> Result<Principal, ApiError> {
    let principal = crate::proxy::authenticate(req, state).await?;
    require_subscriber(principal)
}

/// `principal`, if it holds `subscriptions:write`.
fn require_subscriber(principal: Principal) -> Result<Principal, ApiError> {
    if !principal.has_scope(Scope::SubscriptionsWrite) {
        return Err(ApiError::forbidden(
            "this operation needs the scope subscriptions:write",
        ));
    }
    Ok(principal)
}

fn unavailable() -> ApiError {
    ApiError::unavailable(
        "webhooks are not configured on this gateway (FORMALIZA_WEBHOOK_KEY is not set)",
    )
}

/// A subscription the caller may see (its own; every one for `admin`); 404 otherwise, so that
/// another client's subscriptions do not show they exist.
async fn visible(
    pool: &DbPool,
    principal: &Principal,
    id: String,
) -> Result<(SubscriptionRow, Vec<store::CursorRow>), ApiError> {
    let not_found = || ApiError::not_found(format!("no subscription with id {id}"));
    let lookup = id.clone();
    let found = db::run(pool, move |conn| store::find(conn, &lookup)).await?;
    match found {
        Some((row, cursors))
            if row.client_id == principal.sub || principal.has_scope(Scope::Admin) =>
        {
            Ok((row, cursors))
        }
        _ => Err(not_found()),
    }
}

fn view(row: &SubscriptionRow, cursors: &[store::CursorRow]) -> Subscription {
    row.to_view(cursors, db::now())
}

fn with_etag(subscription: &Subscription) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((ETAG, format!("\"{}\"", subscription.version)))
        .json(subscription)
}

/// The feeds' heads now, read as the subscriber: a new subscription starts there.
async fn heads(
    state: &State,
    principal: &Principal,
    services: &[crate::routes::Service],
) -> Result<Vec<(String, i64)>, ApiError> {
    let client = reqwest::Client::builder()
        .timeout(state.config.upstream_timeout)
        .build()
        .map_err(ApiError::internal)?;
    let mut heads = Vec::with_capacity(services.len());
    for service in services {
        let base = state.feed_url(*service).ok_or_else(|| {
            ApiError::unavailable(format!("the {} service is not configured", service.name()))
        })?;
        let head =
            super::delivery::feed_head(&client, &base, service.name(), principal.token.as_ref())
                .await
                .map_err(ApiError::unavailable)?;
        heads.push((service.name().to_owned(), head));
    }
    Ok(heads)
}

/// Subscribe to change feeds with a webhook.
///
/// From now on, every change your own `GET /v1/feeds/{service}` would show is POSTed to `url`,
/// in feed order, in batches (a message per feed and batch, at most
/// `FORMALIZA_WEBHOOK_BATCH` events, sent within `FORMALIZA_WEBHOOK_POLL_MS` of the first),
/// at least once: drop a repeated `webhook-id`, or an event whose `(service, seq)` you already
/// have. Each message is signed after Standard Webhooks (`webhook-id`, `webhook-timestamp`,
/// `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the
/// secret's bytes); the README has verifiers in Python and JavaScript. The secret is in this
/// answer only. Failures (time-outs, connection errors, 408, 429 with its `Retry-After`, 5xx)
/// are retried with exponential backoff and jitter; any other 4xx or a redirect stops the
/// subscription with the reason; three days of failures disable it. A subscription reads the
/// feeds with your rights as they are now: a partner's subscription sees its own records' events,
/// person data as your token would. At most 20 live subscriptions per client.
#[utoipa::path(
    tag = "subscriptions",
    request_body = SubscriptionInput,
    security(("bearer" = ["subscriptions:write"])),
    responses(
        (status = 201, description = "Subscribed; the secret is shown this once", body = CreatedSubscription),
        CreateErrors
    )
)]
#[post("/v1/subscriptions")]
pub async fn create(
    caller: crate::proxy::Caller,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    body: Json<SubscriptionInput>,
) -> Result<HttpResponse, ApiError> {
    let principal = require_subscriber(caller.0)?;
    let key = state.config.webhooks.key.clone().ok_or_else(unavailable)?;
    let command = body
        .into_inner()
        .command(&principal)
        .map_err(|errors| ApiError::validation(errors.into_vec()))?;
    state
        .config
        .webhooks
        .guard
        .check(&command.url)
        .await
        .map_err(|why| {
            ApiError::validation(vec![formaliza_shared::FieldError::new(
                "url",
                "url_refused",
                why,
            )])
        })?;
    let client = principal.sub.clone();
    let held = db::run(&pool, move |conn| store::count_for(conn, &client)).await?;
    if held >= MAX_PER_CLIENT {
        return Err(ApiError::conflict(format!(
            "this client already holds {held} subscriptions; delete one first"
        )));
    }
    let heads = heads(&state, &principal, &command.services).await?;
    let secret = new_secret();
    let sealed = key.seal(&secret).map_err(ApiError::internal)?;
    // Only the read scopes of the feeds travel with the subscription.
    let scopes: Vec<&str> = FEEDS
        .iter()
        .map(|(_, scope)| *scope)
        .chain([Scope::Admin])
        .filter(|scope| principal.scopes.contains(scope))
        .map(Scope::as_str)
        .collect();
    let now = db::now();
    let row = SubscriptionRow {
        id: formaliza_shared::ids::new_id(),
        client_id: principal.sub.clone(),
        partner_id: principal.partner_id.clone(),
        scopes: scopes.join(" "),
        url: command.url,
        services: command
            .services
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(","),
        resources: command.resources.map(|r| r.join(",")),
        country: command.country,
        secret_sealed: sealed,
        previous_secret_sealed: None,
        previous_until: None,
        state: SubscriptionState::Active.as_str().into(),
        state_reason: None,
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        next_attempt_at: now,
        failing_since: None,
        attempts: 0,
        last_attempt_at: None,
        last_error: None,
        last_delivered_at: None,
        lease_owner: None,
        lease_until: None,
    };
    let stored = row.clone();
    let (row, cursors) = db::run(&pool, move |conn| {
        store::insert(conn, &stored, &heads)?;
        let cursors = store::cursors(conn, &stored.id)?;
        Ok((stored, cursors))
    })
    .await?;
    let subscription = view(&row, &cursors);
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/v1/subscriptions/{}", row.id)))
        .insert_header((ETAG, "\"1\""))
        .json(CreatedSubscription {
            subscription,
            secret,
        }))
}

/// Your subscriptions (every client's for `admin`), with how each one's delivery stands.
#[utoipa::path(
    tag = "subscriptions",
    security(("bearer" = ["subscriptions:write"])),
    responses((status = 200, description = "The subscriptions", body = SubscriptionList), ListErrors)
)]
#[get("/v1/subscriptions")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let principal = subscriber(&req, &state).await?;
    let client = (!principal.has_scope(Scope::Admin)).then(|| principal.sub.clone());
    let rows = db::run(&pool, move |conn| store::list(conn, client.as_deref())).await?;
    Ok(HttpResponse::Ok().json(SubscriptionList {
        data: rows
            .iter()
            .map(|(row, cursors)| view(row, cursors))
            .collect(),
        next_cursor: None,
    }))
}

/// One subscription and its delivery status: per feed the last `seq` delivered, the lag in
/// events and seconds; the last attempt, the last error and the next attempt.
#[utoipa::path(
    tag = "subscriptions",
    params(("id" = String, Path, description = "The subscription's id")),
    security(("bearer" = ["subscriptions:write"])),
    responses((status = 200, description = "The subscription", body = Subscription), ReadErrors)
)]
#[get("/v1/subscriptions/{id}")]
pub async fn read(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = subscriber(&req, &state).await?;
    let (row, cursors) = visible(&pool, &principal, id.into_inner()).await?;
    Ok(with_etag(&view(&row, &cursors)))
}

/// Changes the state and answers the subscription as it is then.
async fn change_state(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    id: String,
    to: SubscriptionState,
) -> Result<HttpResponse, ApiError> {
    let principal = subscriber(&req, &state).await?;
    let (row, _) = visible(&pool, &principal, id).await?;
    let (row, cursors) = db::run(&pool, move |conn| {
        store::set_state(conn, &row.id, to, None)?;
        store::find(conn, &row.id)?
            .ok_or_else(|| ApiError::not_found(format!("no subscription with id {}", row.id)))
    })
    .await?;
    Ok(with_etag(&view(&row, &cursors)))
}

/// Pause delivery; nothing is lost: resume delivers from where it stopped.
#[utoipa::path(
    tag = "subscriptions",
    params(("id" = String, Path, description = "The subscription's id")),
    security(("bearer" = ["subscriptions:write"])),
    responses((status = 200, description = "Paused", body = Subscription), UpdateErrors)
)]
#[post("/v1/subscriptions/{id}/pause")]
pub async fn pause(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change_state(req, state, pool, id.into_inner(), SubscriptionState::Paused).await
}

/// Resume a paused, stopped or disabled subscription: its failures are forgotten and delivery
/// starts at once from the last event delivered.
#[utoipa::path(
    tag = "subscriptions",
    params(("id" = String, Path, description = "The subscription's id")),
    security(("bearer" = ["subscriptions:write"])),
    responses((status = 200, description = "Active again", body = Subscription), UpdateErrors)
)]
#[post("/v1/subscriptions/{id}/resume")]
pub async fn resume(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change_state(req, state, pool, id.into_inner(), SubscriptionState::Active).await
}

/// A new signing secret, shown this once. For 24 hours messages carry two signatures (one per
/// secret), so that receivers can switch without losing any.
#[utoipa::path(
    tag = "subscriptions",
    params(("id" = String, Path, description = "The subscription's id")),
    security(("bearer" = ["subscriptions:write"])),
    responses((status = 200, description = "The new secret", body = RotatedSecret), UpdateErrors)
)]
#[post("/v1/subscriptions/{id}/rotate-secret")]
pub async fn rotate_secret(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = subscriber(&req, &state).await?;
    let key = state.config.webhooks.key.clone().ok_or_else(unavailable)?;
    let (row, _) = visible(&pool, &principal, id.into_inner()).await?;
    let secret = new_secret();
    let sealed = key.seal(&secret).map_err(ApiError::internal)?;
    let until = db::now() + TimeDelta::hours(24);
    db::run(&pool, move |conn| {
        store::rotate_secret(conn, &row, &sealed, until)
    })
    .await?;
    Ok(HttpResponse::Ok().json(RotatedSecret {
        secret,
        previous_valid_until: until.and_utc(),
    }))
}

/// Deliver one feed again from after a `seq` (0: from its beginning), e.g. after restoring the
/// receiver from a backup.
#[utoipa::path(
    tag = "subscriptions",
    params(("id" = String, Path, description = "The subscription's id")),
    request_body = ReplayInput,
    security(("bearer" = ["subscriptions:write"])),
    responses((status = 200, description = "Replaying", body = Subscription), UpdateErrors)
)]
#[post("/v1/subscriptions/{id}/replay")]
pub async fn replay(
    caller: crate::proxy::Caller,
    pool: web::Data<DbPool>,
    id: web::Path<String>,
    body: Json<ReplayInput>,
) -> Result<HttpResponse, ApiError> {
    let principal = require_subscriber(caller.0)?;
    let (row, _) = visible(&pool, &principal, id.into_inner()).await?;
    let input = body.into_inner();
    let mut errors = formaliza_shared::FieldErrors::default();
    if !row.services().contains(&input.service) {
        errors.push(
            "service",
            "not_subscribed",
            format!("this subscription has {}", row.services().join(", ")),
        );
    }
    if input.after < 0 {
        errors.push("after", "invalid", "a seq, 0 or more");
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.into_vec()));
    }
    let (row, cursors) = db::run(&pool, move |conn| {
        store::replay(conn, &row.id, &input.service, input.after)?;
        store::find(conn, &row.id)?
            .ok_or_else(|| ApiError::not_found(format!("no subscription with id {}", row.id)))
    })
    .await?;
    Ok(with_etag(&view(&row, &cursors)))
}

/// Unsubscribe. Nothing more is delivered.
#[utoipa::path(
    tag = "subscriptions",
    params(("id" = String, Path, description = "The subscription's id")),
    security(("bearer" = ["subscriptions:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete("/v1/subscriptions/{id}")]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = subscriber(&req, &state).await?;
    let (row, _) = visible(&pool, &principal, id.into_inner()).await?;
    db::run(&pool, move |conn| store::delete(conn, &row.id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
