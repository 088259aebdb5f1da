//! Job endpoints: HTTP in and out. The rules are in `model.rs`, the queries in `db.rs`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{MembersRead, MembersWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::JobId;
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, JobRow};
use super::model::{Job, JobFilters, JobInput};

/// List jobs.
///
/// Keyset-paginated in creation order. A partner token sees only its own jobs; read with
/// `members:read`, like the members they are about.
#[utoipa::path(
    tag = "jobs",
    params(JobFilters, Window),
    security(("bearer" = ["members:read"])),
    responses((status = 200, description = "A page of jobs", body = Page<Job>), ListErrors)
)]
#[get("/v1/jobs")]
pub async fn list_jobs(
    principal: Authorized<MembersRead>,
    query: ListQuery<JobFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get a job.
#[utoipa::path(
    tag = "jobs",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The job", body = Job, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get("/v1/jobs/{id}", guard = "formaliza_shared::resource::record_id_guard")]
pub async fn get_job(
    principal: Authorized<MembersRead>,
    id: web::Path<JobId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<JobRow>(&state, &principal, id.into_inner(), condition).await
}

/// Record a member's job.
///
/// Work for an employer (`employee`), in a cooperative as a member (`member_worker`), in one's
/// own enterprise with employees (`owner`) or alone (`self_employed`), or helping in a
/// relative's (`family_worker`). For an employee, `social_security_registry` and
/// `social_security_since` say whether and since when the employer registered the worker for
/// social security (Peru's T-Registro / planilla electrónica; Bolivia's Caja Nacional de Salud
/// and pension manager). A job is formal on a date (ILO, 17th and 21st ICLS) when it is held
/// then and: for an employee, the employer had registered the worker for social security; for
/// an owner, a self-employed worker or a member-worker, their organisation was `formal`
/// (`Organisation.formal_status`); a family worker's job is informal. Send an
/// `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "jobs",
    request_body = JobInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 201, description = "Created", body = Job, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/jobs")]
pub async fn create_job(
    principal: Authorized<MembersWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<JobInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<JobRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Change a job (JSON Merge Patch): its end, the employer's social-security registration, …
///
/// Send `If-Match` with the ETag you read (412 otherwise).
#[utoipa::path(
    tag = "jobs",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"social_security_registry": "pe_t_registro", "social_security_since": "2026-01-01"})),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "Updated", body = Job, headers(("ETag" = String))), UpdateErrors)
)]
#[patch("/v1/jobs/{id}", guard = "formaliza_shared::resource::record_id_guard")]
pub async fn patch_job(
    principal: Authorized<MembersWrite>,
    id: web::Path<JobId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<JobRow>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Delete a job recorded in error (a job that ended gets its `ended_on`).
#[utoipa::path(
    tag = "jobs",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["members:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete("/v1/jobs/{id}", guard = "formaliza_shared::resource::record_id_guard")]
pub async fn delete_job(
    principal: Authorized<MembersWrite>,
    id: web::Path<JobId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<JobRow>(&state, &principal, id.into_inner(), if_match).await
}
