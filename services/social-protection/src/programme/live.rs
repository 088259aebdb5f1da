//! The live value of an indicator's measure, on a date or at month ends, as the caller may see
//! it: coverage computed here (with its suppression and the caller's partner scoping),
//! formalisation asked of the members service and training of the trainings service with the
//! caller's token relayed, so that their own access rules and suppression apply. A withheld
//! figure stays withheld ([`LiveValue::SUPPRESSED`]); a service that is down is a 503, one
//! that answers nonsense a 424.

use chrono::NaiveDate;
use futures_util::{StreamExt, TryStreamExt, stream};
use serde_json::Value;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Principal;
use formaliza_shared::db;
use formaliza_shared::series::month_points;
use formaliza_shared::state::ServiceState;
use formaliza_shared::upstream::{Lookup, Upstream};

use super::model::{Definition, LiveValue, MeasureFilters, ProgrammeMeasure};
use crate::indicators::compute::{self, CoverageQuery};
use crate::indicators::model::{CoverageCell, CoverageFilters};

/// Upstream questions in flight at once for one answer (training has no series endpoint).
const IN_FLIGHT: usize = 4;

/// Computes measures for one caller.
pub struct Measurer<'a> {
    principal: &'a Principal,
    state: &'a ServiceState,
}

impl<'a> Measurer<'a> {
    pub fn new(principal: &'a Principal, state: &'a ServiceState) -> Self {
        Self { principal, state }
    }

    /// The measure's value on `as_of`.
    pub async fn at(
        &self,
        definition: &Definition,
        as_of: NaiveDate,
    ) -> Result<LiveValue, ApiError> {
        let filters = &definition.filters;
        match definition.measure {
            ProgrammeMeasure::CoveragePublicService | ProgrammeMeasure::CoverageInsurance => {
                let query = self.coverage_query(filters);
                let k = self.state.min_cell;
                let cells = db::run(&self.state.pool, move |conn| {
                    db::snapshot(conn, |conn| compute::cells(conn, &query, as_of, k))
                })
                .await?;
                Ok(coverage_value(definition.measure, cells.first()))
            }
            ProgrammeMeasure::FormalOrganisations | ProgrammeMeasure::WorkersWithFormalJob => {
                let members = Upstream::members(&self.state.upstreams)?;
                let mut query = formalisation_query(filters);
                query.append_pair("as_of", &as_of.to_string());
                let path = format!("/v1/indicators/formalisation?{}", query.finish());
                let body = self.ask(&members, &path).await?;
                let (cell, field) = match definition.measure {
                    ProgrammeMeasure::FormalOrganisations => (&body["organisations"][0], "formal"),
                    _ => (&body["workers"][0], "with_formal_job"),
                };
                share(&members, cell, field)
            }
            ProgrammeMeasure::TrainingParticipants | ProgrammeMeasure::CertificatesIssued => {
                self.training(definition.measure, filters, as_of).await
            }
        }
    }

    /// The measure's value at the last day of each month from `from` to `to` (the last point
    /// at `to`), from the measure's own series where it has one.
    pub async fn series(
        &self,
        definition: &Definition,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, LiveValue)>, ApiError> {
        let points = month_points(from, to)?;
        let filters = &definition.filters;
        match definition.measure {
            ProgrammeMeasure::CoveragePublicService | ProgrammeMeasure::CoverageInsurance => {
                let query = self.coverage_query(filters);
                let k = self.state.min_cell;
                let asked = points.clone();
                let cells = db::run(&self.state.pool, move |conn| {
                    db::snapshot(conn, |conn| compute::series_cells(conn, &query, &asked, k))
                })
                .await?;
                Ok(points
                    .into_iter()
                    .zip(
                        cells
                            .iter()
                            .map(|c| coverage_value(definition.measure, Some(c))),
                    )
                    .collect())
            }
            ProgrammeMeasure::FormalOrganisations | ProgrammeMeasure::WorkersWithFormalJob => {
                let members = Upstream::members(&self.state.upstreams)?;
                let mut query = formalisation_query(filters);
                query.append_pair("from", &from.to_string());
                query.append_pair("to", &to.to_string());
                let path = format!("/v1/indicators/formalisation/series?{}", query.finish());
                let body = self.ask(&members, &path).await?;
                let field = match definition.measure {
                    ProgrammeMeasure::FormalOrganisations => "formal_organisations",
                    _ => "with_formal_job",
                };
                let data = body["data"].as_array().cloned().unwrap_or_default();
                if data.len() != points.len() {
                    return Err(members.bad_answer(format!(
                        "{} points for {} months",
                        data.len(),
                        points.len()
                    )));
                }
                points
                    .into_iter()
                    .zip(&data)
                    .map(|(as_of, point)| Ok((as_of, share(&members, point, field)?)))
                    .collect()
            }
            ProgrammeMeasure::TrainingParticipants | ProgrammeMeasure::CertificatesIssued => {
                stream::iter(points)
                    .map(|as_of| async move {
                        let value = self.training(definition.measure, filters, as_of).await?;
                        Ok::<_, ApiError>((as_of, value))
                    })
                    .buffered(IN_FLIGHT)
                    .try_collect()
                    .await
            }
        }
    }

    fn coverage_query(&self, filters: &MeasureFilters) -> CoverageQuery {
        CoverageQuery {
            filters: CoverageFilters {
                country: filters.country.clone(),
                region: filters.region.clone(),
                sector: filters.sector.map(|s| <&str>::from(s).to_owned()),
                organisation_id: filters.organisation_id.clone(),
                in_programme_only: filters.in_programme_only.unwrap_or(false),
            },
            partner: self.principal.partner_id.clone(),
            group_by: None,
            unit: filters.unit.unwrap_or_default(),
        }
    }

    /// Training counted from the filter's `from` (or ever) up to `as_of`.
    async fn training(
        &self,
        measure: ProgrammeMeasure,
        filters: &MeasureFilters,
        as_of: NaiveDate,
    ) -> Result<LiveValue, ApiError> {
        if filters.from.is_some_and(|from| from > as_of) {
            // Before the period starts nothing has been counted yet.
            return Ok(LiveValue::shown(0.0));
        }
        let trainings = Upstream::trainings(&self.state.upstreams)?;
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("to", &as_of.to_string());
        if let Some(from) = filters.from {
            query.append_pair("from", &from.to_string());
        }
        for (name, value) in [
            ("country", &filters.country),
            ("region", &filters.region),
            ("topic", &filters.topic),
            ("organisation_id", &filters.organisation_id),
        ] {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        let path = format!("/v1/indicators/training?{}", query.finish());
        let body = self.ask(&trainings, &path).await?;
        let count = match (measure, filters.sex, filters.youth) {
            (ProgrammeMeasure::CertificatesIssued, _, _) => &body["certificates_issued"],
            (_, Some(sex), _) => &body["participants_by_sex"][<&str>::from(sex)],
            (_, None, Some(true)) => &body["participants_by_age"]["youth"],
            _ => &body["participants"],
        };
        match count {
            Value::Null => Ok(LiveValue::SUPPRESSED),
            count => count
                .as_f64()
                .map(LiveValue::shown)
                .ok_or_else(|| trainings.bad_answer(format!("a count of {count}"))),
        }
    }

    /// GETs `path` of `upstream` with the caller's token: its JSON answer.
    async fn ask(&self, upstream: &Upstream, path: &str) -> Result<Value, ApiError> {
        match upstream.get(self.principal, path).await? {
            Lookup::Found(body) => Ok(body),
            Lookup::Missing => Err(upstream.bad_answer(format!("404 for {path}"))),
        }
    }
}

/// The query string of the formalisation endpoints for `filters`.
fn formalisation_query(filters: &MeasureFilters) -> form_urlencoded::Serializer<'static, String> {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(country) = &filters.country {
        query.append_pair("country", country);
    }
    if let Some(region) = &filters.region {
        query.append_pair("region", region);
    }
    if let Some(sector) = filters.sector {
        query.append_pair("sector", sector.into());
    }
    if let Some(only) = filters.in_programme_only {
        query.append_pair("in_programme_only", if only { "true" } else { "false" });
    }
    query
}

/// A coverage cell's share for `measure`: withheld with the cell.
fn coverage_value(measure: ProgrammeMeasure, cell: Option<&CoverageCell>) -> LiveValue {
    let share = cell.filter(|c| !c.suppressed).and_then(|c| match measure {
        ProgrammeMeasure::CoveragePublicService => c.public_service,
        _ => c.insurance,
    });
    share.map_or(LiveValue::SUPPRESSED, |s| LiveValue::shown(s.percentage))
}

/// The percentage of a formalisation share `field` of `cell` (`null`: withheld).
fn share(upstream: &Upstream, cell: &Value, field: &str) -> Result<LiveValue, ApiError> {
    if cell.is_null() {
        return Err(upstream.bad_answer(format!("no `{field}` cell")));
    }
    match &cell[field] {
        Value::Null => Ok(LiveValue::SUPPRESSED),
        share => share["percentage"]
            .as_f64()
            .map(LiveValue::shown)
            .ok_or_else(|| upstream.bad_answer(format!("`{field}` is {share}"))),
    }
}
