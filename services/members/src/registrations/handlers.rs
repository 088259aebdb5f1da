//! Registration endpoints: HTTP in and out. The rules are in `model.rs` (and the formal-status
//! rule in `organisations/formal.rs`), the queries in `db.rs`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{MembersRead, MembersWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::db;
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::{OrganisationId, RegistrationId};
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::resource;
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, RegistrationRow};
use super::formal::{self, StatusHistory};
use super::model::{
    Registration, RegistrationFilters, RegistrationHistory, RegistrationInput,
    RegistrationTransitionInput,
};
use crate::organisations::db::OrganisationRow;

/// List registrations.
///
/// Keyset-paginated in creation order. A partner token sees only its own registrations. A RUC
/// starting with 10 is a person's (it contains their DNI): registrations are read with
/// `members:read`, within the partner's scope, like members.
#[utoipa::path(
    tag = "registrations",
    params(RegistrationFilters, Window),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of registrations", body = Page<Registration>), ListErrors)
)]
#[get("/v1/registrations")]
pub async fn list_registrations(
    principal: Authorized<MembersRead>,
    query: ListQuery<RegistrationFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get a registration.
#[utoipa::path(
    tag = "registrations",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The registration", body = Registration, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/registrations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_registration(
    principal: Authorized<MembersRead>,
    id: web::Path<RegistrationId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<RegistrationRow>(&state, &principal, id.into_inner(), condition).await
}

/// Record an organisation's registration.
///
/// A tax registration (`pe_ruc`, `bo_nit`, with its `tax_regime`), a business or cooperative
/// registry entry (`pe_sunarp`, `bo_seprec`, `bo_afcoop` for cooperatives), an operating
/// licence (`pe_municipal_licence`, `bo_municipal_licence`: `issued_by` required, `expires_on`
/// optional) or Peru's REMYPE (`pe_remype`). The registry must be of the organisation's
/// country. Numbers are checked per registry (a RUC's check digit, SUNARP's 8 digits, …: 422
/// naming `number`) and kept in canonical form; a number another registration holds is a 409
/// whose `context.existing_id` names it when you may see it. A registration starts `active`
/// (or `suspended`) on `effective_on` (default today; backdating allowed, never a future date),
/// and the organisation's `formal_status` follows. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "registrations",
    request_body = RegistrationInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 201, description = "Created", body = Registration, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/registrations")]
pub async fn create_registration(
    principal: Authorized<MembersWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<RegistrationInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<RegistrationRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change a registration's regime, issuer, expiry or evidence (JSON Merge Patch).
///
/// The organisation, registry and number are fixed (a new number is a new registration); the
/// status changes only through `POST /v1/registrations/{id}/transitions`. Send `If-Match` with
/// the ETag you read (412 otherwise).
#[utoipa::path(
    tag = "registrations",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"tax_regime": "pe_general"})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Registration, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/registrations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_registration(
    principal: Authorized<MembersWrite>,
    id: web::Path<RegistrationId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<RegistrationRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete a registration recorded in error.
///
/// A soft delete (a registration that ended is `cancelled`, not deleted); the organisation's
/// `formal_status` follows, and the feed shows both.
#[utoipa::path(
    tag = "registrations",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/registrations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_registration(
    principal: Authorized<MembersWrite>,
    id: web::Path<RegistrationId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<RegistrationRow>(&state, &principal, id.into_inner(), if_match).await
}

/// Change a registration's status.
///
/// Legal moves: `active → suspended | cancelled`, `suspended → active | cancelled`; `cancelled`
/// is final, and so is `expired` (a licence past `expires_on`: record the renewed licence as a
/// new registration). An illegal move is a 409 whose `context.allowed` lists the statuses
/// allowed from the current one. `effective_on` (default today) may be backdated down to the
/// date of the current status, never set in the future (422). The organisation's
/// `formal_status` follows.
#[utoipa::path(
    tag = "registrations",
    request_body = RegistrationTransitionInput,
    params(RecordIdPath, IfMatchHeader, IdempotencyKeyHeader),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "The registration in its new status", body = Registration, headers(("ETag" = String))), UpdateErrors)
)]
#[post(
    "/v1/registrations/{id}/transitions",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn transition_registration(
    principal: Authorized<MembersWrite>,
    id: web::Path<RegistrationId>,
    request: HttpRequest,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: Json<RegistrationTransitionInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    let input = body.into_inner();
    write::act::<RegistrationRow>(
        &state,
        &principal,
        id.into_inner(),
        attempt,
        if_match,
        move |conn, principal, current| {
            let (status, since) = current.status_today();
            let change = input.decide(status, since)?;
            store::transition(conn, principal, current, change)
        },
    )
    .await
}

/// A registration's status history.
///
/// Every transition, oldest first, with its effective date: the status on a date D is the last
/// transition effective on or before D (and `expired` after a licence's `expires_on`).
#[utoipa::path(
    tag = "registrations",
    params(RecordIdPath),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "The transitions", body = RegistrationHistory), ReadErrors)
)]
#[get(
    "/v1/registrations/{id}/transitions",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn list_registration_transitions(
    principal: Authorized<MembersRead>,
    id: web::Path<RegistrationId>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let (id, principal) = (id.into_inner(), principal.principal);
    let rows = db::run(&state.pool, move |conn| {
        let registration = resource::find_visible::<RegistrationRow>(conn, &principal, &id)?;
        store::history(conn, &registration.id)
    })
    .await?;
    let data = rows.iter().map(|r| r.to_view()).collect();
    Ok(HttpResponse::Ok().json(RegistrationHistory { data }))
}

/// An organisation's formal status history.
///
/// Every change of `formal_status`, oldest first, each with the day it was reached, derived
/// from the organisation's registrations (backdated records included): `formal` with an active
/// tax registration and an active business or cooperative registry entry, `in_formation` with
/// one of the two, `informal` otherwise. An organisation starts `informal`; an empty list means
/// it never left it.
#[utoipa::path(
    tag = "registrations",
    params(RecordIdPath),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "The changes of formal status", body = StatusHistory), ReadErrors)
)]
#[get(
    "/v1/organisations/{id}/status-history",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn organisation_status_history(
    principal: Authorized<MembersRead>,
    id: web::Path<OrganisationId>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let (id, principal) = (id.into_inner(), principal.principal);
    let timelines = db::run(&state.pool, move |conn| {
        let organisation = resource::find_visible::<OrganisationRow>(conn, &principal, &id)?;
        store::timelines(conn, &organisation.id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(StatusHistory {
        data: formal::history(&timelines),
    }))
}
