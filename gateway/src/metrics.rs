//! `/metrics` in Prometheus text format: requests by route and status, latency, upstream
//! errors, rate-limited requests and token-cache hits. Served on the operations listener only
//! (`FORMALIZA_METRICS_BIND`), never on the public one: who reaches the public port (anyone,
//! through the Ingress) must not read the traffic figures of every route and client bucket.

use std::borrow::Cow;
use std::sync::Mutex;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError as _, web};
use formaliza_shared::ApiError;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::State;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route prefix (`/v1/members`), or the gateway's own path; never a raw path with ids.
    pub route: Cow<'static, str>,
    pub method: Cow<'static, str>,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: Cow<'static, str>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct UpstreamLabels {
    pub service: String,
    /// `unavailable` (never reached), `connection_lost`, `invalid_answer`, `timeout` (outcome
    /// unknown) or `incomplete_request` (the client's body broke off).
    pub kind: String,
}

/// The gateway's metrics.
pub struct Metrics {
    registry: Mutex<Registry>,
    pub requests: Family<RequestLabels, Counter>,
    pub latency: Family<RouteLabels, Histogram>,
    pub upstream_errors: Family<UpstreamLabels, Counter>,
    pub rate_limited: Counter,
    pub token_cache_hits: Counter,
    pub token_cache_misses: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        let upstream_errors = Family::<UpstreamLabels, Counter>::default();
        let (rate_limited, token_cache_hits, token_cache_misses) =
            (Counter::default(), Counter::default(), Counter::default());
        let mut registry = Registry::with_prefix("formaliza_gateway");
        registry.register(
            "requests",
            "Requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time to answer (until the response starts), by route",
            latency.clone(),
        );
        registry.register(
            "upstream_errors",
            "Failures reaching a service",
            upstream_errors.clone(),
        );
        registry.register(
            "rate_limited",
            "Requests refused with 429",
            rate_limited.clone(),
        );
        registry.register(
            "token_cache_hits",
            "Bearer tokens found already verified",
            token_cache_hits.clone(),
        );
        registry.register(
            "token_cache_misses",
            "Bearer tokens verified from scratch",
            token_cache_misses.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            requests,
            latency,
            upstream_errors,
            rate_limited,
            token_cache_hits,
            token_cache_misses,
        }
    }
}

impl Metrics {
    pub fn render(&self) -> String {
        let mut text = String::new();
        if let Ok(registry) = self.registry.lock() {
            let _ = encode(&mut text, &registry);
        }
        text
    }
}

/// Middleware: the operations listener (`FORMALIZA_METRICS_BIND`) answers `/metrics` and
/// nothing else; the public listener never answers it (its `/metrics` is the gateway's 404 for an
/// unknown path). Both listeners belong to one server, so they start and stop together; the
/// address a request came in on tells them apart.
pub async fn operations_listener<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let state = req
        .app_data::<web::Data<State>>()
        .filter(|state| req.app_config().local_addr() == state.metrics_address)
        .cloned();
    let Some(state) = state else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let response = match (req.path(), req.method()) {
        ("/metrics", &Method::GET | &Method::HEAD) => HttpResponse::Ok()
            .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
            .body(state.metrics.render()),
        ("/metrics", method) => {
            ApiError::method_not_allowed(method.as_str(), "/metrics", "GET, HEAD").error_response()
        }
        (path, _) => ApiError::not_found(format!(
            "{path} is not served here: this listener answers GET /metrics only"
        ))
        .error_response(),
    };
    Ok(req.into_response(response).map_into_right_body())
}
