//! The training indicators endpoint.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::db::{self, DbPool};
use formaliza_shared::domain;
use formaliza_shared::extract::Query;
use formaliza_shared::openapi::ListErrors;
use formaliza_shared::suppression::MinCell;
use formaliza_shared::{ApiError, FieldErrors, Principal, Scope};

use super::db::{self as store, IndicatorQuery};
use super::model::TrainingIndicator;
use crate::courses::model::CourseTopic;

/// The period and filters of the training indicators.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrainingIndicatorParams {
    /// First day of the period (`YYYY-MM-DD`, sessions by their UTC start date; default: no limit).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Last day of the period, included (`YYYY-MM-DD`; default: no limit).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
    /// Sessions in this country (`PE`, `BO`).
    #[param(value_type = Option<formaliza_shared::domain::CountryCode>)]
    pub country: Option<String>,
    /// Sessions in this region (`PE-JUN`, `BO-L`).
    #[param(pattern = "^[A-Z]{2}-[A-Z0-9]{1,3}$")]
    pub region: Option<String>,
    /// Sessions of courses on this topic.
    pub topic: Option<CourseTopic>,
    /// Only participants who belong to this organisation (per the members read model).
    #[param(format = "uuid")]
    pub organisation_id: Option<String>,
}

/// Training indicators.
///
/// For a period and optional filters: sessions held, hours delivered, distinct participants
/// (by sex, and by youth: aged 15–29 on the session date), completion rate, certificates issued
/// and organisations from outside the programme that took part. Aggregates only, never a
/// person. Member attributes come from a local copy of the members service's data, fed by its
/// change feed: `read_model` tells how current it is. With `indicators:read` alone, cells
/// counting fewer than 5 people are withheld (`null`, `suppressed: true`). A partner token
/// counts its own sessions only.
#[utoipa::path(
    tag = "indicators",
    params(TrainingIndicatorParams),
    security(("bearer" = ["indicators:read"]), ("bearer" = ["trainings:read"])),
    responses((status = 200, description = "The figures", body = TrainingIndicator), ListErrors)
)]
#[get("/v1/indicators/training")]
pub async fn training_indicators(
    principal: Principal,
    params: Query<TrainingIndicatorParams>,
    pool: web::Data<DbPool>,
    min_cell: web::Data<MinCell>,
) -> Result<HttpResponse, ApiError> {
    principal.require_any(&[Scope::IndicatorsRead, Scope::TrainingsRead])?;
    let params = params.into_inner();
    let mut errors = FieldErrors::new();
    domain::check_place(
        &mut errors,
        params.country.as_deref(),
        params.region.as_deref(),
    );
    // Filter by the id in its canonical form; an empty one is no id at all, not "no filter".
    let organisation_id = domain::reference_filter(
        &mut errors,
        "organisation_id",
        "organisation",
        params.organisation_id.as_deref(),
    );
    if let (Some(from), Some(to)) = (params.from, params.to)
        && from > to
    {
        errors.push("to", "before_from", "the period ends before it starts");
    }
    errors.into_bad_parameter()?;
    let query = IndicatorQuery {
        from: params.from,
        to: params.to,
        country: params.country,
        region: params.region,
        topic: params.topic.map(|t| <&str>::from(t).to_owned()),
        organisation_id,
        partner: principal.partner_id.clone(),
        suppress_below: (!principal.has_scope(Scope::TrainingsRead)).then_some(**min_cell),
    };
    // The figures and the read-model position they report come from one snapshot.
    let indicator = db::run(&pool, move |conn| {
        db::snapshot(conn, |conn| store::compute(conn, &query))
    })
    .await?;
    Ok(HttpResponse::Ok().json(indicator))
}
