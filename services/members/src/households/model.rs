//! Households: the family unit that coverage indicators count.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::domain::{self, Country, Region, Sector};
use formaliza_shared::ids::{HouseholdId, OrganisationId};
use formaliza_shared::{FieldError, FieldErrors};

/// A household as a partner sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Familia Quispe Mamani",
    "country": "PE",
    "region": "PE-JUN",
    "district": "Pichanaqui",
    "locality": "Sector Alto Kimiriki",
    "external_ref": "KOBO-2026-00417"
}))]
pub struct HouseholdInput {
    /// How the programme refers to the household (optional).
    pub name: Option<String>,
    #[schema(example = "PE")]
    pub country: String,
    #[schema(example = "PE-JUN")]
    pub region: Option<String>,
    pub district: Option<String>,
    /// Village, community or sector.
    pub locality: Option<String>,
    /// The partner's own reference (survey or spreadsheet id).
    pub external_ref: Option<String>,
}

/// A validated household.
#[derive(Debug, Clone)]
pub struct ValidHousehold {
    pub name: Option<String>,
    pub country: Country,
    pub region: Option<Region>,
    pub district: Option<String>,
    pub locality: Option<String>,
    pub external_ref: Option<String>,
}

impl HouseholdInput {
    pub fn validate(self) -> Result<ValidHousehold, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let name = errors
            .check("name", domain::optional_text(self.name.as_deref(), 200))
            .flatten();
        let (country, region) = domain::place(&mut errors, &self.country, self.region.as_deref());
        let district = errors
            .check(
                "district",
                domain::optional_text(self.district.as_deref(), 100),
            )
            .flatten();
        let locality = errors
            .check(
                "locality",
                domain::optional_text(self.locality.as_deref(), 200),
            )
            .flatten();
        let external_ref = errors
            .check(
                "external_ref",
                domain::optional_text(self.external_ref.as_deref(), 100),
            )
            .flatten();
        match country {
            Some(country) if errors.is_empty() => Ok(ValidHousehold {
                name,
                country,
                region,
                district,
                locality,
                external_ref,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

/// A household as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Household {
    pub id: HouseholdId,
    pub name: Option<String>,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub locality: Option<String>,
    pub external_ref: Option<String>,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters for listing households.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HouseholdFilters {
    /// Country (`PE`, `BO`).
    pub country: Option<String>,
    /// Region (`PE-JUN`, `BO-L`).
    pub region: Option<String>,
    /// Households with a member currently in this organisation.
    pub organisation_id: Option<OrganisationId>,
    /// Households with at least one member working in this sector (`coffee`: coffee producers' families).
    pub sector: Option<Sector>,
    /// The partner's own reference.
    pub external_ref: Option<String>,
    /// Search by name: accent- and case-insensitive substring.
    pub q: Option<String>,
}

pub const READ_ONLY: &[&str] = &["id", "partner_id", "version", "created_at", "updated_at"];
