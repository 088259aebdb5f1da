//! What the caller asks for (format and filters) and the one statement that reads it.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::enrollments::model::EnrollmentStatus;

/// Rows per encoded batch (and per statement on SQLite).
pub const BATCH: i64 = 1000;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// One JSON object per line (`application/x-ndjson`).
    Ndjson,
    /// Comma-separated values with a header row (`text/csv`).
    Csv,
}

/// Filters of the export.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `ndjson` or `csv`; overrides `Accept` (`application/x-ndjson`, `text/csv`; default NDJSON).
    #[param(inline)]
    pub format: Option<ExportFormat>,
    /// The scheme's country (`PE`, `BO`).
    pub country: Option<String>,
    pub scheme_id: Option<String>,
    /// Current status.
    pub status: Option<EnrollmentStatus>,
    /// Only enrolments changed after this instant (RFC 3339): the incremental pull.
    pub updated_after: Option<DateTime<Utc>>,
}

/// The filters as the statement applies them: the caller's partner, and the parameters typed
/// as their columns are.
#[derive(Debug, Clone)]
pub(super) struct ExportFilter {
    pub(super) partner: Option<String>,
    pub(super) country: Option<String>,
    pub(super) scheme_id: Option<String>,
    pub(super) status: Option<String>,
    pub(super) updated_after: Option<NaiveDateTime>,
}

/// The export's statement: live enrolments in id order, with the scheme and the member's
/// identity joined in (as `\copy` of the same rows would read them). A macro because each
/// backend's loader needs it typed for its own connection; it names everything it uses, so a
/// reader of either backend only imports it.
macro_rules! export_query {
    ($filter:expr) => {{
        use diesel::prelude::*;
        use $crate::schema::{enrollments, rm_members, schemes};

        let filter: &$crate::export::query::ExportFilter = $filter;
        let mut query = enrollments::table
            .inner_join(schemes::table)
            .left_join(rm_members::table.on(rm_members::id.nullable().eq(enrollments::member_id)))
            .filter(enrollments::deleted_at.is_null())
            .order(enrollments::id.asc())
            .select((
                (
                    enrollments::id,
                    enrollments::scheme_id,
                    enrollments::member_id,
                    enrollments::household_id,
                    enrollments::affiliation_number,
                    enrollments::status,
                    enrollments::status_since,
                    enrollments::verified_at,
                    enrollments::updated_at,
                    enrollments::partner_id,
                ),
                (schemes::name, schemes::kind, schemes::country),
                (
                    rm_members::data_sharing_consent.nullable(),
                    rm_members::partner_id.nullable(),
                    rm_members::given_names.nullable(),
                    rm_members::family_names.nullable(),
                    rm_members::id_type.nullable(),
                    rm_members::id_number.nullable(),
                    rm_members::id_country.nullable(),
                ),
            ))
            .into_boxed();
        if let Some(partner) = &filter.partner {
            query = query.filter(enrollments::partner_id.eq(partner.clone()));
        }
        if let Some(country) = &filter.country {
            query = query.filter(schemes::country.eq(country.clone()));
        }
        if let Some(scheme) = &filter.scheme_id {
            query = query.filter(enrollments::scheme_id.eq(scheme.clone()));
        }
        if let Some(status) = &filter.status {
            query = query.filter(enrollments::status.eq(status.clone()));
        }
        if let Some(updated_after) = filter.updated_after {
            query = query.filter(enrollments::updated_at.gt(updated_after));
        }
        query
    }};
}
pub(super) use export_query;

/// The columns of [`SourceRow`](super::row::SourceRow), in the order [`export_query!`] selects
/// them.
pub(super) const COLUMNS: usize = 20;
