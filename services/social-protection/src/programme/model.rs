//! The programme's indicator framework: indicators defined over one computed measure, with a
//! baseline, targets and values reported to donors and ministries; and the on-track rule.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use formaliza_shared::domain::{self, Country, Region, Sector};
use formaliza_shared::ids::{ProgrammeIndicatorId, RecordId, ReportedValueId};
use formaliza_shared::{FieldError, FieldErrors};

use crate::indicators::model::CoverageUnit;

formaliza_shared::text_enum! {
    /// The computed measure an indicator follows.
    pub enum ProgrammeMeasure {
        /// Share of households (or, with `unit: person`, members) in scope actively enrolled in
        /// a `public_service` scheme on the date (`GET /v1/indicators/coverage`), in percent.
        CoveragePublicService,
        /// Likewise for `insurance` schemes, in percent.
        CoverageInsurance,
        /// Share of the organisations in scope that are `formal` on the date (members service,
        /// `GET /v1/indicators/formalisation`), in percent.
        FormalOrganisations,
        /// Share of the members in scope holding a job on the date who hold a formal one
        /// (members service), in percent.
        WorkersWithFormalJob,
        /// Distinct members who attended a held training session from `from` (default: ever)
        /// up to the date (trainings service, `GET /v1/indicators/training`), a count;
        /// `sex` or `youth` narrows it.
        TrainingParticipants,
        /// Certificates issued from `from` (default: ever) up to the date to the participants
        /// counted (trainings service), a count.
        CertificatesIssued,
    }
}

formaliza_shared::text_enum! {
    /// What an indicator's values are.
    pub enum IndicatorUnit {
        /// A percentage, 0 to 100.
        Percent,
        /// A number of people, households or documents.
        Count,
    }
}

formaliza_shared::text_enum! {
    /// Which way is progress.
    pub enum IndicatorDirection {
        /// Progress is a higher value (coverage, formal jobs): the usual case.
        Increase,
        /// Progress is a lower value (say, households without any coverage).
        Decrease,
    }
}

formaliza_shared::text_enum! {
    /// Sex of the training participants counted.
    pub enum ParticipantSex {
        Female,
        Male,
    }
}

/// Course topics, as the trainings service names them.
const TOPICS: &[&str] = &[
    "labor_rights",
    "cooperativism",
    "vocational",
    "business",
    "financial_education",
    "social_protection",
    "leadership",
    "other",
];

impl ProgrammeMeasure {
    pub const ALL: [ProgrammeMeasure; 6] = [
        ProgrammeMeasure::CoveragePublicService,
        ProgrammeMeasure::CoverageInsurance,
        ProgrammeMeasure::FormalOrganisations,
        ProgrammeMeasure::WorkersWithFormalJob,
        ProgrammeMeasure::TrainingParticipants,
        ProgrammeMeasure::CertificatesIssued,
    ];

    /// The unit of the measure's values.
    pub fn unit(self) -> IndicatorUnit {
        match self {
            Self::TrainingParticipants | Self::CertificatesIssued => IndicatorUnit::Count,
            _ => IndicatorUnit::Percent,
        }
    }

    /// The filters the measure takes: the query parameters of its endpoint.
    pub fn filters(self) -> &'static [&'static str] {
        match self {
            Self::CoveragePublicService | Self::CoverageInsurance => &[
                "country",
                "region",
                "sector",
                "organisation_id",
                "in_programme_only",
                "unit",
            ],
            Self::FormalOrganisations | Self::WorkersWithFormalJob => {
                &["country", "region", "sector", "in_programme_only"]
            }
            Self::TrainingParticipants => &[
                "country",
                "region",
                "topic",
                "organisation_id",
                "from",
                "sex",
                "youth",
            ],
            Self::CertificatesIssued => &["country", "region", "topic", "organisation_id", "from"],
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The filters of a measure, as its endpoint takes them (each only where the measure takes it:
/// see `measure`). Absent filters are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProgrammeMeasureFilters)]
pub struct MeasureFilters {
    /// `PE`, `BO`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `PE-JUN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Coverage, formalisation: `coffee` gives coffee producers' families.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// Coverage, training: only this organisation's members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    /// Coverage, formalisation: only the programme's organisations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_programme_only: Option<bool>,
    /// Coverage: count `household`s (the default) or members (`person`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<CoverageUnit>,
    /// Training: sessions of courses on this topic (`labor_rights`, `cooperativism`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Training: count from this date (default: from the first session).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<NaiveDate>,
    /// Training participants: only women or only men.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<ParticipantSex>,
    /// Training participants: only youth (15–29 on a session's date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub youth: Option<bool>,
}

/// What an indicator measures: one computed measure with its filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProgrammeIndicatorDefinition)]
pub struct Definition {
    pub measure: ProgrammeMeasure,
    pub filters: MeasureFilters,
}

/// The definition as sent: the measure by name and its filters as an object, checked one by
/// one (an unknown measure or a filter the measure does not take is a field error).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProgrammeIndicatorDefinitionInput)]
pub struct DefinitionInput {
    /// One of `coverage_public_service`, `coverage_insurance`, `formal_organisations`,
    /// `workers_with_formal_job`, `training_participants`, `certificates_issued` (another is a
    /// 422 on `definition.measure`).
    #[schema(value_type = ProgrammeMeasure)]
    pub measure: String,
    /// The measure's filters (see `ProgrammeMeasureFilters`); default none.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub filters: Map<String, Value>,
}

/// A text in Spanish and English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalisedText {
    pub es: Option<String>,
    pub en: Option<String>,
}

/// Where the indicator started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = IndicatorBaseline)]
pub struct Baseline {
    pub value: f64,
    /// The date the baseline value describes.
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// Where it comes from (a survey, a study).
    pub source: Option<String>,
}

/// A value to reach by a date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = IndicatorTarget)]
pub struct Target {
    pub value: f64,
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
}

/// An indicator as the programme office sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProgrammeIndicatorInput, example = json!({
    "code": "PS-CAFE",
    "name": {"es": "Familias cafetaleras con acceso a servicios públicos",
             "en": "Coffee producers' families with access to public services"},
    "description": {"es": "Hogares con al menos un miembro en el sector café y al menos un afiliado activo a SIS, EsSalud, SUS o un sistema de pensiones.",
                    "en": null},
    "unit": "percent",
    "direction": "increase",
    "definition": {"measure": "coverage_public_service", "filters": {"sector": "coffee"}},
    "baseline": {"value": 38.0, "date": "2024-01-31", "source": "Línea de base del programa"},
    "targets": [{"value": 50.0, "due_on": "2025-12-31"}, {"value": 65.0, "due_on": "2027-12-31"}]
}))]
pub struct IndicatorInput {
    /// Short and unique among the catalogue's indicators: capitals, digits, `.`, `-`, `_`
    /// (2 to 32 characters, `PS-CAFE`).
    pub code: String,
    /// Both languages required (2 to 200 characters each).
    pub name: LocalisedText,
    /// Optional in either language (up to 2,000 characters).
    pub description: Option<LocalisedText>,
    /// `percent` for the coverage and formalisation measures, `count` for the training ones.
    pub unit: IndicatorUnit,
    /// Which way is progress (default `increase`).
    #[serde(default = "increase")]
    pub direction: IndicatorDirection,
    pub definition: DefinitionInput,
    pub baseline: Option<Baseline>,
    /// Up to 20, each on its own date after the baseline's (default none).
    #[serde(default)]
    pub targets: Vec<Target>,
}

fn increase() -> IndicatorDirection {
    IndicatorDirection::Increase
}

/// A checked indicator: the command of a create or a change.
#[derive(Debug, Clone)]
pub struct ValidIndicator {
    pub code: String,
    pub name_es: String,
    pub name_en: String,
    pub description_es: Option<String>,
    pub description_en: Option<String>,
    pub unit: IndicatorUnit,
    pub direction: IndicatorDirection,
    pub definition: Definition,
    pub baseline: Option<Baseline>,
    /// By due date.
    pub targets: Vec<Target>,
}

/// The most targets one indicator has.
const MAX_TARGETS: usize = 20;

/// A value as stored: thousandths, so that both backends keep it exactly.
pub fn to_thousandths(value: f64) -> i64 {
    (value * 1000.0).round() as i64
}

pub fn from_thousandths(value: i64) -> f64 {
    value as f64 / 1000.0
}

/// Checks a value of an indicator in `unit`.
fn check_value(value: f64, unit: IndicatorUnit) -> Result<f64, FieldError> {
    let most = match unit {
        IndicatorUnit::Percent => 100.0,
        IndicatorUnit::Count => 1e12,
    };
    if !value.is_finite() || !(0.0..=most).contains(&value) {
        let message = match unit {
            IndicatorUnit::Percent => "a percentage is between 0 and 100",
            IndicatorUnit::Count => "a count is a number from 0",
        };
        return Err(FieldError::new("", "out_of_range", message));
    }
    Ok(from_thousandths(to_thousandths(value)))
}

/// The dates of the framework: years 1900 to 2999, as the measures are asked about (both
/// backends store them, and every measure can be computed on them).
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, FieldError> {
    use chrono::Datelike;
    if (1900..3000).contains(&date.year()) {
        Ok(date)
    } else {
        Err(FieldError::new(
            "",
            "out_of_range",
            "dates are between 1900-01-01 and 2999-12-31",
        ))
    }
}

fn code(text: &str) -> Result<String, FieldError> {
    let code = text.trim();
    let valid = (2..=32).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if valid {
        Ok(code.to_owned())
    } else {
        Err(FieldError::new(
            "",
            "invalid_format",
            "a code is 2 to 32 capitals, digits, `.`, `-` or `_` (`PS-CAFE`)",
        ))
    }
}

/// Checks a definition against the measures that exist (errors under `definition`), and the
/// indicator's `unit` against its measure's.
pub fn check_definition(
    errors: &mut FieldErrors,
    input: &DefinitionInput,
    unit: IndicatorUnit,
) -> Option<Definition> {
    let Ok(measure) = input.measure.parse::<ProgrammeMeasure>() else {
        let known: Vec<&str> = ProgrammeMeasure::ALL.iter().map(|m| m.as_str()).collect();
        errors.push(
            "definition.measure",
            "unknown_measure",
            format!(
                "`{}` is not a measure; the measures are {}",
                input.measure,
                known.join(", ")
            ),
        );
        return None;
    };
    if measure.unit() != unit {
        errors.push(
            "unit",
            "unit_mismatch",
            format!(
                "`{}` is measured in `{}`",
                measure.as_str(),
                <&str>::from(measure.unit())
            ),
        );
    }
    let mut filters = MeasureFilters::default();
    let before = errors.is_empty();
    for (name, value) in &input.filters {
        let field = format!("definition.filters.{name}");
        if !measure.filters().contains(&name.as_str()) {
            errors.push(
                &field,
                "unknown_filter",
                format!(
                    "`{}` takes the filters {}",
                    measure.as_str(),
                    measure.filters().join(", ")
                ),
            );
            continue;
        }
        if let Err(error) = set_filter(&mut filters, name, value) {
            errors.check::<()>(&field, Err(error));
        }
    }
    if let (Some(country), Some(region)) = (&filters.country, &filters.region)
        && let (Ok(country), Ok(region)) = (Country::parse(country), Region::parse(region))
    {
        errors.check("definition.filters.region", region.check_in(&country));
    }
    if filters.sex.is_some() && filters.youth.is_some() {
        errors.push(
            "definition.filters.youth",
            "not_combinable",
            "the trainings service counts participants by sex or by youth, not both at once",
        );
    }
    (before && errors.is_empty()).then_some(Definition { measure, filters })
}

fn set_filter(filters: &mut MeasureFilters, name: &str, value: &Value) -> Result<(), FieldError> {
    let text = || {
        value
            .as_str()
            .map(str::trim)
            .ok_or_else(|| FieldError::new("", "invalid_type", "a text is expected"))
    };
    let flag = || {
        value
            .as_bool()
            .ok_or_else(|| FieldError::new("", "invalid_type", "`true` or `false` is expected"))
    };
    let choice = |options: &str| FieldError::new("", "invalid_value", format!("one of {options}"));
    match name {
        "country" => filters.country = Some(Country::parse(text()?)?.as_str().to_owned()),
        "region" => filters.region = Some(Region::parse(text()?)?.as_str().to_owned()),
        "sector" => {
            filters.sector =
                Some(text()?.parse().map_err(|_| {
                    choice("coffee, construction, food, engineering, textile, other")
                })?)
        }
        "organisation_id" => {
            let id = uuid::Uuid::parse_str(text()?).map_err(|_| {
                FieldError::new("", "unknown_reference", "an organisation id is a UUID")
            })?;
            filters.organisation_id = Some(id.to_string());
        }
        "in_programme_only" => filters.in_programme_only = Some(flag()?),
        "unit" => {
            filters.unit = Some(match text()? {
                "household" => CoverageUnit::Household,
                "person" => CoverageUnit::Person,
                _ => return Err(choice("household, person")),
            })
        }
        "topic" => {
            let topic = text()?;
            if !TOPICS.contains(&topic) {
                return Err(choice(&TOPICS.join(", ")));
            }
            filters.topic = Some(topic.to_owned());
        }
        "from" => filters.from = Some(check_date(domain::parse_date(text()?)?)?),
        "sex" => {
            filters.sex = Some(text()?.parse().map_err(|_| choice("female, male"))?);
        }
        "youth" => {
            if !flag()? {
                return Err(FieldError::new(
                    "",
                    "invalid_value",
                    "`youth: true` counts youth only; leave it out to count everyone",
                ));
            }
            filters.youth = Some(true);
        }
        _ => {}
    }
    Ok(())
}

impl IndicatorInput {
    pub fn validate(self) -> Result<ValidIndicator, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let code = errors.check("code", code(&self.code));
        let name_es = errors.check(
            "name.es",
            domain::text(self.name.es.as_deref().unwrap_or_default(), 2, 200),
        );
        let name_en = errors.check(
            "name.en",
            domain::text(self.name.en.as_deref().unwrap_or_default(), 2, 200),
        );
        let description = self
            .description
            .unwrap_or(LocalisedText { es: None, en: None });
        let description_es = errors
            .check(
                "description.es",
                domain::optional_text(description.es.as_deref(), 2000),
            )
            .flatten();
        let description_en = errors
            .check(
                "description.en",
                domain::optional_text(description.en.as_deref(), 2000),
            )
            .flatten();
        let definition = check_definition(&mut errors, &self.definition, self.unit);
        let baseline = self.baseline.and_then(|baseline| {
            let value = errors.check("baseline.value", check_value(baseline.value, self.unit));
            let date = errors.check("baseline.date", check_date(baseline.date));
            let source = errors
                .check(
                    "baseline.source",
                    domain::optional_text(baseline.source.as_deref(), 500),
                )
                .flatten();
            Some(Baseline {
                value: value?,
                date: date?,
                source,
            })
        });
        let mut targets = Vec::with_capacity(self.targets.len());
        if self.targets.len() > MAX_TARGETS {
            errors.push(
                "targets",
                "too_many",
                format!("at most {MAX_TARGETS} targets"),
            );
        }
        for (n, target) in self.targets.iter().enumerate() {
            let field = format!("targets[{n}]");
            if let Some(value) = errors.check(
                &format!("{field}.value"),
                check_value(target.value, self.unit),
            ) {
                targets.push(Target {
                    value,
                    due_on: target.due_on,
                });
            }
            errors.check(&format!("{field}.due_on"), check_date(target.due_on));
            if self.targets[..n].iter().any(|t| t.due_on == target.due_on) {
                errors.push(
                    format!("{field}.due_on"),
                    "duplicate",
                    "another target is due the same day",
                );
            }
            if let Some(baseline) = &baseline
                && target.due_on <= baseline.date
            {
                errors.push(
                    format!("{field}.due_on"),
                    "before_baseline",
                    "a target is due after the baseline's date",
                );
            }
        }
        targets.sort_by_key(|t| t.due_on);
        match (code, name_es, name_en, definition) {
            (Some(code), Some(name_es), Some(name_en), Some(definition)) if errors.is_empty() => {
                Ok(ValidIndicator {
                    code,
                    name_es,
                    name_en,
                    description_es,
                    description_en,
                    unit: self.unit,
                    direction: self.direction,
                    definition,
                    baseline,
                    targets,
                })
            }
            _ => Err(errors.into_vec()),
        }
    }
}

/// An indicator of the programme's catalogue as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ProgrammeIndicator)]
pub struct Indicator {
    pub id: ProgrammeIndicatorId,
    pub code: String,
    pub name: LocalisedText,
    pub description: LocalisedText,
    pub unit: IndicatorUnit,
    pub direction: IndicatorDirection,
    pub definition: Definition,
    pub baseline: Option<Baseline>,
    /// By due date.
    pub targets: Vec<Target>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub const READ_ONLY: &[&str] = &["id", "version", "created_at", "updated_at"];

/// A value reported to a donor or a ministry, as the programme office records it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReportedValueInput, example = json!({
    "indicator_id": "01938a3c-7f00-7c2e-9a41-5b6f0e2d1a77",
    "value": 57.6,
    "reference_date": "2026-11-30",
    "reported_on": "2026-12-01",
    "reported_to": "Informe semestral al donante",
    "source": "Registros del programa (Formaliza)",
    "note": "Cifra presentada en la reunión del comité directivo"
}))]
pub struct ReportedValueInput {
    pub indicator_id: String,
    /// The figure as reported (a percentage 0–100, or a count, as the indicator's unit).
    pub value: f64,
    /// The date the figure describes (not in the future).
    #[schema(value_type = String, format = Date)]
    pub reference_date: NaiveDate,
    /// The day it was reported (default today; not before `reference_date`, not in the future).
    #[schema(value_type = Option<String>, format = Date)]
    pub reported_on: Option<NaiveDate>,
    /// To whom: a donor, a ministry, a report (2 to 200 characters).
    pub reported_to: String,
    pub source: Option<String>,
    /// Up to 2,000 characters.
    pub note: Option<String>,
    /// The reported value of the same indicator this one corrects (each is corrected at most
    /// once: correct the correction to correct again).
    pub corrects: Option<String>,
}

/// A checked reported value.
#[derive(Debug, Clone)]
pub struct ValidReportedValue {
    pub indicator_id: ProgrammeIndicatorId,
    /// Checked against the indicator's unit once it is found.
    pub value: f64,
    pub reference_date: NaiveDate,
    pub reported_on: NaiveDate,
    pub reported_to: String,
    pub source: Option<String>,
    pub note: Option<String>,
    pub corrects: Option<ReportedValueId>,
}

impl ReportedValueInput {
    pub fn validate(self, today: NaiveDate) -> Result<ValidReportedValue, Vec<FieldError>> {
        let mut errors = FieldErrors::new();
        let indicator_id =
            ProgrammeIndicatorId::required(&mut errors, "indicator_id", &self.indicator_id);
        let value = errors.check("value", check_value(self.value, IndicatorUnit::Count));
        let reported_on = self.reported_on.unwrap_or(today);
        errors.check("reference_date", check_date(self.reference_date));
        if self.reference_date > today {
            errors.push(
                "reference_date",
                "in_future",
                "a reported value describes a date already past",
            );
        }
        if reported_on > today {
            errors.push("reported_on", "in_future", "the day of reporting is past");
        } else if reported_on < self.reference_date {
            errors.push(
                "reported_on",
                "before_reference_date",
                "a figure is reported on or after the date it describes",
            );
        }
        let reported_to = errors.check("reported_to", domain::text(&self.reported_to, 2, 200));
        let source = errors
            .check("source", domain::optional_text(self.source.as_deref(), 500))
            .flatten();
        let note = errors
            .check("note", domain::optional_text(self.note.as_deref(), 2000))
            .flatten();
        let corrects = self
            .corrects
            .as_deref()
            .and_then(|id| errors.check("corrects", ReportedValueId::reference(id)));
        match (indicator_id, value, reported_to) {
            (Some(indicator_id), Some(value), Some(reported_to)) if errors.is_empty() => {
                Ok(ValidReportedValue {
                    indicator_id,
                    value,
                    reference_date: self.reference_date,
                    reported_on,
                    reported_to,
                    source,
                    note,
                    corrects,
                })
            }
            _ => Err(errors.into_vec()),
        }
    }
}

/// Checks a reported value against its indicator's unit (a percentage is at most 100).
pub fn check_reported(value: f64, unit: IndicatorUnit) -> Result<(), FieldError> {
    check_value(value, unit).map(drop)
}

/// A measure's value on a date as the caller may see it: `null` and `suppressed` when the
/// measure withholds it (too few households or people to publish), never computed around.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
#[schema(as = IndicatorLiveValue)]
pub struct LiveValue {
    pub value: Option<f64>,
    pub suppressed: bool,
}

impl LiveValue {
    pub fn shown(value: f64) -> Self {
        Self {
            value: Some(value),
            suppressed: false,
        }
    }

    pub const SUPPRESSED: Self = Self {
        value: None,
        suppressed: true,
    };
}

/// The live computation frozen when a value was recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = IndicatorFrozenLiveValue)]
pub struct FrozenLiveValue {
    /// What the records said for the reference date when the value was recorded (`null` when
    /// withheld).
    pub value: Option<f64>,
    pub suppressed: bool,
    /// When it was computed.
    pub computed_at: DateTime<Utc>,
}

/// A reported value as the API returns it: never changed once recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportedValue {
    pub id: ReportedValueId,
    pub indicator_id: ProgrammeIndicatorId,
    pub value: f64,
    #[schema(value_type = String, format = Date)]
    pub reference_date: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub reported_on: NaiveDate,
    pub reported_to: String,
    pub source: Option<String>,
    pub note: Option<String>,
    /// The reported value this one corrects.
    pub corrects: Option<ReportedValueId>,
    /// The correction of this one, if it was corrected: then this value is superseded.
    pub superseded_by: Option<ReportedValueId>,
    pub live_at_recording: FrozenLiveValue,
    /// `value` minus `live_at_recording.value`: how far the reported figure is from what the
    /// records said (`null` when the live value was withheld).
    pub difference: Option<f64>,
    /// Who recorded it (the token's `sub`).
    pub recorded_by: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// Whether an indicator is on track on a date (see [`assess`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = IndicatorTrackStatus)]
pub enum TrackStatus {
    /// At or beyond the expected value (above it for `increase`, below it for `decrease`).
    OnTrack,
    /// Short of the expected value.
    OffTrack,
    /// Not assessable: no current value (withheld), no targets, or no starting point.
    Unknown,
}

/// The verdict of [`assess`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
#[schema(as = IndicatorAssessment)]
pub struct Assessment {
    /// The value expected on the date on the straight line to the next target.
    pub expected: Option<f64>,
    pub status: TrackStatus,
}

/// Whether `value` on `as_of` is on track. The straight line runs from the start point (the
/// latest target due before `as_of`, else the baseline) to the end point (the first target due
/// on or after `as_of`); the expected value on `as_of` is read off it (before the start point's
/// date, the start value). Once every target is past, the expected value is the last target's.
/// On track when the value reaches the expected one in the indicator's direction: at least it
/// for `increase`, at most it for `decrease`. Unknown without a value, without targets, or
/// without a start point (no baseline and no target already due).
pub fn assess(
    as_of: NaiveDate,
    value: Option<f64>,
    direction: IndicatorDirection,
    baseline: Option<&Baseline>,
    targets: &[Target],
) -> Assessment {
    let unknown = Assessment {
        expected: None,
        status: TrackStatus::Unknown,
    };
    let Some(last) = targets.iter().max_by_key(|t| t.due_on) else {
        return unknown;
    };
    let next = targets
        .iter()
        .filter(|t| t.due_on >= as_of)
        .min_by_key(|t| t.due_on);
    let start = targets
        .iter()
        .filter(|t| t.due_on < as_of)
        .max_by_key(|t| t.due_on)
        .map(|t| (t.value, t.due_on))
        .or_else(|| baseline.map(|b| (b.value, b.date)));
    let expected = match (next, start) {
        (None, _) => last.value,
        (Some(next), None) if next.due_on == as_of => next.value,
        (Some(_), None) => return unknown,
        (Some(next), Some((from, since))) => {
            if as_of <= since || next.due_on <= since {
                from
            } else {
                let span = (next.due_on - since).num_days() as f64;
                let gone = (as_of - since).num_days() as f64;
                from + (next.value - from) * gone / span
            }
        }
    };
    let expected = from_thousandths(to_thousandths(expected));
    let status = match value {
        None => TrackStatus::Unknown,
        Some(value) => {
            let reached = match direction {
                IndicatorDirection::Increase => value >= expected,
                IndicatorDirection::Decrease => value <= expected,
            };
            if reached {
                TrackStatus::OnTrack
            } else {
                TrackStatus::OffTrack
            }
        }
    };
    Assessment {
        expected: Some(expected),
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    fn target(value: f64, due_on: &str) -> Target {
        Target {
            value,
            due_on: date(due_on),
        }
    }

    #[test]
    fn on_track_follows_the_line_to_the_next_target() {
        let baseline = Baseline {
            value: 40.0,
            date: date("2024-01-01"),
            source: None,
        };
        // 366 days from 40 to 50 (2024 is a leap year), then 364 days from 50 to 70.
        let targets = [target(50.0, "2025-01-01"), target(70.0, "2025-12-31")];
        let up = IndicatorDirection::Increase;
        let down = IndicatorDirection::Decrease;
        // (as_of, live value, direction, expected, status)
        type Case = (
            &'static str,
            Option<f64>,
            IndicatorDirection,
            Option<f64>,
            TrackStatus,
        );
        let cases: &[Case] = &[
            // Half way from the baseline to the first target: 45 expected.
            (
                "2024-07-02",
                Some(45.0),
                up,
                Some(45.0),
                TrackStatus::OnTrack,
            ),
            (
                "2024-07-02",
                Some(44.9),
                up,
                Some(45.0),
                TrackStatus::OffTrack,
            ),
            // From the first target (passed) to the second: previous target to next target.
            (
                "2025-07-02",
                Some(60.0),
                up,
                Some(60.0),
                TrackStatus::OnTrack,
            ),
            (
                "2025-07-02",
                Some(59.0),
                up,
                Some(60.0),
                TrackStatus::OffTrack,
            ),
            // On a target's day, that target.
            (
                "2025-01-01",
                Some(50.0),
                up,
                Some(50.0),
                TrackStatus::OnTrack,
            ),
            // Before the baseline: the baseline.
            (
                "2023-06-01",
                Some(40.0),
                up,
                Some(40.0),
                TrackStatus::OnTrack,
            ),
            // After the last target: the last target.
            (
                "2027-03-01",
                Some(69.0),
                up,
                Some(70.0),
                TrackStatus::OffTrack,
            ),
            (
                "2027-03-01",
                Some(71.0),
                up,
                Some(70.0),
                TrackStatus::OnTrack,
            ),
            // Withheld value: not assessable, the expected value still shown.
            ("2024-07-02", None, up, Some(45.0), TrackStatus::Unknown),
        ];
        for (as_of, value, direction, expected, status) in cases {
            let got = assess(date(as_of), *value, *direction, Some(&baseline), &targets);
            assert_eq!(
                (got.expected, got.status),
                (*expected, *status),
                "{as_of} {value:?}"
            );
        }
        // A decreasing indicator: 30 down to 10; below the line is ahead.
        let falling = Baseline {
            value: 30.0,
            date: date("2024-01-01"),
            source: None,
        };
        let fall = [target(10.0, "2025-01-01")];
        let half = date("2024-07-02");
        let ahead = assess(half, Some(18.0), down, Some(&falling), &fall);
        assert_eq!(
            (ahead.expected, ahead.status),
            (Some(20.0), TrackStatus::OnTrack)
        );
        let behind = assess(half, Some(22.0), down, Some(&falling), &fall);
        assert_eq!(behind.status, TrackStatus::OffTrack);
    }

    #[test]
    fn without_targets_or_start_nothing_is_assessed() {
        let none = assess(
            date("2025-01-01"),
            Some(1.0),
            IndicatorDirection::Increase,
            None,
            &[],
        );
        assert_eq!((none.expected, none.status), (None, TrackStatus::Unknown));
        let no_start = assess(
            date("2025-01-01"),
            Some(1.0),
            IndicatorDirection::Increase,
            None,
            &[target(5.0, "2026-01-01")],
        );
        assert_eq!(no_start.status, TrackStatus::Unknown);
        // With a target already due, it is the start point.
        let from_target = assess(
            date("2025-07-02"),
            Some(60.0),
            IndicatorDirection::Increase,
            None,
            &[target(50.0, "2025-01-01"), target(70.0, "2025-12-31")],
        );
        assert_eq!(from_target.expected, Some(60.0));
    }

    fn input(definition: Value, unit: &str) -> Result<ValidIndicator, Vec<FieldError>> {
        let body = json!({
            "code": "PS-CAFE",
            "name": {"es": "Familias con servicios públicos", "en": "Families with public services"},
            "unit": unit,
            "definition": definition,
            "baseline": {"value": 38.0, "date": "2024-01-31"},
            "targets": [{"value": 65.0, "due_on": "2027-12-31"}, {"value": 50.0, "due_on": "2025-12-31"}]
        });
        serde_json::from_value::<IndicatorInput>(body)
            .map_err(|e| vec![FieldError::new("body", "invalid", e.to_string())])?
            .validate()
    }

    fn fields(result: Result<ValidIndicator, Vec<FieldError>>) -> Vec<(String, String)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_definition_names_a_measure_and_the_filters_it_takes() {
        let valid = input(
            json!({"measure": "coverage_public_service", "filters": {"sector": "coffee", "unit": "person"}}),
            "percent",
        );
        let valid = valid.ok();
        assert_eq!(
            valid.as_ref().map(|v| v.definition.filters.sector),
            Some(Some(Sector::Coffee))
        );
        // Targets kept by due date.
        assert_eq!(
            valid.map(|v| v.targets.iter().map(|t| t.value).collect::<Vec<_>>()),
            Some(vec![50.0, 65.0])
        );
        // (definition, unit, the errors' fields and codes)
        type Case = (Value, &'static str, &'static [(&'static str, &'static str)]);
        let table: &[Case] = &[
            (
                json!({"measure": "coverage_happiness"}),
                "percent",
                &[("definition.measure", "unknown_measure")],
            ),
            (
                json!({"measure": "formal_organisations", "filters": {"topic": "business", "sector": "cafe"}}),
                "percent",
                &[
                    ("definition.filters.sector", "invalid_value"),
                    ("definition.filters.topic", "unknown_filter"),
                ],
            ),
            (
                json!({"measure": "training_participants", "filters": {"sex": "female", "youth": true}}),
                "count",
                &[("definition.filters.youth", "not_combinable")],
            ),
            (
                json!({"measure": "certificates_issued"}),
                "percent",
                &[("unit", "unit_mismatch")],
            ),
            (
                json!({"measure": "coverage_insurance", "filters": {"country": "BO", "region": "PE-JUN"}}),
                "percent",
                &[("definition.filters.region", "region_country_mismatch")],
            ),
        ];
        for (definition, unit, expected) in table {
            let mut got = fields(input(definition.clone(), unit));
            got.sort();
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
                .collect();
            assert_eq!(got, expected, "{definition}");
        }
    }

    #[test]
    fn values_are_kept_in_thousandths() {
        assert_eq!(to_thousandths(57.6), 57_600);
        assert_eq!(from_thousandths(42_800), 42.8);
        assert!(check_value(100.5, IndicatorUnit::Percent).is_err());
        assert!(check_value(-1.0, IndicatorUnit::Count).is_err());
        assert_eq!(check_value(1234.0, IndicatorUnit::Count).ok(), Some(1234.0));
        assert!(check_date(date("1899-12-31")).is_err());
        assert!(check_date(date("3000-01-01")).is_err());
        assert!(check_date(date("2026-11-30")).is_ok());
    }
}
