//! The ministry export: every enrolment matching the filters, streamed as NDJSON or CSV in
//! keyset batches, so memory stays flat whatever the row count. Identifying fields (names,
//! national ID, member id, affiliation number) only for members whose consent to data sharing is
//! recorded; a stable pseudonym otherwise.

use std::collections::HashMap;

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
use formaliza_shared::db::{self, DbConnection, DbPool};
use formaliza_shared::extract::hex;
use formaliza_shared::openapi::ListErrors;
use sha2::{Digest, Sha256};

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

type EnrollmentJoin = (
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
);

type MemberIdentity = (
    String,
    bool,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// One batch after `after` (by id), already turned into export rows.
fn batch(
    conn: &mut DbConnection,
    filter: &ExportFilter,
    settings: &ExportSettings,
    after: Option<&str>,
) -> Result<Vec<ExportedEnrollment>, ApiError> {
    let mut query = enrollments::table
        .inner_join(schemes::table)
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
    let rows: Vec<EnrollmentJoin> = query.load(conn)?;
    let member_ids: Vec<&str> = rows.iter().filter_map(|r| r.0.2.as_deref()).collect();
    let identities: Vec<MemberIdentity> = rm_members::table
        .filter(rm_members::id.eq_any(&member_ids))
        .select((
            rm_members::id,
            rm_members::data_sharing_consent,
            rm_members::given_names,
            rm_members::family_names,
            rm_members::id_type,
            rm_members::id_number,
            rm_members::id_country,
        ))
        .load(conn)?;
    let identities: HashMap<String, MemberIdentity> = identities
        .into_iter()
        .filter(|m| m.1)
        .map(|m| (m.0.clone(), m))
        .collect();
    Ok(rows
        .into_iter()
        .map(|(e, (scheme_name, scheme_kind, country))| {
            let identity = e.2.as_deref().and_then(|m| identities.get(m));
            let consent = identity.is_some();
            let identifying = consent || e.2.is_none();
            ExportedEnrollment {
                enrollment_id: e.0,
                scheme_id: e.1,
                scheme_name,
                scheme_kind,
                country,
                consent,
                member_id: if consent { e.2.clone() } else { None },
                member_pseudonym: e.2.as_deref().map(|m| settings.pseudonym(m)),
                household_id: e.3,
                given_names: identity.map(|i| i.2.clone()),
                family_names: identity.map(|i| i.3.clone()),
                national_id_type: identity.and_then(|i| i.4.clone()),
                national_id_number: identity.and_then(|i| i.5.clone()),
                national_id_country: identity.and_then(|i| i.6.clone()),
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

struct Cursor {
    pool: DbPool,
    filter: ExportFilter,
    settings: ExportSettings,
    format: ExportFormat,
    after: Option<String>,
    first: bool,
    done: bool,
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
    let cursor = Cursor {
        pool: pool.get_ref().clone(),
        filter: ExportFilter {
            partner: principal.partner_id.clone(),
            country: params.country,
            scheme_id: params.scheme_id,
            status: params.status.map(|s| s.as_str().to_owned()),
            updated_after: params.updated_after.map(|t| t.naive_utc()),
        },
        settings: settings.get_ref().clone(),
        format,
        after: None,
        first: true,
        done: false,
    };
    let stream = futures_util::stream::unfold(cursor, |mut cursor| async move {
        if cursor.done {
            return None;
        }
        let (filter, settings, after) = (
            cursor.filter.clone(),
            cursor.settings.clone(),
            cursor.after.clone(),
        );
        let result = db::run(&cursor.pool, move |conn| {
            batch(conn, &filter, &settings, after.as_deref())
        })
        .await
        .and_then(|rows| {
            cursor.done = (rows.len() as i64) < BATCH;
            cursor.after = rows.last().map(|r| r.enrollment_id.clone());
            encode(cursor.format, &rows, cursor.first)
        });
        cursor.first = false;
        match result {
            Ok(bytes) => Some((Ok::<_, actix_web::Error>(bytes), cursor)),
            Err(error) => {
                // Headers are gone: all we can do is cut the stream short, visibly.
                log::error!("enrolment export failed mid-stream: {error}");
                cursor.done = true;
                Some((Err(error.into()), cursor))
            }
        }
    });
    let content_type = match format {
        ExportFormat::Ndjson => "application/x-ndjson",
        ExportFormat::Csv => "text/csv; charset=utf-8",
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, content_type))
        .streaming(stream))
}
