//! Organisations: cooperatives, associations, federations and small enterprises, with their
//! territorial and national articulation (`parent_id`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::domain::{self, Country, Region, Sector};
use formaliza_shared::ids::{OrganisationId, RecordId};
use formaliza_shared::{FieldError, FieldErrors};

formaliza_shared::text_enum! {
    /// What kind of organisation.
    pub enum OrganisationKind {
        Cooperative,
        Association,
        Federation,
        SmallEnterprise,
    }
}

formaliza_shared::text_enum! {
    /// Where the organisation stands on the way to formality.
    pub enum LegalStatus {
        Informal,
        InFormation,
        Registered,
    }
}

formaliza_shared::text_enum! {
    /// An organisation's formal status (see `GET /v1/organisations/{id}/status-history`).
    pub enum FormalStatus {
        /// Neither an active tax registration nor an active registry entry.
        Informal,
        /// One of the two.
        InFormation,
        /// An active tax registration and an active business or cooperative registry entry.
        Formal,
    }
}

/// An organisation as a partner sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Cooperativa Agraria Cafetalera Valle del Perené",
    "kind": "cooperative",
    "legal_status": "registered",
    "in_programme": true,
    "country": "PE",
    "region": "PE-JUN",
    "district": "Perené",
    "sector": "coffee",
    "registration_number": "20486734121"
}))]
pub struct OrganisationInput {
    /// 2 to 200 characters.
    pub name: String,
    pub kind: OrganisationKind,
    pub legal_status: LegalStatus,
    /// The federation or network it belongs to.
    pub parent_id: Option<String>,
    /// `false` for organisations invited from outside the programme (default `true`).
    #[serde(default = "yes")]
    pub in_programme: bool,
    #[schema(example = "PE")]
    pub country: String,
    #[schema(example = "PE-JUN")]
    pub region: Option<String>,
    pub district: Option<String>,
    pub sector: Option<Sector>,
    /// Tax or registry number (RUC, NIT, …).
    pub registration_number: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(value_type = Option<String>, format = Date)]
    pub founded_on: Option<String>,
}

fn yes() -> bool {
    true
}

/// A validated organisation.
#[derive(Debug, Clone)]
pub struct ValidOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub legal_status: LegalStatus,
    pub parent_id: Option<OrganisationId>,
    pub in_programme: bool,
    pub country: Country,
    pub region: Option<Region>,
    pub district: Option<String>,
    pub sector: Option<Sector>,
    pub registration_number: Option<String>,
    pub founded_on: Option<NaiveDate>,
}

impl OrganisationInput {
    pub fn validate(self, today: NaiveDate) -> Result<ValidOrganisation, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", domain::text(&self.name, 2, 200));
        let (country, region) = domain::place(&mut errors, &self.country, self.region.as_deref());
        let district = errors
            .check(
                "district",
                domain::optional_text(self.district.as_deref(), 100),
            )
            .flatten();
        let registration_number = errors
            .check(
                "registration_number",
                domain::optional_text(self.registration_number.as_deref(), 50),
            )
            .flatten();
        let founded_on = self
            .founded_on
            .as_deref()
            .and_then(|d| errors.check("founded_on", domain::parse_date(d)));
        if founded_on.is_some_and(|d| d > today) {
            errors.push(
                "founded_on",
                "in_future",
                "a foundation date cannot be in the future",
            );
        }
        let parent_id = self
            .parent_id
            .as_deref()
            .and_then(|id| errors.check("parent_id", OrganisationId::reference(id)));
        if !errors.is_empty() {
            return Err(errors.into_vec());
        }
        match (name, country) {
            (Some(name), Some(country)) => Ok(ValidOrganisation {
                name,
                kind: self.kind,
                legal_status: self.legal_status,
                parent_id,
                in_programme: self.in_programme,
                country,
                region,
                district,
                sector: self.sector,
                registration_number,
                founded_on,
            }),
            _ => Err(vec![FieldError::new(
                "body",
                "invalid",
                "invalid organisation",
            )]),
        }
    }
}

/// An organisation as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: OrganisationKind,
    pub legal_status: LegalStatus,
    pub parent_id: Option<OrganisationId>,
    pub in_programme: bool,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub sector: Option<Sector>,
    pub registration_number: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub founded_on: Option<NaiveDate>,
    /// Derived from the organisation's registrations, never written: `formal` with an active
    /// tax registration (RUC, NIT) and an active business or cooperative registry entry
    /// (SUNARP, SEPREC, AFCOOP); `in_formation` with one of the two; `informal` otherwise.
    /// Licences and REMYPE do not count. Every change: `GET
    /// /v1/organisations/{id}/status-history`.
    pub formal_status: FormalStatus,
    /// The day the current `formal_status` was reached (`null`: never out of `informal`).
    #[schema(value_type = Option<String>, format = Date)]
    pub formal_status_since: Option<NaiveDate>,
    /// The partner organisation that owns this record (`null`: programme-wide).
    pub partner_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters for listing organisations.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrganisationFilters {
    /// Country (`PE`, `BO`).
    pub country: Option<String>,
    /// Region (`PE-JUN`, `BO-L`).
    pub region: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub legal_status: Option<LegalStatus>,
    /// Derived from registrations (see `Organisation.formal_status`).
    pub formal_status: Option<FormalStatus>,
    pub sector: Option<Sector>,
    /// Direct member organisations of this federation or network.
    pub parent_id: Option<OrganisationId>,
    /// `false` lists organisations invited from outside the programme.
    pub in_programme: Option<bool>,
    /// Search by name: accent- and case-insensitive substring.
    pub q: Option<String>,
}

pub const READ_ONLY: &[&str] = &[
    "id",
    "formal_status",
    "formal_status_since",
    "partner_id",
    "version",
    "created_at",
    "updated_at",
];
