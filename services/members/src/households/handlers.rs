//! Household endpoints.

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

use super::db::{self as store, HouseholdFilter, HouseholdRow};
use super::model::{Household, HouseholdInput};

/// Filters for listing households.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HouseholdListParams {
    /// Country (`PE`, `BO`).
    pub country: Option<String>,
    /// Region (`PE-JUN`, `BO-L`).
    pub region: Option<String>,
    /// Households with a member currently in this organisation.
    pub organisation_id: Option<String>,
    /// Households with at least one member working in this sector (`coffee`: coffee producers' families).
    pub sector: Option<Sector>,
    /// The partner's own reference.
    pub external_ref: Option<String>,
    /// Search by name: accent- and case-insensitive substring.
    pub q: Option<String>,
    /// Only households changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List households.
///
/// Keyset-paginated in creation order. A partner token sees only its own households.
#[utoipa::path(
    tag = "households",
    params(HouseholdListParams),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of households", body = Page<Household>), ListErrors)
)]
#[get("/v1/households")]
pub async fn list_households(
    principal: Authorized<MembersRead>,
    params: Query<HouseholdListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = HouseholdFilter {
        country: params.country,
        region: params.region,
        organisation_id: params.organisation_id,
        sector: params.sector.map(|s| <&str>::from(s).to_owned()),
        external_ref: params.external_ref,
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
    resource: HouseholdRow, view: Household, input: HouseholdInput, tag: "households",
    read: MembersRead "members:read", write: MembersWrite "members:write",
    collection: "/v1/households", item: "/v1/households/{id}",
    get: get_household "Get a household.",
    create: create_household
        "Register a household."
        "The family unit coverage indicators count; members join it through `household_id`.",
    patch: patch_household "Change a household (JSON Merge Patch)." "Its name, place or reference.", example: {"locality": "Alto Kimiriki"},
    delete: delete_household
        "Delete a household."
        "A soft delete, refused (409) while members still belong to the household.",
}
