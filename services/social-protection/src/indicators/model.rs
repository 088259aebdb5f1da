//! The coverage indicators as the API returns them: aggregates only, never personal data.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How to break the indicator down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoverageGroupBy {
    Country,
    Region,
    /// Each organisation a member of the household belongs to (a household in two
    /// organisations counts in both cells).
    Organisation,
    /// Sex of the household head (`unknown` without a recorded head).
    HeadSex,
}

/// The step of a time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CoverageInterval {
    /// One point per month, at the month's last day (the last point at `to`).
    Month,
}

/// A count and its share of the households in scope.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct CoverageShare {
    pub count: i64,
    /// Percentage of the households in scope, rounded to one decimal (`57.6`).
    pub percentage: f64,
}

/// One cell of the indicator. Cells of fewer than 5 households are suppressed: their counts are
/// `null` and `suppressed` is `true`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CoverageCell {
    /// The group's value (country code, region code, organisation id, `female`/`male`/`unknown`);
    /// `null` for the whole scope, and for households without a region or organisation.
    pub group: Option<String>,
    /// Households in scope.
    pub households: Option<i64>,
    /// Households with at least one member, or the household itself, actively enrolled in a
    /// `public_service` scheme on the reference date.
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

/// Coverage of households by public services and insurance mechanisms at a reference date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverageIndicator {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
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
    pub filters: CoverageFilters,
    pub read_model: ReadModelFreshness,
    pub data: Vec<CoveragePoint>,
}
