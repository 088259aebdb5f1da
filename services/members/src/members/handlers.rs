//! Member endpoints.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{MembersRead, MembersWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::MemberId;
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, MemberRow};
use super::model::{Member, MemberFilters, MemberInput};

/// List members.
///
/// Keyset-paginated in creation order; every page costs the same however deep. A partner token
/// sees only its own members. A page showing members of a partner other than the caller's (the
/// programme office reading a partner's members) leaves an access record
/// (`GET /v1/audit/members/access`).
#[utoipa::path(
    tag = "members",
    params(MemberFilters, Window),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of members", body = Page<Member>), ListErrors)
)]
#[get("/v1/members")]
pub async fn list_members(
    principal: Authorized<MembersRead>,
    query: ListQuery<MemberFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get a member.
#[utoipa::path(
    tag = "members",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The member", body = Member, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/members/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_member(
    principal: Authorized<MembersRead>,
    id: web::Path<MemberId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<MemberRow>(&state, &principal, id.into_inner(), condition).await
}

/// Register a member.
///
/// The national ID must be unique per (country, type, number, complement): a duplicate is a 409
/// (with the existing id when you may see it). Send an `Idempotency-Key` to retry safely: the
/// same key and body return the first response.
#[utoipa::path(
    tag = "members",
    request_body = MemberInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 201, description = "Created", body = Member, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/members")]
pub async fn create_member(
    principal: Authorized<MembersWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<MemberInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<MemberRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change a member (JSON Merge Patch).
///
/// Their details, household, or consent to data sharing; a new national ID must still be
/// unique. Send only the fields to change; `null` clears a field; the result is validated as a
/// whole. Send `If-Match` with the ETag you read so you never overwrite someone else's change
/// (412).
#[utoipa::path(
    tag = "members",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"phone": "+51 999 888 777", "data_sharing_consent": true})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Member, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/members/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_member(
    principal: Authorized<MembersWrite>,
    id: web::Path<MemberId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<MemberRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete a member.
///
/// A soft delete: the member disappears from lists and indicators, their memberships end, and
/// the feed shows the deletion.
#[utoipa::path(
    tag = "members",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/members/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_member(
    principal: Authorized<MembersWrite>,
    id: web::Path<MemberId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<MemberRow>(&state, &principal, id.into_inner(), if_match).await
}
