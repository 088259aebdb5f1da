//! Organisation endpoints.

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

use super::db::{self as store, OrganisationFilter, OrganisationRow};
use super::model::{LegalStatus, Organisation, OrganisationInput, OrganisationKind};

/// Filters for listing organisations.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationListParams {
    /// Country (`PE`, `BO`).
    pub country: Option<String>,
    /// Region (`PE-JUN`, `BO-L`).
    pub region: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub legal_status: Option<LegalStatus>,
    pub sector: Option<Sector>,
    /// Direct member organisations of this federation or network.
    pub parent_id: Option<String>,
    /// `false` lists organisations invited from outside the programme.
    pub in_programme: Option<bool>,
    /// Search by name: accent- and case-insensitive substring.
    pub q: Option<String>,
    /// Only organisations changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List organisations.
///
/// Keyset-paginated in creation order. A partner token sees only its own organisations.
#[utoipa::path(
    tag = "organisations",
    params(OrganisationListParams),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of organisations", body = Page<Organisation>), ListErrors)
)]
#[get("/v1/organisations")]
pub async fn list_organisations(
    principal: Authorized<MembersRead>,
    params: Query<OrganisationListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = OrganisationFilter {
        country: params.country,
        region: params.region,
        kind: params.kind.map(|k| <&str>::from(k).to_owned()),
        legal_status: params.legal_status.map(|s| <&str>::from(s).to_owned()),
        sector: params.sector.map(|s| <&str>::from(s).to_owned()),
        parent_id: params.parent_id,
        in_programme: params.in_programme,
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
    resource: OrganisationRow, view: Organisation, input: OrganisationInput, tag: "organisations",
    read: MembersRead "members:read", write: MembersWrite "members:write",
    collection: "/v1/organisations", item: "/v1/organisations/{id}",
    get: get_organisation "Get an organisation.",
    create: create_organisation
        "Register an organisation."
        "Cooperatives, associations, federations and small enterprises; `parent_id` links an organisation to its federation or network.",
    patch: patch_organisation "Change an organisation (JSON Merge Patch)." "Its legal status as it formalises, its federation, its details.", example: {"legal_status": "registered", "registration_number": "20486734121"},
    delete: delete_organisation
        "Delete an organisation."
        "A soft delete, refused (409) while member organisations or memberships depend on it.",
}
