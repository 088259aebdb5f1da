//! Enrolment storage: the enrolment row (current status) and its dated transitions.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::Change;
use formaliza_shared::privacy::{PersonLink, Personal};
use formaliza_shared::resource::{Keyset, Resource};
use formaliza_shared::{ApiError, FieldError, FieldErrors, Principal};

use super::model::{
    Enrollee, Enrollment, EnrollmentInput, EnrollmentStatus, EnrollmentTransition, READ_ONLY,
    TransitionInput, ValidEnrollment, check_not_future, today,
};
use crate::indicators::periods;
use crate::schema::{enrollment_transitions, enrollments, schemes};
use crate::schemes::db::SchemeRow;

/// A stored enrolment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = enrollments)]
pub struct EnrollmentRow {
    pub id: String,
    pub partner_id: Option<String>,
    pub scheme_id: String,
    pub member_id: Option<String>,
    pub household_id: Option<String>,
    pub affiliation_number: Option<String>,
    pub status: String,
    pub status_since: NaiveDate,
    pub verified_by: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

impl EnrollmentRow {
    pub fn current_status(&self) -> Result<EnrollmentStatus, ApiError> {
        parse_status(&self.status)
    }
}

fn parse_status(text: &str) -> Result<EnrollmentStatus, ApiError> {
    text.parse()
        .map_err(|_| ApiError::internal(format!("stored enrolment status `{text}` is unknown")))
}

/// A stored transition.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = enrollment_transitions)]
pub struct TransitionRow {
    pub enrollment_id: String,
    pub seq: i32,
    pub from_status: Option<String>,
    pub to_status: String,
    pub effective_on: NaiveDate,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

impl TransitionRow {
    pub fn to_view(&self) -> Result<EnrollmentTransition, ApiError> {
        Ok(EnrollmentTransition {
            seq: self.seq,
            from_status: self.from_status.as_deref().map(parse_status).transpose()?,
            to_status: parse_status(&self.to_status)?,
            effective_on: self.effective_on,
            reason: self.reason.clone(),
            recorded_by: self.recorded_by.clone(),
            recorded_at: self.recorded_at.and_utc(),
        })
    }
}

/// The scheme an enrolment names: live, visible to the caller (its own or programme-wide).
pub fn scheme_for(
    conn: &mut DbConnection,
    principal: &Principal,
    scheme_id: &str,
) -> Result<SchemeRow, ApiError> {
    let scheme = SchemeRow::find(conn, scheme_id)?
        .filter(|s| s.partner_id.is_none() || principal.can_see(s.partner_id.as_deref()));
    scheme.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "scheme_id",
            "unknown_reference",
            format!("no scheme with id {scheme_id}"),
        )])
    })
}

/// The scheme a new enrolment names, if it takes it: visible, open, and covering the kind of
/// enrollee given (a person or a household); 422 otherwise.
pub fn open_scheme_for(
    conn: &mut DbConnection,
    principal: &Principal,
    enrollment: &ValidEnrollment,
) -> Result<SchemeRow, ApiError> {
    let scheme = scheme_for(conn, principal, &enrollment.scheme_id)?;
    if !scheme.active {
        return Err(ApiError::validation(vec![FieldError::new(
            "scheme_id",
            "scheme_closed",
            format!("scheme `{}` takes no new enrolments", scheme.name),
        )]));
    }
    enrollee_matches(&scheme, &enrollment.enrollee)?;
    Ok(scheme)
}

fn enrollee_matches(scheme: &SchemeRow, enrollee: &Enrollee) -> Result<(), ApiError> {
    let (field, wanted) = match enrollee {
        Enrollee::Member(_) => ("member_id", "person"),
        Enrollee::Household(_) => ("household_id", "household"),
    };
    if scheme.coverage_unit == wanted {
        Ok(())
    } else {
        let needed = if scheme.coverage_unit == "household" {
            "household_id"
        } else {
            "member_id"
        };
        Err(ApiError::validation(vec![FieldError::new(
            field,
            "wrong_coverage_unit",
            format!(
                "scheme `{}` covers a {}: give {needed}",
                scheme.name, scheme.coverage_unit
            ),
        )]))
    }
}

/// The live enrolment (`applied`, `active` or `suspended`) of `enrollee` in `scheme_id`, if any:
/// there is at most one (the database's `enrollments_live` index holds it).
pub fn live_enrollment(
    conn: &mut DbConnection,
    scheme_id: &str,
    enrollee: &Enrollee,
) -> Result<Option<EnrollmentRow>, ApiError> {
    let live = EnrollmentStatus::LIVE.map(EnrollmentStatus::as_str);
    let query = enrollments::table
        .filter(enrollments::deleted_at.is_null())
        .filter(enrollments::scheme_id.eq(scheme_id))
        .filter(enrollments::status.eq_any(live))
        .select(EnrollmentRow::as_select())
        .into_boxed();
    let query = match enrollee {
        Enrollee::Member(id) => query.filter(enrollments::member_id.eq(id.clone())),
        Enrollee::Household(id) => query.filter(enrollments::household_id.eq(id.clone())),
    };
    Ok(query.first(conn).optional()?)
}

/// The 409 for a second live enrolment of the same person or household in the same scheme; it
/// names the existing one to callers who may see it.
fn already_enrolled(principal: &Principal, existing: &EnrollmentRow) -> ApiError {
    let who = if existing.member_id.is_some() {
        "member"
    } else {
        "household"
    };
    let mut error = ApiError::conflict(format!(
        "this {who} already has a live enrolment in this scheme (`{}`); end or reject it before enrolling again",
        existing.status
    ))
    .with_errors(vec![FieldError::new(
        if existing.member_id.is_some() {
            "member_id"
        } else {
            "household_id"
        },
        "already_enrolled",
        format!("already enrolled in this scheme ({})", existing.status),
    )]);
    if principal.can_see(existing.partner_id.as_deref()) {
        error = error.with_context(serde_json::json!({ "existing_id": existing.id }));
    }
    error
}

impl Resource for EnrollmentRow {
    const KIND: &'static str = "enrollment";
    const PERSONAL: Personal = Personal::About(PersonLink {
        resource: "enrollment",
        member_field: "member_id",
        identifying: &["member_id", "affiliation_number"],
    });
    const COLLECTION: &'static str = "/v1/enrollments";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Input = EnrollmentInput;
    type View = Enrollment;

    fn id(&self) -> &str {
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
            // Only valid statuses are ever written.
            status: self.status.parse().unwrap_or(EnrollmentStatus::Applied),
            status_since: self.status_since,
            verified_by: self.verified_by.clone(),
            verified_at: self.verified_at.map(|t| t.and_utc()),
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, enrollments, EnrollmentRow, id)
    }

    /// The member or household was checked in the members service by the handler; here the
    /// scheme (exists, visible, open, right coverage unit) and the first transition.
    fn create(
        conn: &mut DbConnection,
        principal: &Principal,
        id: String,
        input: EnrollmentInput,
    ) -> Result<Self, ApiError> {
        let enrollment = input.validate().map_err(ApiError::validation)?;
        let scheme = open_scheme_for(conn, principal, &enrollment)?;
        let (member_id, household_id) = match &enrollment.enrollee {
            Enrollee::Member(id) => (Some(id.clone()), None),
            Enrollee::Household(id) => (None, Some(id.clone())),
        };
        if let Some(existing) = live_enrollment(conn, &scheme.id, &enrollment.enrollee)? {
            return Err(already_enrolled(principal, &existing));
        }
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
                    enrollments::status.eq(enrollment.status.as_str()),
                    enrollments::status_since.eq(enrollment.effective_on),
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
            // A concurrent request enrolled the same person first: the live-enrolment index
            // refused this one (inside a savepoint, so the transaction can still ask which).
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                return Err(
                    match live_enrollment(conn, &scheme.id, &enrollment.enrollee)? {
                        Some(existing) => already_enrolled(principal, &existing),
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
                to_status: enrollment.status.as_str().to_owned(),
                effective_on: enrollment.effective_on,
                reason: None,
                recorded_by: principal.sub.clone(),
                recorded_at: now,
            })
            .execute(conn)?;
        let created = enrollments::table
            .find(&id)
            .select(EnrollmentRow::as_select())
            .first(conn)?;
        recompute_coverage(conn, &created)?;
        Ok(created)
    }

    /// Changes the affiliation number and evidence; who is enrolled in what is fixed, and the
    /// status changes only through transitions.
    fn update(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
        input: EnrollmentInput,
    ) -> Result<Self, ApiError> {
        let mut errors = FieldErrors::new();
        if input.status.is_some() || input.effective_on.is_some() {
            errors.push(
                "status",
                "use_transitions",
                "change the status with POST /v1/enrollments/{id}/transitions",
            );
        }
        let fixed = [
            (
                "scheme_id",
                Some(&input.scheme_id),
                Some(&current.scheme_id),
            ),
            (
                "member_id",
                input.member_id.as_ref(),
                current.member_id.as_ref(),
            ),
            (
                "household_id",
                input.household_id.as_ref(),
                current.household_id.as_ref(),
            ),
        ];
        for (field, new, old) in fixed {
            if new != old {
                errors.push(
                    field,
                    "immutable",
                    "cannot change; delete this enrolment and create another",
                );
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors.into_vec()));
        }
        let valid = EnrollmentInput {
            status: None,
            effective_on: Some(current.status_since.min(today())),
            ..input
        }
        .validate()
        .map_err(ApiError::validation)?;
        let updated = formaliza_shared::overwrite!(
            conn,
            enrollments,
            EnrollmentRow,
            current,
            (
                enrollments::affiliation_number.eq(valid.affiliation_number),
                enrollments::verified_by.eq(valid.verified_by),
                enrollments::verified_at.eq(valid.verified_at.map(|t| t.naive_utc())),
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

/// Records a status change on `current` (already found visible and version-checked), or explains
/// why not: 409 with the allowed statuses for an illegal move, 422 for a bad date.
pub fn transition(
    conn: &mut DbConnection,
    principal: &Principal,
    current: &EnrollmentRow,
    input: TransitionInput,
) -> Result<EnrollmentRow, ApiError> {
    let from = current.current_status()?;
    let allowed = from.allowed_next();
    if !allowed.contains(&input.status) {
        let allowed_names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
        let detail = if allowed.is_empty() {
            format!(
                "the enrolment is `{}`, a final status: it cannot become `{}`",
                from.as_str(),
                input.status.as_str()
            )
        } else {
            format!(
                "an enrolment that is `{}` cannot become `{}`; allowed: {}",
                from.as_str(),
                input.status.as_str(),
                allowed_names.join(", ")
            )
        };
        return Err(ApiError::conflict(detail).with_context(serde_json::json!({
            "current_status": from.as_str(),
            "requested_status": input.status.as_str(),
            "allowed": allowed_names,
        })));
    }
    let mut errors = FieldErrors::new();
    let effective_on = input.effective_on.unwrap_or_else(today);
    check_not_future(&mut errors, "effective_on", effective_on);
    if effective_on < current.status_since {
        errors.push(
            "effective_on",
            "before_current_status",
            format!(
                "the current status took effect on {}; a later change cannot take effect before it",
                current.status_since
            ),
        );
    }
    let reason = errors
        .check(
            "reason",
            formaliza_shared::domain::optional_text(input.reason.as_deref(), 500),
        )
        .flatten();
    let verified_by = errors
        .check(
            "verified_by",
            formaliza_shared::domain::optional_text(input.verified_by.as_deref(), 200),
        )
        .flatten();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.into_vec()));
    }
    let seq: Option<i32> = enrollment_transitions::table
        .filter(enrollment_transitions::enrollment_id.eq(&current.id))
        .select(diesel::dsl::max(enrollment_transitions::seq))
        .first(conn)?;
    let now = db::now();
    diesel::insert_into(enrollment_transitions::table)
        .values(TransitionRow {
            enrollment_id: current.id.clone(),
            seq: seq.unwrap_or(0) + 1,
            from_status: Some(from.as_str().to_owned()),
            to_status: input.status.as_str().to_owned(),
            effective_on,
            reason,
            recorded_by: principal.sub.clone(),
            recorded_at: now,
        })
        .execute(conn)?;
    let verified_by = verified_by.or_else(|| current.verified_by.clone());
    let verified_at = input
        .verified_at
        .map(|t| t.naive_utc())
        .or(current.verified_at);
    let updated = formaliza_shared::overwrite!(
        conn,
        enrollments,
        EnrollmentRow,
        current,
        (
            enrollments::status.eq(input.status.as_str()),
            enrollments::status_since.eq(effective_on),
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
        enrollment.member_id.as_deref(),
        enrollment.household_id.as_deref(),
    )
}

/// An enrolment's transitions, oldest first.
pub fn history(conn: &mut DbConnection, id: &str) -> Result<Vec<TransitionRow>, ApiError> {
    Ok(enrollment_transitions::table
        .filter(enrollment_transitions::enrollment_id.eq(id))
        .order(enrollment_transitions::seq.asc())
        .select(TransitionRow::as_select())
        .load(conn)?)
}

/// List filters for enrolments.
#[derive(Debug, Default)]
pub struct EnrollmentFilter {
    pub scheme_id: Option<String>,
    pub member_id: Option<String>,
    pub household_id: Option<String>,
    pub status: Option<String>,
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
        enrollments::status => &filter.status,
    );
    if let Some(country) = &filter.country {
        let in_country = schemes::table
            .filter(schemes::country.eq(country))
            .select(schemes::id);
        query = query.filter(enrollments::scheme_id.eq_any(in_country));
    }
    Ok(query.load(conn)?)
}
