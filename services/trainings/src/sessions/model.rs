//! Sessions: the workshops and events where a course is delivered.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::domain::{self, Country, Region};
use formaliza_shared::ids::{CourseId, OrganisationId, RecordId, SessionId};
use formaliza_shared::{FieldError, FieldErrors};

use crate::hours;

formaliza_shared::text_enum! {
    /// Where a session stands.
    pub enum SessionStatus {
        Scheduled,
        Completed,
        Cancelled,
    }
}

/// The most seats a session may offer.
pub const MAX_CAPACITY: i64 = 10_000;
/// The longest a session (a multi-day event) may last.
const MAX_SPAN: TimeDelta = TimeDelta::days(31);

/// A session as a partner sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "course_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001",
    "starts_at": "2026-03-14T14:00:00Z",
    "ends_at": "2026-03-14T18:00:00Z",
    "country": "PE",
    "region": "PE-JUN",
    "district": "Pichanaqui",
    "venue": "Local comunal de Alto Kimiriki",
    "facilitator": "Rosa Huamán",
    "host_organisation_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a002",
    "capacity": 30,
    "open_to_outside_organisations": true
}))]
pub struct SessionInput {
    /// The course delivered.
    pub course_id: String,
    /// RFC 3339.
    pub starts_at: DateTime<Utc>,
    /// RFC 3339, after `starts_at` (at most 31 days later).
    pub ends_at: DateTime<Utc>,
    /// Teaching hours (default: the time from start to end; at most that). Hours equal to the
    /// whole length follow it when the start or end changes.
    pub hours: Option<f64>,
    #[schema(example = "PE")]
    pub country: String,
    #[schema(example = "PE-JUN")]
    pub region: Option<String>,
    pub district: Option<String>,
    /// Where it takes place (community hall, cooperative office, …).
    pub venue: Option<String>,
    /// Who leads it.
    pub facilitator: Option<String>,
    /// The organisation (in the members service) that hosts it.
    pub host_organisation_id: Option<String>,
    /// Seats (1 to 10000): registrations beyond it are refused (409).
    pub capacity: i64,
    /// `scheduled` (default), `completed` or `cancelled`.
    #[serde(default = "scheduled")]
    pub status: SessionStatus,
    /// Whether organisations outside the programme are invited (default `false`).
    #[serde(default)]
    pub open_to_outside_organisations: bool,
}

fn scheduled() -> SessionStatus {
    SessionStatus::Scheduled
}

/// A validated session (its course and host references still to check).
#[derive(Debug, Clone)]
pub struct ValidSession {
    pub course_id: CourseId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub minutes: i64,
    pub country: Country,
    pub region: Option<Region>,
    pub district: Option<String>,
    pub venue: Option<String>,
    pub facilitator: Option<String>,
    pub host_organisation_id: Option<OrganisationId>,
    pub capacity: i64,
    pub status: SessionStatus,
    pub open_to_outside_organisations: bool,
}

impl SessionInput {
    /// Hours that were the whole length of `(starts_at, ends_at)` follow the new times: they
    /// are dropped, so they default to the new length.
    pub fn follow_times(&mut self, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, minutes: i64) {
        let whole_length = (ends_at - starts_at).num_minutes() == minutes;
        if whole_length && self.hours == Some(hours::from_minutes(minutes)) {
            self.hours = None;
        }
    }

    pub fn validate(self) -> Result<ValidSession, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let course_id = CourseId::required(&mut errors, "course_id", &self.course_id);
        let span = self.ends_at - self.starts_at;
        if span <= TimeDelta::zero() {
            errors.push("ends_at", "before_start", "a session ends after it starts");
        } else if span > MAX_SPAN {
            errors.push("ends_at", "too_long", "a session lasts at most 31 days");
        }
        let span_minutes = span.num_minutes();
        let minutes = match self.hours {
            None => Some(span_minutes),
            Some(value) => errors.check("hours", hours::to_minutes(value)),
        };
        if let Some(minutes) = minutes
            && self.hours.is_some()
            && span_minutes > 0
            && minutes > span_minutes
        {
            errors.push(
                "hours",
                "exceeds_duration",
                "teaching hours cannot exceed the time from start to end",
            );
        }
        let (country, region) = domain::place(&mut errors, &self.country, self.region.as_deref());
        let mut optional = |field: &str, value: Option<&str>, max: usize| {
            errors
                .check(field, domain::optional_text(value, max))
                .flatten()
        };
        let district = optional("district", self.district.as_deref(), 100);
        let venue = optional("venue", self.venue.as_deref(), 200);
        let facilitator = optional("facilitator", self.facilitator.as_deref(), 200);
        let host_organisation_id = self
            .host_organisation_id
            .as_deref()
            .and_then(|id| errors.check("host_organisation_id", OrganisationId::reference(id)));
        if !(1..=MAX_CAPACITY).contains(&self.capacity) {
            errors.push(
                "capacity",
                "out_of_range",
                format!("capacity must be between 1 and {MAX_CAPACITY}"),
            );
        }
        match (course_id, minutes, country) {
            (Some(course_id), Some(minutes), Some(country)) if errors.is_empty() => {
                Ok(ValidSession {
                    course_id,
                    starts_at: self.starts_at,
                    ends_at: self.ends_at,
                    minutes,
                    country,
                    region,
                    district,
                    venue,
                    facilitator,
                    host_organisation_id,
                    capacity: self.capacity,
                    status: self.status,
                    open_to_outside_organisations: self.open_to_outside_organisations,
                })
            }
            _ => Err(errors.into_vec()),
        }
    }
}

/// A session as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Session {
    pub id: SessionId,
    pub course_id: CourseId,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Teaching hours.
    pub hours: f64,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub venue: Option<String>,
    pub facilitator: Option<String>,
    pub host_organisation_id: Option<OrganisationId>,
    pub capacity: i64,
    pub status: SessionStatus,
    pub open_to_outside_organisations: bool,
    /// Members registered now (read-only).
    pub registered: i64,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters for listing sessions.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SessionFilters {
    pub course_id: Option<CourseId>,
    /// Country (`PE`, `BO`).
    pub country: Option<String>,
    /// Region (`PE-JUN`, `BO-L`).
    pub region: Option<String>,
    pub status: Option<SessionStatus>,
    pub host_organisation_id: Option<OrganisationId>,
    /// Sessions starting on or after this date (`YYYY-MM-DD`, UTC).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Sessions starting on or before this date (`YYYY-MM-DD`, UTC).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
}

impl SessionFilters {
    /// The first instant of `from`.
    pub fn starts_from(&self) -> Option<NaiveDateTime> {
        self.from.and_then(|d| d.and_hms_opt(0, 0, 0))
    }

    /// The first instant after `to`.
    pub fn starts_before(&self) -> Option<NaiveDateTime> {
        self.to
            .and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    }
}

pub const READ_ONLY: &[&str] = &[
    "id",
    "registered",
    "partner_id",
    "version",
    "created_at",
    "updated_at",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SessionInput {
        serde_json::from_value(serde_json::json!({
            "course_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001",
            "starts_at": "2026-03-14T14:00:00Z",
            "ends_at": "2026-03-14T18:00:00Z",
            "country": "PE",
            "capacity": 20
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn hours_default_to_the_duration_and_never_exceed_it() {
        let valid = input().validate().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(valid.minutes, 240);
        let mut shorter = input();
        shorter.hours = Some(3.5);
        assert_eq!(shorter.validate().map(|v| v.minutes).ok(), Some(210));
        let mut longer = input();
        longer.hours = Some(5.0);
        assert!(longer.validate().is_err());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut bad = input();
        bad.ends_at = bad.starts_at;
        bad.capacity = 0;
        bad.country = "peru".into();
        bad.course_id = "nope".into();
        let fields: Vec<_> = bad
            .validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["course_id", "ends_at", "country", "capacity"]);
    }
}
