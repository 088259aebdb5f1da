//! Enrolments: a member (or a household, for household schemes) in a scheme, with a dated status
//! lifecycle `applied → active → suspended → active | ended`, or `applied → rejected`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr};
use utoipa::ToSchema;

use formaliza_shared::domain;
use formaliza_shared::{FieldError, FieldErrors};

/// Where an enrolment stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, EnumString, IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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

impl EnrollmentStatus {
    /// The statuses an enrolment may move to from this one.
    pub fn allowed_next(self) -> &'static [EnrollmentStatus] {
        use EnrollmentStatus::*;
        match self {
            Applied => &[Active, Rejected],
            Active => &[Suspended, Ended],
            Suspended => &[Active, Ended],
            Ended | Rejected => &[],
        }
    }

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
    Member(String),
    Household(String),
}

/// A validated enrolment (the scheme and enrollee not yet checked).
#[derive(Debug, Clone)]
pub struct ValidEnrollment {
    pub scheme_id: String,
    pub enrollee: Enrollee,
    pub affiliation_number: Option<String>,
    pub status: EnrollmentStatus,
    pub effective_on: NaiveDate,
    pub verified_by: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
}

/// Today, in UTC: the latest effective date accepted.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn uuid(errors: &mut FieldErrors, field: &str, value: &str) -> Option<String> {
    match uuid::Uuid::parse_str(value.trim()) {
        Ok(id) => Some(id.to_string()),
        Err(_) => {
            errors.push(
                field,
                "unknown_reference",
                format!("no record with id {value}"),
            );
            None
        }
    }
}

/// 422 unless `date` is today or earlier.
pub fn check_not_future(errors: &mut FieldErrors, field: &str, date: NaiveDate) {
    if date > today() {
        errors.push(
            field,
            "in_future",
            "a transition cannot take effect in the future; record it on the day",
        );
    }
}

impl EnrollmentInput {
    pub fn validate(self) -> Result<ValidEnrollment, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let scheme_id = uuid(&mut errors, "scheme_id", &self.scheme_id);
        let enrollee = match (&self.member_id, &self.household_id) {
            (Some(member), None) => uuid(&mut errors, "member_id", member).map(Enrollee::Member),
            (None, Some(household)) => {
                uuid(&mut errors, "household_id", household).map(Enrollee::Household)
            }
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
        let status = self.status.unwrap_or(EnrollmentStatus::Applied);
        if !EnrollmentStatus::INITIAL.contains(&status) {
            errors.push(
                "status",
                "invalid_initial_status",
                "a new enrolment starts as `applied` or `active`",
            );
        }
        let effective_on = self.effective_on.unwrap_or_else(today);
        check_not_future(&mut errors, "effective_on", effective_on);
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
            (Some(scheme_id), Some(enrollee)) if errors.is_empty() => Ok(ValidEnrollment {
                scheme_id,
                enrollee,
                affiliation_number,
                status,
                effective_on,
                verified_by,
                verified_at: self.verified_at,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// An enrolment as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Enrollment {
    pub id: String,
    pub scheme_id: String,
    /// The member enrolled (person schemes). Shown to tokens that may read the member in the
    /// members service (`members:read`, within their partner) and when the member consented to
    /// data sharing; `null` for everyone else, who get `member_pseudonym`.
    pub member_id: Option<String>,
    /// The member's stable pseudonym (64 hex digits), the same in every answer and export about
    /// them, shown to every reader; `null` for household enrolments.
    pub member_pseudonym: Option<String>,
    /// The household enrolled (household schemes).
    pub household_id: Option<String>,
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
        let valid = input().validate().ok();
        assert_eq!(
            valid.map(|v| (v.status, v.effective_on)),
            Some((Applied, today()))
        );
    }

    #[test]
    fn refuses_future_dates_odd_starts_and_two_enrollees() {
        let mut bad = input();
        bad.household_id = Some(uuid::Uuid::now_v7().to_string());
        bad.status = Some(Suspended);
        bad.effective_on = today().succ_opt();
        let errors = bad.validate().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["member_id", "status", "effective_on"]);
    }
}
