//! Coverage indicator endpoints.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::IndicatorsRead;
use formaliza_shared::consumer;
use formaliza_shared::db::{self, DbPool};
use formaliza_shared::domain::{self, Sector};
use formaliza_shared::extract::Query;
use formaliza_shared::feed;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::suppression::MinCell;
use formaliza_shared::{ApiError, FieldErrors};

use super::cache::CoverageCache;
use super::compute::{self, CoverageQuery};
use super::model::{
    CoverageFilters, CoverageGroupBy, CoverageIndicator, CoverageInterval, CoveragePoint,
    CoverageSeries, CoverageUnit, ReadModelFreshness,
};
use crate::read_model::CONSUMER;
use formaliza_shared::lifecycle::today;
use formaliza_shared::series::month_points;

/// Reference date and filters of the coverage indicator.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoverageParams {
    /// Reference date, `YYYY-MM-DD` (default today).
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
    /// Households in this country (`PE`, `BO`).
    #[param(value_type = Option<formaliza_shared::domain::CountryCode>)]
    pub country: Option<String>,
    /// Households in this region (`PE-JUN`).
    #[param(pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    pub region: Option<String>,
    /// Households with at least one member working in this sector (`coffee`: coffee producers' families).
    #[param(inline)]
    pub sector: Option<Sector>,
    /// Households with a member currently in this organisation.
    #[param(format = "uuid")]
    pub organisation_id: Option<String>,
    /// Only households with a member in an organisation of the programme.
    pub in_programme_only: Option<bool>,
    /// Count `household`s (the default) or members (`person`). With `person`, each filter
    /// applies to the member: their household's country, region and partner, their own sector,
    /// their own current membership.
    #[param(inline)]
    pub unit: Option<CoverageUnit>,
    /// Break the figures down: `country`, `region`; `organisation`, `head_sex` for households;
    /// `sex`, `age_band` for members (`unit=person`). Another is a 400.
    pub group_by: Option<CoverageGroupBy>,
}

/// Period and filters of the coverage time series.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoverageSeriesParams {
    /// First date, `YYYY-MM-DD`.
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last date, `YYYY-MM-DD` (at most 240 months after `from`).
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// `month` (the only step for now; the default).
    #[param(inline)]
    pub interval: Option<CoverageInterval>,
    /// Households in this country (`PE`, `BO`).
    #[param(value_type = Option<formaliza_shared::domain::CountryCode>)]
    pub country: Option<String>,
    /// Households in this region (`PE-JUN`).
    #[param(pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    pub region: Option<String>,
    #[param(inline)]
    pub sector: Option<Sector>,
    /// Households with a member currently in this organisation.
    #[param(format = "uuid")]
    pub organisation_id: Option<String>,
    pub in_programme_only: Option<bool>,
    /// Count `household`s (the default) or members (`person`), as in the indicator.
    #[param(inline)]
    pub unit: Option<CoverageUnit>,
}

fn filters(
    country: Option<String>,
    region: Option<String>,
    sector: Option<Sector>,
    organisation_id: Option<String>,
    in_programme_only: Option<bool>,
) -> Result<CoverageFilters, ApiError> {
    // The same rules as the training indicators' filters, stated in the spec: a malformed value
    // is a 400 naming the parameter (a NUL, say, which PostgreSQL would refuse with a 500).
    let mut errors = FieldErrors::new();
    domain::check_place(&mut errors, country.as_deref(), region.as_deref());
    let organisation_id = domain::reference_filter(
        &mut errors,
        "organisation_id",
        "organisation",
        organisation_id.as_deref(),
    );
    errors.into_bad_parameter()?;
    Ok(CoverageFilters {
        country,
        region,
        sector: sector.map(|s| <&str>::from(s).to_owned()),
        organisation_id,
        in_programme_only: in_programme_only.unwrap_or(false),
    })
}

fn freshness(conn: &mut db::DbConnection) -> Result<ReadModelFreshness, ApiError> {
    let checkpoint = consumer::checkpoint(conn, CONSUMER)?;
    Ok(ReadModelFreshness {
        last_seq: checkpoint.last_seq,
        updated_at: checkpoint.updated_at,
    })
}

/// Coverage of households (or members) by public services and insurance.
///
/// Among the households in scope (households with at least one current member, narrowed by the
/// filters: `sector=coffee` gives coffee producers' families), how many have at least one member,
/// or the household itself, actively enrolled on `as_of` in a `public_service` scheme, and in an
/// `insurance` scheme: counts and percentages. The status of an enrolment on a date is its last
/// transition effective on or before that date. Households and members come from this service's
/// copy of the members service, fed by its change feed: `read_model` says how current it is.
///
/// With `unit=person` the cells count members (`members` in place of `households`, and
/// `"unit": "person"` in the answer): the current members of a household, narrowed by the same
/// filters applied to each member (their household's country and region, their own sector and
/// current memberships), and how many are covered on `as_of`: by their own active enrolment, or
/// by an active enrolment of their household (a scheme covering the whole household covers each
/// member of it now). Broken down by `sex` or `age_band` (age on `as_of`: `15_29` is the
/// programme's youth), a dashboard shows, say, young women with health insurance.
///
/// Aggregates only: cells of fewer than 5 households or members (`FORMALIZA_MIN_CELL`) are
/// withheld, and with them as many other cells of the answer as it takes that none can be
/// recomputed by subtraction from the cells shown and the whole scope's total. A
/// partner-scoped token counts only its own households (and their members).
#[utoipa::path(
    tag = "indicators",
    params(CoverageParams),
    security(("bearer" = ["indicators:read"])),
    responses((status = 200, description = "The indicator", body = CoverageIndicator), ListErrors)
)]
#[get("/v1/indicators/coverage")]
pub async fn coverage(
    principal: Authorized<IndicatorsRead>,
    params: Query<CoverageParams>,
    pool: web::Data<DbPool>,
    min_cell: web::Data<MinCell>,
    cache: web::Data<CoverageCache>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let as_of = params.as_of.unwrap_or_else(today);
    let unit = params.unit.unwrap_or_default();
    if params.group_by.is_some_and(|g| !g.applies_to(unit)) {
        return Err(compute::group_by_not_for(unit));
    }
    let query = CoverageQuery {
        filters: filters(
            params.country,
            params.region,
            params.sector,
            params.organisation_id,
            params.in_programme_only,
        )?,
        partner: principal.partner_id.clone(),
        group_by: params.group_by,
        unit,
    };
    let indicator = db::run(&pool, move |conn| {
        // The figures and the freshness they claim come from one snapshot.
        let (read_model, data) = db::snapshot(conn, |conn| {
            let read_model = freshness(conn)?;
            let version = (feed::head(conn)?, read_model.last_seq);
            let question = query.question(as_of);
            let data = match cache.get(&question, version) {
                Some(cells) => cells,
                None => {
                    let cells = compute::cells(conn, &query, as_of, **min_cell)?;
                    cache.put(question, version, cells.clone());
                    cells
                }
            };
            Ok((read_model, data))
        })?;
        Ok(CoverageIndicator {
            as_of,
            unit: query.unit,
            group_by: query.group_by,
            filters: query.filters,
            read_model,
            data,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(indicator))
}

/// Coverage over time.
///
/// The same figures as `GET /v1/indicators/coverage` (whole scope, no grouping; households, or
/// members with `unit=person`), at the last day of each month from `from` to `to` (the last
/// point at `to`). The households (or members) in scope are the same at every point, so when
/// they are fewer than 5 (`FORMALIZA_MIN_CELL`) every point is withheld.
#[utoipa::path(
    tag = "indicators",
    params(CoverageSeriesParams),
    security(("bearer" = ["indicators:read"])),
    responses((status = 200, description = "The series", body = CoverageSeries), ListErrors)
)]
#[get("/v1/indicators/coverage/series")]
pub async fn coverage_series(
    principal: Authorized<IndicatorsRead>,
    params: Query<CoverageSeriesParams>,
    pool: web::Data<DbPool>,
    min_cell: web::Data<MinCell>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let points = month_points(params.from, params.to)?;
    let query = CoverageQuery {
        filters: filters(
            params.country,
            params.region,
            params.sector,
            params.organisation_id,
            params.in_programme_only,
        )?,
        partner: principal.partner_id.clone(),
        group_by: None,
        unit: params.unit.unwrap_or_default(),
    };
    let (from, to) = (params.from, params.to);
    let series = db::run(&pool, move |conn| {
        let (read_model, data) = db::snapshot(conn, |conn| {
            let cells = compute::series_cells(conn, &query, &points, **min_cell)?;
            let data = points
                .into_iter()
                .zip(cells)
                .map(|(as_of, cell)| CoveragePoint { as_of, cell })
                .collect();
            Ok((freshness(conn)?, data))
        })?;
        Ok(CoverageSeries {
            from,
            to,
            interval: CoverageInterval::Month,
            unit: query.unit,
            filters: query.filters,
            read_model,
            data,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(series))
}
