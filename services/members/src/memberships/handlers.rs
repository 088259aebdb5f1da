//! Membership endpoints.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{MembersRead, MembersWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::MembershipId;
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, MembershipRow};
use super::model::{Membership, MembershipFilters, MembershipInput};

/// List memberships.
///
/// Keyset-paginated in creation order. A partner token sees only its own memberships.
#[utoipa::path(
    tag = "memberships",
    params(MembershipFilters, Window),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of memberships", body = Page<Membership>), ListErrors)
)]
#[get("/v1/memberships")]
pub async fn list_memberships(
    principal: Authorized<MembersRead>,
    query: ListQuery<MembershipFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get a membership.
#[utoipa::path(
    tag = "memberships",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The membership", body = Membership, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/memberships/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_membership(
    principal: Authorized<MembersRead>,
    id: web::Path<MembershipId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<MembershipRow>(&state, &principal, id.into_inner(), condition).await
}

/// Register a membership.
///
/// A member joins an organisation (once: a second live membership in the same organisation is a
/// 409). Send an `Idempotency-Key` to retry safely: the same key and body return the first
/// response.
#[utoipa::path(
    tag = "memberships",
    request_body = MembershipInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 201, description = "Created", body = Membership, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/memberships")]
pub async fn create_membership(
    principal: Authorized<MembersWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<MembershipInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<MembershipRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change a membership (JSON Merge Patch).
///
/// The role, or the date the member left. Send only the fields to change; `null` clears a
/// field; the result is validated as a whole. Send `If-Match` with the ETag you read so you
/// never overwrite someone else's change (412).
#[utoipa::path(
    tag = "memberships",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"role": "treasurer"})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Membership, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/memberships/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_membership(
    principal: Authorized<MembersWrite>,
    id: web::Path<MembershipId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<MembershipRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete a membership.
///
/// A soft delete: the member leaves the organisation.
#[utoipa::path(
    tag = "memberships",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/memberships/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_membership(
    principal: Authorized<MembersWrite>,
    id: web::Path<MembershipId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<MembershipRow>(&state, &principal, id.into_inner(), if_match).await
}
