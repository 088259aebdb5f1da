//! The coverage indicators as the API returns them: aggregates only, never personal data.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the indicator counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoverageUnit {
    /// Households (the default): cells count `households`.
    #[default]
    Household,
    /// Members: cells count `members`.
    Person,
}

impl CoverageUnit {
    /// Whether this is the default unit, which answers leave unsaid (so that answers to the
    /// household questions asked before persons were counted stay the same, byte for byte).
    pub fn is_household(&self) -> bool {
        *self == Self::Household
    }
}

/// How to break the indicator down. `head_sex` and `organisation` apply to households only;
/// `sex` and `age_band` to members only; `country` and `region` to both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoverageGroupBy {
    /// Country of the household.
    Country,
    /// Region of the household.
    Region,
    /// Each organisation a member of the household belongs to (a household in two
    /// organisations counts in both cells).
    Organisation,
    /// Sex of the household head (`unknown` without a recorded head).
    HeadSex,
    /// Sex of the member: `female`, `male`, `unknown`.
    Sex,
    /// Age of the member on `as_of`, in completed years (someone born on 29 February is a year
    /// older on 1 March in other years): `under_15`, `15_29` (youth, as the programme counts
    /// it), `30_64`, `65_plus`, `unknown` without a recorded birth date.
    AgeBand,
}

impl CoverageGroupBy {
    /// Whether cells of this grouping can count `unit`.
    pub fn applies_to(self, unit: CoverageUnit) -> bool {
        match self {
            Self::Country | Self::Region => true,
            Self::Organisation | Self::HeadSex => unit == CoverageUnit::Household,
            Self::Sex | Self::AgeBand => unit == CoverageUnit::Person,
        }
    }
}

/// The step of a time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoverageInterval {
    /// One point per month, at the month's last day (the last point at `to`).
    Month,
}

/// A count and its share of the households (or members) in scope.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct CoverageShare {
    pub count: i64,
    /// Percentage of the households (or members) in scope, rounded to one decimal (`57.6`).
    pub percentage: f64,
}

/// One cell of the indicator: it counts households (field `households`, the default unit) or
/// members (field `members`, `unit=person`), never both. Cells of fewer than 5 households or
/// members are suppressed: their counts are `null` and `suppressed` is `true`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CoverageCell {
    /// The group's value (country code, region code, organisation id, `female`/`male`/`unknown`,
    /// age band); `null` for the whole scope, and for households without a region or
    /// organisation.
    pub group: Option<String>,
    /// Households in scope (`null` when suppressed). Absent when the cell counts members.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub households: Option<Option<i64>>,
    /// Members in scope (`null` when suppressed); only with `unit=person`, in place of
    /// `households`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i64>)]
    pub members: Option<Option<i64>>,
    /// Households with at least one member, or the household itself, actively enrolled in a
    /// `public_service` scheme on the reference date; with `unit=person`, members actively
    /// enrolled themselves or through their household's enrolment.
    pub public_service: Option<CoverageShare>,
    /// Likewise for `insurance` schemes.
    pub insurance: Option<CoverageShare>,
    pub suppressed: bool,
}

/// The filters applied, echoed back.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct CoverageFilters {
    pub country: Option<String>,
    pub region: Option<String>,
    pub sector: Option<String>,
    pub organisation_id: Option<String>,
    pub in_programme_only: bool,
}

/// How current the households and members behind the figures are: the last event of the
/// members feed applied to this service's read model.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReadModelFreshness {
    /// `0`: nothing received yet.
    pub last_seq: i64,
    /// When the read model last caught up with the feed.
    pub updated_at: Option<DateTime<Utc>>,
}

/// Coverage of households (or members) by public services and insurance mechanisms at a
/// reference date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverageIndicator {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    /// `person` when the cells count members; absent when they count households (the default).
    #[serde(skip_serializing_if = "CoverageUnit::is_household")]
    #[schema(required = false)]
    pub unit: CoverageUnit,
    pub filters: CoverageFilters,
    pub group_by: Option<CoverageGroupBy>,
    pub read_model: ReadModelFreshness,
    /// One cell without `group_by`; one per group otherwise, in group order.
    pub data: Vec<CoverageCell>,
}

/// One point of a coverage time series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoveragePoint {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    #[serde(flatten)]
    pub cell: CoverageCell,
}

/// Coverage over time, for dashboards.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverageSeries {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    pub interval: CoverageInterval,
    /// `person` when the points count members; absent when they count households (the
    /// default).
    #[serde(skip_serializing_if = "CoverageUnit::is_household")]
    #[schema(required = false)]
    pub unit: CoverageUnit,
    pub filters: CoverageFilters,
    pub read_model: ReadModelFreshness,
    pub data: Vec<CoveragePoint>,
}
