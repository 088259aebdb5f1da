//! Certificates: earned when a member's attended hours in a course reach the course's
//! requirement; each carries an unguessable code anyone can check.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::ids::{CertificateId, CourseId, MemberId, RecordId};
use formaliza_shared::{FieldError, FieldErrors};

/// An explicit request to issue a certificate (it is also issued automatically when attendance
/// reaches the requirement).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a004",
    "course_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001"
}))]
pub struct CertificateInput {
    pub member_id: String,
    pub course_id: String,
}

/// A checked request to issue a certificate.
#[derive(Debug, Clone)]
pub struct IssueCommand {
    pub member_id: MemberId,
    pub course_id: CourseId,
}

impl CertificateInput {
    pub fn command(self) -> Result<IssueCommand, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let member_id = MemberId::required(&mut errors, "member_id", &self.member_id);
        let course_id = CourseId::required(&mut errors, "course_id", &self.course_id);
        match (member_id, course_id) {
            (Some(member_id), Some(course_id)) => Ok(IssueCommand {
                member_id,
                course_id,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// Filters for listing certificates.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CertificateFilters {
    pub member_id: Option<MemberId>,
    pub course_id: Option<CourseId>,
}

/// A certificate as its owner sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Certificate {
    pub id: CertificateId,
    /// The holder. Shown to tokens that may read the member in the members service
    /// (`members:read`, within their partner) and when the member consented to data sharing;
    /// `null` for everyone else, who get `member_pseudonym`.
    pub member_id: Option<MemberId>,
    /// The holder's stable pseudonym (64 hex digits), the same in every answer about them.
    pub member_pseudonym: Option<String>,
    pub course_id: CourseId,
    /// The verification code printed on the certificate: anyone may check it at
    /// `GET /v1/certificates/verify/{code}` (which shows the holder's initials), so it is shown
    /// like `member_id`.
    #[schema(example = "3f2b9c1e8d7a4c5b9e0f1a2b3c4d5e6f")]
    pub code: Option<String>,
    /// Attended hours when it was issued.
    pub attended_hours: f64,
    #[schema(value_type = String, format = Date)]
    pub issued_on: NaiveDate,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const READ_ONLY: &[&str] = &[
    "id",
    "member_pseudonym",
    "code",
    "attended_hours",
    "issued_on",
    "partner_id",
    "version",
    "created_at",
    "updated_at",
];

/// What the public check of a code reveals: enough for an employer to confirm a skill, nothing
/// that identifies the holder beyond what they already know.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificateVerification {
    pub valid: bool,
    #[schema(example = "Derechos laborales para productores de café")]
    pub course_title: String,
    #[schema(value_type = String, format = Date)]
    pub issued_on: NaiveDate,
    /// The holder's initials; `null` once the holder's data was erased at their request.
    #[schema(example = "M. E. Q. M.")]
    pub holder_initials: Option<String>,
}

/// A new verification code: 122 random bits (UUID v4), as 32 hex digits.
pub fn new_code() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A code as a person may type it (capitals, dashes, spaces) in canonical form, if it could be one.
pub fn canonical_code(text: &str) -> Option<String> {
    let code: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (code.len() == 32 && code.bytes().all(|b| b.is_ascii_hexdigit())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_and_read_back_however_typed() {
        let (a, b) = (new_code(), new_code());
        assert_ne!(a, b);
        assert_eq!(canonical_code(&a).as_deref(), Some(a.as_str()));
        let typed = format!("{}-{}", &a[..16].to_uppercase(), &a[16..]);
        assert_eq!(canonical_code(&typed).as_deref(), Some(a.as_str()));
        for bad in ["", "xyz", "../../etc/passwd", &a[..31]] {
            assert_eq!(canonical_code(bad), None, "{bad}");
        }
    }
}
