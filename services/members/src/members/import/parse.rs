//! From the body to rows: the CSV (spreadsheet) or NDJSON (KoboToolbox) file parsed into one
//! record per row with its line number, then each record validated as a member.

use actix_web::HttpRequest;
use actix_web::http::StatusCode;

use formaliza_shared::extract;
use formaliza_shared::imports::source;
use formaliza_shared::{ApiError, FieldError};

use crate::members::db as members_db;
use crate::members::model::{MemberInput, ValidMember};

/// Most rows one request may carry.
pub const MAX_ROWS: usize = 100_000;

/// CSV columns, in the order a template spreadsheet has them.
pub const CSV_COLUMNS: &[&str] = &[
    "given_names",
    "family_names",
    "sex",
    "birth_date",
    "id_type",
    "id_number",
    "id_country",
    "id_complement",
    "id_issued_in",
    "phone",
    "sector",
    "work_status",
    "country",
    "region",
    "district",
    "household_id",
    "relationship_to_head",
    "data_sharing_consent",
    "organisation_id",
    "role",
];

/// One parsed row: the member, and optionally the organisation it joins.
pub(in crate::members) struct ImportRecord {
    member: MemberInput,
    organisation_id: Option<String>,
    role: Option<String>,
}

pub(in crate::members) type ParsedRow = (u64, Result<ImportRecord, Vec<FieldError>>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Csv,
    Ndjson,
}

impl Format {
    pub(super) fn of(req: &HttpRequest) -> Result<Self, ApiError> {
        match extract::media_type(req).as_deref() {
            Some("text/csv") => Ok(Format::Csv),
            Some(
                "application/x-ndjson"
                | "application/ndjson"
                | "application/jsonl"
                | "application/x-jsonlines",
            ) => Ok(Format::Ndjson),
            other => Err(ApiError::unsupported_media_type(format!(
                "send text/csv or application/x-ndjson, not {}",
                other.unwrap_or("a body without Content-Type")
            ))),
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }
}

/// Parses a yes/no cell as a spreadsheet would hold it.
fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "si" | "sí" | "s" | "x" => Some(true),
        "false" | "no" | "n" | "0" | "" => Some(false),
        _ => None,
    }
}

/// CSV column a JSON path came from, so a spreadsheet user sees their own column names.
pub(super) fn csv_column(path: &str) -> String {
    match path {
        "national_id.type" => "id_type".into(),
        "national_id.number" => "id_number".into(),
        "national_id.country" => "id_country".into(),
        "national_id.complement" => "id_complement".into(),
        "national_id.issued_in" => "id_issued_in".into(),
        other => other.into(),
    }
}

/// Turns one JSON object into a record (NDJSON lines, and CSV rows after conversion).
fn record_from_json(
    mut object: serde_json::Map<String, serde_json::Value>,
) -> Result<ImportRecord, Vec<FieldError>> {
    let take_text =
        |object: &mut serde_json::Map<String, serde_json::Value>, key: &str| match object
            .remove(key)
        {
            Some(serde_json::Value::String(text)) if !text.trim().is_empty() => Ok(Some(text)),
            None | Some(serde_json::Value::Null) | Some(serde_json::Value::String(_)) => Ok(None),
            Some(_) => Err(FieldError::new(key, "invalid_type", "must be a string")),
        };
    let organisation_id = take_text(&mut object, "organisation_id").map_err(|e| vec![e])?;
    let role = take_text(&mut object, "role").map_err(|e| vec![e])?;
    let member = formaliza_shared::patch::parse::<MemberInput>(serde_json::Value::Object(object))
        .map_err(|error| error.field_errors().to_vec())?;
    Ok(ImportRecord {
        member,
        organisation_id,
        role,
    })
}

/// The CSV rows (header row first), each with its line number.
/// The separator (`,` or `;`) and the encoding (UTF-8 or Latin-1) are read as import jobs read
/// them ([`formaliza_shared::imports::source`]).
pub(super) fn parse_csv(body: &[u8]) -> Result<Vec<ParsedRow>, ApiError> {
    let text = source::decode_text(body);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(source::sniff_delimiter(text.as_bytes()))
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::bad_request(format!("cannot read the CSV header row: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let unknown: Vec<FieldError> = headers
        .iter()
        .filter(|h| !CSV_COLUMNS.contains(&h.as_str()))
        .map(|h| {
            FieldError::new(
                h.clone(),
                "unknown_column",
                format!(
                    "unknown column; the columns are: {}",
                    CSV_COLUMNS.join(", ")
                ),
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::validation(unknown));
    }
    for required in ["given_names", "family_names", "country"] {
        if !headers.iter().any(|h| h == required) {
            return Err(ApiError::validation(vec![FieldError::new(
                required,
                "missing_column",
                "this column is required",
            )]));
        }
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        let fallback_line = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(2);
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(fallback_line, |p| p.line());
                rows.push((
                    line,
                    Err(vec![FieldError::new(
                        "row",
                        "malformed_csv",
                        error.to_string(),
                    )]),
                ));
                continue;
            }
        };
        let line = record.position().map_or(fallback_line, |p| p.line());
        rows.push((
            line,
            record_from_cells(headers.iter().map(String::as_str).zip(record.iter())),
        ));
    }
    Ok(rows)
}

/// A row from its cells under the CSV column names (a CSV row, or a job's row whose columns
/// were mapped onto them).
pub(in crate::members) fn record_from_cells<'a>(
    cells: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<ImportRecord, Vec<FieldError>> {
    let mut object = serde_json::Map::new();
    let mut national_id = serde_json::Map::new();
    let mut errors = Vec::new();
    for (header, value) in cells {
        if value.is_empty() {
            continue;
        }
        match header {
            "data_sharing_consent" => match parse_bool(value) {
                Some(consent) => {
                    object.insert(header.to_owned(), consent.into());
                }
                None => errors.push(FieldError::new(
                    header,
                    "invalid_format",
                    "write yes or no (or true/false, 1/0, sí/no)",
                )),
            },
            column if column.starts_with("id_") => {
                let key = match column {
                    "id_type" => "type",
                    "id_number" => "number",
                    "id_country" => "country",
                    "id_complement" => "complement",
                    _ => "issued_in",
                };
                national_id.insert(key.into(), value.into());
            }
            _ => {
                object.insert(header.to_owned(), value.into());
            }
        }
    }
    if !national_id.is_empty() {
        object.insert("national_id".into(), national_id.into());
    }
    object.entry("given_names").or_insert_with(|| "".into());
    object.entry("family_names").or_insert_with(|| "".into());
    object.entry("country").or_insert_with(|| "".into());
    match record_from_json(object) {
        Ok(record) if errors.is_empty() => Ok(record),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// The NDJSON lines, each with its line number; blank lines skipped.
pub(super) fn parse_ndjson(body: &[u8]) -> Result<Vec<ParsedRow>, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not UTF-8 text: {e}")))?;
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        let number = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1);
        let parsed = match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(object)) => record_from_json(object),
            Ok(_) => Err(vec![FieldError::new(
                "row",
                "invalid_type",
                "each line must be a JSON object",
            )]),
            Err(error) => Err(vec![FieldError::new(
                "row",
                "malformed_json",
                error.to_string(),
            )]),
        };
        rows.push((number, parsed));
    }
    Ok(rows)
}

fn too_many_rows() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-many-rows",
        "Too many rows",
        format!("an import takes at most {MAX_ROWS} rows; split the file"),
    )
}

/// A row validated and ready to plan, or its errors.
pub(super) enum Prepared {
    Ready {
        member: Box<ValidMember>,
        organisation_id: Option<String>,
        role: Option<String>,
    },
    Failed(Vec<FieldError>),
}

/// Validates a parsed row as the single-member write does.
pub(super) fn prepare(parsed: Result<ImportRecord, Vec<FieldError>>) -> Prepared {
    match parsed {
        Err(errors) => Prepared::Failed(errors),
        Ok(record) => match members_db::validate(record.member) {
            Ok(member) => Prepared::Ready {
                member: Box::new(member),
                organisation_id: record.organisation_id,
                role: record.role,
            },
            Err(error) => Prepared::Failed(error.field_errors().to_vec()),
        },
    }
}
