//! `kind=attendance`: the sheet a facilitator filled in at a workshop, one row per person and
//! session, upserted on its natural key (the session and the member: a member is registered once
//! per session), so that importing the same sheet twice changes nothing.
//!
//! A row names its session by `session_id` and its person by `member_id` or by national ID
//! (`id_number`, with `id_type` and `id_country` when the number alone is not enough). A job runs
//! in the background, without the importer's token, so the member is found in this service's
//! read model of the members service and must be one the importer may read there: their own
//! partner's, or any for the programme office. A member registered a moment ago may not be there
//! yet; the row says so, and importing the sheet again picks them up.
//!
//! A person not yet registered is registered with the row's attendance (a seat taken, their
//! initials kept for certificates); a registered one gets the row's attendance when it differs.
//! Both go the write path of a single registration, certificates included, with the rows and
//! the feed event in the job's transaction.

use diesel::prelude::*;

use formaliza_shared::db::DbConnection;
use formaliza_shared::feed::{self, Actor, Op};
use formaliza_shared::ids::{ParticipationId, RecordId};
use formaliza_shared::imports::{
    self, FieldSpec, ImportKind, RowOutcome, RowStatus, RowWrite, SourceRow,
};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use crate::participations::db::{self as store, ParticipationRow};
use crate::participations::model::{ParticipationInput, Registration};
use crate::schema::rm_members;

/// Attendance at sessions.
pub struct Attendance;

static FIELDS: [FieldSpec; 7] = [
    FieldSpec::text("session_id", "The session's id (sesion)"),
    FieldSpec::text("member_id", "The member's id"),
    FieldSpec::text(
        "id_number",
        "Or the member's national id number (dni, ci, numero_documento)",
    ),
    FieldSpec::choice(
        "id_type",
        "pe_dni, pe_ce, bo_ci, passport, when the number alone is ambiguous",
    ),
    FieldSpec::text("id_country", "PE or BO, when the number alone is ambiguous"),
    FieldSpec::choice(
        "attendance",
        "attended or absent (asistio, presente / falto, ausente); empty: registered only",
    ),
    FieldSpec::text(
        "hours",
        "Hours attended (horas; default the session's length when attended)",
    ),
];

impl ImportKind for Attendance {
    fn name(&self) -> &'static str {
        "attendance"
    }

    fn fields(&self) -> &'static [FieldSpec] {
        &FIELDS
    }

    /// Each row in its own savepoint, so that a refused row (a full or cancelled session)
    /// leaves the chunk's others.
    fn apply(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        rows: Vec<SourceRow>,
    ) -> Result<Vec<RowOutcome>, ApiError> {
        // Each row appends its own events: a registration may issue a certificate, whose event
        // its write appends before the registration's, as a single registration does.
        let (outcomes, _) = imports::each_row(conn, &rows, |conn, row| {
            let registration = registration(conn, principal, row)?;
            upsert(conn, principal, registration)
        })?;
        Ok(outcomes)
    }
}

/// One row: the member registered with their attendance, or their registration's attendance
/// brought to the row's; its events appended.
fn upsert(
    conn: &mut DbConnection,
    principal: &Principal,
    registration: Registration,
) -> Result<RowWrite<ParticipationId>, ApiError> {
    let command = &registration.command;
    let Some(current) = store::registered(conn, &command.session_id, &command.member_id)? else {
        let record = ParticipationRow::insert(conn, principal, RecordId::generate(), registration)?;
        feed::append(
            conn,
            &Actor::of(principal),
            &[resource::change(&record, Op::Create)?],
        )?;
        return Ok((record.id, RowStatus::Created, None));
    };
    let current = resource::find_writable::<ParticipationRow>(conn, principal, current.id())?;
    if command.attendance.is_none()
        || store::records_the_same(conn, &current, command.attendance, command.hours)?
    {
        return Ok((current.id, RowStatus::Unchanged, None));
    }
    let record = ParticipationRow::update(conn, principal, &current, registration)?;
    feed::append(
        conn,
        &Actor::of(principal),
        &[resource::change(&record, Op::Update)?],
    )?;
    Ok((record.id, RowStatus::Updated, None))
}

/// The row as the registration of `POST /v1/participations`, its member found (with their
/// initials, for certificates).
fn registration(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
) -> Result<Registration, ApiError> {
    let mut errors = Vec::new();
    let member = match (row.get("member_id"), row.get("id_number")) {
        (Some(id), _) => {
            let found: Option<(Option<String>, Option<String>)> = rm_members::table
                .find(id.trim())
                .select((rm_members::partner_id, rm_members::initials))
                .first(conn)
                .optional()?;
            match found.filter(|(partner, _)| principal.can_see(partner.as_deref())) {
                Some((_, initials)) => Some((id.trim().to_owned(), initials)),
                None => {
                    errors.push(FieldError::new(
                        "member_id",
                        "unknown_reference",
                        format!("no member with id {id}"),
                    ));
                    None
                }
            }
        }
        (None, Some(number)) => match member_with_national_id(conn, principal, row, number)? {
            Ok(member) => Some(member),
            Err(error) => {
                errors.push(error);
                None
            }
        },
        (None, None) => {
            errors.push(FieldError::new(
                "member_id",
                "required",
                "the member is required (member_id, or id_number with the national ID)",
            ));
            None
        }
    };
    let hours = match row.get("hours").map(|h| h.replace(',', ".").parse::<f64>()) {
        None => None,
        Some(Ok(hours)) => Some(hours),
        Some(Err(_)) => {
            errors.push(FieldError::new(
                "hours",
                "invalid",
                "hours is a number (2.5 or 2,5)",
            ));
            None
        }
    };
    let Some((member_id, initials)) = member.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let body = serde_json::json!({
        "session_id": row.get("session_id").unwrap_or_default(),
        "member_id": member_id,
        "attendance": row.get("attendance"),
        "hours": hours,
    });
    let input: ParticipationInput = serde_path_to_error::deserialize(body).map_err(|error| {
        ApiError::validation(vec![FieldError::new(
            error.path().to_string(),
            "invalid",
            error.inner().to_string(),
        )])
    })?;
    Ok(Registration {
        command: input.command().map_err(ApiError::validation)?,
        member_initials: initials,
    })
}

/// The one member the importer may read with this national ID number (narrowed by `id_type`
/// and `id_country` when the row gives them), with their initials; or the row's error.
fn member_with_national_id(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
    number: &str,
) -> Result<Result<(String, Option<String>), FieldError>, ApiError> {
    let number = number.trim();
    let mut query = rm_members::table
        .filter(rm_members::id_number.eq(number))
        .select((rm_members::id, rm_members::partner_id, rm_members::initials))
        .into_boxed();
    if let Some(id_type) = row.get("id_type") {
        query = query.filter(rm_members::id_type.eq(id_type.to_owned()));
    }
    if let Some(country) = row.get("id_country") {
        query = query.filter(rm_members::id_country.eq(country.to_uppercase()));
    }
    let found: Vec<(String, Option<String>, Option<String>)> = query.limit(20).load(conn)?;
    let mut readable: Vec<(String, Option<String>)> = found
        .into_iter()
        .filter(|(_, partner, _)| principal.can_see(partner.as_deref()))
        .map(|(id, _, initials)| (id, initials))
        .collect();
    Ok(match readable.len() {
        1 => Ok(readable.remove(0)),
        0 => Err(FieldError::new(
            "id_number",
            "unknown_reference",
            format!(
                "no member you may read has national ID number {number} (a member registered in the last seconds may not have reached this service yet: import the sheet again)"
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
