//! The ministry export: every enrolment matching the filters, streamed as NDJSON or CSV in
//! keyset batches, so memory stays flat whatever the row count. Identifying fields (names,
//! national ID, member id, affiliation number) only for members whose consent to data sharing is
//! recorded; a stable pseudonym otherwise.

use actix_web::http::header::{ACCEPT, CONTENT_TYPE};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::EnrollmentsExport;
use formaliza_shared::context;
use formaliza_shared::db::{DbConnection, DbPool};
use formaliza_shared::extract::hex;
use formaliza_shared::openapi::ListErrors;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::enrollments::model::EnrollmentStatus;
use crate::schema::{enrollments, rm_members, schemes};

/// Rows fetched per database round trip.
pub const BATCH: i64 = 1000;

/// Environment variable holding the pseudonym secret.
pub const PSEUDONYM_SECRET_VAR: &str = "FORMALIZA_PSEUDONYM_SECRET";

/// Export settings, read once at start-up.
#[derive(Clone)]
pub struct ExportSettings {
    /// Mixed into pseudonyms so that they cannot be recomputed from member ids by someone
    /// without it. Keep it stable: changing it changes every pseudonym.
    pub pseudonym_secret: String,
}

impl std::fmt::Debug for ExportSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExportSettings { pseudonym_secret: … }")
    }
}

impl ExportSettings {
    /// `FORMALIZA_PSEUDONYM_SECRET`; a development default (logged as a warning) when unset.
    pub fn from_env() -> Self {
        let pseudonym_secret =
            formaliza_shared::config::var(PSEUDONYM_SECRET_VAR).unwrap_or_else(|| {
                log::warn!(
                    "{PSEUDONYM_SECRET_VAR} is not set: export pseudonyms use a development secret"
                );
                "formaliza-development-pseudonym-secret".to_owned()
            });
        Self { pseudonym_secret }
    }

    /// The member's stable pseudonym: hex SHA-256 of the secret and the member id.
    pub fn pseudonym(&self, member_id: &str) -> String {
        // SHA-256 of `secret:member_id`, without building that string for every row.
        let mut hasher = Sha256::new();
        hasher.update(self.pseudonym_secret.as_bytes());
        hasher.update(b":");
        hasher.update(member_id.as_bytes());
        hex(&hasher.finalize())
    }
}

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
    /// `true` when the member recorded consent to data sharing (identifying fields are filled).
    pub consent: bool,
    /// The member id with consent; otherwise `null`.
    pub member_id: Option<String>,
    /// Stable pseudonym of the member (the same member always gets the same one), with or
    /// without consent; `null` for household enrolments.
    pub member_pseudonym: Option<String>,
    /// For household enrolments.
    pub household_id: Option<String>,
    /// Identifying fields: with consent only.
    pub given_names: Option<String>,
    pub family_names: Option<String>,
    pub national_id_type: Option<String>,
    pub national_id_number: Option<String>,
    pub national_id_country: Option<String>,
    /// With consent (or for household enrolments) only: it often is a national ID number.
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

/// An enrolment, its scheme, and the member's consent and identity from the read model (all
/// `None` for household enrolments and for members the read model does not know).
type ExportRow = (
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
    ),
    (String, String, String),
    (
        Option<bool>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ),
);

/// One batch after `after` (by id), already turned into export rows: one statement, the
/// member's identity joined in (as `\copy` of the same rows would).
fn batch(
    conn: &mut DbConnection,
    filter: &ExportFilter,
    settings: &ExportSettings,
    after: Option<&str>,
) -> Result<Vec<ExportedEnrollment>, ApiError> {
    let mut query = enrollments::table
        .inner_join(schemes::table)
        .left_join(rm_members::table.on(rm_members::id.nullable().eq(enrollments::member_id)))
        .filter(enrollments::deleted_at.is_null())
        .order(enrollments::id.asc())
        .limit(BATCH)
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
            ),
            (schemes::name, schemes::kind, schemes::country),
            (
                rm_members::data_sharing_consent.nullable(),
                rm_members::given_names.nullable(),
                rm_members::family_names.nullable(),
                rm_members::id_type.nullable(),
                rm_members::id_number.nullable(),
                rm_members::id_country.nullable(),
            ),
        ))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(enrollments::id.gt(after.to_owned()));
    }
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
    let rows: Vec<ExportRow> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(e, (scheme_name, scheme_kind, country), member)| {
            let consent = member.0 == Some(true);
            // Without recorded consent, nothing that identifies the member leaves.
            let identity = |field: Option<String>| if consent { field } else { None };
            let identifying = consent || e.2.is_none();
            ExportedEnrollment {
                enrollment_id: e.0,
                scheme_id: e.1,
                scheme_name,
                scheme_kind,
                country,
                consent,
                member_pseudonym: e.2.as_deref().map(|m| settings.pseudonym(m)),
                member_id: identity(e.2),
                household_id: e.3,
                given_names: identity(member.1),
                family_names: identity(member.2),
                national_id_type: identity(member.3),
                national_id_number: identity(member.4),
                national_id_country: identity(member.5),
                affiliation_number: if identifying { e.4 } else { None },
                status: e.5,
                status_since: e.6,
                verified_at: e.7.map(|t| t.and_utc()),
                updated_at: e.8.and_utc(),
            }
        })
        .collect())
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

fn encode(
    format: ExportFormat,
    rows: &[ExportedEnrollment],
    header: bool,
) -> Result<Bytes, ApiError> {
    let mut out = Vec::with_capacity(rows.len() * 256);
    match format {
        ExportFormat::Ndjson => {
            for row in rows {
                serde_json::to_writer(&mut out, row)?;
                out.push(b'\n');
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut out);
            let fail = |e: csv::Error| ApiError::internal(e.to_string());
            if header {
                writer.write_record(CSV_HEADER).map_err(fail)?;
            }
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
                    .map_err(fail)?;
            }
            writer
                .flush()
                .map_err(|e| ApiError::internal(e.to_string()))?;
        }
    }
    Ok(Bytes::from(out))
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

/// Encoded batches queued ahead of the client: the next batch is read while this one travels.
const AHEAD: usize = 2;

/// Reads the export batch after batch on one blocking thread and one connection, encoding each
/// and queueing it for the response, until the rows run out, the client goes away (the queue
/// is closed) or the database fails (the error is queued last).
fn produce(
    pool: DbPool,
    filter: ExportFilter,
    settings: ExportSettings,
    format: ExportFormat,
    queue: mpsc::Sender<Result<Bytes, ApiError>>,
) {
    let mut connection = match pool.get() {
        Ok(connection) => connection,
        Err(error) => {
            let _ = queue.blocking_send(Err(error.into()));
            return;
        }
    };
    let mut after: Option<String> = None;
    let mut first = true;
    loop {
        let encoded =
            batch(&mut connection, &filter, &settings, after.as_deref()).and_then(|rows| {
                let done = (rows.len() as i64) < BATCH;
                after = rows.last().map(|r| r.enrollment_id.clone());
                encode(format, &rows, first).map(|bytes| (bytes, done))
            });
        first = false;
        let (message, done) = match encoded {
            Ok((bytes, done)) => (Ok(bytes), done),
            Err(error) => (Err(error), true),
        };
        if queue.blocking_send(message).is_err() || done {
            return;
        }
    }
}
/// Export enrolments (ministry pull).
///
/// Streams every live enrolment matching the filters (chunked transfer, in id order), as NDJSON
/// or CSV (`format=` or `Accept`). Names, national ID, member id and affiliation number appear
/// only for members whose consent to data sharing is recorded; every member enrolment carries a
/// stable pseudonym, the same across exports, so records can be followed without identifying
/// anyone. Pull incrementally with `updated_after`; deletions are in the feed
/// `GET /v1/feeds/social-protection`. A partner-scoped token exports only its own enrolments.
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
    settings: web::Data<ExportSettings>,
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
    let (queue, mut batches) = mpsc::channel(AHEAD);
    let (pool, settings) = (pool.get_ref().clone(), settings.get_ref().clone());
    let request = context::current();
    // The export's connection is taken in turn with every other request's (see `DbPool`).
    let permit = pool.permit().await?;
    actix_web::rt::task::spawn_blocking(move || {
        let _turn = permit;
        context::with_thread_context(request, || produce(pool, filter, settings, format, queue))
    });
    // The first batch decides the status: a database that fails before any row is sent gets
    // its problem answer, not a 200 cut short.
    let first = batches
        .recv()
        .await
        .ok_or_else(|| ApiError::internal("the export stopped before its first batch"))??;
    let rest = futures_util::stream::unfold(batches, |mut batches| async move {
        let next = batches.recv().await?;
        if let Err(error) = &next {
            // Headers are gone: all we can do is cut the stream short, visibly.
            log::error!("enrolment export failed mid-stream: {error}");
        }
        Some((next.map_err(actix_web::Error::from), batches))
    });
    let stream = futures_util::stream::once(async move { Ok(first) }).chain(rest);
    let content_type = match format {
        ExportFormat::Ndjson => "application/x-ndjson",
        ExportFormat::Csv => "text/csv; charset=utf-8",
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, content_type))
        .streaming(stream))
}
