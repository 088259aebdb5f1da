//! The encoders: NDJSON and CSV written by hand, batch by batch, each held by a unit test to
//! what serde_json and the `csv` crate write.

use actix_web::web::Bytes;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use sha2::{Digest, Sha256};

use formaliza_shared::extract::push_hex;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::{ApiError, Principal};

use super::query::{BATCH, ExportFormat};
use super::row::{Exported, SourceRow};

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

/// Encodes rows batch by batch. NDJSON is written field by field in
/// [`ExportedEnrollment`](super::row::ExportedEnrollment)'s
/// shape and CSV through the `csv` crate; the unit tests hold both to what serde_json and the
/// `csv` crate make of an [`ExportedEnrollment`](super::row::ExportedEnrollment).
pub(super) struct Encoder {
    sink: Sink,
    /// SHA-256 with `secret:` already absorbed; each pseudonym continues from a copy.
    pseudonyms: Sha256,
    /// Who the rows are for (the privacy rule's caller).
    viewer: Principal,
    /// Rows encoded so far, for the access record.
    pub(super) rows: usize,
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
    pub(super) fn new(
        format: ExportFormat,
        privacy: &Privacy,
        viewer: Principal,
    ) -> Result<Self, ApiError> {
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

    pub(super) fn row(&mut self, row: &SourceRow<'_>) -> Result<(), ApiError> {
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
    pub(super) fn take(&mut self) -> Result<Bytes, ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::row::ExportedEnrollment;
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
