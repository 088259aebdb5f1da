//! Session endpoints: HTTP in and out; the rules are in `model.rs`, the queries in `db.rs`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{TrainingsRead, TrainingsWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::SessionId;
use formaliza_shared::openapi::{
    CreateWithReferenceErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader,
    IfNoneMatchHeader, ListErrors, NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, SessionRow};
use super::model::{Session, SessionFilters, SessionInput};

/// List sessions.
///
/// Keyset-paginated in creation order. A partner token sees only its own sessions.
#[utoipa::path(
    tag = "sessions",
    params(SessionFilters, Window),
    security(("bearer" = ["trainings:read"])),
    responses((status = 200, description = "A page of sessions", body = Page<Session>), ListErrors)
)]
#[get("/v1/sessions")]
pub async fn list_sessions(
    principal: Authorized<TrainingsRead>,
    query: ListQuery<SessionFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get a session.
#[utoipa::path(
    tag = "sessions",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["trainings:read"])),
    responses(
        (status = 200, description = "The session", body = Session, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/sessions/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_session(
    principal: Authorized<TrainingsRead>,
    id: web::Path<SessionId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<SessionRow>(&state, &principal, id.into_inner(), condition).await
}

/// Schedule a session.
///
/// A workshop or event delivering a course, with its place, facilitator, host organisation and
/// seats. The host organisation must exist in the members service and be visible to your token
/// there (checked with your token: 422 on `host_organisation_id` otherwise; 503 when the members
/// service cannot be reached). Send an `Idempotency-Key` to retry safely: the same key and body
/// return the first response.
#[utoipa::path(
    tag = "sessions",
    request_body = SessionInput,
    params(IdempotencyKeyHeader),
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
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<SessionRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change a session (JSON Merge Patch).
///
/// Its dates, place, facilitator, host organisation (checked in the members service as on
/// creation), capacity (not below the seats taken) or status. Hours that were the session's
/// whole length follow its new times. Send only the fields to change; `null` clears a field;
/// the result is validated as a whole. Send `If-Match` with the ETag you read so you never
/// overwrite someone else's change (412).
#[utoipa::path(
    tag = "sessions",
    params(RecordIdPath, IfMatchHeader),
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
    id: web::Path<SessionId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<SessionRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete a session.
///
/// A soft delete, refused (409) while members are registered.
#[utoipa::path(
    tag = "sessions",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["trainings:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/sessions/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_session(
    principal: Authorized<TrainingsWrite>,
    id: web::Path<SessionId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<SessionRow>(&state, &principal, id.into_inner(), if_match).await
}
