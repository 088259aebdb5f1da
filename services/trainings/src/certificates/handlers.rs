//! Certificate endpoints, including the public verification of a code.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{TrainingsRead, TrainingsWrite};
use formaliza_shared::db::{self, DbPool};
use formaliza_shared::extract::{Json, Query};
use formaliza_shared::idempotency::IdempotencyKey;
use formaliza_shared::openapi::{CreateErrors, ListErrors};
use formaliza_shared::pagination::Page;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::resource;

use super::db::{self as store, CertificateFilter, CertificateRow};
use super::model::{self, Certificate, CertificateInput, CertificateVerification};

/// Filters for listing certificates.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CertificateListParams {
    pub member_id: Option<String>,
    pub course_id: Option<String>,
    /// Only certificates changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List certificates.
///
/// Keyset-paginated in creation order. A partner token sees only its own certificates.
#[utoipa::path(
    tag = "certificates",
    params(CertificateListParams),
    security(("bearer" = ["trainings:read"])),
    responses((status = 200, description = "A page of certificates", body = Page<Certificate>), ListErrors)
)]
#[get("/v1/certificates")]
pub async fn list_certificates(
    principal: Authorized<TrainingsRead>,
    params: Query<CertificateListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = CertificateFilter {
        member_id: params.member_id,
        course_id: params.course_id,
    };
    let window = resource::Window {
        limit: params.limit,
        cursor: params.cursor.as_deref(),
        updated_after: params.updated_after,
    };
    resource::list(&pool, &principal, &privacy, window, filter, store::list).await
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
    params(formaliza_shared::openapi::IdempotencyKeyHeader),
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
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    resource::create::<CertificateRow>(&pool, &principal, &privacy, &request, key, body).await
}

formaliza_shared::resource_endpoints! {
    resource: CertificateRow, view: Certificate, input: CertificateInput, tag: "certificates",
    read: TrainingsRead "trainings:read", write: TrainingsWrite "trainings:write",
    collection: "/v1/certificates", item: "/v1/certificates/{id}",
    get: get_certificate "Get a certificate.",
    delete: revoke_certificate
        "Revoke a certificate."
        "A soft delete: its code no longer verifies. The member may earn it again.",
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
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let unknown = || ApiError::not_found("no valid certificate with this code");
    let code = model::canonical_code(&code).ok_or_else(unknown)?;
    let verification = db::run(&pool, move |conn| store::verify(conn, &code))
        .await?
        .ok_or_else(unknown)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(verification))
}
