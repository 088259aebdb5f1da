//! `kind=enrolments`: an affiliation list (SIS, EsSalud, the CNS, a pension fund), one row per
//! person (or household) and scheme, upserted on its natural key, the live enrolment of that
//! enrollee in that scheme, so that importing the same list twice changes nothing.
//!
//! A row names its scheme by `scheme_id` or by `scheme` (its name as registered: `SIS`), and its
//! person by `member_id` or by national ID (`id_number`, with `id_type` and `id_country` when
//! the number alone is not enough). A job runs in the background, without the importer's token,
//! so the member is found in this service's read model of the members service (which holds the
//! national IDs the ministry export shows) and must be one the importer may read there: their
//! own partner's, or any for the programme office. A member registered a moment ago may not be
//! there yet; the row says so, and importing the file again picks them up.
//!
//! Then the write path of a single enrolment: the command's rules, the scheme's, and the rows,
//! the coverage model and the feed event in the job's transaction. On a live enrolment already
//! there: a different `status` is a transition dated `effective_on` (refused as
//! `POST /v1/enrollments/{id}/transitions` refuses it), a different `affiliation_number` or
//! `verified_by` an update; otherwise the row is unchanged.

use std::collections::HashMap;

use diesel::prelude::*;

use formaliza_shared::db::DbConnection;
use formaliza_shared::feed::{self, Actor, Op};
use formaliza_shared::ids::{EnrollmentId, RecordId, SchemeId};
use formaliza_shared::imports::{
    self, FieldSpec, ImportKind, RowOutcome, RowStatus, RowWrite, SourceRow,
};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use crate::enrollments::db::{self as store, EnrollmentRow};
use crate::enrollments::model::{EnrollmentCommand, EnrollmentInput, TransitionInput};
use crate::schema::{rm_households, rm_members, schemes};
use crate::schemes::db::SchemeRow;

/// Enrolments in schemes.
pub struct Enrolments;

static FIELDS: [FieldSpec; 11] = [
    FieldSpec::text("scheme_id", "The scheme's id"),
    FieldSpec::text(
        "scheme",
        "Or the scheme's name as registered (esquema, seguro: SIS, EsSalud, SUS)",
    ),
    FieldSpec::text("member_id", "The member's id (person schemes)"),
    FieldSpec::text(
        "id_number",
        "Or the member's national id number (dni, ci, numero_documento)",
    ),
    FieldSpec::choice(
        "id_type",
        "pe_dni, pe_ce, bo_ci, passport, when the number alone is ambiguous",
    ),
    FieldSpec::text("id_country", "PE or BO, when the number alone is ambiguous"),
    FieldSpec::text("household_id", "The household's id (household schemes)"),
    FieldSpec::text(
        "affiliation_number",
        "The number the scheme gave the affiliation (numero_afiliacion)",
    ),
    FieldSpec::choice(
        "status",
        "applied or active (solicitada, activa); on an enrolment already there, its new status",
    ),
    FieldSpec::date(
        "effective_on",
        "When that status took effect (fecha_afiliacion), YYYY-MM-DD or DD/MM/YYYY",
    ),
    FieldSpec::text("verified_by", "Who checked the evidence (verificado_por)"),
];

impl ImportKind for Enrolments {
    fn name(&self) -> &'static str {
        "enrolments"
    }

    fn fields(&self) -> &'static [FieldSpec] {
        &FIELDS
    }

    /// Each row in its own savepoint, so that a refused row leaves the chunk's others; the
    /// chunk's changes told in one feed append.
    fn apply(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        rows: Vec<SourceRow>,
    ) -> Result<Vec<RowOutcome>, ApiError> {
        let schemes = schemes_named(conn, principal, &rows)?;
        let (outcomes, changes) = imports::each_row(conn, &rows, |conn, row| {
            let command = command(conn, principal, row, &schemes)?;
            upsert(conn, principal, command)
        })?;
        if !changes.is_empty() {
            feed::append(conn, &Actor::of(principal), &changes)?;
        }
        Ok(outcomes)
    }
}

/// One row's enrolment: created, or the live one brought to the row's status and details.
fn upsert(
    conn: &mut DbConnection,
    principal: &Principal,
    command: EnrollmentCommand,
) -> Result<RowWrite<EnrollmentId>, ApiError> {
    let Some(live) = store::live_enrollment(conn, &command.scheme_id, &command.enrollee)? else {
        let record = EnrollmentRow::insert(conn, principal, RecordId::generate(), command)?;
        let change = resource::change(&record, Op::Create)?;
        return Ok((record.id, RowStatus::Created, Some(change)));
    };
    // Another partner's enrolment of the same person is refused, as a single create is.
    let current = resource::find_writable::<EnrollmentRow>(conn, principal, live.id())?;
    let mut record = current.clone();
    if let Some(status) = command.status.filter(|status| *status != record.status) {
        let change = TransitionInput {
            status,
            effective_on: command.effective_on,
            reason: Some("import".into()),
            verified_by: command.verified_by.clone(),
            verified_at: command.verified_at,
        }
        .decide(record.status, record.status_since)?;
        record = store::transition(conn, principal, &record, change)?;
    }
    let differs = |given: &Option<String>, held: &Option<String>| {
        given
            .as_ref()
            .is_some_and(|given| Some(given) != held.as_ref())
    };
    if differs(&command.affiliation_number, &record.affiliation_number)
        || differs(&command.verified_by, &record.verified_by)
    {
        let details = EnrollmentCommand {
            status: None,
            effective_on: None,
            affiliation_number: command
                .affiliation_number
                .or_else(|| record.affiliation_number.clone()),
            verified_by: command.verified_by.or_else(|| record.verified_by.clone()),
            verified_at: command
                .verified_at
                .or(record.verified_at.map(|t| t.and_utc())),
            ..command
        };
        record = EnrollmentRow::update(conn, principal, &record, details)?;
    }
    if record.version == current.version {
        return Ok((record.id, RowStatus::Unchanged, None));
    }
    let change = resource::change(&record, Op::Update)?;
    Ok((record.id, RowStatus::Updated, Some(change)))
}

/// The row as the command of `POST /v1/enrollments`, its scheme and enrollee found.
fn command(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
    schemes: &HashMap<String, Vec<SchemeId>>,
) -> Result<EnrollmentCommand, ApiError> {
    let mut errors = Vec::new();
    let mut body = serde_json::Map::new();
    match scheme(row, schemes) {
        Ok(id) => {
            body.insert("scheme_id".into(), id.into());
        }
        Err(error) => errors.push(error),
    }
    match (row.get("member_id"), row.get("id_number")) {
        (Some(id), _) => match readable_member(conn, principal, id)? {
            true => {
                body.insert("member_id".into(), id.into());
            }
            false => errors.push(FieldError::new(
                "member_id",
                "unknown_reference",
                format!("no member with id {id}"),
            )),
        },
        (None, Some(number)) => match member_with_national_id(conn, principal, row, number)? {
            Ok(id) => {
                body.insert("member_id".into(), id.into());
            }
            Err(error) => errors.push(error),
        },
        (None, None) => {}
    }
    if let Some(id) = row.get("household_id") {
        if readable_household(conn, principal, id)? {
            body.insert("household_id".into(), id.into());
        } else {
            errors.push(FieldError::new(
                "household_id",
                "unknown_reference",
                format!("no household with id {id}"),
            ));
        }
    }
    for field in [
        "affiliation_number",
        "status",
        "effective_on",
        "verified_by",
    ] {
        if let Some(value) = row.get(field) {
            body.insert(field.into(), value.into());
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let input: EnrollmentInput = serde_path_to_error::deserialize(serde_json::Value::Object(body))
        .map_err(|error| {
            ApiError::validation(vec![FieldError::new(
                error.path().to_string(),
                "invalid",
                error.inner().to_string(),
            )])
        })?;
    input.command().map_err(ApiError::validation)
}

/// The row's scheme: its id, or the one scheme of that name the importer may use.
fn scheme(row: &SourceRow, schemes: &HashMap<String, Vec<SchemeId>>) -> Result<String, FieldError> {
    if let Some(id) = row.get("scheme_id") {
        return Ok(id.to_owned());
    }
    let Some(name) = row.get("scheme") else {
        return Err(FieldError::new(
            "scheme_id",
            "required",
            "the scheme is required (scheme_id, or scheme with its name)",
        ));
    };
    match schemes.get(&name.to_lowercase()).map(Vec::as_slice) {
        Some([id]) => Ok(id.to_string()),
        Some([_, _, ..]) => Err(FieldError::new(
            "scheme",
            "ambiguous",
            format!("several schemes you may use are named {name}: give the scheme_id"),
        )),
        _ => Err(FieldError::new(
            "scheme",
            "unknown_reference",
            format!("no scheme named {name}"),
        )),
    }
}

/// The schemes the importer may use named as the chunk's rows name them (lower-cased).
fn schemes_named(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: &[SourceRow],
) -> Result<HashMap<String, Vec<SchemeId>>, ApiError> {
    let mut named: Vec<String> = rows
        .iter()
        .filter_map(|row| row.get("scheme"))
        .map(str::to_lowercase)
        .collect();
    named.sort();
    named.dedup();
    let mut found: HashMap<String, Vec<SchemeId>> = HashMap::new();
    if named.is_empty() {
        return Ok(found);
    }
    let all: Vec<(SchemeId, Option<String>, String)> = schemes::table
        .filter(schemes::deleted_at.is_null())
        .select((schemes::id, schemes::partner_id, schemes::name))
        .load(conn)?;
    for (id, partner, name) in all {
        let name = name.to_lowercase();
        if resource::readable::<SchemeRow>(principal, partner.as_deref())
            && named.binary_search(&name).is_ok()
        {
            found.entry(name).or_default().push(id);
        }
    }
    Ok(found)
}

/// Whether the read model holds member `id` and the importer may read them.
fn readable_member(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<bool, ApiError> {
    let partner: Option<Option<String>> = rm_members::table
        .find(id.trim())
        .select(rm_members::partner_id)
        .first(conn)
        .optional()?;
    Ok(partner.is_some_and(|partner| principal.can_see(partner.as_deref())))
}

/// Whether the read model holds household `id` and the importer may read it.
fn readable_household(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<bool, ApiError> {
    let partner: Option<Option<String>> = rm_households::table
        .find(id.trim())
        .select(rm_households::partner_id)
        .first(conn)
        .optional()?;
    Ok(partner.is_some_and(|partner| principal.can_see(partner.as_deref())))
}

/// The one member the importer may read with this national ID number (narrowed by `id_type`
/// and `id_country` when the row gives them), or the row's error.
fn member_with_national_id(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
    number: &str,
) -> Result<Result<String, FieldError>, ApiError> {
    let number = number.trim();
    let mut query = rm_members::table
        .filter(rm_members::id_number.eq(number))
        .select((rm_members::id, rm_members::partner_id))
        .into_boxed();
    if let Some(id_type) = row.get("id_type") {
        query = query.filter(rm_members::id_type.eq(id_type.to_owned()));
    }
    if let Some(country) = row.get("id_country") {
        query = query.filter(rm_members::id_country.eq(country.to_uppercase()));
    }
    let found: Vec<(String, Option<String>)> = query.limit(20).load(conn)?;
    let readable: Vec<String> = found
        .into_iter()
        .filter(|(_, partner)| principal.can_see(partner.as_deref()))
        .map(|(id, _)| id)
        .collect();
    Ok(match readable.as_slice() {
        [id] => Ok(id.clone()),
        [] => Err(FieldError::new(
            "id_number",
            "unknown_reference",
            format!(
                "no member you may read has national ID number {number} (a member registered in the last seconds may not have reached this service yet: import the file again)"
            ),
        )),
        _ => Err(FieldError::new(
            "id_number",
            "ambiguous",
            format!(
                "several members have national ID number {number}: give id_type and id_country, or the member_id"
            ),
        )),
    })
}
