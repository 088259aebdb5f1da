//! Participation: a member registered to a session, and whether they attended.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::ids::{MemberId, ParticipationId, RecordId, SessionId};
use formaliza_shared::{FieldError, FieldErrors};

use crate::hours;

formaliza_shared::text_enum! {
    /// Whether a registered member came.
    pub enum Attendance {
        Attended,
        Absent,
    }
}

/// A registration as a partner sends it; attendance may come with it or later.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "session_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a003",
    "member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004"
}))]
pub struct ParticipationInput {
    /// The session (fixed once registered).
    pub session_id: String,
    /// The member, in the members service (fixed once registered). The member must exist and be
    /// visible to your token there.
    pub member_id: String,
    /// `attended` or `absent`; `null` until recorded.
    pub attendance: Option<Attendance>,
    /// Hours attended (default: the session's hours when `attended`; ignored when `absent`).
    pub hours: Option<f64>,
}

/// A registration checked for form (its attendance is checked against the session's length
/// when the session is read).
#[derive(Debug, Clone)]
pub struct RegistrationCommand {
    pub session_id: SessionId,
    pub member_id: MemberId,
    pub attendance: Option<Attendance>,
    pub hours: Option<f64>,
}

/// A registration with what the members service said of the member.
#[derive(Debug, Clone)]
pub struct Registration {
    pub command: RegistrationCommand,
    /// The holder's initials for certificates, taken from the members service when registering
    /// (only the public certificate check shows them); `None` when a patch keeps the member.
    pub member_initials: Option<String>,
}

/// What was recorded about attendance, checked against the session's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttendanceRecord {
    pub attendance: Option<Attendance>,
    pub minutes: Option<i64>,
}

/// Checks an attendance record (`field` prefixes error paths, for bulk uploads).
pub fn attendance(
    errors: &mut FieldErrors,
    prefix: &str,
    attendance: Option<Attendance>,
    hours: Option<f64>,
    session_minutes: i64,
) -> AttendanceRecord {
    let field = |name: &str| format!("{prefix}{name}");
    let minutes = match (attendance, hours) {
        (None, None) => None,
        (None, Some(_)) => {
            errors.push(
                field("hours"),
                "attendance_required",
                "hours are recorded with `attendance`",
            );
            None
        }
        (Some(Attendance::Absent), _) => Some(0),
        (Some(Attendance::Attended), None) => Some(session_minutes),
        (Some(Attendance::Attended), Some(value)) => {
            match errors.check(&field("hours"), hours::to_minutes(value)) {
                Some(minutes) if minutes > session_minutes => {
                    errors.push(
                        field("hours"),
                        "exceeds_session",
                        format!(
                            "at most the session's {} hours",
                            hours::from_minutes(session_minutes)
                        ),
                    );
                    None
                }
                other => other,
            }
        }
    };
    AttendanceRecord {
        attendance,
        minutes,
    }
}

impl ParticipationInput {
    pub fn command(self) -> Result<RegistrationCommand, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let session_id = SessionId::required(&mut errors, "session_id", &self.session_id);
        let member_id = MemberId::required(&mut errors, "member_id", &self.member_id);
        match (session_id, member_id) {
            (Some(session_id), Some(member_id)) => Ok(RegistrationCommand {
                session_id,
                member_id,
                attendance: self.attendance,
                hours: self.hours,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// Initials of a member's names, as a certificate shows them: `María Elena` `Quispe Mamani` →
/// `M. E. Q. M.`.
pub fn initials(given_names: &str, family_names: &str) -> String {
    given_names
        .split_whitespace()
        .chain(family_names.split_whitespace())
        .filter_map(|word| word.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A participation as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Participation {
    pub id: ParticipationId,
    pub session_id: SessionId,
    /// The member registered. Shown to tokens that may read the member in the members service
    /// (`members:read`, within their partner) and when the member consented to data sharing;
    /// `null` for everyone else, who get `member_pseudonym`.
    pub member_id: Option<MemberId>,
    /// The member's stable pseudonym (64 hex digits), the same in every answer about them.
    pub member_pseudonym: Option<String>,
    pub attendance: Option<Attendance>,
    /// Hours attended (`0` when absent, `null` until recorded).
    pub hours: Option<f64>,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const READ_ONLY: &[&str] = &[
    "id",
    "member_pseudonym",
    "partner_id",
    "version",
    "created_at",
    "updated_at",
];

/// Filters for listing participations.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ParticipationFilters {
    pub session_id: Option<SessionId>,
    pub member_id: Option<MemberId>,
    pub attendance: Option<Attendance>,
}

/// One line of a sign-in sheet.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceLine {
    /// A member registered to the session.
    pub member_id: String,
    pub attendance: Attendance,
    /// Hours attended (default: the session's hours when `attended`; ignored when `absent`).
    pub hours: Option<f64>,
}

/// A whole session's attendance in one request (a facilitator's sign-in sheet).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "records": [
        {"member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004", "attendance": "attended"},
        {"member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a005", "attendance": "attended", "hours": 2.5},
        {"member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a006", "attendance": "absent"}
    ]
}))]
pub struct AttendanceSheet {
    /// 1 to 2000 lines, one per registered member (members left out keep what they had).
    pub records: Vec<AttendanceLine>,
}

/// The most lines one sheet may carry.
pub const MAX_SHEET_LINES: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_reveal_nothing_else() {
        assert_eq!(initials("María Elena", "Quispe Mamani"), "M. E. Q. M.");
        assert_eq!(initials(" ñusta ", "de la Cruz"), "Ñ. D. L. C.");
        assert_eq!(initials("José-Luis", "(Pari)"), "J. P.");
    }

    #[test]
    fn attendance_rules() {
        /// Attendance sent, hours sent, minutes stored, errors.
        type Case = (Option<Attendance>, Option<f64>, Option<i64>, usize);
        let cases: &[Case] = &[
            (None, None, None, 0),
            (None, Some(2.0), None, 1),
            (Some(Attendance::Absent), Some(3.0), Some(0), 0),
            (Some(Attendance::Attended), None, Some(240), 0),
            (Some(Attendance::Attended), Some(2.5), Some(150), 0),
            (Some(Attendance::Attended), Some(5.0), None, 1),
            (Some(Attendance::Attended), Some(-1.0), None, 1),
        ];
        for (given, hours, minutes, error_count) in cases {
            let mut errors = FieldErrors::new();
            let record = attendance(&mut errors, "", *given, *hours, 240);
            assert_eq!(record.minutes, *minutes, "{given:?} {hours:?}");
            assert_eq!(errors.into_vec().len(), *error_count, "{given:?} {hours:?}");
        }
    }
}
