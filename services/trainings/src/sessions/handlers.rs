//! Session endpoints.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::TrainingsRead;
use formaliza_shared::db::DbPool;
use formaliza_shared::extract::Query;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::pagination::Page;
use formaliza_shared::resource;

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
    let (limit, cursor, updated_after) =
        (params.limit, params.cursor.as_deref(), params.updated_after);
    resource::list(
        &pool,
        &principal,
        limit,
        cursor,
        updated_after,
        filter,
        store::list,
    )
    .await
}

formaliza_shared::resource_endpoints! {
    resource: SessionRow, view: Session, input: SessionInput, tag: "sessions",
    read: TrainingsRead "trainings:read", write: TrainingsWrite "trainings:write",
    collection: "/v1/sessions", item: "/v1/sessions/{id}",
    get: get_session "Get a session.",
    create: create_session
        "Schedule a session."
        "A workshop or event delivering a course, with its place, facilitator, host organisation and seats.",
    patch: patch_session "Change a session (JSON Merge Patch)." "Its dates, place, facilitator, capacity (not below the seats taken) or status.", example: {"status": "completed"},
    delete: delete_session
        "Delete a session."
        "A soft delete, refused (409) while members are registered.",
}
