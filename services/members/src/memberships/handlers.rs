//! Membership endpoints.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::MembersRead;
use formaliza_shared::db::DbPool;
use formaliza_shared::extract::Query;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::pagination::Page;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::resource;

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
    #[param(minimum = 1, maximum = 500)]
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
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = MembershipFilter {
        member_id: params.member_id,
        organisation_id: params.organisation_id,
        role: params.role.map(|r| <&str>::from(r).to_owned()),
    };
    let window = resource::Window {
        limit: params.limit,
        cursor: params.cursor.as_deref(),
        updated_after: params.updated_after,
    };
    resource::list(&pool, &principal, &privacy, window, filter, store::list).await
}

formaliza_shared::resource_endpoints! {
    resource: MembershipRow, view: Membership, input: MembershipInput, tag: "memberships",
    read: MembersRead "members:read", write: MembersWrite "members:write",
    collection: "/v1/memberships", item: "/v1/memberships/{id}",
    get: get_membership "Get a membership.",
    create: create_membership
        "Register a membership."
        "A member joins an organisation (once: a second live membership in the same organisation is a 409).",
    patch: patch_membership "Change a membership (JSON Merge Patch)." "The role, or the date the member left.", example: {"role": "treasurer"},
    delete: delete_membership
        "Delete a membership."
        "A soft delete: the member leaves the organisation.",
}
