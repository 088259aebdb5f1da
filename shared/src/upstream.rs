//! Calls to another Formaliza service on the caller's behalf (token relay), for reference
//! checks: "does member M exist, and may this caller see it?". Bounded by a timeout; an owner
//! that is down or misbehaving becomes a clear 503 or 424, never a hang or a 500.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use actix_web::http::StatusCode;

use crate::auth::Principal;
use crate::context::{self, REQUEST_ID_HEADER};
use crate::error::{ApiError, FieldError};

/// Another service, reached over HTTP.
#[derive(Clone)]
pub struct Upstream {
    /// Service name, for messages (`members`).
    pub name: &'static str,
    /// Base URL, e.g. `http://127.0.0.1:8081`.
    pub base_url: String,
    pub timeout: Duration,
}

/// What the owner said about a referenced record.
#[derive(Debug)]
pub enum Lookup {
    /// It exists and the caller may see it; its representation.
    Found(serde_json::Value),
    /// It does not exist, or belongs to another partner (the owner answers 404 for both).
    Missing,
}

impl Upstream {
    pub fn new(name: &'static str, base_url: impl Into<String>, timeout: Duration) -> Self {
        Self {
            name,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            timeout,
        }
    }

    /// The members service as this deployment configures it (`FORMALIZA_MEMBERS_URL`), for
    /// reference checks; a 503 when it is not configured, since nothing can be checked then.
    pub fn members(upstreams: &crate::config::Upstreams) -> Result<Self, ApiError> {
        let base_url = upstreams.members.as_deref().ok_or_else(|| {
            ApiError::unavailable(
                "the members service is not configured here (FORMALIZA_MEMBERS_URL)",
            )
        })?;
        Ok(Self::new("members", base_url, upstreams.timeout))
    }

    /// The trainings service as this deployment configures it (`FORMALIZA_TRAININGS_URL`), for
    /// the training measures other services relay; a 503 when it is not configured.
    pub fn trainings(upstreams: &crate::config::Upstreams) -> Result<Self, ApiError> {
        let base_url = upstreams.trainings.as_deref().ok_or_else(|| {
            ApiError::unavailable(
                "the trainings service is not configured here (FORMALIZA_TRAININGS_URL)",
            )
        })?;
        Ok(Self::new("trainings", base_url, upstreams.timeout))
    }

    /// The pooled keep-alive client for this upstream, so that successive reference checks
    /// reuse open connections instead of opening one each. awc's client is not `Send`, so the
    /// pool is per worker thread (actix runs each worker on its own thread): one client per
    /// upstream and timeout, created on a worker's first call.
    fn client(&self) -> awc::Client {
        thread_local! {
            static CLIENTS: RefCell<HashMap<(String, Duration), awc::Client>> =
                RefCell::new(HashMap::new());
        }
        CLIENTS.with_borrow_mut(|clients| {
            clients
                .entry((self.base_url.clone(), self.timeout))
                .or_insert_with(|| awc::Client::builder().timeout(self.timeout).finish())
                .clone()
        })
    }

    /// GETs `path` with the caller's token and request id.
    pub async fn get(&self, principal: &Principal, path: &str) -> Result<Lookup, ApiError> {
        let mut request = self
            .client()
            .get(format!("{}{path}", self.base_url))
            .bearer_auth(&*principal.token);
        if let Some(request_id) = context::request_id() {
            request = request.insert_header((REQUEST_ID_HEADER, request_id));
        }
        let mut response = request.send().await.map_err(|error| {
            ApiError::unavailable(format!(
                "the {} service cannot be reached; retry later",
                self.name
            ))
            .with_cause(error.to_string())
        })?;
        match response.status() {
            StatusCode::OK => {
                let body = response
                    .json::<serde_json::Value>()
                    .limit(4 << 20)
                    .await
                    .map_err(|error| self.bad_answer(error.to_string()))?;
                Ok(Lookup::Found(body))
            }
            StatusCode::NOT_FOUND => Ok(Lookup::Missing),
            // The caller's own token was refused by the owner: pass the verdict on.
            StatusCode::UNAUTHORIZED => Err(ApiError::unauthorized(
                "the access token is invalid or expired",
            )),
            StatusCode::FORBIDDEN => Err(ApiError::forbidden(format!(
                "checking this reference needs read access to the {} service (for example `members:read`)",
                self.name
            ))),
            status
                if status == StatusCode::SERVICE_UNAVAILABLE
                    || status == StatusCode::GATEWAY_TIMEOUT =>
            {
                Err(ApiError::unavailable(format!(
                    "the {} service is unavailable; retry later",
                    self.name
                )))
            }
            status => Err(self.bad_answer(format!("status {status}"))),
        }
    }

    /// 424: the service answered, but not in a way this one can use.
    pub fn bad_answer(&self, cause: String) -> ApiError {
        ApiError::new(
            StatusCode::FAILED_DEPENDENCY,
            "dependency-failed",
            "Dependency failed",
            format!("the {} service gave an unusable answer", self.name),
        )
        .with_cause(cause)
    }

    /// Checks that record `id` exists at `collection/id` and is visible to the caller; a 422 on
    /// `field` otherwise.
    pub async fn require(
        &self,
        principal: &Principal,
        field: &str,
        kind: &str,
        collection: &str,
        id: &str,
    ) -> Result<serde_json::Value, ApiError> {
        let unknown = || {
            ApiError::validation(vec![FieldError::new(
                field,
                "unknown_reference",
                format!("no {kind} with id {id}"),
            )])
        };
        let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| unknown())?;
        match self.get(principal, &format!("{collection}/{id}")).await? {
            Lookup::Found(body) => Ok(body),
            Lookup::Missing => Err(unknown()),
        }
    }
}
