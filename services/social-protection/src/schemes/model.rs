//! Schemes: the public services (SIS, EsSalud, SUS, pension systems) and insurance mechanisms
//! (micro-insurance, mutual funds, crop insurance) that households are helped to join.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use formaliza_shared::domain::{self, Country};
use formaliza_shared::ids::SchemeId;
use formaliza_shared::{FieldError, FieldErrors};

formaliza_shared::text_enum! {
    /// Which coverage indicator a scheme counts for.
    pub enum SchemeKind {
        /// A public service: health insurance (SIS, EsSalud, SUS), a pension system.
        PublicService,
        /// An insurance mechanism: micro-insurance, a mutual fund, crop insurance.
        Insurance,
    }
}

formaliza_shared::text_enum! {
    /// What a scheme covers.
    pub enum SchemeCategory {
        Health,
        Pension,
        SocialAssistance,
        MicroInsurance,
        MutualFund,
        CropInsurance,
        Other,
    }
}

formaliza_shared::text_enum! {
    /// Who one enrolment covers: one person, or a whole household.
    pub enum CoverageUnit {
        /// Enrolments name a `household_id`.
        Household,
        /// Enrolments name a `member_id`.
        Person,
    }
}

/// A scheme as a partner sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SchemeInput, example = json!({
    "name": "Seguro Integral de Salud (SIS)",
    "country": "PE",
    "kind": "public_service",
    "category": "health",
    "operator": "Ministerio de Salud",
    "coverage_unit": "person",
    "active": true
}))]
pub struct SchemeInput {
    /// 2 to 200 characters.
    pub name: String,
    /// Country where the scheme operates (`PE`, `BO`).
    pub country: String,
    pub kind: SchemeKind,
    pub category: SchemeCategory,
    /// Who runs it (ministry, insurer, cooperative).
    pub operator: Option<String>,
    pub coverage_unit: CoverageUnit,
    /// `false` for a scheme no longer open to new enrolments (default `true`).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A validated scheme: the command of a create or a change.
#[derive(Debug, Clone)]
pub struct ValidScheme {
    pub name: String,
    pub country: Country,
    pub kind: SchemeKind,
    pub category: SchemeCategory,
    pub operator: Option<String>,
    pub coverage_unit: CoverageUnit,
    pub active: bool,
}

impl SchemeInput {
    pub fn validate(self) -> Result<ValidScheme, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", domain::text(&self.name, 2, 200));
        let country = errors.check("country", Country::parse(&self.country));
        let operator = errors
            .check(
                "operator",
                domain::optional_text(self.operator.as_deref(), 200),
            )
            .flatten();
        match (name, country) {
            (Some(name), Some(country)) if errors.is_empty() => Ok(ValidScheme {
                name,
                country,
                kind: self.kind,
                category: self.category,
                operator,
                coverage_unit: self.coverage_unit,
                active: self.active,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// A scheme as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Scheme {
    pub id: SchemeId,
    pub name: String,
    pub country: String,
    pub kind: SchemeKind,
    pub category: SchemeCategory,
    pub operator: Option<String>,
    pub coverage_unit: CoverageUnit,
    pub active: bool,
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

    fn input(name: &str, country: &str) -> SchemeInput {
        SchemeInput {
            name: name.to_owned(),
            country: country.to_owned(),
            kind: SchemeKind::Insurance,
            category: SchemeCategory::MutualFund,
            operator: None,
            coverage_unit: CoverageUnit::Household,
            active: true,
        }
    }

    #[test]
    fn every_field_error_is_reported_at_once() {
        let errors = input("x", "peru").validate().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "country"]);
    }

    #[test]
    fn a_valid_scheme_is_trimmed() {
        let scheme = input("  Fondo mutual  ", "PE").validate();
        assert_eq!(scheme.map(|s| s.name).ok().as_deref(), Some("Fondo mutual"));
    }
}
