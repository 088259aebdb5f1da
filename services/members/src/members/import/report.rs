//! The per-row report: what happened to each row, counted, and the 422 of a refused
//! all-or-nothing import.

use serde::Serialize;
use utoipa::ToSchema;

use formaliza_shared::ids::MemberId;
use formaliza_shared::{ApiError, FieldError};

use super::parse::{Format, csv_column};

/// What happened to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Created,
    Updated,
    Unchanged,
    Failed,
}

/// The result for one row.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowResult {
    /// Line number in the file (CSV: the header is line 1, so the first member is row 2).
    pub row: u64,
    pub status: RowStatus,
    /// The member's id (new or existing).
    pub id: Option<MemberId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// Counts per status.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportSummary {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
}

/// The import report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// `true` when nothing was written (dry run).
    pub dry_run: bool,
    pub atomic: bool,
    /// `csv` or `ndjson`.
    pub format: String,
    pub summary: ImportSummary,
    pub rows: Vec<RowResult>,
}

impl ImportSummary {
    /// The counts of `results`.
    pub(super) fn of(results: &[RowResult]) -> Self {
        let mut summary = ImportSummary {
            rows: results.len(),
            ..ImportSummary::default()
        };
        for result in results {
            match result.status {
                RowStatus::Created => summary.created += 1,
                RowStatus::Updated => summary.updated += 1,
                RowStatus::Unchanged => summary.unchanged += 1,
                RowStatus::Failed => summary.failed += 1,
            }
        }
        summary
    }
}

/// The result of a row that was written (or, in a dry run, would be).
pub(super) fn done(row: u64, status: RowStatus, id: MemberId) -> RowResult {
    RowResult {
        row,
        status,
        id: Some(id),
        errors: Vec::new(),
    }
}

/// The result of a refused row.
pub(super) fn failed(row: u64, errors: Vec<FieldError>) -> RowResult {
    RowResult {
        row,
        status: RowStatus::Failed,
        id: None,
        errors,
    }
}

/// Names fields as the file does: CSV columns (`id_number`) rather than JSON paths.
pub(super) fn name_fields(format: Format, mut results: Vec<RowResult>) -> Vec<RowResult> {
    if format == Format::Csv {
        for error in results.iter_mut().flat_map(|r| r.errors.iter_mut()) {
            error.field = csv_column(&error.field);
        }
    }
    results
}

/// The 422 of an `atomic=true` import with a refused row: every row's errors, nothing written.
pub(super) fn atomic_failure(report: &ImportReport) -> ApiError {
    let errors = report
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Failed)
        .flat_map(|r| {
            r.errors.iter().map(move |e| {
                FieldError::new(
                    format!("rows[{}].{}", r.row, e.field),
                    e.code.clone(),
                    e.message.clone(),
                )
            })
        })
        .collect();
    ApiError::validation(errors).with_context(serde_json::json!({
        "written": false,
        "summary": report.summary,
        "failed_rows": report.rows.iter().filter(|r| r.status == RowStatus::Failed).map(|r| r.row).collect::<Vec<_>>(),
    }))
}
