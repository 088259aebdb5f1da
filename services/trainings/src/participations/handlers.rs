//! Participation endpoints: registration (checked with the members service), attendance one by
//! one or a whole session's sign-in sheet at once.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::Serialize;
use utoipa::ToSchema;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{TrainingsRead, TrainingsWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::db;
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey, StoredResponse};
use formaliza_shared::ids::{ParticipationId, SessionId};
use formaliza_shared::openapi::{
    CreateWithReferenceErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader,
    IfNoneMatchHeader, ListErrors, NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window, present};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, ParticipationRow};
use super::model::{AttendanceSheet, Participation, ParticipationFilters, ParticipationInput};
use crate::certificates::model::Certificate;

/// List participations.
///
/// Keyset-paginated in creation order. A partner token sees only its own registrations. Who
/// each is about follows the privacy rule (see `Participation.member_id`).
#[utoipa::path(
    tag = "participations",
    params(ParticipationFilters, Window),
    security(("bearer" = ["trainings:read"])),
    responses((status = 200, description = "A page of participations", body = Page<Participation>), ListErrors)
)]
#[get("/v1/participations")]
pub async fn list_participations(
    principal: Authorized<TrainingsRead>,
    query: ListQuery<ParticipationFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get a participation.
#[utoipa::path(
    tag = "participations",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["trainings:read"])),
    responses(
        (status = 200, description = "The participation", body = Participation, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/participations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_participation(
    principal: Authorized<TrainingsRead>,
    id: web::Path<ParticipationId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<ParticipationRow>(&state, &principal, id.into_inner(), condition).await
}

/// Register a member to a session.
///
/// The member must exist in the members service and be visible to your token there (checked
/// with your token: 422 on `member_id` otherwise; 503 when the members service cannot be
/// reached). The session must not be cancelled; a member registers once per session (409), and
/// never beyond the session's capacity (409 `the session is full`, even under concurrent
/// registrations). Attendance may be sent now or later. Send an `Idempotency-Key` to retry
/// safely: the same key and body return the first response.
#[utoipa::path(
    tag = "participations",
    request_body = ParticipationInput,
    params(IdempotencyKeyHeader),
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
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<ParticipationRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Record a participant's attendance (JSON Merge Patch).
///
/// Send `attendance` (`attended` or `absent`) and, if not the whole session, `hours`. The
/// session and member are fixed. When the member's attended hours in the course reach its
/// requirement, the certificate is issued at once. Send `If-Match` with the ETag you read so
/// you never overwrite someone else's change (412).
#[utoipa::path(
    tag = "participations",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"attendance": "attended", "hours": 3.5})),
    security(("bearer" = ["trainings:write"])),
    responses((status = 200, description = "Updated", body = Participation, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/participations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_participation(
    principal: Authorized<TrainingsWrite>,
    id: web::Path<ParticipationId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<ParticipationRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Remove a registration.
///
/// A soft delete that frees the seat. Certificates already issued stay valid.
#[utoipa::path(
    tag = "participations",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["trainings:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/participations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_participation(
    principal: Authorized<TrainingsWrite>,
    id: web::Path<ParticipationId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<ParticipationRow>(&state, &principal, id.into_inner(), if_match).await
}

/// What a sign-in sheet recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceSheetResult {
    /// The registrations named on the sheet, as they are now.
    #[schema(value_type = Vec<Participation>)]
    pub participations: Vec<serde_json::Value>,
    /// Certificates the sheet earned.
    #[schema(value_type = Vec<Certificate>)]
    pub certificates_issued: Vec<serde_json::Value>,
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
        IdempotencyKeyHeader,
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
    id: web::Path<SessionId>,
    key: IdempotencyKey,
    body: Json<AttendanceSheet>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    if let Some(first) = attempt.replayed(&state.pool, &principal).await? {
        return Ok(first);
    }
    let (session_id, sheet) = (id.into_inner(), body.into_inner());
    let (state_in, principal) = (state.clone(), principal.principal);
    let stored = db::run(&state.pool, move |conn| {
        db::write(conn, |conn| {
            attempt.once(conn, &principal, |conn| {
                let outcome = store::record_sheet(conn, &principal, &session_id, sheet)?;
                let result = AttendanceSheetResult {
                    participations: present(conn, &principal, &state_in, &outcome.participations)?,
                    certificates_issued: present(
                        conn,
                        &principal,
                        &state_in,
                        &outcome.certificates,
                    )?,
                };
                Ok(StoredResponse::ok(serde_json::to_string(&result)?))
            })
        })
    })
    .await?;
    Ok(stored.into_response())
}
