//! Participation endpoints: registration (checked with the members service), attendance one by
//! one or a whole session's sign-in sheet at once.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{TrainingsRead, TrainingsWrite};
use formaliza_shared::config::Upstreams;
use formaliza_shared::db::{self, DbPool};
use formaliza_shared::extract::{Json, Query};
use formaliza_shared::idempotency::{Attempt, IdempotencyKey, StoredResponse};
use formaliza_shared::openapi::{CreateWithReferenceErrors, ListErrors, UpdateErrors};
use formaliza_shared::pagination::Page;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::upstream::Upstream;

use super::db::{self as store, ParticipationFilter, ParticipationRow};
use super::model::{self, Attendance, AttendanceSheet, Participation, ParticipationInput};
use crate::certificates::model::Certificate;

/// Filters for listing participations.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ParticipationListParams {
    pub session_id: Option<String>,
    pub member_id: Option<String>,
    pub attendance: Option<Attendance>,
    /// Only participations changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List participations.
///
/// Keyset-paginated in creation order. A partner token sees only its own registrations.
#[utoipa::path(
    tag = "participations",
    params(ParticipationListParams),
    security(("bearer" = ["trainings:read"])),
    responses((status = 200, description = "A page of participations", body = Page<Participation>), ListErrors)
)]
#[get("/v1/participations")]
pub async fn list_participations(
    principal: Authorized<TrainingsRead>,
    params: Query<ParticipationListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = ParticipationFilter {
        session_id: params.session_id,
        member_id: params.member_id,
        attendance: params.attendance.map(|a| <&str>::from(a).to_owned()),
    };
    let window = resource::Window {
        limit: params.limit,
        cursor: params.cursor.as_deref(),
        updated_after: params.updated_after,
    };
    resource::list(&pool, &principal, &privacy, window, filter, store::list).await
}

/// Register a member to a session.
///
/// The member must exist in the members service and be visible to your token there (checked
/// with your token: 422 on `member_id` otherwise; 503 when the members service cannot be
/// reached). The session must not be cancelled; a member registers once per session (409), and
/// never beyond the session's capacity (409 `the session is full`, even under concurrent
/// registrations). Attendance may be sent now or later.
/// Send an `Idempotency-Key` to retry safely: the same key and body return the first response.
#[utoipa::path(
    tag = "participations",
    request_body = ParticipationInput,
    params(formaliza_shared::openapi::IdempotencyKeyHeader),
    security(("bearer" = ["trainings:write"])),
    responses(
        (status = 201, description = "Registered", body = Participation, headers(("Location" = String), ("ETag" = String))),
        CreateWithReferenceErrors
    )
)]
#[post("/v1/participations")]
pub async fn create_participation(
    principal: Authorized<TrainingsWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<ParticipationInput>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
    upstreams: web::Data<Upstreams>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    if let Some(first) = attempt.replayed(&pool, &principal).await? {
        return Ok(first);
    }
    let (_, member_id) = model::ids(&body).map_err(ApiError::validation)?;
    let member = Upstream::members(&upstreams)?
        .require(&principal, "member_id", "member", "/v1/members", &member_id)
        .await?;
    let name = |field: &str| member[field].as_str().unwrap_or_default().to_owned();
    let mut input = body.into_inner();
    input.member_initials = Some(model::initials(&name("given_names"), &name("family_names")));
    resource::insert::<ParticipationRow>(&pool, &principal, &privacy, attempt, input).await
}

formaliza_shared::resource_endpoints! {
    resource: ParticipationRow, view: Participation, input: ParticipationInput, tag: "participations",
    read: TrainingsRead "trainings:read", write: TrainingsWrite "trainings:write",
    collection: "/v1/participations", item: "/v1/participations/{id}",
    get: get_participation "Get a participation.",
    patch: patch_participation
        "Record a participant's attendance (JSON Merge Patch)."
        "Send `attendance` (`attended` or `absent`) and, if not the whole session, `hours`. The session and member are fixed. When the member's attended hours in the course reach its requirement, the certificate is issued at once.",
        example: {"attendance": "attended", "hours": 3.5},
    delete: delete_participation
        "Remove a registration."
        "A soft delete that frees the seat. Certificates already issued stay valid.",
}

/// What a sign-in sheet recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceSheetResult {
    /// The registrations named on the sheet, as they are now.
    pub participations: Vec<Participation>,
    /// Certificates the sheet earned.
    pub certificates_issued: Vec<Certificate>,
}

/// Record a whole session's attendance.
///
/// A facilitator's sign-in sheet in one request: one line per registered member, all or
/// nothing (a line naming a member not registered, or twice, fails the sheet with a 422 naming
/// `records[i].member_id`). Members left off the sheet keep what they had. Certificates earned
/// are issued and returned. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "participations",
    request_body = AttendanceSheet,
    params(
        ("id" = String, Path, format = "uuid", description = "The session's id"),
        formaliza_shared::openapi::IdempotencyKeyHeader,
    ),
    security(("bearer" = ["trainings:write"])),
    responses(
        (status = 200, description = "Recorded", body = AttendanceSheetResult),
        UpdateErrors
    )
)]
#[post(
    "/v1/sessions/{id}/attendance",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn record_attendance(
    principal: Authorized<TrainingsWrite>,
    request: HttpRequest,
    id: web::Path<String>,
    key: IdempotencyKey,
    body: Json<AttendanceSheet>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let session_id = resource::parse_id("id", &id)?;
    let attempt = Attempt::new(&request, key, &body.digest);
    if let Some(first) = attempt.replayed(&pool, &principal).await? {
        return Ok(first);
    }
    let principal = principal.principal;
    let sheet = body.into_inner();
    let stored = db::run(&pool, move |conn| {
        db::write(conn, |conn| {
            attempt.once(conn, &principal, |conn| {
                let outcome = store::record_sheet(conn, &principal, &session_id, sheet)?;
                let result = AttendanceSheetResult {
                    participations: outcome.participations.iter().map(|p| p.to_view()).collect(),
                    certificates_issued: outcome.certificates.iter().map(|c| c.to_view()).collect(),
                };
                Ok(StoredResponse::ok(serde_json::to_string(&result)?))
            })
        })
    })
    .await?;
    Ok(stored.into_response())
}
