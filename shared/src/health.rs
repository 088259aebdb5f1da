//! Liveness and readiness: the two probes an orchestrator asks, and the database health that
//! readiness and every checkout read.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{self, DbPool};
use crate::error::{ApiError, ProblemBody};

/// Health status.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthStatus {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Liveness: the process is up. No token needed.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Alive", body = HealthStatus))
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus { status: "ok" })
}

// While the database is known to be down this answers 503 at once, and ready again within a
// probe interval of its return, so an orchestrator routes around the replica. (The doc comment
// below is the published OpenAPI description.)
/// Readiness: the database answers. No token needed.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = HealthStatus),
        (status = 503, description = "The database does not answer", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(pool: web::Data<DbPool>) -> Result<HttpResponse, ApiError> {
    db::run(&pool, db::ping).await?;
    Ok(HttpResponse::Ok().json(HealthStatus { status: "ready" }))
}

/// Whether a service's database is reachable, as its pool last saw it.
///
/// A failed connection attempt sets it down (with the cause, logged once); while down, every
/// checkout answers 503 at once instead of waiting for the pool's timeout, and a probe
/// ([`crate::db`]) tries a fresh connection every [`PROBE_INTERVAL`] until one answers, which
/// sets it up again. Each change of state is logged once, not each failed attempt.
#[derive(Debug)]
pub struct DbHealth {
    state: Mutex<State>,
    changed: Condvar,
}

/// How often a database known to be down is tried again.
pub const PROBE_INTERVAL: Duration = Duration::from_millis(100);

#[derive(Debug, Clone)]
struct State {
    /// `Some(cause)` while down.
    down: Option<String>,
    since: Instant,
}

impl Default for DbHealth {
    fn default() -> Self {
        Self {
            state: Mutex::new(State {
                down: None,
                since: Instant::now(),
            }),
            changed: Condvar::new(),
        }
    }
}

impl DbHealth {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock leaves a state that is still whole: keep using it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Why the database is down, if it is.
    pub fn down(&self) -> Option<String> {
        self.state().down.clone()
    }

    pub fn is_up(&self) -> bool {
        self.state().down.is_none()
    }

    /// Since when it has been in its present state.
    pub fn since(&self) -> Instant {
        self.state().since
    }

    /// The 503 a request gets while the database is down; `Ok` while it is up.
    pub fn check(&self) -> Result<(), ApiError> {
        match self.down() {
            None => Ok(()),
            Some(cause) => Err(
                ApiError::unavailable("the database is not reachable; retry")
                    .with_cause(format!("database down: {cause}"))
                    .reported(),
            ),
        }
    }

    /// A connection attempt failed: the database is down, for `cause` (kept from the first
    /// failure of the outage; logged only then).
    pub fn mark_down(&self, cause: &str) {
        let mut state = self.state();
        if state.down.is_none() {
            log::error!("database down: {cause}");
            state.down = Some(cause.to_owned());
            state.since = Instant::now();
            self.changed.notify_all();
        }
    }

    /// A fresh connection answered: the database is up again.
    pub fn mark_up(&self) {
        let mut state = self.state();
        if state.down.is_some() {
            log::warn!(
                "database up again after {} ms",
                state.since.elapsed().as_millis()
            );
            state.down = None;
            state.since = Instant::now();
            self.changed.notify_all();
        }
    }

    /// Blocks until the database is down or `timeout` passes; whether it is down.
    pub fn wait_down(&self, timeout: Duration) -> bool {
        let state = self.state();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.down.is_none())
            .unwrap_or_else(|e| e.into_inner());
        state.down.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_changes_once_per_outage_and_keeps_the_first_cause() {
        let health = DbHealth::default();
        assert!(health.is_up());
        assert!(health.check().is_ok());
        health.mark_down("connection refused");
        let since = health.since();
        health.mark_down("the database system is shutting down");
        assert_eq!(health.down().as_deref(), Some("connection refused"));
        assert_eq!(health.since(), since, "a second failure is the same outage");
        let error = health.check().unwrap_err();
        assert_eq!(error.status().as_u16(), 503);
        assert!(health.wait_down(Duration::ZERO));
        health.mark_up();
        assert!(health.is_up());
        assert!(!health.wait_down(Duration::from_millis(1)));
    }
}
