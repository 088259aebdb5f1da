//! The `import_jobs` and `import_rows` tables: a job as stored and as the API shows it, and
//! the queries of the handlers (the runner's are in [`super::runner`]).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::RowStatus;
use super::columns::ColumnsUsed;
use crate::auth::{Principal, Scope};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::pagination::PageRequest;
use crate::schema::{import_jobs, import_rows};

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for the service's runner.
    Queued,
    Running,
    /// Every row applied (some may be refused: see the counts).
    Succeeded,
    /// Stopped by an error (see `error`); the rows written before it stay written (`rows_done`).
    Failed,
    /// Stopped on request between two chunks; the rows written before it stay written.
    Cancelled,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Succeeded => "succeeded",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "running" => JobStatus::Running,
            "succeeded" => JobStatus::Succeeded,
            "failed" => JobStatus::Failed,
            "cancelled" => JobStatus::Cancelled,
            _ => JobStatus::Queued,
        }
    }

    pub fn finished(self) -> bool {
        matches!(
            self,
            JobStatus::Succeeded | JobStatus::Failed | JobStatus::Cancelled
        )
    }
}

/// A stored job.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = import_jobs)]
pub struct JobRow {
    pub id: String,
    pub kind: String,
    pub format: String,
    pub status: String,
    pub dry_run: bool,
    pub atomic: bool,
    pub partner_id: Option<String>,
    pub principal: String,
    pub scopes: String,
    pub rows_total: Option<i64>,
    pub rows_done: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub refused: i64,
    pub error: Option<String>,
    pub mapping: Option<String>,
    pub column_map: Option<String>,
    pub file_path: String,
    pub file_bytes: i64,
    pub idempotency_key: Option<String>,
    pub body_digest: String,
    pub request_id: Option<String>,
    pub cancel_requested: bool,
    pub runner: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
}

/// Rows of a job by outcome.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct JobCounts {
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub refused: i64,
}

/// Where to read more about a job.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobLinks {
    #[serde(rename = "self")]
    pub this: String,
    /// The per-row results, paged (`?status=refused` for the refused ones).
    pub rows: String,
    /// The per-row results as CSV, to open next to the original file.
    pub report: String,
}

/// An import job.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportJob {
    /// `mem_…` for a job of the members service.
    pub id: String,
    pub kind: String,
    /// `csv`, `xlsx` or `ndjson`.
    pub format: String,
    pub status: JobStatus,
    /// Every row decided, nothing written.
    pub dry_run: bool,
    /// All or nothing: one refused row and nothing is written.
    pub atomic: bool,
    pub partner_id: Option<String>,
    /// Rows in the file, once the runner has counted them.
    pub rows_total: Option<i64>,
    /// Rows applied so far (written, unless a dry run; for an atomic job, once it is over).
    pub rows_done: i64,
    pub counts: JobCounts,
    /// Why the job failed.
    pub error: Option<String>,
    /// How the file's columns were read.
    pub columns: Option<ColumnsUsed>,
    /// The mapping sent with the job (column → field).
    pub mapping: Option<BTreeMap<String, String>>,
    /// Asked to stop; it does so between two chunks.
    pub cancel_requested: bool,
    /// Size of the uploaded file.
    pub file_bytes: i64,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub links: JobLinks,
}

impl JobRow {
    pub fn status(&self) -> JobStatus {
        JobStatus::parse(&self.status)
    }

    /// The principal the job writes as: the client that created it, with the scopes it had.
    pub fn principal(&self) -> Principal {
        Principal {
            sub: self.principal.clone(),
            scopes: self
                .scopes
                .split_whitespace()
                .filter_map(crate::auth::Scope::parse)
                .collect(),
            partner_id: self.partner_id.clone(),
            token: "".into(),
        }
    }

    pub fn mapping(&self) -> BTreeMap<String, String> {
        self.mapping
            .as_deref()
            .and_then(|m| serde_json::from_str(m).ok())
            .unwrap_or_default()
    }

    pub fn to_view(&self) -> ImportJob {
        let this = format!("/v1/imports/{}", self.id);
        ImportJob {
            id: self.id.clone(),
            kind: self.kind.clone(),
            format: self.format.clone(),
            status: self.status(),
            dry_run: self.dry_run,
            atomic: self.atomic,
            partner_id: self.partner_id.clone(),
            rows_total: self.rows_total,
            rows_done: self.rows_done,
            counts: JobCounts {
                created: self.created,
                updated: self.updated,
                unchanged: self.unchanged,
                refused: self.refused,
            },
            error: self.error.clone(),
            columns: self
                .column_map
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok()),
            mapping: self
                .mapping
                .as_deref()
                .and_then(|m| serde_json::from_str(m).ok()),
            cancel_requested: self.cancel_requested,
            file_bytes: self.file_bytes,
            created_at: self.created_at.and_utc(),
            started_at: self.started_at.map(|t| t.and_utc()),
            finished_at: self.finished_at.map(|t| t.and_utc()),
            links: JobLinks {
                rows: format!("{this}/rows"),
                report: format!("{this}/report.csv"),
                this,
            },
        }
    }
}

/// The result of one row, as stored.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = import_rows)]
pub struct RowRecord {
    pub job_id: String,
    pub line: i64,
    pub status: String,
    pub record_id: Option<String>,
    pub errors: Option<String>,
}

/// The result of one row of a job.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportRowResult {
    /// The row's line in the file (CSV: the header is line 1; xlsx: the sheet's row number).
    pub line: i64,
    pub status: RowStatus,
    /// The record the row created, updated or found unchanged.
    pub record_id: Option<String>,
    /// Why it was refused.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl RowRecord {
    pub fn errors(&self) -> Vec<FieldError> {
        #[derive(serde::Deserialize)]
        struct Stored {
            field: String,
            code: String,
            message: String,
        }
        self.errors
            .as_deref()
            .and_then(|e| serde_json::from_str::<Vec<Stored>>(e).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|e| FieldError::new(e.field, e.code, e.message))
            .collect()
    }

    pub fn to_view(&self) -> ImportRowResult {
        ImportRowResult {
            line: self.line,
            status: RowStatus::parse(&self.status).unwrap_or(RowStatus::Refused),
            record_id: self.record_id.clone(),
            errors: self.errors(),
        }
    }
}

/// Whether `principal` sees every job of its partner (a partner token), or of all partners (a
/// programme-wide token that may read every member, `members:read`), not only its own. A job's
/// rows echo what the importer typed about people (a national ID number in a refusal), which
/// the privacy rule shows only to those who may read the person: a programme-wide token
/// without `members:read` (a ministry's, with `protection:read`) sees only the jobs it created.
fn sees_others_jobs(principal: &Principal) -> bool {
    principal.partner_id.is_some() || principal.has_scope(Scope::MembersRead)
}

/// The job `id` if `principal` may see it (see [`sees_others_jobs`]); 404 otherwise, so that
/// another partner's job does not show it exists.
pub fn find_visible(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<JobRow, ApiError> {
    let row: Option<JobRow> = import_jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)
        .optional()?;
    row.filter(|job| {
        principal.can_see(job.partner_id.as_deref())
            && (sees_others_jobs(principal) || job.principal == principal.sub)
    })
    .ok_or_else(|| ApiError::not_found(format!("no import job with id {id}")))
}

/// The caller's jobs, newest first, optionally of one kind.
pub fn list(
    conn: &mut DbConnection,
    principal: &Principal,
    kind: Option<&str>,
    page: &PageRequest,
) -> Result<Vec<JobRow>, ApiError> {
    let mut query = import_jobs::table
        .select(JobRow::as_select())
        .order(import_jobs::id.desc())
        .limit(page.fetch())
        .into_boxed();
    if let Some(partner) = &principal.partner_id {
        query = query.filter(import_jobs::partner_id.eq(partner.clone()));
    }
    if !sees_others_jobs(principal) {
        query = query.filter(import_jobs::principal.eq(principal.sub.clone()));
    }
    if let Some(kind) = kind {
        query = query.filter(import_jobs::kind.eq(kind.to_owned()));
    }
    if let Some(after) = &page.after {
        query = query.filter(import_jobs::id.lt(after.clone()));
    }
    Ok(query.load(conn)?)
}

/// A page of a job's row results in line order, optionally of one status.
pub fn rows(
    conn: &mut DbConnection,
    job_id: &str,
    status: Option<RowStatus>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<RowRecord>, ApiError> {
    let mut query = import_rows::table
        .filter(import_rows::job_id.eq(job_id.to_owned()))
        .select(RowRecord::as_select())
        .order(import_rows::line.asc())
        .limit(limit)
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(import_rows::status.eq(status.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(import_rows::line.gt(after));
    }
    Ok(query.load(conn)?)
}

/// Asks a running or queued job to stop; a queued one stops at once. 409 when it is over.
pub fn cancel(conn: &mut DbConnection, job: &JobRow) -> Result<(), ApiError> {
    let now = crate::db::now();
    let stopped_queued = diesel::update(
        import_jobs::table
            .find(&job.id)
            .filter(import_jobs::status.eq(JobStatus::Queued.as_str())),
    )
    .set((
        import_jobs::status.eq(JobStatus::Cancelled.as_str()),
        import_jobs::cancel_requested.eq(true),
        import_jobs::finished_at.eq(Some(now)),
    ))
    .execute(conn)?;
    if stopped_queued > 0 {
        return Ok(());
    }
    let asked = diesel::update(
        import_jobs::table
            .find(&job.id)
            .filter(import_jobs::status.eq(JobStatus::Running.as_str())),
    )
    .set(import_jobs::cancel_requested.eq(true))
    .execute(conn)?;
    if asked > 0 {
        Ok(())
    } else {
        Err(ApiError::conflict(format!(
            "the import job is already {}; only a queued or running job can be cancelled",
            job.status
        )))
    }
}
