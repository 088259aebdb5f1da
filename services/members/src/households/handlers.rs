//! Household endpoints.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{MembersRead, MembersWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::HouseholdId;
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, HouseholdRow};
use super::model::{Household, HouseholdFilters, HouseholdInput};

/// List households.
///
/// Keyset-paginated in creation order. A partner token sees only its own households.
#[utoipa::path(
    tag = "households",
    params(HouseholdFilters, Window),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of households", body = Page<Household>), ListErrors)
)]
#[get("/v1/households")]
pub async fn list_households(
    principal: Authorized<MembersRead>,
    query: ListQuery<HouseholdFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get a household.
#[utoipa::path(
    tag = "households",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The household", body = Household, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/households/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_household(
    principal: Authorized<MembersRead>,
    id: web::Path<HouseholdId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<HouseholdRow>(&state, &principal, id.into_inner(), condition).await
}

/// Register a household.
///
/// The family unit coverage indicators count; members join it through `household_id`. Send an
/// `Idempotency-Key` to retry safely: the same key and body return the first response.
#[utoipa::path(
    tag = "households",
    request_body = HouseholdInput,
    params(IdempotencyKeyHeader),
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
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<HouseholdRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change a household (JSON Merge Patch).
///
/// Its name, place or reference. Send only the fields to change; `null` clears a field; the
/// result is validated as a whole. Send `If-Match` with the ETag you read so you never
/// overwrite someone else's change (412).
#[utoipa::path(
    tag = "households",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"locality": "Alto Kimiriki"})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Household, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/households/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_household(
    principal: Authorized<MembersWrite>,
    id: web::Path<HouseholdId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<HouseholdRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete a household.
///
/// A soft delete, refused (409) while members still belong to the household.
#[utoipa::path(
    tag = "households",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/households/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_household(
    principal: Authorized<MembersWrite>,
    id: web::Path<HouseholdId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<HouseholdRow>(&state, &principal, id.into_inner(), if_match).await
}
