//! The ministry export: every enrolment matching the filters, streamed as NDJSON or CSV in
//! keyset batches, so memory stays flat whatever the row count. Identifying fields (names,
//! national ID, member id, affiliation number) only for members whose consent to data sharing is
//! recorded; a stable pseudonym otherwise.

use actix_web::http::header::{ACCEPT, CONTENT_TYPE};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use diesel::deserialize::{self, FromSql};
use diesel::prelude::*;
use diesel::result::UnexpectedNullError;
use diesel::sql_types;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::EnrollmentsExport;
use formaliza_shared::context;
use formaliza_shared::db::{DbConnection, DbPool};
use formaliza_shared::extract::push_hex;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::privacy::{self, Privacy};
use formaliza_shared::{ApiError, Principal, audit};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::enrollments::model::EnrollmentStatus;
use crate::schema::{enrollments, rm_members, schemes};

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

/// One exported enrolment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExportedEnrollment {
    pub enrollment_id: String,
    pub scheme_id: String,
    pub scheme_name: String,
    /// `public_service` or `insurance`.
    pub scheme_kind: String,
    pub country: String,
    /// `true` when the member recorded consent to data sharing.
    pub consent: bool,
    /// The member id, with consent or for a token that may read the member; otherwise `null`.
    pub member_id: Option<String>,
    /// Stable pseudonym of the member (the same member always gets the same one), with or
    /// without consent; `null` for household enrolments.
    pub member_pseudonym: Option<String>,
    /// For household enrolments.
    pub household_id: Option<String>,
    /// Identifying fields: with consent, or for a token that may read the member.
    pub given_names: Option<String>,
    pub family_names: Option<String>,
    pub national_id_type: Option<String>,
    pub national_id_number: Option<String>,
    pub national_id_country: Option<String>,
    /// Like the identifying fields (and always for household enrolments): it often is a
    /// national ID number.
    pub affiliation_number: Option<String>,
    pub status: String,
    #[schema(value_type = String, format = Date)]
    pub status_since: NaiveDate,
    pub verified_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
struct ExportFilter {
    partner: Option<String>,
    country: Option<String>,
    scheme_id: Option<String>,
    status: Option<String>,
    updated_after: Option<NaiveDateTime>,
}

/// One enrolment as the database returns it: the enrolment, its scheme, and the member's
/// consent and identity from the read model (all `None` for household enrolments and for
/// members the read model does not know), borrowed from the driver's buffers.
#[derive(Debug, Clone, Copy)]
struct SourceRow<'a> {
    id: &'a str,
    scheme_id: &'a str,
    member_id: Option<&'a str>,
    household_id: Option<&'a str>,
    affiliation_number: Option<&'a str>,
    status: &'a str,
    status_since: NaiveDate,
    verified_at: Option<NaiveDateTime>,
    updated_at: NaiveDateTime,
    scheme_name: &'a str,
    scheme_kind: &'a str,
    country: &'a str,
    consent: Option<bool>,
    /// The member's partner, from the read model.
    member_partner: Option<&'a str>,
    /// The enrolment's partner (who stands for the member's when the read model has not seen
    /// the member yet).
    partner_id: Option<&'a str>,
    given_names: Option<&'a str>,
    family_names: Option<&'a str>,
    id_type: Option<&'a str>,
    id_number: Option<&'a str>,
    id_country: Option<&'a str>,
}

/// The export's statement: live enrolments in id order, with the scheme and the member's
/// identity joined in (as `\copy` of the same rows would read them). A macro because each
/// backend's loader needs it typed for its own connection.
macro_rules! export_query {
    ($filter:expr) => {{
        let filter: &ExportFilter = $filter;
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

/// Why the export stopped before its last row.
enum Stop {
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
struct Output {
    encoder: Encoder,
    queue: mpsc::Sender<Result<Bytes, ApiError>>,
}

impl Output {
    fn row(&mut self, row: &SourceRow<'_>) -> Result<(), Stop> {
        Ok(self.encoder.row(row)?)
    }

    /// Queues what is encoded so far (waiting while [`AHEAD`] batches are queued).
    fn send(&mut self) -> Result<(), Stop> {
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
fn pg_export(
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

/// The columns of [`SourceRow`], in the order [`export_query!`] selects them.
const COLUMNS: usize = 20;

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
fn sqlite_export(
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

/// A row as it leaves: what identifies the member only for callers the privacy rule lets
/// identify them (see [`formaliza_shared::privacy`]).
struct Exported<'a> {
    row: &'a SourceRow<'a>,
    consent: bool,
    member_id: Option<&'a str>,
    given_names: Option<&'a str>,
    family_names: Option<&'a str>,
    national_id_type: Option<&'a str>,
    national_id_number: Option<&'a str>,
    national_id_country: Option<&'a str>,
    affiliation_number: Option<&'a str>,
}

impl<'a> Exported<'a> {
    fn of(row: &'a SourceRow<'a>, viewer: &Principal) -> Self {
        let consent = row.consent == Some(true);
        // A member the read model has not seen: the enrolment's partner stands for theirs.
        let partner = match row.consent {
            Some(_) => row.member_partner,
            None => row.partner_id,
        };
        // A household's enrolment is about no one in particular.
        let identified =
            row.member_id.is_none() || privacy::may_identify_member(viewer, partner, consent);
        let identity = |field: Option<&'a str>| if identified { field } else { None };
        Self {
            row,
            consent,
            member_id: identity(row.member_id),
            given_names: identity(row.given_names),
            family_names: identity(row.family_names),
            national_id_type: identity(row.id_type),
            national_id_number: identity(row.id_number),
            national_id_country: identity(row.id_country),
            affiliation_number: identity(row.affiliation_number),
        }
    }
}

const CSV_HEADER: &[&str] = &[
    "enrollment_id",
    "scheme_id",
    "scheme_name",
    "scheme_kind",
    "country",
    "consent",
    "member_id",
    "member_pseudonym",
    "household_id",
    "given_names",
    "family_names",
    "national_id_type",
    "national_id_number",
    "national_id_country",
    "affiliation_number",
    "status",
    "status_since",
    "verified_at",
    "updated_at",
];

/// Where a batch is written.
enum Sink {
    Ndjson(Vec<u8>),
    Csv(Box<csv::Writer<Vec<u8>>>),
}

/// Encodes rows batch by batch. NDJSON is written field by field in [`ExportedEnrollment`]'s
/// shape and CSV through the `csv` crate; the unit tests hold both to what serde_json and the
/// `csv` crate make of an [`ExportedEnrollment`].
struct Encoder {
    sink: Sink,
    /// SHA-256 with `secret:` already absorbed; each pseudonym continues from a copy.
    pseudonyms: Sha256,
    /// Who the rows are for (the privacy rule's caller).
    viewer: Principal,
    /// Rows encoded so far, for the access record.
    rows: usize,
    /// Room for one CSV field at a time.
    scratch: Vec<u8>,
}

/// Bytes a batch's buffer starts with: about what one batch of rows takes.
const BATCH_BYTES: usize = BATCH as usize * 640;

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(BATCH_BYTES))
}

fn csv_failed(error: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("writing the CSV export failed: {error}"))
}

impl Encoder {
    fn new(format: ExportFormat, privacy: &Privacy, viewer: Principal) -> Result<Self, ApiError> {
        let sink = match format {
            ExportFormat::Ndjson => Sink::Ndjson(Vec::with_capacity(BATCH_BYTES)),
            ExportFormat::Csv => {
                let mut writer = csv_writer();
                writer.write_record(CSV_HEADER).map_err(csv_failed)?;
                Sink::Csv(Box::new(writer))
            }
        };
        Ok(Self {
            sink,
            pseudonyms: privacy.hasher(),
            viewer,
            rows: 0,
            scratch: Vec::with_capacity(64),
        })
    }

    /// The member's pseudonym (written as 64 hex digits).
    fn pseudonym(&self, member_id: &str) -> [u8; 32] {
        self.pseudonyms
            .clone()
            .chain_update(member_id)
            .finalize()
            .into()
    }

    fn row(&mut self, row: &SourceRow<'_>) -> Result<(), ApiError> {
        let out = Exported::of(row, &self.viewer);
        self.rows += 1;
        let pseudonym = row.member_id.map(|m| self.pseudonym(m));
        match &mut self.sink {
            Sink::Ndjson(buffer) => {
                write_ndjson(buffer, &out, pseudonym.as_ref());
                Ok(())
            }
            Sink::Csv(writer) => write_csv(writer, &mut self.scratch, &out, pseudonym.as_ref()),
        }
    }

    /// The batch written so far; the encoder starts the next one empty.
    fn take(&mut self) -> Result<Bytes, ApiError> {
        match &mut self.sink {
            Sink::Ndjson(buffer) => Ok(Bytes::from(std::mem::replace(
                buffer,
                Vec::with_capacity(BATCH_BYTES),
            ))),
            Sink::Csv(writer) => {
                let full = std::mem::replace(&mut **writer, csv_writer());
                Ok(Bytes::from(full.into_inner().map_err(csv_failed)?))
            }
        }
    }
}

/// A JSON string, escaped exactly as serde_json escapes it.
fn json_str(out: &mut Vec<u8>, value: &str) {
    use serde::Serializer as _;
    // Writing to a Vec cannot fail.
    let _ = serde_json::Serializer::new(out).serialize_str(value);
}

fn json_opt_str(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(value) => json_str(out, value),
        None => out.extend_from_slice(b"null"),
    }
}

fn write_ndjson(out: &mut Vec<u8>, e: &Exported<'_>, pseudonym: Option<&[u8; 32]>) {
    let r = e.row;
    out.extend_from_slice(b"{\"enrollment_id\":");
    json_str(out, r.id);
    out.extend_from_slice(b",\"scheme_id\":");
    json_str(out, r.scheme_id);
    out.extend_from_slice(b",\"scheme_name\":");
    json_str(out, r.scheme_name);
    out.extend_from_slice(b",\"scheme_kind\":");
    json_str(out, r.scheme_kind);
    out.extend_from_slice(b",\"country\":");
    json_str(out, r.country);
    out.extend_from_slice(if e.consent {
        b",\"consent\":true,\"member_id\":"
    } else {
        b",\"consent\":false,\"member_id\":"
    });
    json_opt_str(out, e.member_id);
    out.extend_from_slice(b",\"member_pseudonym\":");
    match pseudonym {
        Some(digest) => {
            out.push(b'"');
            push_hex(out, digest);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"household_id\":");
    json_opt_str(out, r.household_id);
    out.extend_from_slice(b",\"given_names\":");
    json_opt_str(out, e.given_names);
    out.extend_from_slice(b",\"family_names\":");
    json_opt_str(out, e.family_names);
    out.extend_from_slice(b",\"national_id_type\":");
    json_opt_str(out, e.national_id_type);
    out.extend_from_slice(b",\"national_id_number\":");
    json_opt_str(out, e.national_id_number);
    out.extend_from_slice(b",\"national_id_country\":");
    json_opt_str(out, e.national_id_country);
    out.extend_from_slice(b",\"affiliation_number\":");
    json_opt_str(out, e.affiliation_number);
    out.extend_from_slice(b",\"status\":");
    json_str(out, r.status);
    out.extend_from_slice(b",\"status_since\":\"");
    write_date(out, r.status_since);
    out.extend_from_slice(b"\",\"verified_at\":");
    match r.verified_at {
        Some(at) => {
            out.push(b'"');
            write_timestamp(out, at, Zone::Z);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"updated_at\":\"");
    write_timestamp(out, r.updated_at, Zone::Z);
    out.extend_from_slice(b"\"}\n");
}

fn write_csv(
    writer: &mut csv::Writer<Vec<u8>>,
    scratch: &mut Vec<u8>,
    e: &Exported<'_>,
    pseudonym: Option<&[u8; 32]>,
) -> Result<(), ApiError> {
    let r = e.row;
    fn text(value: Option<&str>) -> &str {
        value.unwrap_or_default()
    }
    for field in [
        r.id,
        r.scheme_id,
        r.scheme_name,
        r.scheme_kind,
        r.country,
        if e.consent { "true" } else { "false" },
        text(e.member_id),
    ] {
        writer.write_field(field).map_err(csv_failed)?;
    }
    scratch.clear();
    if let Some(digest) = pseudonym {
        push_hex(scratch, digest);
    }
    writer.write_field(&scratch).map_err(csv_failed)?;
    for field in [
        r.household_id,
        e.given_names,
        e.family_names,
        e.national_id_type,
        e.national_id_number,
        e.national_id_country,
        e.affiliation_number,
        Some(r.status),
    ] {
        writer.write_field(text(field)).map_err(csv_failed)?;
    }
    scratch.clear();
    write_date(scratch, r.status_since);
    writer.write_field(&scratch).map_err(csv_failed)?;
    scratch.clear();
    if let Some(at) = r.verified_at {
        write_timestamp(scratch, at, Zone::Offset);
    }
    writer.write_field(&scratch).map_err(csv_failed)?;
    scratch.clear();
    write_timestamp(scratch, r.updated_at, Zone::Offset);
    writer.write_field(&scratch).map_err(csv_failed)?;
    writer.write_record(None::<&[u8]>).map_err(csv_failed)
}

fn push_digits(out: &mut Vec<u8>, value: u32, digits: u32) {
    for place in (0..digits).rev() {
        out.push(b'0' + (value / 10u32.pow(place) % 10) as u8);
    }
}

/// `YYYY-MM-DD`, as chrono's `Display` writes it.
fn write_date(out: &mut Vec<u8>, date: NaiveDate) {
    match u32::try_from(date.year()) {
        Ok(year) if year <= 9999 => {
            push_digits(out, year, 4);
            out.push(b'-');
            push_digits(out, date.month(), 2);
            out.push(b'-');
            push_digits(out, date.day(), 2);
        }
        // Signed or five-digit years: chrono's own text.
        _ => out.extend_from_slice(date.to_string().as_bytes()),
    }
}

/// How a UTC instant ends: `Z` (serde's RFC 3339 for JSON) or `+00:00` (chrono's
/// `to_rfc3339`, for CSV).
#[derive(Clone, Copy)]
enum Zone {
    Z,
    Offset,
}

/// RFC 3339 with as many fractional digits as needed (none, 3, 6 or 9), as chrono writes a
/// `DateTime<Utc>`; chrono itself for what this fast path does not cover (years outside
/// 0–9999, leap seconds).
fn write_timestamp(out: &mut Vec<u8>, at: NaiveDateTime, zone: Zone) {
    let nanos = at.nanosecond();
    if !(0..=9999).contains(&at.year()) || nanos >= 1_000_000_000 {
        let at = at.and_utc();
        let text = match zone {
            Zone::Z => format!("{at:?}"),
            Zone::Offset => at.to_rfc3339(),
        };
        return out.extend_from_slice(text.as_bytes());
    }
    write_date(out, at.date());
    out.push(b'T');
    push_digits(out, at.hour(), 2);
    out.push(b':');
    push_digits(out, at.minute(), 2);
    out.push(b':');
    push_digits(out, at.second(), 2);
    if nanos != 0 {
        out.push(b'.');
        if nanos.is_multiple_of(1_000_000) {
            push_digits(out, nanos / 1_000_000, 3);
        } else if nanos.is_multiple_of(1_000) {
            push_digits(out, nanos / 1_000, 6);
        } else {
            push_digits(out, nanos, 9);
        }
    }
    out.extend_from_slice(match zone {
        Zone::Z => b"Z",
        Zone::Offset => b"+00:00",
    });
}

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

/// How long an export waits for its first rows before it answers 200 without them: long
/// enough for a statement that fails to fail first, well inside the gateway's wait for a
/// response head (`FORMALIZA_UPSTREAM_TIMEOUT_MS`, 30 s by default), which a very large export
/// would otherwise spend in PostgreSQL's sort.
const FIRST_BATCH_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Encoded batches queued ahead of the client: the next batch is read while this one travels.
const AHEAD: usize = 2;

/// Reads and encodes the export on one blocking thread and one connection, queueing encoded
/// batches for the response, until the rows run out, the client goes away (the queue is
/// closed) or the database fails (the error is queued last).
fn produce(
    pool: DbPool,
    filter: ExportFilter,
    privacy: Privacy,
    viewer: Principal,
    format: ExportFormat,
    queue: mpsc::Sender<Result<Bytes, ApiError>>,
) {
    let started = pool
        .get()
        .map_err(ApiError::from)
        .and_then(|connection| Ok((connection, Encoder::new(format, &privacy, viewer.clone())?)));
    let (mut connection, encoder) = match started {
        Ok(started) => started,
        Err(error) => {
            let _ = queue.blocking_send(Err(error));
            return;
        }
    };
    let mut output = Output { encoder, queue };
    let done = match &mut *connection {
        DbConnection::Pg(conn) => pg_export(conn, &filter, &mut output),
        DbConnection::Sqlite(conn) => sqlite_export(conn, &filter, &mut output),
    };
    // Every export leaves an access record, with the rows it read (a client that went away
    // half-way read fewer).
    if let Err(error) = audit::record_export(&mut connection, &viewer, output.encoder.rows) {
        log::error!("the export's access record could not be written: {error}");
    }
    if let Err(Stop::Failed(error)) = done {
        let _ = output.queue.blocking_send(Err(error));
    }
}

/// The response body from the producer's queue. The first batch decides the status: a database
/// that fails before any row is sent gets its problem answer, not a 200 cut short. Unless no
/// batch has come within `wait` (PostgreSQL still sorting a large export): then the status goes,
/// the rows follow, and a later failure can only cut the stream short.
async fn answer_stream(
    mut batches: mpsc::Receiver<Result<Bytes, ApiError>>,
    wait: std::time::Duration,
) -> Result<impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>>, ApiError> {
    let first = match actix_web::rt::time::timeout(wait, batches.recv()).await {
        Ok(first) => Some(
            first
                .ok_or_else(|| ApiError::internal("the export stopped before its first batch"))??,
        ),
        Err(_) => None,
    };
    let rest = futures_util::stream::unfold(batches, |mut batches| async move {
        let next = batches.recv().await?;
        if let Err(error) = &next {
            // Headers are gone: all we can do is cut the stream short, visibly.
            log::error!("enrolment export failed mid-stream: {error}");
        }
        Some((next.map_err(actix_web::Error::from), batches))
    });
    Ok(futures_util::stream::iter(first.map(Ok)).chain(rest))
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;
    use proptest::prelude::*;

    /// A row with owned fields, for proptest to generate.
    #[derive(Debug, Clone)]
    struct Owned {
        text: [String; 6],
        optional: [Option<String>; 9],
        status_since: NaiveDate,
        verified_at: Option<NaiveDateTime>,
        updated_at: NaiveDateTime,
        consent: Option<bool>,
    }

    impl Owned {
        fn borrow(&self) -> SourceRow<'_> {
            let [id, scheme_id, status, scheme_name, scheme_kind, country] = &self.text;
            let o = |i: usize| self.optional[i].as_deref();
            SourceRow {
                id,
                scheme_id,
                member_id: o(0),
                household_id: o(1),
                affiliation_number: o(2),
                status,
                status_since: self.status_since,
                verified_at: self.verified_at,
                updated_at: self.updated_at,
                scheme_name,
                scheme_kind,
                country,
                consent: self.consent,
                member_partner: o(8),
                partner_id: None,
                given_names: o(3),
                family_names: o(4),
                id_type: o(5),
                id_number: o(6),
                id_country: o(7),
            }
        }
    }

    /// What the export wrote before it encoded by hand: an `ExportedEnrollment`, with the same
    /// consent rules, for serde_json and the `csv` crate to write.
    fn reference(row: &SourceRow<'_>, secret: &str) -> ExportedEnrollment {
        let consent = row.consent == Some(true);
        // The ministry's token: no `members:read`, so consent alone identifies.
        let identifying = consent || row.member_id.is_none();
        let identity = |field: Option<&str>| {
            if identifying {
                field.map(str::to_owned)
            } else {
                None
            }
        };
        ExportedEnrollment {
            enrollment_id: row.id.to_owned(),
            scheme_id: row.scheme_id.to_owned(),
            scheme_name: row.scheme_name.to_owned(),
            scheme_kind: row.scheme_kind.to_owned(),
            country: row.country.to_owned(),
            consent,
            member_pseudonym: row.member_id.map(|m| {
                let digest = Sha256::digest(format!("{secret}:{m}"));
                formaliza_shared::extract::hex(&digest)
            }),
            member_id: identity(row.member_id),
            household_id: row.household_id.map(str::to_owned),
            given_names: identity(row.given_names),
            family_names: identity(row.family_names),
            national_id_type: identity(row.id_type),
            national_id_number: identity(row.id_number),
            national_id_country: identity(row.id_country),
            affiliation_number: identity(row.affiliation_number),
            status: row.status.to_owned(),
            status_since: row.status_since,
            verified_at: row.verified_at.map(|t| t.and_utc()),
            updated_at: row.updated_at.and_utc(),
        }
    }

    fn reference_csv(rows: &[ExportedEnrollment]) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(CSV_HEADER).unwrap();
        for r in rows {
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            writer
                .write_record([
                    r.enrollment_id.clone(),
                    r.scheme_id.clone(),
                    r.scheme_name.clone(),
                    r.scheme_kind.clone(),
                    r.country.clone(),
                    r.consent.to_string(),
                    opt(&r.member_id),
                    opt(&r.member_pseudonym),
                    opt(&r.household_id),
                    opt(&r.given_names),
                    opt(&r.family_names),
                    opt(&r.national_id_type),
                    opt(&r.national_id_number),
                    opt(&r.national_id_country),
                    opt(&r.affiliation_number),
                    r.status.clone(),
                    r.status_since.to_string(),
                    r.verified_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                    r.updated_at.to_rfc3339(),
                ])
                .unwrap();
        }
        writer.into_inner().unwrap()
    }

    /// The ministry's export token: it may not read members.
    fn ministry() -> Principal {
        Principal {
            sub: "ministry".into(),
            scopes: vec![formaliza_shared::Scope::EnrollmentsExport],
            partner_id: None,
            token: "".into(),
        }
    }

    fn encoded(format: ExportFormat, rows: &[Owned], secret: &str) -> Vec<u8> {
        let mut encoder = Encoder::new(format, &Privacy::new(secret), ministry()).unwrap();
        for row in rows {
            encoder.row(&row.borrow()).unwrap();
        }
        encoder.take().unwrap().to_vec()
    }

    fn date() -> impl Strategy<Value = NaiveDate> {
        // Mostly this era; sometimes any year chrono has, signs and five digits included.
        prop_oneof![
            4 => (1900i32..2100, 1u32..=366).prop_filter_map("a day of that year", |(y, d)| {
                NaiveDate::from_yo_opt(y, d)
            }),
            1 => (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
                .prop_filter_map("a day", NaiveDate::from_num_days_from_ce_opt),
        ]
    }

    fn timestamp() -> impl Strategy<Value = NaiveDateTime> {
        let nanos = prop_oneof![
            Just(0u32),
            (0u32..1000).prop_map(|ms| ms * 1_000_000),
            (0u32..1_000_000).prop_map(|us| us * 1000),
            0u32..1_000_000_000,
            // A leap second, which chrono writes as second 60.
            1_000_000_000u32..2_000_000_000,
        ];
        (date(), 0u32..86_400, nanos).prop_filter_map("a valid time", |(d, s, n)| {
            NaiveTime::from_num_seconds_from_midnight_opt(s, n).map(|t| d.and_time(t))
        })
    }

    fn text() -> impl Strategy<Value = String> {
        // Plain ids and names, and anything at all: quotes, backslashes, control characters,
        // commas and line breaks for CSV, characters outside the BMP.
        prop_oneof!["[0-9a-f-]{36}", "[A-Za-zÁÉÍÓÚñÑ '-]{0,30}", any::<String>()]
    }

    fn row() -> impl Strategy<Value = Owned> {
        (
            proptest::array::uniform6(text()),
            proptest::array::uniform9(proptest::option::of(text())),
            date(),
            proptest::option::of(timestamp()),
            timestamp(),
            proptest::option::of(any::<bool>()),
        )
            .prop_map(
                |(text, optional, status_since, verified_at, updated_at, consent)| Owned {
                    text,
                    optional,
                    status_since,
                    verified_at,
                    updated_at,
                    consent,
                },
            )
    }

    proptest! {
        #[test]
        fn ndjson_is_what_serde_json_writes(rows in proptest::collection::vec(row(), 0..8), secret in "\\PC{0,80}") {
            let mut expected = Vec::new();
            for row in &rows {
                serde_json::to_writer(&mut expected, &reference(&row.borrow(), &secret)).unwrap();
                expected.push(b'\n');
            }
            let written = encoded(ExportFormat::Ndjson, &rows, &secret);
            prop_assert_eq!(String::from_utf8_lossy(&written), String::from_utf8_lossy(&expected));
        }

        #[test]
        fn csv_is_what_the_csv_crate_writes(rows in proptest::collection::vec(row(), 0..8), secret in "\\PC{0,80}") {
            let exported: Vec<_> = rows.iter().map(|r| reference(&r.borrow(), &secret)).collect();
            let written = encoded(ExportFormat::Csv, &rows, &secret);
            let expected = reference_csv(&exported);
            prop_assert_eq!(String::from_utf8_lossy(&written), String::from_utf8_lossy(&expected));
        }
    }

    async fn body(
        stream: impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>>,
    ) -> Vec<Result<Bytes, String>> {
        stream
            .map(|item| item.map_err(|e| e.to_string()))
            .collect()
            .await
    }

    #[actix_web::test]
    async fn a_failure_before_the_first_rows_is_the_answer() {
        let (queue, batches) = mpsc::channel(AHEAD);
        queue
            .send(Err(ApiError::unavailable("database down")))
            .await
            .unwrap();
        let answer = answer_stream(batches, std::time::Duration::from_secs(5)).await;
        let Err(problem) = answer else {
            panic!("a 200 for an export that failed before its first row");
        };
        assert_eq!(problem.status().as_u16(), 503);
    }

    #[actix_web::test]
    async fn rows_slower_than_the_wait_follow_the_status() {
        let (queue, batches) = mpsc::channel(AHEAD);
        // No rows yet, as while PostgreSQL sorts a large export: the status must not wait.
        let answer = actix_web::rt::time::timeout(
            std::time::Duration::from_secs(10),
            answer_stream(batches, std::time::Duration::from_millis(20)),
        )
        .await;
        let Ok(Ok(stream)) = answer else {
            panic!("the status waited for the first rows");
        };
        for batch in ["a\n", "b\n"] {
            queue.send(Ok(Bytes::from(batch))).await.unwrap();
        }
        drop(queue);
        let rows = body(stream).await;
        assert_eq!(rows, vec![Ok(Bytes::from("a\n")), Ok(Bytes::from("b\n"))]);
    }

    #[actix_web::test]
    async fn a_failure_after_the_status_cuts_the_stream() {
        let (queue, batches) = mpsc::channel(AHEAD);
        queue.send(Ok(Bytes::from("a\n"))).await.unwrap();
        queue
            .send(Err(ApiError::internal("connection lost")))
            .await
            .unwrap();
        drop(queue);
        let stream = answer_stream(batches, std::time::Duration::from_secs(5))
            .await
            .unwrap();
        let rows = body(stream).await;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], Ok(Bytes::from("a\n")));
        assert!(rows[1].is_err(), "the failure must end the body visibly");
    }

    #[test]
    fn without_consent_only_the_pseudonym_leaves() {
        let at = NaiveDate::from_ymd_opt(2025, 3, 1)
            .unwrap()
            .and_hms_micro_opt(8, 30, 0, 120)
            .unwrap();
        let mut row = Owned {
            text: ["e1", "s1", "active", "SIS", "insurance", "PE"].map(str::to_owned),
            optional: [
                Some("m1"),
                None,
                Some("AF-1"),
                Some("Luis"),
                Some("Quispe"),
                Some("dni"),
                Some("12345678"),
                Some("PE"),
                None,
            ]
            .map(|v| v.map(str::to_owned)),
            status_since: at.date(),
            verified_at: None,
            updated_at: at,
            consent: Some(false),
        };
        let line = encoded(ExportFormat::Ndjson, std::slice::from_ref(&row), "s");
        let value: serde_json::Value = serde_json::from_slice(&line).unwrap();
        let pseudonym = formaliza_shared::extract::hex(&Sha256::digest(b"s:m1"));
        assert_eq!(value["member_pseudonym"], pseudonym.as_str());
        for field in [
            "member_id",
            "given_names",
            "family_names",
            "national_id_type",
            "national_id_number",
            "national_id_country",
            "affiliation_number",
        ] {
            assert_eq!(
                value[field],
                serde_json::Value::Null,
                "{field} left without consent"
            );
        }
        assert_eq!(value["updated_at"], "2025-03-01T08:30:00.000120Z");

        row.consent = Some(true);
        let line = encoded(ExportFormat::Ndjson, std::slice::from_ref(&row), "s");
        let value: serde_json::Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(value["national_id_number"], "12345678");
        assert_eq!(value["affiliation_number"], "AF-1");
        assert_eq!(value["member_pseudonym"], pseudonym.as_str());
    }
}
