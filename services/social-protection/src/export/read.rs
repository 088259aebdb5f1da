//! The two readers, one per backend, each feeding rows to the encoder and queueing its
//! batches: PostgreSQL streams one statement, SQLite reads keyset batches.

use actix_web::web::Bytes;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::deserialize::{self, FromSql};
use diesel::prelude::*;
use diesel::result::UnexpectedNullError;
use diesel::sql_types;
use tokio::sync::mpsc;

use formaliza_shared::ApiError;

use super::encode::Encoder;
use super::query::{BATCH, COLUMNS, ExportFilter, export_query};
use super::row::SourceRow;
use crate::schema::enrollments;

/// Why the export stopped before its last row.
pub(super) enum Stop {
    /// The client went away: nothing left to tell anyone.
    Gone,
    Failed(ApiError),
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Self::Failed(error)
    }
}

impl From<diesel::result::Error> for Stop {
    fn from(error: diesel::result::Error) -> Self {
        Self::Failed(error.into())
    }
}

/// Encodes rows and queues the encoded batches for the response.
pub(super) struct Output {
    pub(super) encoder: Encoder,
    pub(super) queue: mpsc::Sender<Result<Bytes, ApiError>>,
}

impl Output {
    pub(super) fn row(&mut self, row: &SourceRow<'_>) -> Result<(), Stop> {
        Ok(self.encoder.row(row)?)
    }

    /// Queues what is encoded so far (waiting while [`AHEAD`](super::stream::AHEAD) batches are queued).
    pub(super) fn send(&mut self) -> Result<(), Stop> {
        let bytes = self.encoder.take()?;
        self.queue.blocking_send(Ok(bytes)).map_err(|_| Stop::Gone)
    }
}

/// PostgreSQL: one statement for the whole export, planned as `\copy` of the same rows is, its
/// rows streamed as the server sends them (libpq's single-row mode: memory stays flat, and the
/// server produces the next rows while this thread encodes), each read in place from libpq's
/// buffer without a copy or an allocation per column.
///
/// If the client goes away, dropping diesel's cursor reads and discards the rows still coming
/// (diesel offers no cancel), so the connection returns to the pool clean.
pub(super) fn pg_export(
    conn: &mut PgConnection,
    filter: &ExportFilter,
    output: &mut Output,
) -> Result<(), Stop> {
    use diesel::connection::LoadConnection;
    use diesel::pg::{Pg, PgRowByRowLoadingMode, PgValue};
    use diesel::row::{Field, Row};

    fn value<T: FromSql<ST, Pg>, ST>(value: Option<PgValue<'_>>) -> deserialize::Result<T> {
        T::from_nullable_sql(value)
    }
    fn text<'v>(value: Option<PgValue<'v>>) -> deserialize::Result<&'v str> {
        let value = value.ok_or(UnexpectedNullError)?;
        Ok(std::str::from_utf8(value.as_bytes())?)
    }
    fn optional_text<'v>(value: Option<PgValue<'v>>) -> deserialize::Result<Option<&'v str>> {
        value.map(|v| text(Some(v))).transpose()
    }

    let mut pending = 0;
    for row in LoadConnection::<PgRowByRowLoadingMode>::load(conn, export_query!(filter))? {
        let row = row?;
        let fields: [_; COLUMNS] = std::array::from_fn(|i| row.get(i));
        let v: [Option<PgValue<'_>>; COLUMNS] =
            std::array::from_fn(|i| fields[i].as_ref().and_then(|field| field.value()));
        let source = (|| -> deserialize::Result<SourceRow<'_>> {
            Ok(SourceRow {
                id: text(v[0])?,
                scheme_id: text(v[1])?,
                member_id: optional_text(v[2])?,
                household_id: optional_text(v[3])?,
                affiliation_number: optional_text(v[4])?,
                status: text(v[5])?,
                status_since: value::<_, sql_types::Date>(v[6])?,
                verified_at: value::<_, sql_types::Nullable<sql_types::Timestamp>>(v[7])?,
                updated_at: value::<_, sql_types::Timestamp>(v[8])?,
                partner_id: optional_text(v[9])?,
                scheme_name: text(v[10])?,
                scheme_kind: text(v[11])?,
                country: text(v[12])?,
                consent: value::<_, sql_types::Nullable<sql_types::Bool>>(v[13])?,
                member_partner: optional_text(v[14])?,
                given_names: optional_text(v[15])?,
                family_names: optional_text(v[16])?,
                id_type: optional_text(v[17])?,
                id_number: optional_text(v[18])?,
                id_country: optional_text(v[19])?,
            })
        })()
        .map_err(diesel::result::Error::DeserializationError)?;
        output.row(&source)?;
        pending += 1;
        if pending == BATCH {
            output.send()?;
            pending = 0;
        }
    }
    output.send()
}

/// The row as SQLite hands it to diesel: owned, then lent to the encoder.
type SqliteRow = (
    (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        NaiveDate,
        Option<NaiveDateTime>,
        NaiveDateTime,
        Option<String>,
    ),
    (String, String, String),
    (
        Option<bool>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
);

/// SQLite (the standalone deployment's small databases): keyset batches through diesel's owned
/// rows, so that no read transaction stays open for the whole export.
pub(super) fn sqlite_export(
    conn: &mut SqliteConnection,
    filter: &ExportFilter,
    output: &mut Output,
) -> Result<(), Stop> {
    let mut after: Option<String> = None;
    loop {
        let mut query = export_query!(filter).limit(BATCH);
        if let Some(after) = after.take() {
            query = query.filter(enrollments::id.gt(after));
        }
        let rows: Vec<SqliteRow> = query.load(conn)?;
        for (e, s, m) in &rows {
            output.row(&SourceRow {
                id: &e.0,
                scheme_id: &e.1,
                member_id: e.2.as_deref(),
                household_id: e.3.as_deref(),
                affiliation_number: e.4.as_deref(),
                status: &e.5,
                status_since: e.6,
                verified_at: e.7,
                updated_at: e.8,
                partner_id: e.9.as_deref(),
                scheme_name: &s.0,
                scheme_kind: &s.1,
                country: &s.2,
                consent: m.0,
                member_partner: m.1.as_deref(),
                given_names: m.2.as_deref(),
                family_names: m.3.as_deref(),
                id_type: m.4.as_deref(),
                id_number: m.5.as_deref(),
                id_country: m.6.as_deref(),
            })?;
        }
        output.send()?;
        match rows.last() {
            Some((last, _, _)) if rows.len() as i64 == BATCH => after = Some(last.0.clone()),
            _ => return Ok(()),
        }
    }
}
