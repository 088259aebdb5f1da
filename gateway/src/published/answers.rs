//! The answers of published questions: asked of the owning service with a programme-wide
//! `indicators:read` token the gateway signs for itself, and kept for `max-age`, so that a crowd
//! of dashboard readers costs the service one computation per question and minute.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::web::Bytes;

use formaliza_shared::ApiError;
use formaliza_shared::context::{self, REQUEST_ID_HEADER};

use super::db::PublishedRow;
use super::model::etag;
use crate::State;
use crate::failures::Failure;
use crate::proxy::upstream_failure;
use crate::routes::RouteTable;

/// The `sub` of the tokens the gateway reads published questions with (the services' logs and
/// access records name it).
pub const PUBLIC_READER: &str = "formaliza-public";

/// The one scope those tokens carry: aggregates, never records.
pub const PUBLIC_SCOPE: &str = "indicators:read";

/// The largest answer kept (a long series is a few tens of kilobytes).
const MAX_ANSWER_BYTES: usize = 4 << 20;

/// Questions whose answers are kept at once.
const CAPACITY: usize = 1_000;

/// A service's answer to a published question.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: Option<HeaderValue>,
    pub body: Bytes,
    /// A strong validator of `body`.
    pub etag: String,
    pub fetched: Instant,
}

impl Answer {
    /// Whole seconds since the service answered (the `Age` header).
    pub fn age(&self) -> u64 {
        self.fetched.elapsed().as_secs()
    }
}

/// The answers kept, by question (its id: a slug published again is another question).
pub struct Answers {
    cache: quick_cache::sync::Cache<String, Arc<Answer>>,
    max_age: Duration,
}

impl Answers {
    pub fn new(max_age: Duration) -> Self {
        Self {
            cache: quick_cache::sync::Cache::new(CAPACITY),
            max_age,
        }
    }

    /// `question`'s answer: the one kept while it is younger than `max-age`, else the service's
    /// now. Concurrent readers of a question wait for one request to the service; only
    /// successful answers are kept (a failure is asked again by the next reader).
    pub async fn answer(
        &self,
        state: &State,
        routes: &RouteTable,
        client: &awc::Client,
        question: &PublishedRow,
    ) -> Result<Arc<Answer>, ApiError> {
        loop {
            match self.cache.get_value_or_guard_async(&question.id).await {
                Ok(kept) if kept.fetched.elapsed() < self.max_age => return Ok(kept),
                Ok(_) => {
                    // Stale: dropped (unless another reader just replaced it), then asked again.
                    let max_age = self.max_age;
                    self.cache
                        .remove_if(&question.id, |kept| kept.fetched.elapsed() >= max_age);
                }
                Err(guard) => {
                    let answer = Arc::new(ask(state, routes, client, question).await?);
                    if answer.status.is_success() {
                        let _ = guard.insert(answer.clone());
                    }
                    return Ok(answer);
                }
            }
        }
    }

    /// Forgets `question`'s answer (it was unpublished).
    pub fn forget(&self, question: &str) {
        self.cache.remove(question);
    }
}

/// Asks the owning service `question`, as the gateway's public reader: no `partner_id`, only
/// `indicators:read`, so the answer is the programme-wide aggregate with the service's own
/// suppression of small cells.
pub async fn ask(
    state: &State,
    routes: &RouteTable,
    client: &awc::Client,
    question: &PublishedRow,
) -> Result<Answer, ApiError> {
    let (route, upstream) = routes
        .find(&question.path)
        .ok_or_else(|| ApiError::internal(format!("no route for {}", question.path)))?;
    let service = route.service.name();
    let upstream = upstream
        .ok_or_else(|| ApiError::unavailable(format!("the {service} service is not configured")))?;
    let token = crate::tokens::sign_claims(
        &state.keys(),
        &state.config,
        PUBLIC_READER,
        PUBLIC_SCOPE,
        None,
        120,
    )
    .map_err(|e| ApiError::internal(e.to_string()))?;
    let mut request = client
        .get([upstream, &question.target()].concat())
        .bearer_auth(token)
        .insert_header(("accept", "application/json"));
    if let Some(request_id) = context::request_id() {
        request = request.insert_header((REQUEST_ID_HEADER, request_id));
    }
    let mut response = request
        .send()
        .await
        .map_err(|error| upstream_failure(state, service, Failure::of_send(&error), error))?;
    let read = actix_rt::time::timeout(
        state.config.upstream_timeout,
        response.body().limit(MAX_ANSWER_BYTES),
    )
    .await;
    let body = match read {
        Ok(Ok(body)) => body,
        Ok(Err(error)) => {
            return Err(upstream_failure(
                state,
                service,
                Failure::of_body(&error),
                error,
            ));
        }
        Err(elapsed) => {
            return Err(upstream_failure(state, service, Failure::TimedOut, elapsed));
        }
    };
    Ok(Answer {
        status: response.status(),
        content_type: response.headers().get(CONTENT_TYPE).cloned(),
        etag: etag(&body),
        body,
        fetched: Instant::now(),
    })
}
