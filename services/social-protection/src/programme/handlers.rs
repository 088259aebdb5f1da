//! The programme's indicator framework over HTTP: the catalogue, reported values, progress and
//! the overview. The rules are in `model.rs`, the queries in `db.rs`, the live values in
//! `live.rs`.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{Months, NaiveDate};
use futures_util::{StreamExt, TryStreamExt, stream};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{IndicatorsRead, ProgrammeWrite};
use formaliza_shared::concurrency::{IfMatch, IfNoneMatch};
use formaliza_shared::db;
use formaliza_shared::extract::{Json, Query};
use formaliza_shared::idempotency::{Attempt, IdempotencyKey};
use formaliza_shared::ids::{ProgrammeIndicatorId, ReportedValueId};
use formaliza_shared::lifecycle::today;
use formaliza_shared::openapi::{
    CreateErrors, CreateWithReferenceErrors, DeleteErrors, IdempotencyKeyHeader, IfMatchHeader,
    IfNoneMatchHeader, ListErrors, ListWithRelayErrors, NotModified, ReadErrors,
    ReadWithRelayErrors, RecordIdPath, UpdateErrors,
};
use formaliza_shared::pagination::Page;
use formaliza_shared::read::{self, ListQuery, Window};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::state::ServiceState;
use formaliza_shared::write;
use formaliza_shared::{Scope, series};

use super::db::{
    self as store, IndicatorFilter, ProgrammeIndicator, ReportedValueFilter, ReportedValueRecord,
};
use super::live::Measurer;
use super::model::{
    Assessment, Indicator, IndicatorInput, LiveValue, ProgrammeMeasure, ReportedValue,
    ReportedValueInput, Target, assess, check_date,
};

/// Upstream questions in flight at once for one page of the overview.
const IN_FLIGHT: usize = 4;

/// The overview's date and filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IndicatorOverviewParams {
    /// The date of the live values and of the assessment, `YYYY-MM-DD` (default today).
    #[param(value_type = Option<String>, format = Date)]
    pub as_of: Option<NaiveDate>,
    /// Only indicators of this measure.
    #[param(inline)]
    pub measure: Option<ProgrammeMeasure>,
}

/// A date of the query string, within the years the measures answer for (400 otherwise).
fn query_date(parameter: &str, date: NaiveDate) -> Result<NaiveDate, ApiError> {
    check_date(date).map_err(|e| ApiError::bad_parameter(parameter, &e.code, e.message))
}

/// Where an indicator stands on a date.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ProgrammeIndicatorStatus)]
pub struct IndicatorStatus {
    #[serde(flatten)]
    pub indicator: Indicator,
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    /// The measure on `as_of`, as the caller may see it.
    pub live: LiveValue,
    /// The latest value reported for a date up to `as_of` and not superseded by a correction.
    pub last_reported: Option<ReportedValue>,
    /// The first target due on or after `as_of`.
    pub next_target: Option<Target>,
    pub assessment: Assessment,
}

/// Indicators of the programme, with where each stands.
///
/// The catalogue (keyset-paginated in creation order), each indicator with its live value on
/// `as_of` (default today), its last reported value, its next target and whether it is on
/// track. **On track**: the expected value on `as_of` lies on the straight line from the start
/// point (the latest target due before `as_of`, else the baseline) to the end point (the first
/// target due on or after `as_of`); once every target is past it is the last target's value.
/// An indicator that aims to `increase` is on track when its live value is at least the
/// expected one, one that aims to `decrease` when it is at most that. `unknown` when the live
/// value is withheld (small numbers: a suppressed measure is never computed around), or there
/// are no targets, or no start point.
///
/// Live values are the measures' own: coverage computed here, formalisation asked of the
/// members service, training of the trainings service, with the caller's token (so a partner's
/// token sees its own records' figures). A service that cannot be reached is a 503.
#[utoipa::path(
    tag = "programme",
    params(IndicatorOverviewParams, Window),
    security(("bearer" = ["indicators:read"])),
    responses((status = 200, description = "A page of indicators with where they stand", body = Page<IndicatorStatus>), ListWithRelayErrors)
)]
#[get("/v1/programme/indicators")]
pub async fn list_indicators(
    principal: Authorized<IndicatorsRead>,
    query: ListQuery<IndicatorOverviewParams>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { filters, window } = query;
    let as_of = query_date("as_of", filters.as_of.unwrap_or_else(today))?;
    let filter = IndicatorFilter {
        measure: filters.measure,
    };
    let (keyset, limit) = read::keyset::<ProgrammeIndicator>(&principal, &window)?;
    let (indicators, reported, next_cursor) = db::run(&state.pool, move |conn| {
        let mut indicators = store::list_indicators(conn, &keyset, &filter)?;
        let next = read::next_page(&mut indicators, limit);
        let ids: Vec<ProgrammeIndicatorId> = indicators.iter().map(|i| i.id.clone()).collect();
        let reported = store::reported_for(conn, &ids)?;
        Ok((indicators, reported, next))
    })
    .await?;
    let measurer = Measurer::new(&principal, &state);
    let live: Vec<LiveValue> = stream::iter(&indicators)
        .map(|indicator| measurer.at(&indicator.definition, as_of))
        .buffered(IN_FLIGHT)
        .try_collect()
        .await?;
    let data = indicators
        .iter()
        .zip(live)
        .map(|(indicator, live)| {
            let last_reported = reported
                .iter()
                .filter(|r| r.row.indicator_id == indicator.id)
                .filter(|r| !r.is_superseded() && r.row.reference_date <= as_of)
                .max_by_key(|r| (r.row.reference_date, r.row.id.clone()))
                .map(ReportedValueRecord::to_view);
            IndicatorStatus {
                indicator: indicator.to_view(),
                as_of,
                live,
                last_reported,
                next_target: indicator
                    .targets
                    .iter()
                    .find(|t| t.due_on >= as_of)
                    .copied(),
                assessment: assess(
                    as_of,
                    live.value,
                    indicator.direction,
                    indicator.baseline.as_ref(),
                    &indicator.targets,
                ),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page { data, next_cursor }))
}

/// Add an indicator to the programme's catalogue.
///
/// Its code, name and description in Spanish and English, its unit, and its definition: one
/// computed measure and the filters it takes (the query parameters of the measure's endpoint):
///
/// - `coverage_public_service`, `coverage_insurance` (percent; `GET /v1/indicators/coverage`):
///   `country`, `region`, `sector`, `organisation_id`, `in_programme_only`, `unit`
///   (`household` or `person`). `{"sector": "coffee"}` gives coffee producers' families.
/// - `formal_organisations`, `workers_with_formal_job` (percent; members service,
///   `GET /v1/indicators/formalisation`): `country`, `region`, `sector`, `in_programme_only`.
/// - `training_participants` (count; trainings service, `GET /v1/indicators/training`, from
///   `from` or ever up to the date): `country`, `region`, `topic`, `organisation_id`, `from`,
///   and `sex` (`female`, `male`) or `youth: true`; `certificates_issued` (count): the same
///   without `sex` and `youth`.
///
/// An unknown measure, a filter the measure does not take, or a unit other than the measure's
/// is a 422 naming the field. A baseline (value, date, source) and targets (value, due date,
/// each after the baseline) are optional. Only the programme office writes the catalogue
/// (`programme:write`, a token without `partner_id`). Send an `Idempotency-Key` to retry
/// safely.
#[utoipa::path(
    tag = "programme",
    request_body = IndicatorInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["programme:write"])),
    responses(
        (status = 201, description = "Created", body = Indicator, headers(("Location" = String), ("ETag" = String))),
        CreateErrors
    )
)]
#[post("/v1/programme/indicators")]
pub async fn create_indicator(
    principal: Authorized<ProgrammeWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<IndicatorInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<ProgrammeIndicator>(&state, &principal, attempt, body.into_inner()).await
}

/// Get an indicator of the catalogue.
#[utoipa::path(
    tag = "programme",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["indicators:read"])),
    responses(
        (status = 200, description = "The indicator", body = Indicator, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/programme/indicators/{id}",
    guard = "formaliza_shared::resource::nested_record_id_guard"
)]
pub async fn get_indicator(
    principal: Authorized<IndicatorsRead>,
    id: web::Path<ProgrammeIndicatorId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<ProgrammeIndicator>(&state, &principal, id.into_inner(), condition).await
}

/// Change an indicator (JSON Merge Patch).
///
/// Its names, description, baseline, targets, even its definition (checked as on creation);
/// values already reported keep the live value frozen when they were recorded. Send
/// `If-Match` with the ETag you read (412 on a stale version).
#[utoipa::path(
    tag = "programme",
    params(RecordIdPath, IfMatchHeader),
    request_body(content = Object, content_type = "application/merge-patch+json", example = json!({"targets": [{"value": 50.0, "due_on": "2025-12-31"}, {"value": 70.0, "due_on": "2027-12-31"}]})),
    security(("bearer" = ["programme:write"])),
    responses((status = 200, description = "Updated", body = Indicator, headers(("ETag" = String))), UpdateErrors)
)]
#[patch(
    "/v1/programme/indicators/{id}",
    guard = "formaliza_shared::resource::nested_record_id_guard"
)]
pub async fn patch_indicator(
    principal: Authorized<ProgrammeWrite>,
    id: web::Path<ProgrammeIndicatorId>,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::patch::<ProgrammeIndicator>(&state, &principal, id.into_inner(), if_match, body).await
}

/// Remove an indicator from the catalogue.
///
/// A soft delete (the feed shows it), refused (409) once values were reported against it.
#[utoipa::path(
    tag = "programme",
    params(RecordIdPath, IfMatchHeader),
    security(("bearer" = ["programme:write"])),
    responses((status = 204, description = "Deleted"), DeleteErrors)
)]
#[delete(
    "/v1/programme/indicators/{id}",
    guard = "formaliza_shared::resource::nested_record_id_guard"
)]
pub async fn delete_indicator(
    principal: Authorized<ProgrammeWrite>,
    id: web::Path<ProgrammeIndicatorId>,
    if_match: IfMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<ProgrammeIndicator>(&state, &principal, id.into_inner(), if_match).await
}

/// The period of a progress chart.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProgressParams {
    /// First date, `YYYY-MM-DD` (default the baseline's date, or a year before `to`).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Last date, `YYYY-MM-DD` (default today; at most 240 months after `from`).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<NaiveDate>,
}

/// The live value at one point of a progress chart.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ProgrammeLivePoint)]
pub struct LivePoint {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    #[serde(flatten)]
    pub value: LiveValue,
}

/// Everything a chart of one indicator draws.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ProgrammeIndicatorProgress)]
pub struct IndicatorProgress {
    /// The indicator, with its baseline and targets.
    pub indicator: Indicator,
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    /// Every value reported against it (superseded ones too, marked `superseded_by`), by
    /// reference date, each with the live value frozen when it was recorded.
    pub reported_values: Vec<ReportedValue>,
    /// The measure today at the last day of each month from `from` to `to` (the last point at
    /// `to`), as the caller may see it.
    pub live: Vec<LivePoint>,
    /// On track on `to` (see `GET /v1/programme/indicators`).
    pub assessment: Assessment,
}

/// An indicator's progress, for a chart.
///
/// Baseline, targets, the values reported (with what the records said when each was recorded)
/// and the live value at month ends between `from` and `to`, in one answer. The live series is
/// computed from today's records: a value reported last year may differ from its point on the
/// line when records were backdated, corrected or added since, and the frozen value beside it
/// shows by how much. Withheld points (small numbers) are `null` with `suppressed: true`.
#[utoipa::path(
    tag = "programme",
    params(RecordIdPath, ProgressParams),
    security(("bearer" = ["indicators:read"])),
    responses((status = 200, description = "The progress", body = IndicatorProgress), ReadWithRelayErrors)
)]
#[get(
    "/v1/programme/indicators/{id}/progress",
    guard = "formaliza_shared::resource::nested_record_id_guard"
)]
pub async fn indicator_progress(
    principal: Authorized<IndicatorsRead>,
    id: web::Path<ProgrammeIndicatorId>,
    params: Query<ProgressParams>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let (id, reader) = (id.into_inner(), principal.principal.clone());
    let (indicator, reported) = db::run(&state.pool, move |conn| {
        let indicator = resource::find_visible::<ProgrammeIndicator>(conn, &reader, &id)?;
        let reported = store::reported_for(conn, std::slice::from_ref(&indicator.id))?;
        Ok((indicator, reported))
    })
    .await?;
    let to = params.to.unwrap_or_else(today);
    let from = params.from.unwrap_or_else(|| {
        indicator
            .baseline
            .as_ref()
            .map(|b| b.date)
            .filter(|date| *date <= to)
            .unwrap_or_else(|| to.checked_sub_months(Months::new(12)).unwrap_or(to))
    });
    let (from, to) = (query_date("from", from)?, query_date("to", to)?);
    series::month_points(from, to)?;
    let live = Measurer::new(&principal, &state)
        .series(&indicator.definition, from, to)
        .await?;
    let last = live.last().and_then(|(_, value)| value.value);
    Ok(HttpResponse::Ok().json(IndicatorProgress {
        assessment: assess(
            to,
            last,
            indicator.direction,
            indicator.baseline.as_ref(),
            &indicator.targets,
        ),
        indicator: indicator.to_view(),
        from,
        to,
        reported_values: reported.iter().map(ReportedValueRecord::to_view).collect(),
        live: live
            .into_iter()
            .map(|(as_of, value)| LivePoint { as_of, value })
            .collect(),
    }))
}

/// Filters of the reported values.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportedValueFilters {
    /// Only values of this indicator.
    #[param(value_type = Option<String>, format = "uuid")]
    pub indicator_id: Option<ProgrammeIndicatorId>,
}

/// List reported values.
///
/// Keyset-paginated in the order they were recorded. A superseded value (one a later entry
/// corrects) says so in `superseded_by`.
#[utoipa::path(
    tag = "programme",
    params(ReportedValueFilters, Window),
    security(("bearer" = ["indicators:read"])),
    responses((status = 200, description = "A page of reported values", body = Page<ReportedValue>), ListErrors)
)]
#[get("/v1/programme/reported-values")]
pub async fn list_reported_values(
    principal: Authorized<IndicatorsRead>,
    query: ListQuery<ReportedValueFilters>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { filters, window } = query;
    let filter = ReportedValueFilter {
        indicator_id: filters.indicator_id,
    };
    read::list(&state, &principal, window, filter, store::list_reported).await
}

/// Record a value reported to a donor or a ministry.
///
/// The figure as reported, the date it describes (`reference_date`), the day it was reported,
/// to whom, its source and a note. Recording it also freezes, beside it, the indicator's live
/// value for the reference date as computed now (`live_at_recording`, and `difference`), so
/// that what was reported and what the records say can always be compared. The live value is
/// computed with the caller's token, so recording needs `indicators:read` as well as
/// `programme:write`; a measure of a service that cannot be reached now is a 503 and nothing
/// is recorded.
///
/// A reported value never changes: there is no PATCH or DELETE (405). To correct one, record
/// a new value with `corrects` naming it; the corrected one then shows `superseded_by`. A
/// value is corrected once (409 after that: correct the correction). Send an
/// `Idempotency-Key` to retry safely.
#[utoipa::path(
    tag = "programme",
    request_body = ReportedValueInput,
    params(IdempotencyKeyHeader),
    security(("bearer" = ["programme:write", "indicators:read"])),
    responses(
        (status = 201, description = "Recorded", body = ReportedValue, headers(("Location" = String), ("ETag" = String))),
        CreateWithReferenceErrors
    )
)]
#[post("/v1/programme/reported-values")]
pub async fn create_reported_value(
    principal: Authorized<ProgrammeWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<ReportedValueInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    principal.require(Scope::IndicatorsRead)?;
    let attempt = Attempt::new(&request, key, &body.digest);
    write::create::<ReportedValueRecord>(&state, &principal, attempt, body.into_inner()).await
}

/// Get a reported value.
#[utoipa::path(
    tag = "programme",
    params(RecordIdPath, IfNoneMatchHeader),
    security(("bearer" = ["indicators:read"])),
    responses(
        (status = 200, description = "The reported value", body = ReportedValue, headers(("ETag" = String))),
        NotModified,
        ReadErrors
    )
)]
#[get(
    "/v1/programme/reported-values/{id}",
    guard = "formaliza_shared::resource::nested_record_id_guard"
)]
pub async fn get_reported_value(
    principal: Authorized<IndicatorsRead>,
    id: web::Path<ReportedValueId>,
    condition: IfNoneMatch,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    read::get::<ReportedValueRecord>(&state, &principal, id.into_inner(), condition).await
}
