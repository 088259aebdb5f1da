//! Membership endpoints.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{MembersRead, MembersWrite};
use formaliza_shared::concurrency::IfMatch;
use formaliza_shared::db::{self, DbPool};
use formaliza_shared::extract::{Json, Query};
use formaliza_shared::idempotency::IdempotencyKey;
use formaliza_shared::openapi::{CreateErrors, DeleteErrors, ListErrors, ReadErrors, UpdateErrors};
use formaliza_shared::pagination::{Page, PageRequest};
use formaliza_shared::resource::{self, Resource};

use super::db::{self as store, MembershipFilter, MembershipRow};
use super::model::{Membership, MembershipInput, MembershipRole};

/// Filters for listing memberships.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MembershipListParams {
    pub member_id: Option<String>,
    pub organisation_id: Option<String>,
    pub role: Option<MembershipRole>,
    /// Only memberships changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List memberships.
///
/// Keyset-paginated in creation order. A partner token sees only its own memberships.
#[utoipa::path(
    tag = "memberships",
    params(MembershipListParams),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of memberships", body = Page<Membership>), ListErrors)
)]
#[get("/v1/memberships")]
pub async fn list_memberships(
    principal: Authorized<MembersRead>,
    params: Query<MembershipListParams>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let page = PageRequest::parse(params.limit, params.cursor.as_deref())?;
    let filter = MembershipFilter {
        member_id: params.member_id,
        organisation_id: params.organisation_id,
        role: params.role.map(|r| <&str>::from(r).to_owned()),
        updated_after: params.updated_after.map(|t| t.naive_utc()),
    };
    let partner = principal.partner_id.clone();
    let (after, fetch) = (page.after.clone(), page.fetch());
    let rows = db::run(&pool, move |conn| {
        store::list(conn, partner.as_deref(), &filter, after.as_deref(), fetch)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |r| r.id.clone(), |r| r.to_view())))
}

/// Get a membership.
#[utoipa::path(
    tag = "memberships",
    params(("id" = String, Path, description = "Membership id")),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The membership", body = Membership, headers(("ETag" = String, description = "The version, for If-Match"))),
        ReadErrors
    )
)]
#[get("/v1/memberships/{id}")]
pub async fn get_membership(
    principal: Authorized<MembersRead>,
    id: web::Path<String>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::get::<MembershipRow>(&pool, &principal, &id).await
}

/// Register a membership.
///
/// A member joins an organisation (once: a second live membership in the same organisation is a 409). Send an `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "memberships",
    request_body = MembershipInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first response")),
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
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::create::<MembershipRow>(&pool, &principal, &request, key, body).await
}

/// Change a membership (JSON Merge Patch).
///
/// Send only the fields to change; `null` clears a field. Send `If-Match` with the ETag you read
/// to avoid overwriting someone else's change (412).
#[utoipa::path(
    tag = "memberships",
    params(
        ("id" = String, Path, description = "Membership id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version you read"),
    ),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"role": "treasurer"})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Membership, headers(("ETag" = String))), UpdateErrors)
)]
#[patch("/v1/memberships/{id}")]
pub async fn patch_membership(
    principal: Authorized<MembersWrite>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::patch::<MembershipRow>(&pool, &principal, &id, if_match, body).await
}

/// Delete a membership.
///
/// A soft delete: the member leaves the organisation.
#[utoipa::path(
    tag = "memberships",
    params(
        ("id" = String, Path, description = "Membership id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version you read"),
    ),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete("/v1/memberships/{id}")]
pub async fn delete_membership(
    principal: Authorized<MembersWrite>,
    id: web::Path<String>,
    if_match: IfMatch,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::delete::<MembershipRow>(&pool, &principal, &id, if_match).await
}
