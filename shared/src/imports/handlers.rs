//! `POST/GET/DELETE /v1/imports…`: the same routes in every service that hosts jobs, each for
//! its own kinds and with its own scopes (the gateway routes by `kind` and by the id's prefix).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, LOCATION};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use diesel::prelude::*;
use futures_util::StreamExt;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

use super::jobs::{self, ImportJob, ImportRowResult, JobRow, JobStatus};
use super::runner::RunnerHandle;
use super::source::Format;
use super::{ImportHost, ImportSettings, RowStatus, columns};
use crate::auth::Principal;
use crate::db::{self, DbPool};
use crate::error::{ApiError, FieldError};
use crate::extract::{self, Query};
use crate::idempotency::{Attempt, IdempotencyKey, REPLAYED_HEADER, StoredResponse};
use crate::openapi::{CreateErrors, DeleteErrors, ListErrors, ReadErrors};
use crate::pagination::{Page, PageRequest, decode_cursor};
use crate::schema::import_jobs;

/// What the import routes need from their service (app data).
pub struct Imports {
    pub host: &'static ImportHost,
    pub settings: ImportSettings,
    pub runner: Option<Arc<RunnerHandle>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CreateImportParams {
    /// What the rows are: `members`, `households` (a roster: one row per person, with the
    /// household's code), `organisations`, `memberships`, `registrations` and `jobs` (the
    /// members service), `enrolments` (social-protection), `attendance` (trainings). Through the
    /// gateway the kind chooses the service.
    #[param(value_type = ImportKindName)]
    pub kind: String,
    /// Decide every row and report, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// All or nothing: one refused row and nothing is written.
    #[serde(default)]
    pub atomic: bool,
    /// `csv`, `xlsx` or `ndjson`, when the `Content-Type` does not say.
    #[param(value_type = Option<ImportFormatName>)]
    pub format: Option<String>,
    /// Your column names for ours, as a JSON object (`{"Cel. titular": "phone"}`), URL-encoded.
    /// Wins over the built-in Spanish and English names; map a column to `""` to ignore it.
    pub mapping: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListImportsParams {
    /// Only jobs of this kind.
    #[param(value_type = Option<ImportKindName>)]
    pub kind: Option<String>,
    /// At most this many jobs (default 50, at most 500).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportRowsParams {
    /// Only rows with this outcome (`refused` for the rows to fix).
    #[param(value_type = Option<RowStatus>)]
    pub status: Option<String>,
    /// At most this many rows (default 50, at most 500).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Every kind of record the platform imports, for the spec: the gateway routes each to the
/// service that hosts it (a service asked directly answers 400 for another's kind).
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // a schema only: `kind` is parsed against the service's own kinds
pub enum ImportKindName {
    Members,
    Households,
    Organisations,
    Memberships,
    Registrations,
    Jobs,
    Enrolments,
    Attendance,
}

/// The formats of an upload, for the spec.
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // a schema only: `format` is parsed by `Format::of_name`
pub enum ImportFormatName {
    Csv,
    Xlsx,
    Ndjson,
}

/// A job's id in a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ImportIdPath {
    /// The job's id (`mem_…`).
    pub id: String,
}

/// A spooled upload, removed unless a job keeps it.
struct Spool {
    path: PathBuf,
    kept: bool,
}

impl Drop for Spool {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The format of the upload: the `format` parameter, else the `Content-Type`.
fn format_of(request: &HttpRequest, param: Option<&str>) -> Result<Format, ApiError> {
    if let Some(name) = param.filter(|name| !name.is_empty()) {
        return Format::of_name(name).ok_or_else(|| {
            ApiError::bad_parameter("format", "invalid", "format is csv, xlsx or ndjson")
        });
    }
    let media = extract::media_type(request);
    media
        .as_deref()
        .and_then(Format::of_media_type)
        .ok_or_else(|| {
            ApiError::unsupported_media_type(format!(
                "send text/csv, {} or application/x-ndjson (or say `format=`), not {}",
                super::source::XLSX_MEDIA_TYPE,
                media.as_deref().unwrap_or("a body without Content-Type")
            ))
        })
}

fn parse_mapping(text: Option<&str>) -> Result<BTreeMap<String, String>, ApiError> {
    match text.filter(|text| !text.trim().is_empty()) {
        None => Ok(BTreeMap::new()),
        Some(text) => serde_json::from_str(text).map_err(|_| {
            ApiError::bad_parameter(
                "mapping",
                "invalid_mapping",
                "mapping is a JSON object of column name to field name, URL-encoded",
            )
        }),
    }
}

/// Streams the body to the spool file, hashing it; 413 past the limit.
async fn spool(
    request: &HttpRequest,
    payload: &mut web::Payload,
    path: PathBuf,
    limit: u64,
) -> Result<(Spool, String, u64), ApiError> {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || ApiError::payload_too_large(usize::try_from(limit).unwrap_or(usize::MAX));
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    let file = std::fs::File::create(&path)
        .map_err(|e| ApiError::internal(format!("cannot spool the upload to {path:?}: {e}")))?;
    let spool = Spool { path, kept: false };
    let mut file = Some(file);
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buffer = BytesMut::new();
    let flush = |file: &mut Option<std::fs::File>, data: Bytes| {
        let taken = file.take();
        async move {
            let Some(mut f) = taken else {
                return Err(ApiError::internal("the spool file was lost"));
            };
            let f = web::block(move || f.write_all(&data).map(|()| f))
                .await
                .map_err(ApiError::internal)?
                .map_err(|e| ApiError::internal(format!("cannot write the spool file: {e}")))?;
            Ok::<_, ApiError>(f)
        }
    };
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(format!("the request body could not be read: {e}"))
        })?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(too_large());
        }
        hasher.update(&chunk);
        buffer.extend_from_slice(&chunk);
        if buffer.len() >= 1 << 20 {
            let data = buffer.split().freeze();
            file = Some(flush(&mut file, data).await?);
        }
    }
    let data = buffer.split().freeze();
    let last = flush(&mut file, data).await?;
    web::block(move || last.sync_all())
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(format!("cannot write the spool file: {e}")))?;
    if size == 0 {
        return Err(
            ApiError::bad_request("the file is empty").with_errors(vec![FieldError::new(
                "body",
                "empty_file",
                "the file is empty",
            )]),
        );
    }
    Ok((spool, extract::hex(&hasher.finalize()), size))
}

fn job_response(
    status: StatusCode,
    job: &ImportJob,
    replayed: bool,
) -> Result<HttpResponse, ApiError> {
    let mut response = HttpResponse::build(status);
    response.content_type("application/json");
    if let Ok(location) = HeaderValue::from_str(&job.links.this) {
        response.insert_header((LOCATION, location));
    }
    if replayed {
        response.insert_header((REPLAYED_HEADER, HeaderValue::from_static("true")));
    }
    Ok(response.body(serde_json::to_string(job)?))
}

/// Start an import job.
///
/// Send the file as the body (`text/csv`, `.xlsx` or `application/x-ndjson`; up to 512 MiB by
/// default) with the `kind` of its rows. The answer is `202 Accepted` at once, with the job's
/// URL in `Location`: follow it for progress, then read the per-row results (`/rows`,
/// `/report.csv`). Rows are upserted on their natural keys (national id, the household's or
/// organisation's `external_ref`), so importing the same file twice changes nothing the second
/// time (every row `unchanged`).
///
/// CSV may be UTF-8 or Latin-1, separated by `,` or `;`; column names in Spanish or English as
/// in the README's table, KoboToolbox group prefixes (`grupo_hogar/nombres`) dropped; dates
/// `YYYY-MM-DD` or `DD/MM/YYYY`. Columns no field takes are ignored and listed in the job.
///
/// Send an `Idempotency-Key` to upload again safely: the same key with the same file answers
/// with the job the first upload created (`Idempotent-Replayed: true`), never a second job.
#[utoipa::path(
    tag = "imports",
    params(CreateImportParams, crate::openapi::IdempotencyKeyHeader),
    request_body(
        description = "The file",
        content(
            (String = "text/csv", example = "Nombres;Apellidos;Sexo;Fecha de nacimiento;DNI;Departamento;Rubro;Consentimiento\nMaría;Quispe Mamani;femenino;12/04/1986;45871236;PE-JUN;café;sí\n"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "application/x-ndjson"),
        )
    ),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 202, description = "The job, queued", body = ImportJob,
            headers(("Location" = String, description = "The job's URL"))),
        (status = 200, description = "The job a first upload with this Idempotency-Key created", body = ImportJob),
        CreateErrors
    )
)]
#[post("/v1/imports")]
pub async fn create_import(
    principal: Principal,
    request: HttpRequest,
    params: Query<CreateImportParams>,
    key: IdempotencyKey,
    mut payload: web::Payload,
    pool: web::Data<DbPool>,
    imports: web::Data<Imports>,
) -> Result<HttpResponse, ApiError> {
    principal.require(imports.host.write_scope)?;
    let params = params.into_inner();
    let kind = imports.host.kind(&params.kind)?;
    let format = format_of(&request, params.format.as_deref())?;
    let mapping = parse_mapping(params.mapping.as_deref())?;
    let mapping = mapping
        .into_iter()
        .map(|(column, field)| (column, field.trim().to_owned()))
        .collect::<BTreeMap<_, _>>();
    columns::check_mapping(&mapping, kind.fields())?;
    let id = format!("{}_{}", imports.host.prefix, uuid::Uuid::now_v7());
    let path = imports.settings.dir.join(format!("{id}.{}", format.name()));
    let (mut spooled, digest, size) =
        spool(&request, &mut payload, path, imports.settings.max_bytes).await?;
    let attempt = Attempt::new(&request, key.clone(), &digest);
    let now = db::now();
    let row = JobRow {
        id: id.clone(),
        kind: kind.name().to_owned(),
        format: format.name().to_owned(),
        status: JobStatus::Queued.as_str().to_owned(),
        dry_run: params.dry_run,
        atomic: params.atomic,
        partner_id: principal.partner_id.clone(),
        principal: principal.sub.clone(),
        scopes: principal
            .scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        rows_total: None,
        rows_done: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        refused: 0,
        error: None,
        mapping: if mapping.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&mapping)?)
        },
        column_map: None,
        file_path: spooled.path.to_string_lossy().into_owned(),
        file_bytes: i64::try_from(size).unwrap_or(i64::MAX),
        idempotency_key: key.0.clone(),
        body_digest: digest,
        request_id: crate::context::current().map(|c| c.request_id.to_string()),
        cancel_requested: false,
        runner: None,
        lease_until: None,
        created_at: now,
        started_at: None,
        finished_at: None,
    };
    let writer = principal.clone();
    let (stored, job) = db::run(&pool, move |conn| {
        db::write(conn, |conn| {
            let stored = attempt.once(conn, &writer, |conn| {
                diesel::insert_into(import_jobs::table)
                    .values(&row)
                    .execute(conn)?;
                let view = row.to_view();
                Ok(StoredResponse {
                    status: StatusCode::ACCEPTED,
                    location: Some(view.links.this.clone()),
                    etag: None,
                    body: serde_json::to_string(&view)?,
                    replayed: false,
                })
            })?;
            // A retry: the job as it is now, not as it was queued.
            let first = stored
                .location
                .as_deref()
                .and_then(|l| l.rsplit('/').next())
                .unwrap_or_default()
                .to_owned();
            let job = jobs::find_visible(conn, &writer, &first)?;
            Ok((stored, job))
        })
    })
    .await?;
    if stored.replayed {
        return job_response(StatusCode::OK, &job.to_view(), true);
    }
    spooled.kept = true;
    if let Some(runner) = &imports.runner {
        runner.wake();
    }
    job_response(StatusCode::ACCEPTED, &job.to_view(), false)
}

/// List your import jobs, newest first.
#[utoipa::path(
    tag = "imports",
    params(ListImportsParams),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "A page of jobs", body = Page<ImportJob>),
        ListErrors
    )
)]
#[get("/v1/imports")]
pub async fn list_imports(
    principal: Principal,
    params: Query<ListImportsParams>,
    pool: web::Data<DbPool>,
    imports: web::Data<Imports>,
) -> Result<HttpResponse, ApiError> {
    principal.require(imports.host.read_scope)?;
    let params = params.into_inner();
    let page = PageRequest::parse(params.limit, params.cursor.as_deref())?;
    if let Some(kind) = &params.kind {
        imports.host.kind(kind)?;
    }
    let kind = params.kind;
    let request = page.clone();
    let rows = db::run(&pool, move |conn| {
        jobs::list(conn, &principal, kind.as_deref(), &request)
    })
    .await?;
    let page = page.page(rows, |row| row.id.clone(), |row| row.to_view());
    Ok(HttpResponse::Ok().json(page))
}

/// An import job: status, progress and counts.
#[utoipa::path(
    tag = "imports",
    params(ImportIdPath),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The job", body = ImportJob),
        ReadErrors
    )
)]
#[get("/v1/imports/{id}")]
pub async fn get_import(
    principal: Principal,
    path: web::Path<ImportIdPath>,
    pool: web::Data<DbPool>,
    imports: web::Data<Imports>,
) -> Result<HttpResponse, ApiError> {
    principal.require(imports.host.read_scope)?;
    let id = path.into_inner().id;
    let job = db::run(&pool, move |conn| jobs::find_visible(conn, &principal, &id)).await?;
    Ok(HttpResponse::Ok().json(job.to_view()))
}

fn row_status(text: Option<&str>) -> Result<Option<RowStatus>, ApiError> {
    text.map(|s| {
        RowStatus::parse(s).ok_or_else(|| {
            ApiError::bad_parameter(
                "status",
                "invalid",
                "status is created, updated, unchanged or refused",
            )
        })
    })
    .transpose()
}

fn line_cursor(cursor: Option<&str>) -> Result<Option<i64>, ApiError> {
    cursor
        .filter(|c| !c.is_empty())
        .map(|c| {
            decode_cursor(c)?.parse::<i64>().map_err(|_| {
                ApiError::bad_parameter(
                    "cursor",
                    "invalid_cursor",
                    "the cursor is not one this API returned",
                )
            })
        })
        .transpose()
}

/// The per-row results of an import job, in file order.
#[utoipa::path(
    tag = "imports",
    params(ImportIdPath, ImportRowsParams),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "A page of row results", body = Page<ImportRowResult>),
        ReadErrors
    )
)]
#[get("/v1/imports/{id}/rows")]
pub async fn list_import_rows(
    principal: Principal,
    path: web::Path<ImportIdPath>,
    params: Query<ImportRowsParams>,
    pool: web::Data<DbPool>,
    imports: web::Data<Imports>,
) -> Result<HttpResponse, ApiError> {
    principal.require(imports.host.read_scope)?;
    let id = path.into_inner().id;
    let params = params.into_inner();
    let status = row_status(params.status.as_deref())?;
    let page = PageRequest::parse(params.limit, None)?;
    let after = line_cursor(params.cursor.as_deref())?;
    let fetch = page.fetch();
    let rows = db::run(&pool, move |conn| {
        let job = jobs::find_visible(conn, &principal, &id)?;
        jobs::rows(conn, &job.id, status, after, fetch)
    })
    .await?;
    let page = page.page(rows, |row| row.line.to_string(), |row| row.to_view());
    Ok(HttpResponse::Ok().json(page))
}

/// A row's errors in words, for a spreadsheet cell.
fn errors_in_words(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The report's rows from `after` on, as CSV text.
fn report_chunk(rows: &[jobs::RowRecord]) -> Result<Bytes, ApiError> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for row in rows {
        let record_id = row.record_id.clone().unwrap_or_default();
        writer
            .write_record([
                row.line.to_string(),
                row.status.clone(),
                record_id,
                errors_in_words(&row.errors()),
            ])
            .map_err(|e| ApiError::internal(e.to_string()))?;
    }
    writer
        .into_inner()
        .map(Bytes::from)
        .map_err(|e| ApiError::internal(e.to_string()))
}

/// The per-row results of an import job as CSV (`line,status,record_id,errors`), to open next
/// to the original file; streamed.
#[utoipa::path(
    tag = "imports",
    params(ImportIdPath, ("status" = Option<RowStatus>, Query, description = "Only rows with this outcome")),
    security(("bearer" = ["members:read"])),
    responses(
        (status = 200, description = "The report", content_type = "text/csv", body = String),
        ReadErrors
    )
)]
#[get("/v1/imports/{id}/report.csv")]
pub async fn import_report(
    principal: Principal,
    path: web::Path<ImportIdPath>,
    request: HttpRequest,
    pool: web::Data<DbPool>,
    imports: web::Data<Imports>,
) -> Result<HttpResponse, ApiError> {
    principal.require(imports.host.read_scope)?;
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ReportParams {
        status: Option<String>,
    }
    let params: ReportParams = extract::parse_query(request.query_string())?;
    let status = row_status(params.status.as_deref())?;
    let id = path.into_inner().id;
    let job = db::run(&pool, move |conn| jobs::find_visible(conn, &principal, &id)).await?;
    const BATCH: i64 = 2000;
    let header = Bytes::from_static(b"line,status,record_id,errors\n");
    let pool = pool.get_ref().clone();
    let job_id = job.id.clone();
    let body = futures_util::stream::unfold(Some(None::<i64>), move |after| {
        let (pool, job_id) = (pool.clone(), job_id.clone());
        async move {
            let after = after?;
            let rows = db::run(&pool, move |conn| {
                jobs::rows(conn, &job_id, status, after, BATCH)
            })
            .await;
            match rows {
                Err(error) => Some((Err(error), None)),
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let next = (rows.len() as i64 == BATCH)
                        .then(|| rows.last().map(|r| r.line))
                        .flatten()
                        .map(Some);
                    Some((report_chunk(&rows), next))
                }
            }
        }
    });
    let body = futures_util::stream::once(async move { Ok::<_, ApiError>(header) }).chain(body);
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.report.csv\"", job.id),
        ))
        .streaming(body))
}

/// Cancel an import job.
///
/// A queued job is cancelled at once; a running one stops after the chunk it is writing (the
/// rows written before stay written and are in its report). `409` when the job is over.
#[utoipa::path(
    tag = "imports",
    params(ImportIdPath),
    security(("bearer" = ["members:write"])),
    responses(
        (status = 202, description = "Asked to stop (running) or stopped (queued): the job", body = ImportJob),
        DeleteErrors
    )
)]
#[delete("/v1/imports/{id}")]
pub async fn cancel_import(
    principal: Principal,
    path: web::Path<ImportIdPath>,
    pool: web::Data<DbPool>,
    imports: web::Data<Imports>,
) -> Result<HttpResponse, ApiError> {
    principal.require(imports.host.write_scope)?;
    let id = path.into_inner().id;
    let job = db::run(&pool, move |conn| {
        db::write(conn, |conn| {
            let job = jobs::find_visible(conn, &principal, &id)?;
            jobs::cancel(conn, &job)?;
            jobs::find_visible(conn, &principal, &id)
        })
    })
    .await?;
    if let Some(runner) = &imports.runner {
        runner.wake();
    }
    job_response(StatusCode::ACCEPTED, &job.to_view(), false)
}
