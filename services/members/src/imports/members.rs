//! `kind=members`: one member per row, upserted by national id, as `POST /v1/members/import`
//! does (the same planner and writer, a chunk at a time).

use formaliza_shared::db::DbConnection;
use formaliza_shared::imports::{FieldSpec, ImportKind, RowOutcome, SourceRow};
use formaliza_shared::{ApiError, Principal};

use super::{PERSON, join, outcome, person_cells};
use crate::members::import::apply_job_rows;

/// Members, one per row.
pub struct Members;

static FIELDS: [FieldSpec; 20] = join(
    PERSON,
    [FieldSpec::text(
        "household_id",
        "The household's id in Formaliza (use kind=households to link by your own code)",
    )],
);

impl ImportKind for Members {
    fn name(&self) -> &'static str {
        "members"
    }

    fn fields(&self) -> &'static [FieldSpec] {
        &FIELDS
    }

    fn apply(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        rows: Vec<SourceRow>,
    ) -> Result<Vec<RowOutcome>, ApiError> {
        let rows = rows
            .into_iter()
            .map(|row| (row.line, person_cells(row.cells)))
            .collect();
        Ok(apply_job_rows(conn, principal, rows)?
            .into_iter()
            .map(outcome)
            .collect())
    }
}
