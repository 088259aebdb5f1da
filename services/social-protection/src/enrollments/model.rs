//! Enrolments: a member (or a household, for household schemes) in a scheme, with a dated status
//! lifecycle `applied → active → suspended → active | ended`, or `applied → rejected`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use formaliza_shared::domain;
use formaliza_shared::ids::{EnrollmentId, HouseholdId, MemberId, RecordId, SchemeId};
use formaliza_shared::lifecycle::{self, Lifecycle, check_not_future, today};
use formaliza_shared::{ApiError, FieldError, FieldErrors};

use crate::schemes::model::CoverageUnit;

formaliza_shared::text_enum! {
    /// Where an enrolment stands.
    pub enum EnrollmentStatus {
        /// Asked for, not yet granted.
        Applied,
        /// Covered: counts for the coverage indicators.
        Active,
        /// Temporarily not covered (unpaid contributions, missing documents).
        Suspended,
        /// Coverage finished for good.
        Ended,
        /// The application was refused.
        Rejected,
    }
}

impl EnrollmentStatus {
    /// The statuses in which an enrolment is live: a person (or household) has at most one live
    /// enrolment per scheme.
    pub const LIVE: [EnrollmentStatus; 3] = [
        EnrollmentStatus::Applied,
        EnrollmentStatus::Active,
        EnrollmentStatus::Suspended,
    ];

    /// The statuses a new enrolment may start in (`active` records an existing affiliation).
    pub const INITIAL: &'static [EnrollmentStatus] =
        &[EnrollmentStatus::Applied, EnrollmentStatus::Active];

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl Lifecycle for EnrollmentStatus {
    const A_RECORD: &'static str = "an enrolment";
    const RECORD: &'static str = "enrolment";

    fn allowed_next(self) -> &'static [EnrollmentStatus] {
        use EnrollmentStatus::*;
        match self {
            Applied => &[Active, Rejected],
            Active => &[Suspended, Ended],
            Suspended => &[Active, Ended],
            Ended | Rejected => &[],
        }
    }
}

/// An enrolment as a partner sends it. `status` and `effective_on` are read at creation only;
/// later changes of status go through `POST /v1/enrollments/{id}/transitions`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "scheme_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a101",
    "member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001",
    "affiliation_number": "SIS-4471-2025",
    "status": "active",
    "effective_on": "2025-03-14",
    "verified_by": "Promotora Rosa Huamán",
    "verified_at": "2026-01-10T15:00:00Z"
}))]
pub struct EnrollmentInput {
    pub scheme_id: String,
    /// The enrolled member (schemes whose `coverage_unit` is `person`).
    pub member_id: Option<String>,
    /// The enrolled household (schemes whose `coverage_unit` is `household`).
    pub household_id: Option<String>,
    /// The number the scheme gave the affiliation.
    pub affiliation_number: Option<String>,
    /// Creation only: `applied` (default) or `active` (an affiliation that already exists).
    pub status: Option<EnrollmentStatus>,
    /// Creation only: when that status took effect (default today; backdating allowed, a
    /// future date refused).
    #[schema(value_type = Option<String>, format = Date)]
    pub effective_on: Option<NaiveDate>,
    /// Who checked the evidence (card, certificate, registry lookup).
    pub verified_by: Option<String>,
    /// When the evidence was checked.
    pub verified_at: Option<DateTime<Utc>>,
}

/// Who an enrolment covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrollee {
    Member(MemberId),
    Household(HouseholdId),
}

impl Enrollee {
    /// The request field that names it.
    pub fn field(&self) -> &'static str {
        match self {
            Enrollee::Member(_) => "member_id",
            Enrollee::Household(_) => "household_id",
        }
    }

    /// The coverage unit of the schemes that take it.
    pub fn coverage_unit(&self) -> CoverageUnit {
        match self {
            Enrollee::Member(_) => CoverageUnit::Person,
            Enrollee::Household(_) => CoverageUnit::Household,
        }
    }
}

/// An enrolment as checked field by field: the command of a create or a change.
#[derive(Debug, Clone)]
pub struct EnrollmentCommand {
    pub scheme_id: SchemeId,
    pub enrollee: Enrollee,
    pub affiliation_number: Option<String>,
    /// As given: a create defaults it to `applied`, a change refuses it (see [`Self::start`]).
    pub status: Option<EnrollmentStatus>,
    /// As given: a create defaults it to today, a change refuses it.
    pub effective_on: Option<NaiveDate>,
    pub verified_by: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
}

impl EnrollmentInput {
    /// Every field's rules, every problem at once.
    pub fn command(self) -> Result<EnrollmentCommand, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let scheme_id = errors.check("scheme_id", SchemeId::reference(&self.scheme_id));
        let enrollee = match (&self.member_id, &self.household_id) {
            (Some(member), None) => errors
                .check("member_id", MemberId::reference(member))
                .map(Enrollee::Member),
            (None, Some(household)) => errors
                .check("household_id", HouseholdId::reference(household))
                .map(Enrollee::Household),
            _ => {
                errors.push(
                    "member_id",
                    "one_of",
                    "give exactly one of member_id (person schemes) or household_id (household schemes)",
                );
                None
            }
        };
        let affiliation_number = errors
            .check(
                "affiliation_number",
                domain::optional_text(self.affiliation_number.as_deref(), 100),
            )
            .flatten();
        let verified_by = errors
            .check(
                "verified_by",
                domain::optional_text(self.verified_by.as_deref(), 200),
            )
            .flatten();
        if let Some(status) = self.status
            && !EnrollmentStatus::INITIAL.contains(&status)
        {
            errors.push(
                "status",
                "invalid_initial_status",
                "a new enrolment starts as `applied` or `active`",
            );
        }
        if let Some(effective_on) = self.effective_on {
            check_not_future(&mut errors, "effective_on", effective_on);
        }
        if let Some(at) = self.verified_at
            && at > Utc::now() + chrono::TimeDelta::minutes(5)
        {
            errors.push(
                "verified_at",
                "in_future",
                "evidence cannot be verified in the future",
            );
        }
        match (scheme_id, enrollee) {
            (Some(scheme_id), Some(enrollee)) if errors.is_empty() => Ok(EnrollmentCommand {
                scheme_id,
                enrollee,
                affiliation_number,
                status: self.status,
                effective_on: self.effective_on,
                verified_by,
                verified_at: self.verified_at,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

impl EnrollmentCommand {
    /// A new enrolment's first status and its date: `applied` today unless given.
    pub fn start(&self) -> (EnrollmentStatus, NaiveDate) {
        (
            self.status.unwrap_or(EnrollmentStatus::Applied),
            self.effective_on.unwrap_or_else(today),
        )
    }

    /// A change of an enrolment: who is enrolled in what is fixed, and the status moves only
    /// through transitions.
    pub fn check_change(
        &self,
        scheme_id: &SchemeId,
        enrollee: &Enrollee,
    ) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        if self.status.is_some() || self.effective_on.is_some() {
            errors.push(
                "status",
                "use_transitions",
                "change the status with POST /v1/enrollments/{id}/transitions",
            );
        }
        if self.scheme_id != *scheme_id {
            errors.push("scheme_id", "immutable", IMMUTABLE);
        }
        if self.enrollee != *enrollee {
            errors.push(self.enrollee.field(), "immutable", IMMUTABLE);
        }
        errors.into_result()
    }
}

const IMMUTABLE: &str = "cannot change; delete this enrolment and create another";

/// What a scheme says of a new enrolment in it: it must be open and cover the kind of enrollee
/// given (a person or a household); a 422 naming the field otherwise.
pub fn check_scheme_takes(
    name: &str,
    active: bool,
    coverage_unit: CoverageUnit,
    enrollee: &Enrollee,
) -> Result<(), ApiError> {
    if !active {
        return Err(ApiError::validation(vec![FieldError::new(
            "scheme_id",
            "scheme_closed",
            format!("scheme `{name}` takes no new enrolments"),
        )]));
    }
    if enrollee.coverage_unit() != coverage_unit {
        let (needed, unit) = match coverage_unit {
            CoverageUnit::Household => ("household_id", "household"),
            CoverageUnit::Person => ("member_id", "person"),
        };
        return Err(ApiError::validation(vec![FieldError::new(
            enrollee.field(),
            "wrong_coverage_unit",
            format!("scheme `{name}` covers a {unit}: give {needed}"),
        )]));
    }
    Ok(())
}

/// The 409 for a second live enrolment of the same person or household in the same scheme;
/// it names the existing one (`existing`) to callers who may see it.
pub fn already_enrolled(
    enrollee: &Enrollee,
    status: EnrollmentStatus,
    existing: Option<&EnrollmentId>,
) -> ApiError {
    let who = match enrollee {
        Enrollee::Member(_) => "member",
        Enrollee::Household(_) => "household",
    };
    let status = status.as_str();
    let error = ApiError::conflict(format!(
        "this {who} already has a live enrolment in this scheme (`{status}`); end or reject it before enrolling again"
    ))
    .with_errors(vec![FieldError::new(
        enrollee.field(),
        "already_enrolled",
        format!("already enrolled in this scheme ({status})"),
    )]);
    match existing {
        Some(id) => error.with_context(serde_json::json!({ "existing_id": id })),
        None => error,
    }
}

/// A status change as decided against the enrolment's current status.
#[derive(Debug, Clone)]
pub struct TransitionCommand {
    pub from: EnrollmentStatus,
    pub to: EnrollmentStatus,
    pub effective_on: NaiveDate,
    pub reason: Option<String>,
    pub verified_by: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
}

impl TransitionInput {
    /// Decides the move from `from` (in force since `since`): a 409 listing the allowed statuses
    /// for an illegal one, a 422 for a date in the future or before `since`.
    pub fn decide(
        self,
        from: EnrollmentStatus,
        since: NaiveDate,
    ) -> Result<TransitionCommand, ApiError> {
        let mut errors = FieldErrors::new();
        let effective_on =
            lifecycle::decide(from, since, self.status, self.effective_on, &mut errors)?;
        let reason = errors
            .check("reason", domain::optional_text(self.reason.as_deref(), 500))
            .flatten();
        let verified_by = errors
            .check(
                "verified_by",
                domain::optional_text(self.verified_by.as_deref(), 200),
            )
            .flatten();
        errors.into_result().map_err(ApiError::validation)?;
        Ok(TransitionCommand {
            from,
            to: self.status,
            effective_on,
            reason,
            verified_by,
            verified_at: self.verified_at,
        })
    }
}

/// An enrolment as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Enrollment {
    pub id: EnrollmentId,
    pub scheme_id: SchemeId,
    /// The member enrolled (person schemes). Shown to tokens that may read the member in the
    /// members service (`members:read`, within their partner) and when the member consented to
    /// data sharing; `null` for everyone else, who get `member_pseudonym`.
    pub member_id: Option<MemberId>,
    /// The member's stable pseudonym (64 hex digits), the same in every answer and export about
    /// them, shown to every reader; `null` for household enrolments.
    pub member_pseudonym: Option<String>,
    /// The household enrolled (household schemes).
    pub household_id: Option<HouseholdId>,
    /// The scheme's affiliation number (it often is a national ID number): shown like
    /// `member_id`.
    pub affiliation_number: Option<String>,
    /// The current status (the last transition).
    pub status: EnrollmentStatus,
    /// When the current status took effect.
    #[schema(value_type = String, format = Date)]
    pub status_since: NaiveDate,
    pub verified_by: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const READ_ONLY: &[&str] = &[
    "id",
    "member_pseudonym",
    "status",
    "status_since",
    "partner_id",
    "version",
    "created_at",
    "updated_at",
];

/// A change of status.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "suspended", "effective_on": "2026-02-01", "reason": "contributions unpaid since December"}))]
pub struct TransitionInput {
    /// The new status; the problem of an illegal move lists the allowed ones.
    pub status: EnrollmentStatus,
    /// When it took effect (default today). Backdating is allowed, down to the date of the
    /// current status; a future date is refused.
    #[schema(value_type = Option<String>, format = Date)]
    pub effective_on: Option<NaiveDate>,
    /// Why (free text, at most 500 characters).
    pub reason: Option<String>,
    /// Who checked the evidence of this change (replaces the enrolment's `verified_by`).
    pub verified_by: Option<String>,
    /// When the evidence was checked (replaces the enrolment's `verified_at`).
    pub verified_at: Option<DateTime<Utc>>,
}

/// One dated status change of an enrolment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrollmentTransition {
    /// 1 for the creation, then 2, 3, …
    pub seq: i32,
    pub from_status: Option<EnrollmentStatus>,
    pub to_status: EnrollmentStatus,
    #[schema(value_type = String, format = Date)]
    pub effective_on: NaiveDate,
    pub reason: Option<String>,
    /// The client that recorded it.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// An enrolment's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrollmentHistory {
    pub data: Vec<EnrollmentTransition>,
}

#[cfg(test)]
mod tests {
    use super::EnrollmentStatus::*;
    use super::*;

    #[test]
    fn the_lifecycle_allows_exactly_these_moves() {
        let all = [Applied, Active, Suspended, Ended, Rejected];
        let legal = [
            (Applied, Active),
            (Applied, Rejected),
            (Active, Suspended),
            (Active, Ended),
            (Suspended, Active),
            (Suspended, Ended),
        ];
        for from in all {
            for to in all {
                assert_eq!(
                    from.allowed_next().contains(&to),
                    legal.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    fn input() -> EnrollmentInput {
        EnrollmentInput {
            scheme_id: uuid::Uuid::now_v7().to_string(),
            member_id: Some(uuid::Uuid::now_v7().to_string()),
            household_id: None,
            affiliation_number: None,
            status: None,
            effective_on: None,
            verified_by: None,
            verified_at: None,
        }
    }

    #[test]
    fn defaults_to_applied_today() {
        let valid = input().command().ok();
        assert_eq!(valid.map(|v| v.start()), Some((Applied, today())));
    }

    #[test]
    fn a_transition_is_decided_against_the_current_status() {
        let move_to = |status| TransitionInput {
            status,
            effective_on: None,
            reason: None,
            verified_by: None,
            verified_at: None,
        };
        let since = today();
        assert_eq!(
            move_to(Active).decide(Applied, since).ok().map(|t| t.to),
            Some(Active)
        );
        let illegal = move_to(Suspended)
            .decide(Applied, since)
            .err()
            .map(|e| e.status().as_u16());
        assert_eq!(illegal, Some(409));
        let mut backdated = move_to(Active);
        backdated.effective_on = since.pred_opt();
        let early = backdated
            .decide(Applied, since)
            .err()
            .map(|e| e.status().as_u16());
        assert_eq!(early, Some(422));
    }

    #[test]
    fn refuses_future_dates_odd_starts_and_two_enrollees() {
        let mut bad = input();
        bad.household_id = Some(uuid::Uuid::now_v7().to_string());
        bad.status = Some(Suspended);
        bad.effective_on = today().succ_opt();
        let errors = bad.command().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["member_id", "status", "effective_on"]);
    }
}
