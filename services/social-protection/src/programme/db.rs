//! The indicator catalogue's storage: indicators (definition, baseline and targets in one row)
//! and reported values, which are only ever inserted.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::Change;
use formaliza_shared::ids::{ProgrammeIndicatorId, ReportedValueId};
use formaliza_shared::lifecycle::today;
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::{References, Resource, check_reference};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::live::Measurer;
use super::model::{
    self, Baseline, Definition, FrozenLiveValue, Indicator, IndicatorDirection, IndicatorInput,
    IndicatorUnit, LiveValue, LocalisedText, MeasureFilters, READ_ONLY, ReportedValue,
    ReportedValueInput, Target, ValidIndicator, ValidReportedValue, from_thousandths,
    to_thousandths,
};
use crate::schema::{programme_indicators, programme_reported_values};

/// An indicator's row as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = programme_indicators)]
struct IndicatorRow {
    id: ProgrammeIndicatorId,
    partner_id: Option<String>,
    code: String,
    name_es: String,
    name_en: String,
    description_es: Option<String>,
    description_en: Option<String>,
    unit: IndicatorUnit,
    direction: IndicatorDirection,
    measure: model::ProgrammeMeasure,
    filters: String,
    baseline_value: Option<i64>,
    baseline_date: Option<NaiveDate>,
    baseline_source: Option<String>,
    targets: String,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    #[expect(dead_code, reason = "selected with the row; live rows only are loaded")]
    deleted_at: Option<NaiveDateTime>,
}

/// A target as stored in the `targets` column.
#[derive(Debug, Serialize, Deserialize)]
struct StoredTarget {
    value: i64,
    due_on: NaiveDate,
}

/// An indicator of the catalogue, its definition and targets read from their columns.
#[derive(Debug, Clone)]
pub struct ProgrammeIndicator {
    pub id: ProgrammeIndicatorId,
    pub partner_id: Option<String>,
    pub code: String,
    pub name: LocalisedText,
    pub description: LocalisedText,
    pub unit: IndicatorUnit,
    pub direction: IndicatorDirection,
    pub definition: Definition,
    pub baseline: Option<Baseline>,
    pub targets: Vec<Target>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl TryFrom<IndicatorRow> for ProgrammeIndicator {
    type Error = ApiError;

    fn try_from(row: IndicatorRow) -> Result<Self, ApiError> {
        let filters: MeasureFilters = serde_json::from_str(&row.filters)?;
        let targets: Vec<StoredTarget> = serde_json::from_str(&row.targets)?;
        let baseline = match (row.baseline_value, row.baseline_date) {
            (Some(value), Some(date)) => Some(Baseline {
                value: from_thousandths(value),
                date,
                source: row.baseline_source,
            }),
            _ => None,
        };
        Ok(Self {
            id: row.id,
            partner_id: row.partner_id,
            code: row.code,
            name: LocalisedText {
                es: Some(row.name_es),
                en: Some(row.name_en),
            },
            description: LocalisedText {
                es: row.description_es,
                en: row.description_en,
            },
            unit: row.unit,
            direction: row.direction,
            definition: Definition {
                measure: row.measure,
                filters,
            },
            baseline,
            targets: targets
                .into_iter()
                .map(|t| Target {
                    value: from_thousandths(t.value),
                    due_on: t.due_on,
                })
                .collect(),
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = programme_indicators, treat_none_as_null = true, treat_none_as_default_value = false)]
struct IndicatorChanges {
    code: String,
    name_es: String,
    name_en: String,
    description_es: Option<String>,
    description_en: Option<String>,
    unit: IndicatorUnit,
    direction: IndicatorDirection,
    measure: model::ProgrammeMeasure,
    filters: String,
    baseline_value: Option<i64>,
    baseline_date: Option<NaiveDate>,
    baseline_source: Option<String>,
    targets: String,
    version: i64,
    updated_at: NaiveDateTime,
}

impl IndicatorChanges {
    fn new(indicator: ValidIndicator, version: i64, now: NaiveDateTime) -> Result<Self, ApiError> {
        let targets: Vec<StoredTarget> = indicator
            .targets
            .iter()
            .map(|t| StoredTarget {
                value: to_thousandths(t.value),
                due_on: t.due_on,
            })
            .collect();
        let (baseline_value, baseline_date, baseline_source) = match indicator.baseline {
            Some(b) => (Some(to_thousandths(b.value)), Some(b.date), b.source),
            None => (None, None, None),
        };
        Ok(Self {
            code: indicator.code,
            name_es: indicator.name_es,
            name_en: indicator.name_en,
            description_es: indicator.description_es,
            description_en: indicator.description_en,
            unit: indicator.unit,
            direction: indicator.direction,
            measure: indicator.definition.measure,
            filters: serde_json::to_string(&indicator.definition.filters)?,
            baseline_value,
            baseline_date,
            baseline_source,
            targets: serde_json::to_string(&targets)?,
            version,
            updated_at: now,
        })
    }
}

/// The catalogue is the programme office's: a partner's token reads it, never writes it.
fn programme_office_only(principal: &Principal) -> Result<(), ApiError> {
    if principal.partner_id.is_some() {
        return Err(ApiError::forbidden(
            "the indicator catalogue is written by the programme office (a token without `partner_id`)",
        ));
    }
    Ok(())
}

/// 409 when another live indicator has `code`.
fn check_code_free(
    conn: &mut DbConnection,
    code: &str,
    except: Option<&ProgrammeIndicatorId>,
) -> Result<(), ApiError> {
    let holder: Option<ProgrammeIndicatorId> = programme_indicators::table
        .filter(programme_indicators::code.eq(code))
        .filter(programme_indicators::deleted_at.is_null())
        .select(programme_indicators::id)
        .first(conn)
        .optional()?;
    match holder {
        Some(holder) if Some(&holder) != except => Err(ApiError::conflict(format!(
            "the indicator {holder} already has the code {code}"
        ))
        .with_errors(vec![FieldError::new(
            "code",
            "duplicate",
            "codes are unique in the catalogue",
        )])),
        _ => Ok(()),
    }
}

fn load_indicator(row: Option<IndicatorRow>) -> Result<Option<ProgrammeIndicator>, ApiError> {
    row.map(ProgrammeIndicator::try_from).transpose()
}

impl Resource for ProgrammeIndicator {
    const KIND: &'static str = "programme_indicator";
    const COLLECTION: &'static str = "/v1/programme/indicators";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    /// The programme's catalogue: every partner reads it.
    const PROGRAMME_WIDE_READABLE: bool = true;
    type Id = ProgrammeIndicatorId;
    type Input = IndicatorInput;
    type Command = ValidIndicator;
    type Prepared = ValidIndicator;
    type View = Indicator;

    fn id(&self) -> &ProgrammeIndicatorId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Indicator {
        Indicator {
            id: self.id.clone(),
            code: self.code.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            unit: self.unit,
            direction: self.direction,
            definition: self.definition.clone(),
            baseline: self.baseline.clone(),
            targets: self.targets.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: IndicatorInput) -> Result<ValidIndicator, Vec<FieldError>> {
        input.validate()
    }

    /// The measures are this service's or named by the definition: nothing to ask elsewhere.
    async fn prepare(
        indicator: ValidIndicator,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<ValidIndicator, ApiError> {
        Ok(indicator)
    }

    fn find(conn: &mut DbConnection, id: &ProgrammeIndicatorId) -> Result<Option<Self>, ApiError> {
        load_indicator(formaliza_shared::find_live!(
            conn,
            programme_indicators,
            IndicatorRow,
            id
        )?)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: ProgrammeIndicatorId,
        indicator: ValidIndicator,
    ) -> Result<Self, ApiError> {
        programme_office_only(principal)?;
        check_code_free(conn, &indicator.code, None)?;
        let now = db::now();
        let row = formaliza_shared::insert_live!(
            conn,
            programme_indicators,
            IndicatorRow,
            &id,
            None::<String>,
            now,
            IndicatorChanges::new(indicator, 1, now)?
        )?;
        ProgrammeIndicator::try_from(row)
    }

    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        indicator: ValidIndicator,
    ) -> Result<Self, ApiError> {
        programme_office_only(principal)?;
        check_code_free(conn, &indicator.code, Some(&current.id))?;
        let changes = IndicatorChanges::new(indicator, current.version + 1, db::now())?;
        let row = formaliza_shared::overwrite!(
            conn,
            programme_indicators,
            IndicatorRow,
            current,
            changes
        )?;
        ProgrammeIndicator::try_from(row)
    }

    /// Refused once values were reported against it: they say what it meant.
    fn delete(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        programme_office_only(principal)?;
        let reported: i64 = programme_reported_values::table
            .filter(programme_reported_values::indicator_id.eq(&current.id))
            .count()
            .get_result(conn)?;
        if reported > 0 {
            return Err(ApiError::conflict(format!(
                "{reported} value(s) were reported against this indicator; it stays in the catalogue"
            )));
        }
        formaliza_shared::soft_delete!(conn, programme_indicators, current)?;
        Ok(Vec::new())
    }
}

/// Filters of the catalogue list.
#[derive(Debug, Default)]
pub struct IndicatorFilter {
    pub measure: Option<model::ProgrammeMeasure>,
}

pub fn list_indicators(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &IndicatorFilter,
) -> Result<Vec<ProgrammeIndicator>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(programme_indicators, IndicatorRow, keyset);
    formaliza_shared::filter_eq!(query, programme_indicators::measure => &filter.measure);
    let rows: Vec<IndicatorRow> = query.load(conn)?;
    rows.into_iter().map(ProgrammeIndicator::try_from).collect()
}

/// A reported value's row: inserted once, never updated (the tables refuse it too).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = programme_reported_values)]
pub struct ReportedValueRow {
    pub id: ReportedValueId,
    pub partner_id: Option<String>,
    pub indicator_id: ProgrammeIndicatorId,
    pub value: i64,
    pub reference_date: NaiveDate,
    pub reported_on: NaiveDate,
    pub reported_to: String,
    pub source: Option<String>,
    pub note: Option<String>,
    pub corrects: Option<ReportedValueId>,
    pub live_value: Option<i64>,
    pub live_suppressed: bool,
    pub live_computed_at: NaiveDateTime,
    pub recorded_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

/// A reported value and the correction that supersedes it, if any (found, not stored: the
/// corrected row is never touched).
#[derive(Debug, Clone)]
pub struct ReportedValueRecord {
    pub row: ReportedValueRow,
    pub superseded_by: Option<ReportedValueId>,
}

impl ReportedValueRecord {
    /// Whether a later correction replaced it.
    pub fn is_superseded(&self) -> bool {
        self.superseded_by.is_some()
    }
}

/// The checked value, and the live computation to freeze beside it.
pub struct PreparedReportedValue {
    value: ValidReportedValue,
    live: LiveValue,
    computed_at: NaiveDateTime,
}

/// The corrections of `ids`: (corrected, correction).
fn corrections(
    conn: &mut DbConnection,
    ids: &[&ReportedValueId],
) -> Result<HashMap<ReportedValueId, ReportedValueId>, ApiError> {
    let pairs: Vec<(Option<ReportedValueId>, ReportedValueId)> = programme_reported_values::table
        .filter(programme_reported_values::corrects.eq_any(ids.iter().map(|id| Some(*id))))
        .select((
            programme_reported_values::corrects,
            programme_reported_values::id,
        ))
        .load(conn)?;
    Ok(pairs
        .into_iter()
        .filter_map(|(corrected, by)| Some((corrected?, by)))
        .collect())
}

/// `rows` with their corrections found.
fn with_corrections(
    conn: &mut DbConnection,
    rows: Vec<ReportedValueRow>,
) -> Result<Vec<ReportedValueRecord>, ApiError> {
    let mut corrected = HashMap::new();
    for chunk in rows.chunks(500) {
        let ids: Vec<&ReportedValueId> = chunk.iter().map(|r| &r.id).collect();
        corrected.extend(corrections(conn, &ids)?);
    }
    Ok(rows
        .into_iter()
        .map(|row| ReportedValueRecord {
            superseded_by: corrected.remove(&row.id),
            row,
        })
        .collect())
}

fn immutable() -> ApiError {
    ApiError::conflict(
        "a reported value is never changed or deleted: record a correction (`corrects`) instead",
    )
}

impl Resource for ReportedValueRecord {
    const KIND: &'static str = "reported_value";
    const COLLECTION: &'static str = "/v1/programme/reported-values";
    const READ_ONLY: &'static [&'static str] = &[];
    const PROGRAMME_WIDE_READABLE: bool = true;
    type Id = ReportedValueId;
    type Input = ReportedValueInput;
    type Command = ValidReportedValue;
    type Prepared = PreparedReportedValue;
    type View = ReportedValue;

    fn id(&self) -> &ReportedValueId {
        &self.row.id
    }

    fn owner(&self) -> Option<&str> {
        self.row.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.row.version
    }

    fn to_view(&self) -> ReportedValue {
        let row = &self.row;
        let value = from_thousandths(row.value);
        let live = row.live_value.map(from_thousandths);
        ReportedValue {
            id: row.id.clone(),
            indicator_id: row.indicator_id.clone(),
            value,
            reference_date: row.reference_date,
            reported_on: row.reported_on,
            reported_to: row.reported_to.clone(),
            source: row.source.clone(),
            note: row.note.clone(),
            corrects: row.corrects.clone(),
            superseded_by: self.superseded_by.clone(),
            live_at_recording: FrozenLiveValue {
                value: live,
                suppressed: row.live_suppressed,
                computed_at: row.live_computed_at.and_utc(),
            },
            difference: live.map(|live| from_thousandths(row.value - to_thousandths(live))),
            recorded_by: row.recorded_by.clone(),
            version: row.version,
            created_at: row.created_at.and_utc(),
        }
    }

    fn command(input: ReportedValueInput) -> Result<ValidReportedValue, Vec<FieldError>> {
        input.validate(today())
    }

    /// Finds the indicator (422 on `indicator_id` if there is none) and computes its measure
    /// on the reference date, as the caller may see it, to freeze beside the reported figure:
    /// for a measure of another service, that service is asked now (503 when it is down:
    /// nothing is recorded).
    async fn prepare(
        value: ValidReportedValue,
        _: Option<&Self>,
        references: &References<'_>,
    ) -> Result<PreparedReportedValue, ApiError> {
        let indicator_id = value.indicator_id.clone();
        let indicator = references
            .here(move |conn, principal| {
                check_reference::<ProgrammeIndicator>(
                    conn,
                    principal,
                    "indicator_id",
                    &indicator_id,
                )
            })
            .await?;
        if let Err(error) = model::check_reported(value.value, indicator.unit) {
            let mut errors = formaliza_shared::FieldErrors::new();
            errors.check::<()>("value", Err(error));
            return Err(ApiError::validation(errors.into_vec()));
        }
        let live = Measurer::new(references.principal, references.state())
            .at(&indicator.definition, value.reference_date)
            .await?;
        Ok(PreparedReportedValue {
            value,
            live,
            computed_at: db::now(),
        })
    }

    fn find(conn: &mut DbConnection, id: &ReportedValueId) -> Result<Option<Self>, ApiError> {
        let row =
            formaliza_shared::find_live!(conn, programme_reported_values, ReportedValueRow, id)?;
        Ok(row
            .map(|row| with_corrections(conn, vec![row]))
            .transpose()?
            .and_then(|mut records| records.pop()))
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: ReportedValueId,
        prepared: PreparedReportedValue,
    ) -> Result<Self, ApiError> {
        programme_office_only(principal)?;
        let PreparedReportedValue {
            value,
            live,
            computed_at,
        } = prepared;
        check_reference::<ProgrammeIndicator>(
            conn,
            principal,
            "indicator_id",
            &value.indicator_id,
        )?;
        if let Some(corrected) = &value.corrects {
            let unknown = || {
                ApiError::validation(vec![FieldError::new(
                    "corrects",
                    "unknown_reference",
                    format!("no reported value with id {corrected}"),
                )])
            };
            let original = Self::find(conn, corrected)?.ok_or_else(unknown)?;
            if original.row.indicator_id != value.indicator_id {
                return Err(ApiError::validation(vec![FieldError::new(
                    "corrects",
                    "other_indicator",
                    "a correction corrects a value of the same indicator",
                )]));
            }
            if let Some(by) = original.superseded_by {
                return Err(ApiError::conflict(format!(
                    "that value was already corrected by {by}: correct the correction instead"
                )));
            }
        }
        let now = db::now();
        let row = ReportedValueRow {
            id,
            partner_id: None,
            indicator_id: value.indicator_id,
            value: to_thousandths(value.value),
            reference_date: value.reference_date,
            reported_on: value.reported_on,
            reported_to: value.reported_to,
            source: value.source,
            note: value.note,
            corrects: value.corrects,
            live_value: live.value.map(to_thousandths),
            live_suppressed: live.suppressed,
            live_computed_at: computed_at,
            recorded_by: principal.sub.clone(),
            version: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        diesel::insert_into(programme_reported_values::table)
            .values(&row)
            .execute(conn)?;
        Ok(Self {
            row,
            superseded_by: None,
        })
    }

    fn update(
        _: &mut DbConnection,
        _: &Principal,
        _: &Self,
        _: PreparedReportedValue,
    ) -> Result<Self, ApiError> {
        Err(immutable())
    }

    fn delete(_: &mut DbConnection, _: &Principal, _: &Self) -> Result<Vec<Change>, ApiError> {
        Err(immutable())
    }
}

/// Filters of the reported values list.
#[derive(Debug, Default)]
pub struct ReportedValueFilter {
    pub indicator_id: Option<ProgrammeIndicatorId>,
}

pub fn list_reported(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &ReportedValueFilter,
) -> Result<Vec<ReportedValueRecord>, ApiError> {
    let mut query =
        formaliza_shared::keyset_query!(programme_reported_values, ReportedValueRow, keyset);
    formaliza_shared::filter_eq!(query,
        programme_reported_values::indicator_id => &filter.indicator_id,
    );
    let rows = query.load(conn)?;
    with_corrections(conn, rows)
}

/// Every value reported against `indicators`, by reference date, then as recorded.
pub fn reported_for(
    conn: &mut DbConnection,
    indicators: &[ProgrammeIndicatorId],
) -> Result<Vec<ReportedValueRecord>, ApiError> {
    let rows = programme_reported_values::table
        .filter(programme_reported_values::indicator_id.eq_any(indicators))
        .filter(programme_reported_values::deleted_at.is_null())
        .order((
            programme_reported_values::reference_date.asc(),
            programme_reported_values::id.asc(),
        ))
        .select(ReportedValueRow::as_select())
        .load(conn)?;
    with_corrections(conn, rows)
}
