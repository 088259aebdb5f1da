//! Organisation endpoints.

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
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let page = PageRequest::parse(params.limit, params.cursor.as_deref())?;
    let filter = OrganisationFilter {
        country: params.country,
        region: params.region,
        kind: params.kind.map(|k| <&str>::from(k).to_owned()),
        legal_status: params.legal_status.map(|s| <&str>::from(s).to_owned()),
        sector: params.sector.map(|s| <&str>::from(s).to_owned()),
        parent_id: params.parent_id,
        in_programme: params.in_programme,
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

/// Get an organisation.
#[utoipa::path(
    tag = "organisations",
    params(("id" = String, Path, description = "Organisation id")),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The organisation", body = Organisation, headers(("ETag" = String, description = "The version, for If-Match"))),
        ReadErrors
    )
)]
#[get("/v1/organisations/{id}")]
pub async fn get_organisation(
    principal: Authorized<MembersRead>,
    id: web::Path<String>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::get::<OrganisationRow>(&pool, &principal, &id).await
}

/// Register an organisation.
///
/// Cooperatives, associations, federations and small enterprises; `parent_id` links an organisation to its federation or network. Send an `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "organisations",
    request_body = OrganisationInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first response")),
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
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::create::<OrganisationRow>(&pool, &principal, &request, key, body).await
}

/// Change an organisation (JSON Merge Patch).
///
/// Send only the fields to change; `null` clears a field. Send `If-Match` with the ETag you read
/// to avoid overwriting someone else's change (412).
#[utoipa::path(
    tag = "organisations",
    params(
        ("id" = String, Path, description = "Organisation id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version you read"),
    ),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"legal_status": "registered", "registration_number": "20486734121"})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Organisation, headers(("ETag" = String))), UpdateErrors)
)]
#[patch("/v1/organisations/{id}")]
pub async fn patch_organisation(
    principal: Authorized<MembersWrite>,
    id: web::Path<String>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::patch::<OrganisationRow>(&pool, &principal, &id, if_match, body).await
}

/// Delete an organisation.
///
/// A soft delete, refused (409) while member organisations or memberships depend on it.
#[utoipa::path(
    tag = "organisations",
    params(
        ("id" = String, Path, description = "Organisation id"),
        ("If-Match" = Option<String>, Header, description = "ETag of the version you read"),
    ),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete("/v1/organisations/{id}")]
pub async fn delete_organisation(
    principal: Authorized<MembersWrite>,
    id: web::Path<String>,
    if_match: IfMatch,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    resource::delete::<OrganisationRow>(&pool, &principal, &id, if_match).await
}
