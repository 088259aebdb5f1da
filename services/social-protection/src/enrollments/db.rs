//! Enrolment storage: the enrolment row (current status) and its dated transitions. The rules
//! are in `model.rs`; here, what needs the database: the scheme, the live enrolment already
//! there, the rows, and the kept coverage model updated in the same transaction.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::Change;
use formaliza_shared::ids::{EnrollmentId, HouseholdId, MemberId, RecordId, SchemeId};
use formaliza_shared::privacy::{PersonLink, Personal};
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{
    Enrollee, Enrollment, EnrollmentCommand, EnrollmentInput, EnrollmentStatus,
    EnrollmentTransition, READ_ONLY, TransitionCommand, already_enrolled, check_scheme_takes,
};
use crate::indicators::periods;
use crate::schema::{enrollment_transitions, enrollments, schemes};
use crate::schemes::db::SchemeRow;

/// A stored enrolment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = enrollments)]
pub struct EnrollmentRow {
    pub id: EnrollmentId,
    pub partner_id: Option<String>,
    pub scheme_id: SchemeId,
    pub member_id: Option<MemberId>,
    pub household_id: Option<HouseholdId>,
    pub affiliation_number: Option<String>,
    pub status: EnrollmentStatus,
    pub status_since: NaiveDate,
    pub verified_by: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

impl EnrollmentRow {
    /// Who it covers.
    pub fn enrollee(&self) -> Result<Enrollee, ApiError> {
        match (&self.member_id, &self.household_id) {
            (Some(member), None) => Ok(Enrollee::Member(member.clone())),
            (None, Some(household)) => Ok(Enrollee::Household(household.clone())),
            _ => Err(ApiError::internal(format!(
                "enrolment {} names no single enrollee",
                self.id
            ))),
        }
    }
}

/// A stored transition.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = enrollment_transitions)]
pub struct TransitionRow {
    pub enrollment_id: EnrollmentId,
    pub seq: i32,
    pub from_status: Option<EnrollmentStatus>,
    pub to_status: EnrollmentStatus,
    pub effective_on: NaiveDate,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

impl TransitionRow {
    pub fn to_view(&self) -> EnrollmentTransition {
        EnrollmentTransition {
            seq: self.seq,
            from_status: self.from_status,
            to_status: self.to_status,
            effective_on: self.effective_on,
            reason: self.reason.clone(),
            recorded_by: self.recorded_by.clone(),
            recorded_at: self.recorded_at.and_utc(),
        }
    }
}

/// The live enrolment (`applied`, `active` or `suspended`) of `enrollee` in `scheme_id`, if any:
/// there is at most one (the database's `enrollments_live` index holds it).
pub fn live_enrollment(
    conn: &mut DbConnection,
    scheme_id: &SchemeId,
    enrollee: &Enrollee,
) -> Result<Option<EnrollmentRow>, ApiError> {
    let query = enrollments::table
        .filter(enrollments::deleted_at.is_null())
        .filter(enrollments::scheme_id.eq(scheme_id))
        .filter(enrollments::status.eq_any(EnrollmentStatus::LIVE))
        .select(EnrollmentRow::as_select())
        .into_boxed();
    let query = match enrollee {
        Enrollee::Member(id) => query.filter(enrollments::member_id.eq(id.clone())),
        Enrollee::Household(id) => query.filter(enrollments::household_id.eq(id.clone())),
    };
    Ok(query.first(conn).optional()?)
}

/// The 409 for `existing`, naming it to a caller who may see it.
fn conflict_with(principal: &Principal, enrollee: &Enrollee, existing: &EnrollmentRow) -> ApiError {
    let visible = principal
        .can_see(existing.partner_id.as_deref())
        .then_some(&existing.id);
    already_enrolled(enrollee, existing.status, visible)
}

/// The scheme, if the caller may see it, it is open, it covers `enrollee`'s unit and holds no
/// live enrolment of them (422, 409 otherwise).
fn scheme_taking(
    conn: &mut DbConnection,
    principal: &Principal,
    scheme_id: &SchemeId,
    enrollee: &Enrollee,
) -> Result<SchemeRow, ApiError> {
    let scheme: SchemeRow = resource::check_reference(conn, principal, "scheme_id", scheme_id)?;
    check_scheme_takes(&scheme.name, scheme.active, scheme.coverage_unit, enrollee)?;
    match live_enrollment(conn, &scheme.id, enrollee)? {
        Some(existing) => Err(conflict_with(principal, enrollee, &existing)),
        None => Ok(scheme),
    }
}

impl Resource for EnrollmentRow {
    const KIND: &'static str = "enrollment";
    const COLLECTION: &'static str = "/v1/enrollments";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    const PERSONAL: Personal = Personal::About(PersonLink {
        resource: "enrollment",
        member_field: "member_id",
        identifying: &["member_id", "affiliation_number"],
    });
    type Id = EnrollmentId;
    type Input = EnrollmentInput;
    type Command = EnrollmentCommand;
    type Prepared = EnrollmentCommand;
    type View = Enrollment;

    fn id(&self) -> &EnrollmentId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Enrollment {
        Enrollment {
            id: self.id.clone(),
            scheme_id: self.scheme_id.clone(),
            member_id: self.member_id.clone(),
            // Filled per reader by the privacy rule (`Resource::PERSONAL`).
            member_pseudonym: None,
            household_id: self.household_id.clone(),
            affiliation_number: self.affiliation_number.clone(),
            status: self.status,
            status_since: self.status_since,
            verified_by: self.verified_by.clone(),
            verified_at: self.verified_at.map(|t| t.and_utc()),
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: EnrollmentInput) -> Result<EnrollmentCommand, Vec<FieldError>> {
        input.command()
    }

    /// The member (person schemes) or household (household schemes) must exist in the members
    /// service and be visible to the caller's token there, asked once the scheme here is known
    /// to take them. A patch keeps its enrollee (see `update`): nothing to ask.
    async fn prepare(
        command: EnrollmentCommand,
        current: Option<&Self>,
        references: &References<'_>,
    ) -> Result<EnrollmentCommand, ApiError> {
        if current.is_some() {
            return Ok(command);
        }
        let (scheme, enrollee) = (command.scheme_id.clone(), command.enrollee.clone());
        references
            .here(move |conn, principal| scheme_taking(conn, principal, &scheme, &enrollee))
            .await?;
        let members = references.members()?;
        match &command.enrollee {
            Enrollee::Member(id) => {
                members
                    .require(
                        references.principal,
                        "member_id",
                        "member",
                        "/v1/members",
                        id.as_str(),
                    )
                    .await?
            }
            Enrollee::Household(id) => {
                members
                    .require(
                        references.principal,
                        "household_id",
                        "household",
                        "/v1/households",
                        id.as_str(),
                    )
                    .await?
            }
        };
        Ok(command)
    }

    fn find(conn: &mut DbConnection, id: &EnrollmentId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, enrollments, EnrollmentRow, id)
    }

    /// The scheme (visible, open, the right coverage unit), no live enrolment of the same
    /// enrollee in it, then the enrolment and its first transition.
    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: EnrollmentId,
        enrollment: EnrollmentCommand,
    ) -> Result<Self, ApiError> {
        let scheme = scheme_taking(conn, principal, &enrollment.scheme_id, &enrollment.enrollee)?;
        let (status, effective_on) = enrollment.start();
        let (member_id, household_id) = match &enrollment.enrollee {
            Enrollee::Member(id) => (Some(id.clone()), None),
            Enrollee::Household(id) => (None, Some(id.clone())),
        };
        let now = db::now();
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(enrollments::table)
                .values((
                    enrollments::id.eq(&id),
                    enrollments::partner_id.eq(principal.partner_id.as_deref()),
                    enrollments::scheme_id.eq(&scheme.id),
                    enrollments::member_id.eq(member_id),
                    enrollments::household_id.eq(household_id),
                    enrollments::affiliation_number.eq(&enrollment.affiliation_number),
                    enrollments::status.eq(status),
                    enrollments::status_since.eq(effective_on),
                    enrollments::verified_by.eq(&enrollment.verified_by),
                    enrollments::verified_at.eq(enrollment.verified_at.map(|t| t.naive_utc())),
                    enrollments::version.eq(1),
                    enrollments::created_at.eq(now),
                    enrollments::updated_at.eq(now),
                ))
                .execute(conn)
        });
        match inserted {
            Ok(_) => {}
            // A concurrent request enrolled the same enrollee first: the live-enrolment index
            // refused this one (inside a savepoint, so the transaction can still ask which).
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                return Err(
                    match live_enrollment(conn, &scheme.id, &enrollment.enrollee)? {
                        Some(existing) => conflict_with(principal, &enrollment.enrollee, &existing),
                        None => ApiError::conflict(
                            "another request enrolled the same person in this scheme meanwhile",
                        ),
                    },
                );
            }
            Err(error) => return Err(error.into()),
        }
        diesel::insert_into(enrollment_transitions::table)
            .values(TransitionRow {
                enrollment_id: id.clone(),
                seq: 1,
                from_status: None,
                to_status: status,
                effective_on,
                reason: None,
                recorded_by: principal.sub.clone(),
                recorded_at: now,
            })
            .execute(conn)?;
        let created = load(conn, &id)?;
        recompute_coverage(conn, &created)?;
        Ok(created)
    }

    /// The affiliation number and the evidence; who is enrolled in what is fixed, and the
    /// status changes only through transitions.
    fn update(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
        enrollment: EnrollmentCommand,
    ) -> Result<Self, ApiError> {
        enrollment
            .check_change(&current.scheme_id, &current.enrollee()?)
            .map_err(ApiError::validation)?;
        let updated = formaliza_shared::overwrite!(
            conn,
            enrollments,
            EnrollmentRow,
            current,
            (
                enrollments::affiliation_number.eq(enrollment.affiliation_number),
                enrollments::verified_by.eq(enrollment.verified_by),
                enrollments::verified_at.eq(enrollment.verified_at.map(|t| t.naive_utc())),
                enrollments::version.eq(current.version + 1),
                enrollments::updated_at.eq(db::now()),
            )
        )?;
        // Nothing changed here counts for coverage today; recomputing keeps the kept model's
        // exactness independent of which fields a patch may touch.
        recompute_coverage(conn, &updated)?;
        Ok(updated)
    }

    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        formaliza_shared::soft_delete!(conn, enrollments, current)?;
        recompute_coverage(conn, current)?;
        Ok(Vec::new())
    }
}

fn load(conn: &mut DbConnection, id: &EnrollmentId) -> Result<EnrollmentRow, ApiError> {
    Ok(enrollments::table
        .find(id)
        .select(EnrollmentRow::as_select())
        .first(conn)?)
}

/// Records a status change decided by [`super::model`] on `current` (found visible and
/// version-checked in this transaction).
pub fn transition(
    conn: &mut DbConnection,
    principal: &Principal,
    current: &EnrollmentRow,
    change: TransitionCommand,
) -> Result<EnrollmentRow, ApiError> {
    let seq: Option<i32> = enrollment_transitions::table
        .filter(enrollment_transitions::enrollment_id.eq(&current.id))
        .select(diesel::dsl::max(enrollment_transitions::seq))
        .first(conn)?;
    let now = db::now();
    diesel::insert_into(enrollment_transitions::table)
        .values(TransitionRow {
            enrollment_id: current.id.clone(),
            seq: seq.unwrap_or(0) + 1,
            from_status: Some(change.from),
            to_status: change.to,
            effective_on: change.effective_on,
            reason: change.reason,
            recorded_by: principal.sub.clone(),
            recorded_at: now,
        })
        .execute(conn)?;
    let verified_by = change.verified_by.or_else(|| current.verified_by.clone());
    let verified_at = change
        .verified_at
        .map(|t| t.naive_utc())
        .or(current.verified_at);
    let updated = formaliza_shared::overwrite!(
        conn,
        enrollments,
        EnrollmentRow,
        current,
        (
            enrollments::status.eq(change.to),
            enrollments::status_since.eq(change.effective_on),
            enrollments::verified_by.eq(verified_by),
            enrollments::verified_at.eq(verified_at),
            enrollments::version.eq(current.version + 1),
            enrollments::updated_at.eq(now),
        )
    )?;
    recompute_coverage(conn, &updated)?;
    Ok(updated)
}

/// Brings the kept coverage model up to date with a write to `enrollment`, in its transaction.
fn recompute_coverage(conn: &mut DbConnection, enrollment: &EnrollmentRow) -> Result<(), ApiError> {
    periods::recompute_enrollee(
        conn,
        enrollment.member_id.as_ref().map(MemberId::as_str),
        enrollment.household_id.as_ref().map(HouseholdId::as_str),
    )
}

/// An enrolment's transitions, oldest first.
pub fn history(conn: &mut DbConnection, id: &EnrollmentId) -> Result<Vec<TransitionRow>, ApiError> {
    Ok(enrollment_transitions::table
        .filter(enrollment_transitions::enrollment_id.eq(id))
        .order(enrollment_transitions::seq.asc())
        .select(TransitionRow::as_select())
        .load(conn)?)
}

/// List filters for enrolments.
#[derive(Debug, Default)]
pub struct EnrollmentFilter {
    pub scheme_id: Option<SchemeId>,
    pub member_id: Option<MemberId>,
    pub household_id: Option<HouseholdId>,
    pub status: Option<EnrollmentStatus>,
    pub country: Option<String>,
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &EnrollmentFilter,
) -> Result<Vec<EnrollmentRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(enrollments, EnrollmentRow, keyset);
    formaliza_shared::filter_eq!(query,
        enrollments::scheme_id => &filter.scheme_id,
        enrollments::member_id => &filter.member_id,
        enrollments::household_id => &filter.household_id,
        enrollments::status => filter.status,
    );
    if let Some(country) = &filter.country {
        let in_country = schemes::table
            .filter(schemes::country.eq(country))
            .select(schemes::id);
        query = query.filter(enrollments::scheme_id.eq_any(in_country));
    }
    Ok(query.load(conn)?)
}
