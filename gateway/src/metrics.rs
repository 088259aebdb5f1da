//! `/metrics` in Prometheus text format: requests by route and status, latency, upstream
//! errors, rate-limited requests and token-cache hits.

use std::borrow::Cow;
use std::sync::Mutex;

use actix_web::{HttpResponse, get, web};
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
    /// `unavailable`, `timeout` or `bad_gateway`.
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

/// Prometheus metrics. No token needed (keep it off the public ingress).
#[utoipa::path(tag = "operations", responses((status = 200, description = "OpenMetrics text format (Prometheus scrapes it)", content_type = "application/openmetrics-text")))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<State>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(state.metrics.render())
}
