//! Session endpoints.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{TrainingsRead, TrainingsWrite};
use formaliza_shared::concurrency::IfMatch;
use formaliza_shared::config::Upstreams;
use formaliza_shared::db::DbPool;
use formaliza_shared::extract::{Json, Query};
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::openapi::{CreateWithReferenceErrors, ListErrors, UpdateErrors};
use formaliza_shared::pagination::Page;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::resource;
use formaliza_shared::upstream::Upstream;
use formaliza_shared::{ApiError, Principal};

use super::db::{self as store, SessionFilter, SessionRow};
use super::model::{Session, SessionInput, SessionStatus};

/// Filters for listing sessions.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SessionListParams {
    pub course_id: Option<String>,
    /// Country (`PE`, `BO`).
    pub country: Option<String>,
    /// Region (`PE-JUN`, `BO-L`).
    pub region: Option<String>,
    pub status: Option<SessionStatus>,
    pub host_organisation_id: Option<String>,
    /// Sessions starting on or after this date (`YYYY-MM-DD`, UTC).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Sessions starting on or before this date (`YYYY-MM-DD`, UTC).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Only sessions changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List sessions.
///
/// Keyset-paginated in creation order. A partner token sees only its own sessions.
#[utoipa::path(
    tag = "sessions",
    params(SessionListParams),
    security(("bearer" = ["trainings:read"])),
    responses((status = 200, description = "A page of sessions", body = Page<Session>), ListErrors)
)]
#[get("/v1/sessions")]
pub async fn list_sessions(
    principal: Authorized<TrainingsRead>,
    params: Query<SessionListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = SessionFilter {
        course_id: params.course_id,
        country: params.country,
        region: params.region,
        status: params.status.map(|s| <&str>::from(s).to_owned()),
        host_organisation_id: params.host_organisation_id,
        starts_from: params.from.and_then(|d| d.and_hms_opt(0, 0, 0)),
        starts_before: params
            .to
            .and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0)),
    };
    let window = resource::Window {
        limit: params.limit,
        cursor: params.cursor.as_deref(),
        updated_after: params.updated_after,
    };
    resource::list(&pool, &principal, &privacy, window, filter, store::list).await
}

/// Checks a host organisation in the members service with the caller's token (422 on
/// `host_organisation_id` when it does not exist or the caller may not see it; 503 when the
/// members service cannot be reached).
async fn check_host(
    principal: &Principal,
    upstreams: &Upstreams,
    host: &str,
) -> Result<(), ApiError> {
    Upstream::members(upstreams)?
        .require(
            principal,
            "host_organisation_id",
            "organisation",
            "/v1/organisations",
            host,
        )
        .await
        .map(drop)
}

/// Schedule a session.
///
/// A workshop or event delivering a course, with its place, facilitator, host organisation and
/// seats. The host organisation must exist in the members service and be visible to your token
/// there (checked with your token: 422 on `host_organisation_id` otherwise; 503 when the members
/// service cannot be reached).
/// Send an `Idempotency-Key` to retry safely: the same key and body return the first response.
#[utoipa::path(
    tag = "sessions",
    request_body = SessionInput,
    params(formaliza_shared::openapi::IdempotencyKeyHeader),
    security(("bearer" = ["trainings:write"])),
    responses(
        (status = 201, description = "Created", body = Session, headers(("Location" = String), ("ETag" = String))),
        CreateWithReferenceErrors
    )
)]
#[post("/v1/sessions")]
pub async fn create_session(
    principal: Authorized<TrainingsWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<SessionInput>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
    upstreams: web::Data<Upstreams>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    if let Some(first) = attempt.replayed(&pool, &principal).await? {
        return Ok(first);
    }
    if let Some(host) = body.host_organisation_id.as_deref() {
        check_host(&principal, &upstreams, host).await?;
    }
    resource::insert::<SessionRow>(&pool, &principal, &privacy, attempt, body.into_inner()).await
}

/// Change a session (JSON Merge Patch).
///
/// Its dates, place, facilitator, host organisation (checked in the members service as on
/// creation), capacity (not below the seats taken) or status.
/// Send only the fields to change; `null` clears a field; the result is validated as a whole. Send
/// `If-Match` with the ETag you read so you never overwrite someone else's change (412).
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = String, Path, format = "uuid", description = "The record's id"),
        formaliza_shared::openapi::IfMatchHeader,
    ),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"status": "completed"})),
    security(("bearer" = ["trainings:write"])),
    responses((status = 200, description = "Updated", body = Session, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/sessions/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_session(
    principal: Authorized<TrainingsWrite>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
    upstreams: web::Data<Upstreams>,
) -> Result<HttpResponse, ApiError> {
    if let Some(host) = body.get("host_organisation_id").and_then(|h| h.as_str()) {
        check_host(&principal, &upstreams, host).await?;
    }
    resource::patch::<SessionRow>(&pool, &principal, &privacy, &id, if_match, body).await
}

formaliza_shared::resource_endpoints! {
    resource: SessionRow, view: Session, input: SessionInput, tag: "sessions",
    read: TrainingsRead "trainings:read", write: TrainingsWrite "trainings:write",
    collection: "/v1/sessions", item: "/v1/sessions/{id}",
    get: get_session "Get a session.",
    delete: delete_session
        "Delete a session."
        "A soft delete, refused (409) while members are registered.",
}
