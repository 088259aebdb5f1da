//! Household endpoints.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{MembersRead, MembersWrite};
use formaliza_shared::concurrency::IfMatch;
use formaliza_shared::db::{self, DbPool};
use formaliza_shared::domain::Sector;
use formaliza_shared::extract::{Json, Query};
use formaliza_shared::idempotency::IdempotencyKey;
use formaliza_shared::openapi::{CreateErrors, DeleteErrors, ListErrors, ReadErrors, UpdateErrors};
use formaliza_shared::pagination::{Page, PageRequest};
use formaliza_shared::resource::{self, Resource};

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
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let page = PageRequest::parse(params.limit, params.cursor.as_deref())?;
    let filter = HouseholdFilter {
        country: params.country,
        region: params.region,
        organisation_id: params.organisation_id,
        sector: params.sector.map(|s| <&str>::from(s).to_owned()),
        external_ref: params.external_ref,
        name: formaliza_shared::domain::search_term(params.q.as_deref()),
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

/// Get a household.
#[utoipa::path(
    tag = "households",
    params(("id" = String, Path, description = "Household id")),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The household", body = Household, headers(("ETag" = String, description = "The version, for If-Match"))),
        ReadErrors
    )
)]
#[get("/v1/households/{id}")]
pub async fn get_household(
    principal: Authorized<MembersRead>,
    id: web::Path<String>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::get::<HouseholdRow>(&pool, &principal, &id).await
}

/// Register a household.
///
/// The family unit coverage indicators count; members join it through `household_id`. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "households",
    request_body = HouseholdInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first response")),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 201, description = "Created", body = Household, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/households")]
pub async fn create_household(
    principal: Authorized<MembersWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<HouseholdInput>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::create::<HouseholdRow>(&pool, &principal, &request, key, body).await
}

/// Change a household (JSON Merge Patch).
///
/// Send only the fields to change; `null` clears a field. Send `If-Match` with the ETag you read
/// to avoid overwriting someone else's change (412).
#[utoipa::path(
    tag = "households",
    params(
        ("id" = String, Path, description = "Household id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version you read"),
    ),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"locality": "Alto Kimiriki"})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Household, headers(("ETag" = String))), UpdateErrors)
)]
#[patch("/v1/households/{id}")]
pub async fn patch_household(
    principal: Authorized<MembersWrite>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::patch::<HouseholdRow>(&pool, &principal, &id, if_match, body).await
}

/// Delete a household.
///
/// A soft delete, refused (409) while members still belong to the household.
#[utoipa::path(
    tag = "households",
    params(
        ("id" = String, Path, description = "Household id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version you read"),
    ),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete("/v1/households/{id}")]
pub async fn delete_household(
    principal: Authorized<MembersWrite>,
    id: web::Path<String>,
    if_match: IfMatch,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::delete::<HouseholdRow>(&pool, &principal, &id, if_match).await
}
