//! Liveness and readiness.

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
