//! Courses: what the programme teaches, and how many attended hours earn a certificate.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use formaliza_shared::domain::{self, Sector};
use formaliza_shared::ids::CourseId;
use formaliza_shared::{FieldError, FieldErrors};

use crate::hours;

formaliza_shared::text_enum! {
    /// What a course is about.
    pub enum CourseTopic {
        LaborRights,
        Cooperativism,
        Vocational,
        Business,
        FinancialEducation,
        SocialProtection,
        Leadership,
        Other,
    }
}

/// A course as a partner sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Derechos laborales para productores de café",
    "topic": "labor_rights",
    "sector": "coffee",
    "description": "Contratos, jornada, seguridad social y negociación colectiva.",
    "total_hours": 16,
    "certificate_hours": 12,
    "language": "es"
}))]
pub struct CourseInput {
    /// 2 to 200 characters.
    pub title: String,
    pub topic: CourseTopic,
    /// The sector the course is aimed at, if any.
    pub sector: Option<Sector>,
    pub description: Option<String>,
    /// Length of the whole course, in hours (more than 0).
    #[schema(example = 16)]
    pub total_hours: f64,
    /// Attended hours a member needs for the certificate (more than 0, at most `total_hours`).
    #[schema(example = 12)]
    pub certificate_hours: f64,
    /// Language of instruction: an ISO 639 code (`es`, `qu`, `ay`), optionally with a region (`es-PE`).
    #[schema(example = "es")]
    pub language: String,
}

/// A validated course.
#[derive(Debug, Clone)]
pub struct ValidCourse {
    pub title: String,
    pub topic: CourseTopic,
    pub sector: Option<Sector>,
    pub description: Option<String>,
    pub total_minutes: i64,
    pub certificate_minutes: i64,
    pub language: String,
}

/// `es`, `qu`, `ay`, `es-PE`: a 2–3 letter language code, optionally with an ISO 3166-1 region.
fn language(text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    let (code, region) = match text.split_once('-') {
        Some((code, region)) => (code, Some(region)),
        None => (text, None),
    };
    let code_ok = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = region.is_none_or(|r| domain::Country::parse(r).is_ok());
    if code_ok && region_ok {
        Ok(text.to_owned())
    } else {
        Err(FieldError::new(
            "",
            "invalid_format",
            "a language is an ISO 639 code such as es, qu or ay, optionally with a region (es-PE)",
        ))
    }
}

impl CourseInput {
    pub fn validate(self) -> Result<ValidCourse, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", domain::text(&self.title, 2, 200));
        let description = errors
            .check(
                "description",
                domain::optional_text(self.description.as_deref(), 4000),
            )
            .flatten();
        let total = errors.check("total_hours", hours::to_minutes(self.total_hours));
        let required = errors.check(
            "certificate_hours",
            hours::to_minutes(self.certificate_hours),
        );
        if total == Some(0) {
            errors.push(
                "total_hours",
                "out_of_range",
                "a course lasts more than 0 hours",
            );
        }
        if required == Some(0) {
            errors.push(
                "certificate_hours",
                "out_of_range",
                "a certificate needs more than 0 attended hours",
            );
        }
        if let (Some(total), Some(required)) = (total, required)
            && required > total
        {
            errors.push(
                "certificate_hours",
                "exceeds_total",
                "a certificate cannot need more hours than the course has",
            );
        }
        let language = errors.check("language", language(&self.language));
        match (title, total, required, language) {
            (Some(title), Some(total_minutes), Some(certificate_minutes), Some(language))
                if errors.is_empty() =>
            {
                Ok(ValidCourse {
                    title,
                    topic: self.topic,
                    sector: self.sector,
                    description,
                    total_minutes,
                    certificate_minutes,
                    language,
                })
            }
            _ => Err(errors.into_vec()),
        }
    }
}

/// A course as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Course {
    pub id: CourseId,
    pub title: String,
    pub topic: CourseTopic,
    pub sector: Option<Sector>,
    pub description: Option<String>,
    pub total_hours: f64,
    pub certificate_hours: f64,
    pub language: String,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const READ_ONLY: &[&str] = &["id", "partner_id", "version", "created_at", "updated_at"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages() {
        for ok in ["es", "qu", "ay", "es-PE", "que"] {
            assert!(language(ok).is_ok(), "{ok}");
        }
        for bad in ["", "E", "ES", "es-pe", "español", "es-PER", "e1"] {
            assert!(language(bad).is_err(), "{bad}");
        }
    }
}
