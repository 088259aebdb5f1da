//! Scheme endpoints: HTTP in and out; the rules are in `model.rs`, the queries in `db.rs`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{ProtectionRead, ProtectionWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::SchemeId;
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, SchemeFilter, SchemeRow};
use super::model::{Scheme, SchemeCategory, SchemeInput, SchemeKind};

/// Filters for listing schemes.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SchemeFilters {
    /// Country (`PE`, `BO`).
    pub country: Option<String>,
    /// `public_service` or `insurance`.
    pub kind: Option<SchemeKind>,
    pub category: Option<SchemeCategory>,
    /// Only schemes open (`true`) or closed (`false`) to new enrolments.
    pub active: Option<bool>,
}

/// List schemes.
///
/// Keyset-paginated in creation order. A partner token lists only its own schemes; programme-wide schemes (registered without a partner) are open to every partner's enrolments.
#[utoipa::path(
    tag = "schemes",
    params(SchemeFilters, Window),
    security(("bearer" = ["protection:read"])),
    responses((status = 200, description = "A page of schemes", body = Page<Scheme>), ListErrors)
)]
#[get("/v1/schemes")]
pub async fn list_schemes(
    principal: Authorized<ProtectionRead>,
    query: ListQuery<SchemeFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { filters, window } = query;
    let filter = SchemeFilter {
        country: filters.country,
        kind: filters.kind,
        category: filters.category,
        active: filters.active,
    };
    read::list(&state, &principal, window, filter, store::list).await
}

/// Get a scheme.
#[utoipa::path(
    tag = "schemes",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["protection:read"])),
    responses(
        (status = 200, description = "The scheme", body = Scheme, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/schemes/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_scheme(
    principal: Authorized<ProtectionRead>,
    id: web::Path<SchemeId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<SchemeRow>(&state, &principal, id.into_inner(), condition).await
}

/// Register a scheme.
///
/// A public service (`public_service`: SIS, EsSalud, SUS, a pension system) or an insurance
/// mechanism (`insurance`: micro-insurance, mutual fund, crop insurance); `coverage_unit` says
/// whether an enrolment names a person or a whole household. Send an `Idempotency-Key` to retry
/// safely: the same key and body return the first response.
#[utoipa::path(
    tag = "schemes",
    request_body = SchemeInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["protection:write"])),
    responses(
        (status = 201, description = "Created", body = Scheme, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/schemes")]
pub async fn create_scheme(
    principal: Authorized<ProtectionWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<SchemeInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<SchemeRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change a scheme (JSON Merge Patch).
///
/// Its name, operator, category or whether it is open; kind and coverage unit are fixed once
/// members are enrolled. Send only the fields to change; `null` clears a field; the result is
/// validated as a whole. Send `If-Match` with the ETag you read so you never overwrite someone
/// else's change (412).
#[utoipa::path(
    tag = "schemes",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"active": false})),
    security(("bearer" = ["protection:write"])),
    responses((status = 200, description = "Updated", body = Scheme, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/schemes/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_scheme(
    principal: Authorized<ProtectionWrite>,
    id: web::Path<SchemeId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<SchemeRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete a scheme.
///
/// A soft delete, refused (409) while enrolments in the scheme remain.
#[utoipa::path(
    tag = "schemes",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["protection:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/schemes/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_scheme(
    principal: Authorized<ProtectionWrite>,
    id: web::Path<SchemeId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<SchemeRow>(&state, &principal, id.into_inner(), if_match).await
}
