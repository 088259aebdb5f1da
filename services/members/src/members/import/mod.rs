//! Bulk import of members from CSV (a spreadsheet export) or NDJSON (a KoboToolbox export),
//! upserting by national ID, with a result per row.
//!
//! The flow, one module per step:
//! - [`parse`]: the body parsed into rows with their line numbers, each validated as a member;
//! - [`plan`]: the one planner, which decides what each row does against the database: create,
//!   update, unchanged or refused, and the membership it adds (every rule of the import);
//! - [`write`]: the planner's decisions written, a chunk at a time in batches, or row by row
//!   when a concurrent writer got in the way; the transactions of `atomic` and `dry_run`;
//! - [`report`]: the per-row results and their counts;
//! - here: the handler, with the idempotency of a retried upload.

mod parse;
mod plan;
mod report;
mod write;

use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::MembersWrite;
use formaliza_shared::db::{self, DbConnection, DbPool};
use formaliza_shared::extract::{self, BodyLimits, Query};
use formaliza_shared::idempotency::{Attempt, Claim, IdempotencyKey, StoredResponse};
use formaliza_shared::openapi::CreateErrors;
use formaliza_shared::{ApiError, Principal};

pub use parse::{CSV_COLUMNS, MAX_ROWS};
pub use report::{ImportReport, ImportSummary, RowResult, RowStatus};

use parse::{Format, parse_csv, parse_ndjson};
use report::{atomic_failure, name_fields};
use write::Mode;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Validate everything (including duplicates and references) and report, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// All or nothing: one bad row and nothing is written (422 listing every bad row).
    #[serde(default)]
    pub atomic: bool,
}

/// Import members from CSV or NDJSON.
///
/// `Content-Type: text/csv` (UTF-8, header row; columns: given_names, family_names, sex,
/// birth_date, id_type, id_number, id_country, id_complement, id_issued_in, phone, sector,
/// work_status, country, region, district, household_id, relationship_to_head,
/// data_sharing_consent, organisation_id, role) or `application/x-ndjson` (one member object per
/// line, as `POST /v1/members` takes it, plus optional `organisation_id` and `role`).
///
/// Rows are upserted by national ID (country, type, number and, for a Bolivian CI, its
/// complement): a member you already registered is updated, a new one is created; with
/// `organisation_id` the member also joins that organisation. Every row gets a
/// result with its line number and field errors; one bad row does not stop the others unless
/// `atomic=true`. `dry_run=true` checks everything and writes nothing. Up to 100,000 rows.
///
/// Send an `Idempotency-Key` to upload again safely after a dropped connection: a retry with
/// the same key and file gets the first report (header `Idempotent-Replayed: true`) and writes
/// nothing; while the first upload is still being imported, a retry is a 409 with
/// `Retry-After`. An import refused as a whole (a 422, `atomic=true`) keeps no answer: send it
/// again once fixed.
#[utoipa::path(
    tag = "members",
    params(ImportParams, formaliza_shared::openapi::IdempotencyKeyHeader),
    request_body(
        description = "The rows",
        content(
            (String = "text/csv", example = "given_names,family_names,sex,birth_date,id_type,id_number,country,region,sector,data_sharing_consent\nMaría,Quispe Mamani,female,1986-04-12,pe_dni,45871236,PE,PE-JUN,coffee,yes\n"),
            (String = "application/x-ndjson"),
        )
    ),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 200, description = "Per-row results (also for a dry run)", body = ImportReport),
        CreateErrors
    )
)]
#[post("/v1/members/import")]
pub async fn import_members(
    principal: Authorized<MembersWrite>,
    request: HttpRequest,
    params: Query<ImportParams>,
    key: IdempotencyKey,
    mut payload: web::Payload,
    pool: web::Data<DbPool>,
    limits: web::Data<BodyLimits>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::of(&request)?;
    let body = extract::read_body(&request, &mut payload, limits.import).await?;
    let attempt = Attempt::new(&request, key, &extract::digest(&body));
    let params = params.into_inner();
    let principal = principal.principal.clone();
    let claimant = principal.clone();
    let (claim, attempt) = db::run(&pool, move |conn| {
        Ok((attempt.claim(conn, &claimant)?, attempt))
    })
    .await?;
    match claim {
        Claim::Claimed => {}
        Claim::Answered(first) => return Ok(first.into_response()),
        Claim::Running => {
            return Err(ApiError::conflict(
                "an import sent with this Idempotency-Key is still running; ask again in a few seconds for its report",
            )
            .with_header(RETRY_AFTER, HeaderValue::from_static("5")));
        }
    }
    let recorder = attempt.clone();
    let outcome = db::run(&pool, move |conn| {
        let outcome = run_import(conn, &principal, format, body, &params);
        // The first answer is kept for retries; a failure that wrote nothing gives the key back.
        match &outcome {
            Ok((report, false)) => recorder.record(
                conn,
                &principal,
                &StoredResponse::ok(serde_json::to_string(report)?),
            )?,
            _ => recorder.release(conn, &principal)?,
        }
        outcome
    })
    .await;
    let (report, atomic_failed) = outcome?;
    if atomic_failed {
        return Err(atomic_failure(&report));
    }
    Ok(StoredResponse::ok(serde_json::to_string(&report)?).into_response())
}

/// Applies an import job's rows (cells under the CSV column names, [`CSV_COLUMNS`]) inside
/// the runner's transaction, as the synchronous import does; field errors name the columns.
pub fn apply_job_rows(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: Vec<(u64, Vec<(String, String)>)>,
) -> Result<Vec<RowResult>, ApiError> {
    let parsed = rows
        .into_iter()
        .map(|(line, cells)| {
            let record = parse::record_from_cells(
                cells
                    .iter()
                    .map(|(field, value)| (field.as_str(), value.as_str())),
            );
            (line, record)
        })
        .collect();
    Ok(name_fields(
        Format::Csv,
        write::apply(conn, principal, parsed)?,
    ))
}

/// Parses and imports the file; the report, and whether `atomic=true` refused it (nothing written).
fn run_import(
    conn: &mut DbConnection,
    principal: &Principal,
    format: Format,
    body: actix_web::web::Bytes,
    params: &ImportParams,
) -> Result<(ImportReport, bool), ApiError> {
    let rows = match format {
        Format::Csv => parse_csv(&body)?,
        Format::Ndjson => parse_ndjson(&body)?,
    };
    drop(body);
    let mode = Mode {
        dry_run: params.dry_run,
        atomic: params.atomic,
    };
    let results = name_fields(format, write::import(conn, principal, rows, mode)?);
    let summary = ImportSummary::of(&results);
    let atomic_failed = params.atomic && summary.failed > 0;
    Ok((
        ImportReport {
            dry_run: params.dry_run,
            atomic: params.atomic,
            format: format.name().into(),
            summary,
            rows: results,
        },
        atomic_failed,
    ))
}
