//! Member endpoints.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::MembersRead;
use formaliza_shared::db::DbPool;
use formaliza_shared::domain::Sector;
use formaliza_shared::extract::Query;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::pagination::Page;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::resource;

use super::db::{self as store, MemberFilter, MemberRow};
use super::model::{Member, MemberInput, WorkStatus};

/// Filters for listing members.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MemberListParams {
    /// Country of residence (`PE`, `BO`).
    pub country: Option<String>,
    /// Region of residence (`PE-JUN`, `BO-L`).
    pub region: Option<String>,
    pub sector: Option<Sector>,
    pub work_status: Option<WorkStatus>,
    /// Members of this household.
    pub household_id: Option<String>,
    /// Members with a current membership in this organisation.
    pub organisation_id: Option<String>,
    /// Members whose national ID number is exactly this.
    pub id_number: Option<String>,
    /// Search by name: accent- and case-insensitive substring (`jose quispe` finds "José Quispe").
    pub q: Option<String>,
    /// Only members changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List members.
///
/// Keyset-paginated in creation order; every page costs the same however deep. A partner token
/// sees only its own members. A page showing members of a partner other than the caller's (the
/// programme office reading a partner's members) leaves an access record
/// (`GET /v1/audit/members/access`).
#[utoipa::path(
    tag = "members",
    params(MemberListParams),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of members", body = Page<Member>), ListErrors)
)]
#[get("/v1/members")]
pub async fn list_members(
    principal: Authorized<MembersRead>,
    params: Query<MemberListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = MemberFilter {
        country: params.country,
        region: params.region,
        sector: params.sector.map(|s| <&str>::from(s).to_owned()),
        work_status: params.work_status.map(|s| <&str>::from(s).to_owned()),
        household_id: params.household_id,
        organisation_id: params.organisation_id,
        id_number: params.id_number,
        name: formaliza_shared::domain::search_term(params.q.as_deref()),
    };
    let window = resource::Window {
        limit: params.limit,
        cursor: params.cursor.as_deref(),
        updated_after: params.updated_after,
    };
    resource::list(&pool, &principal, &privacy, window, filter, store::list).await
}

formaliza_shared::resource_endpoints! {
    resource: MemberRow, view: Member, input: MemberInput, tag: "members",
    read: MembersRead "members:read", write: MembersWrite "members:write",
    collection: "/v1/members", item: "/v1/members/{id}",
    get: get_member "Get a member.",
    create: create_member
        "Register a member."
        "The national ID must be unique per (country, type, number, complement): a duplicate is a 409 (with the existing id when you may see it).",
    patch: patch_member "Change a member (JSON Merge Patch)." "Their details, household, or consent to data sharing; a new national ID must still be unique.", example: {"phone": "+51 999 888 777", "data_sharing_consent": true},
    delete: delete_member
        "Delete a member."
        "A soft delete: the member disappears from lists and indicators, their memberships end, and the feed shows the deletion.",
}
