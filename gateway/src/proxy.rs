//! Forwarding to the services: token and scope checked first, then the request streamed
//! upstream over a pooled keep-alive connection and the answer streamed back.

use std::borrow::Cow;
use std::time::Duration;

use actix_web::HttpResponseBuilder;
use actix_web::body::{BodyStream, None as BodyNone, SizedStream};
use actix_web::http::header::{CONTENT_LENGTH, HOST, HeaderMap, HeaderName, TRANSFER_ENCODING};
use actix_web::http::{Method, StatusCode};
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, web};
use awc::error::PayloadError;
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::json;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use formaliza_shared::ApiError;
use formaliza_shared::auth::{Authenticated, Principal, bearer_token, refused};
use formaliza_shared::context::{self, REQUEST_ID_HEADER, RouteName};
use formaliza_shared::head::{HeadBody, head_as_get};
use formaliza_shared::openapi::AllowedMethods;
use std::time::Instant;

use crate::State;
use crate::failures::Failure;
use crate::forwarded::{X_FORWARDED_FOR, X_FORWARDED_HOST, X_FORWARDED_PROTO};
use crate::limits::{RATELIMIT_LIMIT, RATELIMIT_REMAINING};
use crate::metrics::{RequestLabels, RouteLabels, UpstreamLabels};
use crate::routes::{IMPORTS, RouteTable};

/// Longest an import job's upload may take through the gateway (the other requests have
/// `FORMALIZA_UPSTREAM_TIMEOUT_MS`).
const IMPORT_UPLOAD_TIMEOUT: Duration = Duration::from_secs(3600);

/// Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Identity and forwarding headers a client might send to impersonate; the gateway sets its own.
const SPOOFABLE: &[&str] = &[
    "x-partner-id",
    "x-client-id",
    "x-user-id",
    "x-scopes",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "x-real-ip",
    "forwarded",
];

/// A message's declared body length, when it declares a readable one.
pub fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// The header names a message's `Connection` header makes hop-by-hop, lowercased.
fn connection_tokens(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(actix_web::http::header::CONNECTION)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|t| t.trim().to_ascii_lowercase()))
        .collect()
}

fn is_hop_by_hop(name: &HeaderName, connection_tokens: &[String]) -> bool {
    HOP_BY_HOP.contains(&name.as_str()) || connection_tokens.iter().any(|t| t == name.as_str())
}

/// Verifies the bearer token (or finds it already verified).
pub(crate) async fn authenticate(req: &HttpRequest, state: &State) -> Result<Principal, ApiError> {
    let token = bearer_token(req)?;
    let authenticated = state.verifier.authenticate(token).await;
    let counter = match &authenticated {
        Ok(Authenticated { cached: true, .. }) => &state.metrics.token_cache_hits,
        _ => &state.metrics.token_cache_misses,
    };
    counter.inc();
    Ok(authenticated.map_err(refused)?.principal)
}

/// Counts a failed exchange with `service` in the `upstream_errors` metric.
fn count_failure(state: &State, service: &str, failure: Failure) {
    state
        .metrics
        .upstream_errors
        .get_or_create(&UpstreamLabels {
            service: service.to_owned(),
            kind: failure.metric_kind().to_owned(),
        })
        .inc();
}

/// Counts a failed exchange with `service` and turns it into the client's problem.
pub(crate) fn upstream_failure(
    state: &State,
    service: &str,
    failure: Failure,
    cause: impl std::fmt::Display,
) -> ApiError {
    count_failure(state, service, failure);
    failure
        .problem(service, state.config.upstream_timeout)
        .with_cause(cause.to_string())
}

/// Answers up to this size (declared by `Content-Length`) are read whole before the client gets
/// the head, so that an answer the service cut off becomes a 502 saying the outcome is unknown
/// rather than a truncated `201`. Larger ones (exports, long pages) stream: once their head is
/// out, a cut-off can only close the connection before the declared length.
const BUFFERED_ANSWER_BYTES: u64 = 256 << 10;

/// Everything that is not the gateway's own goes through here.
pub async fn forward(
    req: HttpRequest,
    payload: web::Payload,
    routes: web::Data<RouteTable>,
    state: web::Data<State>,
    client: web::Data<awc::Client>,
    own_methods: web::Data<AllowedMethods>,
) -> Result<HttpResponse, ApiError> {
    let Some((route, upstream)) = routes.find_request(req.path(), req.query_string()) else {
        return Err(formaliza_shared::server::unrouted(&req, &own_methods));
    };
    req.extensions_mut().insert(RouteName(route.prefix));
    let scopes = if matches!(*req.method(), Method::GET | Method::HEAD) {
        route.read
    } else {
        route.write
    };
    let client_address = state.config.trusted_proxies.client_address(&req);
    let bucket = if scopes.is_empty() {
        match client_address {
            Some(address) => format!("ip:{address}"),
            None => "ip:unknown".to_owned(),
        }
    } else {
        let principal = authenticate(&req, &state).await?;
        let allowed = principal.require_any(scopes);
        let bucket = ["client:", &principal.sub].concat();
        // The caller, for the access log, whether or not the scope sufficed.
        req.extensions_mut()
            .insert(formaliza_shared::context::ClientId(principal.sub.clone()));
        allowed?;
        bucket
    };
    let budget = state.limits.take(&bucket).await.inspect_err(|_| {
        state.metrics.rate_limited.inc();
    })?;
    let declared = content_length(req.headers());
    // An import job's file streams through to the service, which spools it to disk.
    let upload = route.prefix == IMPORTS && req.method() == Method::POST;
    let max_body = if upload {
        state.config.max_import_bytes
    } else {
        state.config.max_body_bytes
    };
    if declared.is_some_and(|length| length > max_body) {
        return Err(ApiError::payload_too_large(
            usize::try_from(max_body).unwrap_or(usize::MAX),
        ));
    }
    let service = route.service.name();
    let upstream = upstream
        .ok_or_else(|| ApiError::unavailable(format!("the {service} service is not configured")))?;
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path(), |pq| pq.as_str());

    let client_tokens = connection_tokens(req.headers());
    // Bodies pass through as the upstream encoded them (gzip stays gzip).
    let mut forwarded = client
        .request(req.method().clone(), [upstream, target].concat())
        .no_decompress();
    for (name, value) in req.headers() {
        if is_hop_by_hop(name, &client_tokens)
            || SPOOFABLE.contains(&name.as_str())
            || name == HOST
            || name == REQUEST_ID_HEADER
        {
            continue;
        }
        forwarded = forwarded.append_header((name.clone(), value.clone()));
    }
    // Set from what the gateway saw (or a trusted proxy said), never copied from the client.
    let proxies = &state.config.trusted_proxies;
    if let Some(address) = client_address {
        forwarded = forwarded.insert_header((X_FORWARDED_FOR, address.to_string()));
    }
    forwarded = forwarded
        .insert_header((X_FORWARDED_PROTO, proxies.scheme(&req)))
        .insert_header((X_FORWARDED_HOST, proxies.host(&req)));
    if let Some(request_id) = context::request_id() {
        forwarded = forwarded.insert_header((REQUEST_ID_HEADER, request_id));
    }

    if upload {
        // The upload itself may take long on a rural link; the service answers as soon as the
        // file is spooled.
        forwarded = forwarded.timeout(IMPORT_UPLOAD_TIMEOUT);
    }
    let chunked = req.headers().contains_key(TRANSFER_ENCODING);
    let sent = match (declared, chunked) {
        (Some(length), _) => forwarded.send_body(SizedStream::new(length, payload)).await,
        (None, true) => forwarded.send_stream(payload).await,
        (None, false) => forwarded.send().await,
    };
    let mut response =
        sent.map_err(|error| upstream_failure(&state, service, Failure::of_send(&error), error))?;

    let mut answer = HttpResponse::build(response.status());
    answer
        .insert_header((RATELIMIT_LIMIT, budget.limit))
        .insert_header((RATELIMIT_REMAINING, budget.remaining));
    let upstream_tokens = connection_tokens(response.headers());
    for (name, value) in response.headers() {
        if is_hop_by_hop(name, &upstream_tokens)
            || name == CONTENT_LENGTH
            || name == REQUEST_ID_HEADER
        {
            continue;
        }
        answer.append_header((name.clone(), value.clone()));
    }
    let (status, length) = (response.status(), content_length(response.headers()));
    let bodiless = *req.method() == Method::HEAD
        || status.is_informational()
        || matches!(status, StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED);
    if let Some(length) = length
        && length <= BUFFERED_ANSWER_BYTES
        && !bodiless
    {
        let limit = usize::try_from(length).unwrap_or(usize::MAX);
        let read =
            actix_rt::time::timeout(state.config.upstream_timeout, response.body().limit(limit))
                .await;
        let body = match read {
            Ok(Ok(body)) if body.len() as u64 == length => body,
            // awc ends a body at the connection's end without checking the declared length.
            Ok(Ok(body)) => {
                return Err(upstream_failure(
                    &state,
                    service,
                    Failure::ConnectionLost,
                    format!("the answer ended after {} of {length} bytes", body.len()),
                ));
            }
            Ok(Err(error)) => {
                return Err(upstream_failure(
                    &state,
                    service,
                    Failure::of_body(&error),
                    error,
                ));
            }
            Err(elapsed) => {
                return Err(upstream_failure(
                    &state,
                    service,
                    Failure::TimedOut,
                    elapsed,
                ));
            }
        };
        let whole = futures_util::stream::once(async move { Ok::<_, PayloadError>(body) });
        return Ok(frame(answer, req.method(), status, Some(length), whole));
    }
    // Streamed: a break from here on can only end the connection early (the client sees an
    // incomplete message); it is logged and counted.
    let metrics_state = state.clone();
    let streamed = declared_length(response, length).inspect_err(move |error| {
        log::warn!("the {service} service's answer broke off: {error}");
        count_failure(&metrics_state, service, Failure::of_body(error));
    });
    Ok(frame(answer, req.method(), status, length, streamed))
}

/// The upstream's body, failing if the connection ends before the `Content-Length` it declared
/// (awc ends a body at the connection's end without checking), so that the client's connection
/// is cut rather than its answer looking complete.
fn declared_length<S>(
    upstream: S,
    declared: Option<u64>,
) -> impl futures_util::Stream<Item = Result<Bytes, PayloadError>> + 'static
where
    S: futures_util::Stream<Item = Result<Bytes, PayloadError>> + 'static,
{
    let expected = declared.unwrap_or(0);
    futures_util::stream::unfold(
        (Box::pin(upstream), 0u64, false),
        move |(mut upstream, seen, failed)| async move {
            if failed {
                return None;
            }
            match upstream.next().await {
                Some(Ok(chunk)) => {
                    let seen = seen + chunk.len() as u64;
                    Some((Ok(chunk), (upstream, seen, false)))
                }
                Some(Err(error)) => Some((Err(error), (upstream, seen, true))),
                None if seen < expected => {
                    let cut = std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        format!("the answer ended after {seen} of {expected} bytes"),
                    );
                    Some((
                        Err(PayloadError::Incomplete(Some(cut))),
                        (upstream, seen, true),
                    ))
                }
                None => None,
            }
        },
    )
}

/// The answer's body, framed as RFC 9112 §6 says and as the upstream framed it: nothing after
/// the head of a 1xx, 204 or 304, nor of any answer to `HEAD` (whose `Content-Length` still
/// says what a `GET` would carry); otherwise `Content-Length` when the upstream sent one, else
/// chunked. No `Content-Type` is invented for a body that had none.
fn frame<S>(
    mut answer: HttpResponseBuilder,
    method: &Method,
    status: StatusCode,
    length: Option<u64>,
    upstream: S,
) -> HttpResponse
where
    S: futures_util::Stream<Item = Result<Bytes, PayloadError>> + 'static,
{
    if status.is_informational() || status == StatusCode::NO_CONTENT {
        return answer.body(BodyNone::new());
    }
    if status == StatusCode::NOT_MODIFIED {
        if let Some(length) = length {
            answer.insert_header((CONTENT_LENGTH, length));
        }
        return answer.body(BodyNone::new());
    }
    if *method == Method::HEAD {
        return match length {
            Some(length) => answer.body(SizedStream::new(
                length,
                futures_util::stream::empty::<Result<Bytes, PayloadError>>(),
            )),
            None => answer.body(BodyNone::new()),
        };
    }
    match length {
        Some(length) => answer.body(SizedStream::new(length, upstream)),
        None => answer.body(BodyStream::new(upstream)),
    }
}

/// Liveness of the gateway itself. No token needed.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Alive")))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// Readiness: every configured service answers its own `/readyz`. No token needed.
#[utoipa::path(tag = "operations", responses((status = 200, description = "All services ready"), (status = 503, description = "A service is not ready")))]
#[get("/readyz")]
pub async fn readyz(routes: web::Data<RouteTable>, client: web::Data<awc::Client>) -> HttpResponse {
    let checks = routes.upstreams().into_iter().map(|(service, url)| {
        let client = client.clone();
        async move {
            let ready = client
                .get(format!("{url}/readyz"))
                .timeout(Duration::from_secs(2))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            (service.name(), ready)
        }
    });
    let results = futures_util::future::join_all(checks).await;
    let all_ready = results.iter().all(|(_, ready)| *ready);
    let services: serde_json::Map<String, serde_json::Value> = results
        .into_iter()
        .map(|(name, ready)| {
            (
                name.to_owned(),
                json!(if ready { "ready" } else { "unavailable" }),
            )
        })
        .collect();
    let status = if all_ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    HttpResponse::build(status)
        .json(json!({"status": if all_ready { "ready" } else { "degraded" }, "services": services}))
}

/// The method as a metrics label, without allocating for the standard ones.
fn method_label(method: &Method) -> Cow<'static, str> {
    const STANDARD: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
        Method::CONNECT,
    ];
    const NAMES: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
    ];
    match STANDARD.iter().position(|m| m == method) {
        Some(index) => Cow::Borrowed(NAMES[index]),
        None => Cow::Owned(method.as_str().to_owned()),
    }
}

/// Middleware: `HEAD` on the gateway's own `GET` routes (health, spec, docs, keys) as
/// [`formaliza_shared::head`] does for the services. A proxied `HEAD` goes upstream as it came,
/// so that the service does not compute a body only to have it dropped.
pub async fn own_head<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, HeadBody>>, actix_web::Error> {
    let proxied = req
        .app_data::<web::Data<RouteTable>>()
        .is_some_and(|routes| routes.find(req.path()).is_some());
    if proxied {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    head_as_get(req, next).await
}

/// Middleware: counts every answer by route (the route prefix, never a raw path with ids) and
/// status, and times it.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = method_label(req.method());
    let state = req.app_data::<web::Data<State>>().cloned();
    let response = next.call(req).await?;
    if let Some(state) = state {
        // `forward` names the proxied routes; the gateway's own have an actix pattern.
        let route: Cow<'static, str> = match response.request().extensions().get::<RouteName>() {
            Some(name) => Cow::Borrowed(name.0),
            None => response
                .request()
                .match_pattern()
                .map_or(Cow::Borrowed("unmatched"), Cow::Owned),
        };
        let status = response.status().as_u16();
        state
            .metrics
            .requests
            .get_or_create(&RequestLabels {
                route: route.clone(),
                method,
                status,
            })
            .inc();
        state
            .metrics
            .latency
            .get_or_create(&RouteLabels { route })
            .observe(started.elapsed().as_secs_f64());
    }
    Ok(response)
}

/// The verified caller of one of the gateway's own operations, as an extractor: put first in a
/// handler's arguments, it refuses a request without a valid token (401) before the body is
/// read, so an anonymous caller learns nothing from a validation problem.
pub struct Caller(pub Principal);

impl actix_web::FromRequest for Caller {
    type Error = ApiError;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<State>>()
                .cloned()
                .ok_or_else(|| ApiError::internal("the gateway's state is missing"))?;
            let principal = authenticate(&req, &state).await?;
            req.extensions_mut()
                .insert(formaliza_shared::context::ClientId(principal.sub.clone()));
            Ok(Caller(principal))
        })
    }
}
