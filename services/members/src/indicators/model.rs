//! The formalisation indicators as the API returns them: aggregates only, never a person.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use formaliza_shared::suppression;

/// How to break the organisations down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationsGroupBy {
    Country,
    /// `null` for organisations without a region.
    Region,
    /// `cooperative`, `association`, `federation`, `small_enterprise`.
    Kind,
    /// `null` for organisations without a sector.
    Sector,
    /// The partner that registered the organisation (`null`: the programme office).
    Partner,
}

/// How to break the workers down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkersGroupBy {
    /// `female`, `male`, or `unknown` when not recorded.
    Sex,
    /// Age on the reference date in completed years: `under_15`, `15_29` (youth, as the
    /// programme counts it), `30_64`, `65_plus`, `unknown` without a birth date.
    AgeBand,
    /// The member's sector (`null` when not recorded).
    Sector,
    Country,
    /// The member's region (`null` when not recorded).
    Region,
}

/// A count and its share of the cell's whole, rounded to one decimal (`57.6`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct FormalisationShare {
    pub count: i64,
    pub percentage: f64,
}

impl FormalisationShare {
    pub fn of(count: i64, whole: i64) -> Self {
        Self {
            count,
            percentage: suppression::percentage(count, whole),
        }
    }
}

/// Organisations by formal status on the reference date, in one group.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct OrganisationsCell {
    /// The group's value; `null` for the whole scope (and for organisations without one).
    pub group: Option<String>,
    /// Organisations in scope (current records).
    pub organisations: Option<i64>,
    pub formal: Option<FormalisationShare>,
    pub in_formation: Option<FormalisationShare>,
    pub informal: Option<FormalisationShare>,
    /// Not formal on the day before `from` and formal on `to` (only with `from`).
    pub became_formal: Option<i64>,
    pub suppressed: bool,
}

/// Workers and their formal jobs on the reference date, in one group.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct WorkersCell {
    pub group: Option<String>,
    /// Members in scope holding at least one job on the reference date.
    pub workers: Option<i64>,
    /// Of those, the members holding a formal job on that date.
    pub with_formal_job: Option<FormalisationShare>,
    pub suppressed: bool,
}

/// The filters applied, echoed back.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct FormalisationFilters {
    pub country: Option<String>,
    pub region: Option<String>,
    pub sector: Option<String>,
    pub in_programme_only: bool,
}

/// Who became formal: organisations by formal status and workers with formal jobs.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "as_of": "2026-11-30",
    "from": "2026-01-01",
    "filters": {"country": "PE", "region": null, "sector": "textile", "in_programme_only": false},
    "organisations_by": null,
    "workers_by": "sex",
    "organisations": [{
        "group": null, "organisations": 40,
        "formal": {"count": 12, "percentage": 30.0},
        "in_formation": {"count": 9, "percentage": 22.5},
        "informal": {"count": 19, "percentage": 47.5},
        "became_formal": 7, "suppressed": false
    }],
    "workers": [
        {"group": "female", "workers": 96, "with_formal_job": {"count": 31, "percentage": 32.3}, "suppressed": false},
        {"group": "male", "workers": 88, "with_formal_job": {"count": 35, "percentage": 39.8}, "suppressed": false}
    ]
}))]
pub struct FormalisationIndicator {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    /// The start of the period for `became_formal` (`null`: not asked).
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    pub filters: FormalisationFilters,
    pub organisations_by: Option<OrganisationsGroupBy>,
    pub workers_by: Option<WorkersGroupBy>,
    /// One cell without `organisations_by`; one per group otherwise, in group order.
    pub organisations: Vec<OrganisationsCell>,
    /// One cell without `workers_by`; one per group otherwise, in group order.
    pub workers: Vec<WorkersCell>,
}

/// One point of the formalisation series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormalisationPoint {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    pub organisations: Option<i64>,
    pub formal_organisations: Option<FormalisationShare>,
    pub workers: Option<i64>,
    pub with_formal_job: Option<FormalisationShare>,
    /// Whether some of this point's counts were withheld (fewer than 5 organisations, or 5
    /// workers).
    pub suppressed: bool,
}

/// Formalisation over time, for dashboards.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FormalisationSeries {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    pub filters: FormalisationFilters,
    pub data: Vec<FormalisationPoint>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_to_one_decimal() {
        assert_eq!(FormalisationShare::of(576, 1000).percentage, 57.6);
        assert_eq!(FormalisationShare::of(1, 3).percentage, 33.3);
        assert_eq!(FormalisationShare::of(0, 0).percentage, 0.0);
    }
}
