//! Enrolment endpoints: HTTP in and out. The rules are in `model.rs`, the queries in `db.rs`;
//! the ministry export is in `crate::export`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{ProtectionRead, ProtectionWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::db;
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::{EnrollmentId, HouseholdId, MemberId, SchemeId};
use formaliza_shared::openapi::{
    CreateWithReferenceErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader,
    IfNoneMatchHeader, ListErrors, NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::resource;
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, EnrollmentFilter, EnrollmentRow};
use super::model::{
    Enrollment, EnrollmentHistory, EnrollmentInput, EnrollmentStatus, TransitionInput,
};

/// Filters for listing enrolments.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EnrollmentFilters {
    pub scheme_id: Option<SchemeId>,
    pub member_id: Option<MemberId>,
    pub household_id: Option<HouseholdId>,
    /// Current status.
    pub status: Option<EnrollmentStatus>,
    /// The scheme's country (`PE`, `BO`).
    pub country: Option<String>,
}

/// List enrolments.
///
/// Keyset-paginated in creation order. A partner token sees only its own enrolments. Who each
/// is about follows the privacy rule (see `Enrollment.member_id`).
#[utoipa::path(
    tag = "enrollments",
    params(EnrollmentFilters, Window),
    security(("bearer" = ["protection:read"])),
    responses((status = 200, description = "A page of enrolments", body = Page<Enrollment>), ListErrors)
)]
#[get("/v1/enrollments")]
pub async fn list_enrollments(
    principal: Authorized<ProtectionRead>,
    query: ListQuery<EnrollmentFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { filters, window } = query;
    let filter = EnrollmentFilter {
        scheme_id: filters.scheme_id,
        member_id: filters.member_id,
        household_id: filters.household_id,
        status: filters.status,
        country: filters.country,
    };
    read::list(&state, &principal, window, filter, store::list).await
}

/// Get an enrolment.
#[utoipa::path(
    tag = "enrollments",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["protection:read"])),
    responses(
        (status = 200, description = "The enrolment", body = Enrollment, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/enrollments/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_enrollment(
    principal: Authorized<ProtectionRead>,
    id: web::Path<EnrollmentId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<EnrollmentRow>(&state, &principal, id.into_inner(), condition).await
}

/// Enrol a member or a household in a scheme.
///
/// The member (person schemes) or household (household schemes) must exist in the members
/// service and be visible to your token: it is looked up with your token, so `members:read` is
/// needed too (422 `unknown_reference` when missing or another partner's; 503 when the members
/// service cannot be reached). A new enrolment starts `applied`, or `active` to record an
/// existing affiliation, effective `effective_on` (default today; backdating allowed, never a
/// future date). A member (or household) holds at most one live enrolment per scheme: a second
/// while the first is `applied`, `active` or `suspended` is a 409 whose `context.existing_id`
/// names it. Send an `Idempotency-Key` to retry safely: a retry gets the first answer, even if
/// the scheme closed or the member was deleted since.
#[utoipa::path(
    tag = "enrollments",
    request_body = EnrollmentInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["protection:write"])),
    responses(
        (status = 201, description = "Created", body = Enrollment, headers(("Location" = String), ("ETag" = String))),
        CreateWithReferenceErrors
    )
)]
#[post("/v1/enrollments")]
pub async fn create_enrollment(
    principal: Authorized<ProtectionWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<EnrollmentInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<EnrollmentRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change an enrolment's affiliation number or evidence (JSON Merge Patch).
///
/// The scheme and the enrollee are fixed; the status changes only through
/// `POST /v1/enrollments/{id}/transitions`. Send only the fields to change; `null` clears a
/// field; the result is validated as a whole. Send `If-Match` with the ETag you read so you never
/// overwrite someone else's change (412).
#[utoipa::path(
    tag = "enrollments",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"affiliation_number": "SIS-4471-2025"})),
    security(("bearer" = ["protection:write"])),
    responses((status = 200, description = "Updated", body = Enrollment, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/enrollments/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_enrollment(
    principal: Authorized<ProtectionWrite>,
    id: web::Path<EnrollmentId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<EnrollmentRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete an enrolment.
///
/// A soft delete, for a record made in error (an enrolment that finished is `ended`, not
/// deleted); the feed shows it.
#[utoipa::path(
    tag = "enrollments",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["protection:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/enrollments/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_enrollment(
    principal: Authorized<ProtectionWrite>,
    id: web::Path<EnrollmentId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<EnrollmentRow>(&state, &principal, id.into_inner(), if_match).await
}

/// Change an enrolment's status.
///
/// Legal moves: `applied → active | rejected`, `active → suspended | ended`,
/// `suspended → active | ended`; `ended` and `rejected` are final. An illegal move is a 409 whose
/// `context.allowed` lists the statuses allowed from the current one. `effective_on` (default
/// today) may be backdated down to the date of the current status, never set in the future (422).
/// Send `If-Match` to be sure of the status you are moving from, and an `Idempotency-Key` to retry
/// safely.
#[utoipa::path(
    tag = "enrollments",
    request_body = TransitionInput,
    params(RecordIdPath, IfMatchHeader, IdempotencyKeyHeader),
    security(("bearer" = ["protection:write"])),
    responses((status = 200, description = "The enrolment in its new status", body = Enrollment, headers(("ETag" = String))), UpdateErrors)
)]
#[post(
    "/v1/enrollments/{id}/transitions",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn transition_enrollment(
    principal: Authorized<ProtectionWrite>,
    id: web::Path<EnrollmentId>,
    request: HttpRequest,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: Json<TransitionInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    let input = body.into_inner();
    write::act::<EnrollmentRow>(
        &state,
        &principal,
        id.into_inner(),
        attempt,
        if_match,
        move |conn, principal, current| {
            let change = input.decide(current.status, current.status_since)?;
            store::transition(conn, principal, current, change)
        },
    )
    .await
}

/// An enrolment's status history.
///
/// Every transition, oldest first, with its effective date: the status on a date D is the last
/// transition effective on or before D.
#[utoipa::path(
    tag = "enrollments",
    params(RecordIdPath),
    security(("bearer" = ["protection:read"])),
    responses((status = 200, description = "The transitions", body = EnrollmentHistory), ReadErrors)
)]
#[get(
    "/v1/enrollments/{id}/transitions",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn list_transitions(
    principal: Authorized<ProtectionRead>,
    id: web::Path<EnrollmentId>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let (id, principal) = (id.into_inner(), principal.principal);
    let rows = db::run(&state.pool, move |conn| {
        let enrollment = resource::find_visible::<EnrollmentRow>(conn, &principal, &id)?;
        store::history(conn, &enrollment.id)
    })
    .await?;
    let data = rows.iter().map(|r| r.to_view()).collect();
    Ok(HttpResponse::Ok().json(EnrollmentHistory { data }))
}
