//! Scheme endpoints.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::ProtectionRead;
use formaliza_shared::db::DbPool;
use formaliza_shared::extract::Query;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::pagination::Page;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::resource;

use super::db::{self as store, SchemeFilter, SchemeRow};
use super::model::{Scheme, SchemeCategory, SchemeInput, SchemeKind};

/// Filters for listing schemes.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SchemeListParams {
    /// Country (`PE`, `BO`).
    pub country: Option<String>,
    /// `public_service` or `insurance`.
    pub kind: Option<SchemeKind>,
    pub category: Option<SchemeCategory>,
    /// Only schemes open (`true`) or closed (`false`) to new enrolments.
    pub active: Option<bool>,
    /// Only schemes changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List schemes.
///
/// Keyset-paginated in creation order. A partner token lists only its own schemes; programme-wide schemes (registered without a partner) are open to every partner's enrolments.
#[utoipa::path(
    tag = "schemes",
    params(SchemeListParams),
    security(("bearer" = ["protection:read"])),
    responses((status = 200, description = "A page of schemes", body = Page<Scheme>), ListErrors)
)]
#[get("/v1/schemes")]
pub async fn list_schemes(
    principal: Authorized<ProtectionRead>,
    params: Query<SchemeListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = SchemeFilter {
        country: params.country,
        kind: params.kind.map(|k| <&str>::from(k).to_owned()),
        category: params.category.map(|c| <&str>::from(c).to_owned()),
        active: params.active,
    };
    let window = resource::Window {
        limit: params.limit,
        cursor: params.cursor.as_deref(),
        updated_after: params.updated_after,
    };
    resource::list(&pool, &principal, &privacy, window, filter, store::list).await
}

formaliza_shared::resource_endpoints! {
    resource: SchemeRow, view: Scheme, input: SchemeInput, tag: "schemes",
    read: ProtectionRead "protection:read", write: ProtectionWrite "protection:write",
    collection: "/v1/schemes", item: "/v1/schemes/{id}",
    get: get_scheme "Get a scheme.",
    create: create_scheme
        "Register a scheme."
        "A public service (`public_service`: SIS, EsSalud, SUS, a pension system) or an insurance mechanism (`insurance`: micro-insurance, mutual fund, crop insurance); `coverage_unit` says whether an enrolment names a person or a whole household.",
    patch: patch_scheme "Change a scheme (JSON Merge Patch)." "Its name, operator, category or whether it is open; kind and coverage unit are fixed once members are enrolled.", example: {"active": false},
    delete: delete_scheme
        "Delete a scheme."
        "A soft delete, refused (409) while enrolments in the scheme remain.",
}
