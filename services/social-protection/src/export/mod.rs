//! The ministry export: every enrolment matching the filters, streamed as NDJSON or CSV in
//! keyset batches, so memory stays flat whatever the row count. Identifying fields (names,
//! national ID, member id, affiliation number) only for members whose consent to data sharing is
//! recorded; a stable pseudonym otherwise.
//!
//! The flow, one module per step:
//! - [`query`]: the parameters, typed into a filter, and the one statement that reads them;
//! - [`read`]: that statement run on one connection, PostgreSQL streaming its rows, SQLite in
//!   keyset batches, each row borrowed from the driver as a [`row::SourceRow`];
//! - [`row`]: the privacy rule applied to each row ([`row::Exported`]);
//! - [`encode`]: the row written as NDJSON or CSV into the current batch;
//! - [`stream`]: the producer that runs the reader on a blocking thread and queues the batches,
//!   and the response body that streams them;
//! - here: the handler, which negotiates the format and starts the producer.

mod encode;
mod query;
mod read;
mod row;
mod stream;

use actix_web::http::header::{ACCEPT, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, get, web};
use tokio::sync::mpsc;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::EnrollmentsExport;
use formaliza_shared::context;
use formaliza_shared::db::DbPool;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::privacy::Privacy;

pub use query::{BATCH, ExportFormat, ExportParams};
pub use row::ExportedEnrollment;

use query::ExportFilter;
use stream::{AHEAD, FIRST_BATCH_WAIT, answer_stream, produce};

fn negotiate(req: &HttpRequest, format: Option<ExportFormat>) -> ExportFormat {
    format.unwrap_or_else(|| {
        let accept = req
            .headers()
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if accept.contains("text/csv") {
            ExportFormat::Csv
        } else {
            ExportFormat::Ndjson
        }
    })
}

/// Export enrolments (ministry pull).
///
/// Streams every live enrolment matching the filters (chunked transfer, in id order), as NDJSON
/// or CSV (`format=` or `Accept`). Names, national ID, member id and affiliation number appear
/// only for members whose consent to data sharing is recorded, or to a token that may read the
/// member in the members service (`members:read`, within its partner); every member enrolment
/// carries a stable pseudonym, the same across exports and in every other answer about the
/// member, so records can be followed without identifying anyone. Every export leaves an access
/// record (`GET /v1/audit/social-protection/access`). Pull incrementally with `updated_after`;
/// deletions are in the feed `GET /v1/feeds/social-protection`. A partner-scoped token exports
/// only its own enrolments.
#[utoipa::path(
    tag = "enrollments",
    params(ExportParams),
    security(("bearer" = ["enrollments:export"])),
    responses(
        (status = 200, description = "The enrolments, one per line", content(
            (ExportedEnrollment = "application/x-ndjson"),
            (String = "text/csv"),
        )),
        ListErrors
    )
)]
#[get("/v1/enrollments/export")]
pub async fn export_enrollments(
    principal: Authorized<EnrollmentsExport>,
    request: HttpRequest,
    params: formaliza_shared::extract::Query<ExportParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let format = negotiate(&request, params.format);
    let filter = ExportFilter {
        partner: principal.partner_id.clone(),
        country: params.country,
        scheme_id: params.scheme_id,
        status: params.status.map(|s| s.as_str().to_owned()),
        updated_after: params.updated_after.map(|t| t.naive_utc()),
    };
    let (queue, batches) = mpsc::channel(AHEAD);
    let (pool, privacy) = (pool.get_ref().clone(), privacy.get_ref().clone());
    let viewer = principal.principal.clone();
    let request = context::current();
    // The export's connection is taken in turn with every other request's (see `DbPool`).
    let permit = pool.permit().await?;
    actix_web::rt::task::spawn_blocking(move || {
        let _turn = permit;
        context::with_thread_context(request, || {
            produce(pool, filter, privacy, viewer, format, queue)
        })
    });
    let stream = answer_stream(batches, FIRST_BATCH_WAIT).await?;
    let content_type = match format {
        ExportFormat::Ndjson => "application/x-ndjson",
        ExportFormat::Csv => "text/csv; charset=utf-8",
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, content_type))
        .streaming(stream))
}
