//! Course endpoints: HTTP in and out; the rules are in `model.rs`, the queries in `db.rs`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{TrainingsRead, TrainingsWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::domain::Sector;
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::CourseId;
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, CourseFilter, CourseRow};
use super::model::{Course, CourseInput, CourseTopic};

/// Filters for listing courses.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CourseFilters {
    pub topic: Option<CourseTopic>,
    pub sector: Option<Sector>,
    /// Language of instruction (`es`, `qu`).
    pub language: Option<String>,
}

/// List courses.
///
/// Keyset-paginated in creation order. A partner token sees its own courses and the programme's
/// catalogue (programme-wide courses).
#[utoipa::path(
    tag = "courses",
    params(CourseFilters, Window),
    security(("bearer" = ["trainings:read"])),
    responses((status = 200, description = "A page of courses", body = Page<Course>), ListErrors)
)]
#[get("/v1/courses")]
pub async fn list_courses(
    principal: Authorized<TrainingsRead>,
    query: ListQuery<CourseFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery {
        filters: params,
        window,
    } = query;
    let filter = CourseFilter {
        topic: params.topic,
        sector: params.sector,
        language: params.language,
    };
    read::list(&state, &principal, window, filter, store::list).await
}

/// Get a course.
#[utoipa::path(
    tag = "courses",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["trainings:read"])),
    responses(
        (status = 200, description = "The course", body = Course, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/courses/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_course(
    principal: Authorized<TrainingsRead>,
    id: web::Path<CourseId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<CourseRow>(&state, &principal, id.into_inner(), condition).await
}

/// Register a course.
///
/// What the programme teaches; sessions deliver it, and `certificate_hours` of attendance earn
/// its certificate. A course registered with a programme-wide token (no partner) joins the
/// catalogue every partner reads and schedules sessions of; only the programme changes it (403
/// for partners). Send an `Idempotency-Key` to retry safely: the same key and body return the
/// first response.
#[utoipa::path(
    tag = "courses",
    request_body = CourseInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["trainings:write"])),
    responses(
        (status = 201, description = "Created", body = Course, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/courses")]
pub async fn create_course(
    principal: Authorized<TrainingsWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<CourseInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<CourseRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change a course (JSON Merge Patch).
///
/// Its title, topic, hours or the hours a certificate needs. Send only the fields to change;
/// `null` clears a field; the result is validated as a whole. Send `If-Match` with the ETag you
/// read so you never overwrite someone else's change (412).
#[utoipa::path(
    tag = "courses",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"certificate_hours": 10})),
    security(("bearer" = ["trainings:write"])),
    responses((status = 200, description = "Updated", body = Course, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/courses/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn patch_course(
    principal: Authorized<TrainingsWrite>,
    id: web::Path<CourseId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<CourseRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete a course.
///
/// A soft delete, refused (409) while sessions of the course remain.
#[utoipa::path(
    tag = "courses",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["trainings:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/courses/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn delete_course(
    principal: Authorized<TrainingsWrite>,
    id: web::Path<CourseId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<CourseRow>(&state, &principal, id.into_inner(), if_match).await
}
