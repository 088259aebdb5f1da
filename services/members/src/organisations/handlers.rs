//! Organisation endpoints.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{MembersRead, MembersWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::OrganisationId;
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, OrganisationRow};
use super::model::{Organisation, OrganisationFilters, OrganisationInput};

/// List organisations.
///
/// Keyset-paginated in creation order. A partner token sees only its own organisations.
#[utoipa::path(
    tag = "organisations",
    params(OrganisationFilters, Window),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of organisations", body = Page<Organisation>), ListErrors)
)]
#[get("/v1/organisations")]
pub async fn list_organisations(
    principal: Authorized<MembersRead>,
    query: ListQuery<OrganisationFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get an organisation.
#[utoipa::path(
    tag = "organisations",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The organisation", body = Organisation, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/organisations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_organisation(
    principal: Authorized<MembersRead>,
    id: web::Path<OrganisationId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<OrganisationRow>(&state, &principal, id.into_inner(), condition).await
}

/// Register an organisation.
///
/// Cooperatives, associations, federations and small enterprises; `parent_id` links an
/// organisation to its federation or network. Send an `Idempotency-Key` to retry safely: the
/// same key and body return the first response.
#[utoipa::path(
    tag = "organisations",
    request_body = OrganisationInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 201, description = "Created", body = Organisation, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/organisations")]
pub async fn create_organisation(
    principal: Authorized<MembersWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<OrganisationInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<OrganisationRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change an organisation (JSON Merge Patch).
///
/// Its legal status as it formalises, its federation, its details. Send only the fields to
/// change; `null` clears a field; the result is validated as a whole. Send `If-Match` with the
/// ETag you read so you never overwrite someone else's change (412).
#[utoipa::path(
    tag = "organisations",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"legal_status": "registered", "registration_number": "20486734121"})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Organisation, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/organisations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_organisation(
    principal: Authorized<MembersWrite>,
    id: web::Path<OrganisationId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<OrganisationRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete an organisation.
///
/// A soft delete, refused (409) while member organisations, memberships, registrations or jobs
/// depend on it.
#[utoipa::path(
    tag = "organisations",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/organisations/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_organisation(
    principal: Authorized<MembersWrite>,
    id: web::Path<OrganisationId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<OrganisationRow>(&state, &principal, id.into_inner(), if_match).await
}
