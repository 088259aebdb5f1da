//! Formalisation indicator endpoints.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::auth::scopes::IndicatorsRead;
use formaliza_shared::auth::{Authorized, Principal};
use formaliza_shared::db::{self, DbPool};
use formaliza_shared::domain::{self, Sector};
use formaliza_shared::extract::Query;
use formaliza_shared::lifecycle::today;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::series::month_points;
use formaliza_shared::suppression::MinCell;
use formaliza_shared::{ApiError, FieldErrors};

use super::db::{self as counts, FormalisationQuery, Source};
use super::model::{
    FormalisationFilters, FormalisationIndicator, FormalisationPoint, FormalisationSeries,
    FormalisationShare, OrganisationsGroupBy, WorkersGroupBy,
};

/// Reference date, period, filters and breakdowns of the formalisation indicator.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FormalisationParams {
    /// Reference date, `YYYY-MM-DD` (default today).
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
    /// Start of the period for `became_formal` (organisations not formal the day before and
    /// formal on `as_of`); not counted without it.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Organisations, and members, of this country (`PE`, `BO`).
    #[param(value_type = Option<formaliza_shared::domain::CountryCode>)]
    pub country: Option<String>,
    /// Organisations, and members, of this region (`PE-JUN`).
    #[param(pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    pub region: Option<String>,
    /// Organisations, and members, of this sector.
    #[param(inline)]
    pub sector: Option<Sector>,
    /// Only organisations of the programme, and members currently in one.
    pub in_programme_only: Option<bool>,
    /// Break the organisations down.
    pub organisations_by: Option<OrganisationsGroupBy>,
    /// Break the workers down.
    pub workers_by: Option<WorkersGroupBy>,
}

/// Period and filters of the formalisation series.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FormalisationSeriesParams {
    /// First date, `YYYY-MM-DD`.
    #[param(value_type = String, format = Date)]
    pub from: NaiveDate,
    /// Last date, `YYYY-MM-DD` (at most 240 months after `from`).
    #[param(value_type = String, format = Date)]
    pub to: NaiveDate,
    #[param(value_type = Option<formaliza_shared::domain::CountryCode>)]
    pub country: Option<String>,
    #[param(pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    pub region: Option<String>,
    #[param(inline)]
    pub sector: Option<Sector>,
    pub in_programme_only: Option<bool>,
}

/// The dates an indicator is asked about: years 1900 to 2999, so that every age band's cutoff
/// is a date both backends store.
fn check_date(field: &'static str, date: NaiveDate) -> Result<NaiveDate, ApiError> {
    use chrono::Datelike;
    if (1900..3000).contains(&date.year()) {
        Ok(date)
    } else {
        Err(ApiError::bad_parameter(
            field,
            "out_of_range",
            "dates must be between 1900-01-01 and 2999-12-31",
        ))
    }
}

/// The question as asked: the filters, checked, and the caller's partner.
fn question(
    principal: &Principal,
    country: Option<String>,
    region: Option<String>,
    sector: Option<Sector>,
    in_programme_only: Option<bool>,
) -> Result<FormalisationQuery, ApiError> {
    let mut errors = FieldErrors::new();
    domain::check_place(&mut errors, country.as_deref(), region.as_deref());
    errors.into_bad_parameter()?;
    Ok(FormalisationQuery {
        filters: FormalisationFilters {
            country,
            region,
            sector: sector.map(|s| <&str>::from(s).to_owned()),
            in_programme_only: in_programme_only.unwrap_or(false),
        },
        partner: principal.partner_id.clone(),
    })
}

/// Who became formal: organisations by formal status, and workers holding a formal job.
///
/// On `as_of`, among the organisations in scope (current records, narrowed by the filters):
/// how many are `formal` (an active tax registration and an active business or cooperative
/// registry entry), `in_formation` (one of the two) and `informal`, and with `from`, how many
/// became formal in the period (not formal on the day before `from`, formal on `as_of`).
/// Among the members in scope holding a job on `as_of`: how many hold a formal one, following
/// the ILO (17th and 21st ICLS): an employee registered by the employer for social security by
/// then, or an owner, self-employed worker or member-worker of an organisation `formal` then
/// (a contributing family worker's job is informal). Registrations and transitions count on
/// their effective dates, so backdated records move past figures.
///
/// Aggregates only: cells of fewer than 5 organisations or members (`FORMALIZA_MIN_CELL`) are
/// withheld, and with them as many other cells of the same breakdown as it takes that none
/// can be recomputed by subtraction. A partner-scoped token counts only its own records.
#[utoipa::path(
    tag = "indicators",
    params(FormalisationParams),
    security(("bearer" = ["indicators:read"])),
    responses((status = 200, description = "The indicator", body = FormalisationIndicator), ListErrors)
)]
#[get("/v1/indicators/formalisation")]
pub async fn formalisation(
    principal: Authorized<IndicatorsRead>,
    params: Query<FormalisationParams>,
    pool: web::Data<DbPool>,
    min_cell: web::Data<MinCell>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let as_of = check_date("as_of", params.as_of.unwrap_or_else(today))?;
    let from = params.from.map(|d| check_date("from", d)).transpose()?;
    if from.is_some_and(|from| from > as_of) {
        return Err(ApiError::bad_parameter(
            "from",
            "after_as_of",
            "`from` must not be after `as_of`",
        ));
    }
    let query = question(
        &principal,
        params.country,
        params.region,
        params.sector,
        params.in_programme_only,
    )?;
    let (organisations_by, workers_by) = (params.organisations_by, params.workers_by);
    let k = **min_cell;
    let indicator = db::run(&pool, move |conn| {
        let (organisations, workers) = db::snapshot(conn, |conn| {
            let source = Source::of(conn)?;
            let organisations =
                counts::organisation_counts(conn, source, &query, organisations_by, as_of, from)?;
            let workers = counts::worker_counts(conn, source, &query, workers_by, as_of)?;
            Ok((organisations, workers))
        })?;
        Ok(FormalisationIndicator {
            as_of,
            from,
            filters: query.filters,
            organisations_by,
            workers_by,
            organisations: counts::published_organisations(organisations, k, from.is_some()),
            workers: counts::published_workers(workers, k),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(indicator))
}

/// Formalisation over time.
///
/// The whole scope's formal organisations and workers with a formal job (as in
/// `GET /v1/indicators/formalisation`), at the last day of each month from `from` to `to` (the
/// last point at `to`). The organisations' or the workers' figures of a point counting fewer
/// than 5 of them (`FORMALIZA_MIN_CELL`) are withheld.
#[utoipa::path(
    tag = "indicators",
    params(FormalisationSeriesParams),
    security(("bearer" = ["indicators:read"])),
    responses((status = 200, description = "The series", body = FormalisationSeries), ListErrors)
)]
#[get("/v1/indicators/formalisation/series")]
pub async fn formalisation_series(
    principal: Authorized<IndicatorsRead>,
    params: Query<FormalisationSeriesParams>,
    pool: web::Data<DbPool>,
    min_cell: web::Data<MinCell>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let (from, to) = (
        check_date("from", params.from)?,
        check_date("to", params.to)?,
    );
    let points = month_points(from, to)?;
    let query = question(
        &principal,
        params.country,
        params.region,
        params.sector,
        params.in_programme_only,
    )?;
    let k = **min_cell;
    let series = db::run(&pool, move |conn| {
        let data = db::snapshot(conn, |conn| {
            let source = Source::of(conn)?;
            let mut data = Vec::with_capacity(points.len());
            for as_of in points {
                let organisations =
                    counts::organisation_counts(conn, source, &query, None, as_of, None)?;
                let workers = counts::worker_counts(conn, source, &query, None, as_of)?;
                data.push(point(as_of, &organisations, &workers, k));
            }
            Ok(data)
        })?;
        Ok(FormalisationSeries {
            from,
            to,
            filters: query.filters,
            data,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(series))
}

/// One point from the whole scope's counts (one row each).
fn point(
    as_of: NaiveDate,
    organisations: &[counts::OrganisationCounts],
    workers: &[counts::WorkerCounts],
    k: MinCell,
) -> FormalisationPoint {
    let (units, formal) = organisations
        .first()
        .map_or((0, 0), |c| (c.organisations, c.formal));
    let (people, with_job) = workers.first().map_or((0, 0), |c| (c.workers, c.formal));
    let (hide_units, hide_people) = (units < k.get(), people < k.get());
    FormalisationPoint {
        as_of,
        organisations: (!hide_units).then_some(units),
        formal_organisations: (!hide_units).then(|| FormalisationShare::of(formal, units)),
        workers: (!hide_people).then_some(people),
        with_formal_job: (!hide_people).then(|| FormalisationShare::of(with_job, people)),
        suppressed: hide_units || hide_people,
    }
}
