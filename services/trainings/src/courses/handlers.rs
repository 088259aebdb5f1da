//! Course endpoints.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::TrainingsRead;
use formaliza_shared::db::DbPool;
use formaliza_shared::domain::Sector;
use formaliza_shared::extract::Query;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::pagination::Page;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::resource;

use super::db::{self as store, CourseFilter, CourseRow};
use super::model::{Course, CourseInput, CourseTopic};

/// Filters for listing courses.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CourseListParams {
    pub topic: Option<CourseTopic>,
    pub sector: Option<Sector>,
    /// Language of instruction (`es`, `qu`).
    pub language: Option<String>,
    /// Only courses changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List courses.
///
/// Keyset-paginated in creation order. A partner token sees its own courses and the programme's
/// catalogue (programme-wide courses).
#[utoipa::path(
    tag = "courses",
    params(CourseListParams),
    security(("bearer" = ["trainings:read"])),
    responses((status = 200, description = "A page of courses", body = Page<Course>), ListErrors)
)]
#[get("/v1/courses")]
pub async fn list_courses(
    principal: Authorized<TrainingsRead>,
    params: Query<CourseListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = CourseFilter {
        topic: params.topic.map(|t| <&str>::from(t).to_owned()),
        sector: params.sector.map(|s| <&str>::from(s).to_owned()),
        language: params.language,
    };
    let window = resource::Window {
        limit: params.limit,
        cursor: params.cursor.as_deref(),
        updated_after: params.updated_after,
    };
    resource::list(&pool, &principal, &privacy, window, filter, store::list).await
}

formaliza_shared::resource_endpoints! {
    resource: CourseRow, view: Course, input: CourseInput, tag: "courses",
    read: TrainingsRead "trainings:read", write: TrainingsWrite "trainings:write",
    collection: "/v1/courses", item: "/v1/courses/{id}",
    get: get_course "Get a course.",
    create: create_course
        "Register a course."
        "What the programme teaches; sessions deliver it, and `certificate_hours` of attendance earn its certificate. \
         A course registered with a programme-wide token (no partner) joins the catalogue every partner reads and \
         schedules sessions of; only the programme changes it (403 for partners).",
    patch: patch_course "Change a course (JSON Merge Patch)." "Its title, topic, hours or the hours a certificate needs.", example: {"certificate_hours": 10},
    delete: delete_course
        "Delete a course."
        "A soft delete, refused (409) while sessions of the course remain.",
}
