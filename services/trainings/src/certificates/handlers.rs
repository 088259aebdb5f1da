//! Certificate endpoints, including the public verification of a code.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{TrainingsRead, TrainingsWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::db;
use formaliza_shared::extract::Json;
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::CertificateId;
use formaliza_shared::openapi::{
    CreateErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader, IfNoneMatchHeader, ListErrors,
    NotModified, ReadErrors, RecordIdPath,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;

use super::db::{self as store, CertificateRow};
use super::model::{
    self, Certificate, CertificateFilters, CertificateInput, CertificateVerification,
};

/// List certificates.
///
/// Keyset-paginated in creation order. A partner token sees only its own certificates.
#[utoipa::path(
    tag = "certificates",
    params(CertificateFilters, Window),
    security(("bearer" = ["trainings:read"])),
    responses((status = 200, description = "A page of certificates", body = Page<Certificate>), ListErrors)
)]
#[get("/v1/certificates")]
pub async fn list_certificates(
    principal: Authorized<TrainingsRead>,
    query: ListQuery<CertificateFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::list(&state, &principal, query.window, query.filters, store::list).await
}

/// Get a certificate.
#[utoipa::path(
    tag = "certificates",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["trainings:read"])),
    responses(
        (status = 200, description = "The certificate", body = Certificate, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/certificates/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn get_certificate(
    principal: Authorized<TrainingsRead>,
    id: web::Path<CertificateId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<CertificateRow>(&state, &principal, id.into_inner(), condition).await
}

/// Issue a certificate.
///
/// Certificates are issued automatically when recorded attendance reaches the course's
/// `certificate_hours`; this call issues one on request after checking the same rule: the
/// member's attended hours in the course's sessions (those your token sees) must reach it (422
/// `hours_not_reached` otherwise, with the hours in `context`). One certificate per member and
/// course (409). Send an `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "certificates",
    request_body = CertificateInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["trainings:write"])),
    responses(
        (status = 201, description = "Issued", body = Certificate, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/certificates")]
pub async fn issue_certificate(
    principal: Authorized<TrainingsWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<CertificateInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<CertificateRow>(&state, &principal, attempt, body.into_inner()).await
}

/// Revoke a certificate.
///
/// A soft delete: its code no longer verifies. The member may earn it again.
#[utoipa::path(
    tag = "certificates",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["trainings:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/certificates/{id}",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn revoke_certificate(
    principal: Authorized<TrainingsWrite>,
    id: web::Path<CertificateId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<CertificateRow>(&state, &principal, id.into_inner(), if_match).await
}

/// Check a certificate's code (public, no token).
///
/// For an employer or anyone shown a certificate: confirms that the code is a valid, unrevoked
/// certificate and tells the course, the issue date and the holder's initials — nothing else.
/// Unknown or revoked codes answer 404.
#[utoipa::path(
    tag = "certificates",
    params(("code" = String, Path, description = "The code printed on the certificate (dashes and capitals are ignored)")),
    security(()),
    responses(
        (status = 200, description = "A valid certificate", body = CertificateVerification),
        (status = 404, description = "No valid certificate with this code", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable; retry", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
    )
)]
#[get("/v1/certificates/verify/{code}")]
pub async fn verify_certificate(
    code: web::Path<String>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let unknown = || ApiError::not_found("no valid certificate with this code");
    let code = model::canonical_code(&code).ok_or_else(unknown)?;
    let verification = db::run(&state.pool, move |conn| store::verify(conn, &code))
        .await?
        .ok_or_else(unknown)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(verification))
}
