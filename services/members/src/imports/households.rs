//! `kind=households`: a roster, one row per person, as KoboToolbox exports a household survey
//! with a repeat group. Each row names its household by the partner's own code
//! (`household_ref`, Spanish `hogar`/`codigo_hogar`); households are created or updated by
//! (partner, `external_ref`), from the head's row (`relationship_to_head = head`) or else the
//! household's first row, and each person is upserted by national id as `kind=members` does,
//! linked to the household, the head marked by the relationship.

use std::collections::HashMap;

use diesel::prelude::*;

use formaliza_shared::db::DbConnection;
use formaliza_shared::feed::{self, Actor, Op};
use formaliza_shared::ids::{HouseholdId, RecordId};
use formaliza_shared::imports::{FieldSpec, ImportKind, RowOutcome, RowStatus, SourceRow};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::{PERSON, join, outcome, person_cells};
use crate::households::db::HouseholdRow;
use crate::households::model::{HouseholdInput, ValidHousehold};
use crate::members::import::apply_job_rows;
use crate::schema::households;

/// Households with their members, one row per person.
pub struct Households;

static FIELDS: [FieldSpec; 22] = join(
    PERSON,
    [
        FieldSpec::text(
            "household_ref",
            "Your code for the household (hogar, codigo_hogar): rows with the same code are one household",
        ),
        FieldSpec::text("household_name", "The household's name (nombre_hogar)"),
        FieldSpec::text(
            "locality",
            "Village, community or sector (localidad, comunidad)",
        ),
    ],
);

/// The household columns, which a person's own record does not take.
const HOUSEHOLD_ONLY: &[&str] = &["household_ref", "household_name", "locality"];

impl ImportKind for Households {
    fn name(&self) -> &'static str {
        "households"
    }

    fn fields(&self) -> &'static [FieldSpec] {
        &FIELDS
    }

    fn apply(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        rows: Vec<SourceRow>,
    ) -> Result<Vec<RowOutcome>, ApiError> {
        let households = upsert_households(conn, principal, &rows)?;
        let mut outcomes = Vec::with_capacity(rows.len());
        let mut people = Vec::with_capacity(rows.len());
        // The household's change is told on its first row of the chunk.
        let mut told: Vec<&str> = Vec::new();
        let mut household_change: HashMap<u64, RowStatus> = HashMap::new();
        for row in &rows {
            let Some(reference) = row.get("household_ref") else {
                outcomes.push(RowOutcome::refused(
                    row.line,
                    vec![FieldError::new(
                        "household_ref",
                        "required",
                        "each row names its household by your code (column hogar or household_ref)",
                    )],
                ));
                continue;
            };
            match households.get(reference) {
                Some(Err(errors)) => outcomes.push(RowOutcome::refused(row.line, errors.clone())),
                Some(Ok((id, status))) => {
                    if !told.contains(&reference) {
                        told.push(reference);
                        household_change.insert(row.line, *status);
                    }
                    let mut cells: Vec<(String, String)> = row
                        .cells
                        .iter()
                        .filter(|(field, _)| !HOUSEHOLD_ONLY.contains(&field.as_str()))
                        .cloned()
                        .collect();
                    cells.push(("household_id".into(), id.to_string()));
                    people.push((row.line, person_cells(cells)));
                }
                None => {
                    return Err(ApiError::internal(format!(
                        "household {reference} was not resolved"
                    )));
                }
            }
        }
        for mut person in apply_job_rows(conn, principal, people)?
            .into_iter()
            .map(outcome)
        {
            // A row whose person is unchanged still changed its household.
            if person.status == RowStatus::Unchanged
                && matches!(
                    household_change.get(&person.line),
                    Some(RowStatus::Created | RowStatus::Updated)
                )
            {
                person.status = RowStatus::Updated;
            }
            outcomes.push(person);
        }
        Ok(outcomes)
    }
}

type Resolved = Result<(HouseholdId, RowStatus), Vec<FieldError>>;

/// The households the rows name, created or updated by (partner, `external_ref`) from each
/// one's head row (or first row), their feed events appended; by code.
fn upsert_households(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: &[SourceRow],
) -> Result<HashMap<String, Resolved>, ApiError> {
    // Each code's row that describes the household: the head's, else the first.
    let mut describing: Vec<(&str, &SourceRow)> = Vec::new();
    for row in rows {
        let Some(reference) = row.get("household_ref") else {
            continue;
        };
        let is_head = row.get("relationship_to_head") == Some("head");
        match describing.iter_mut().find(|(r, _)| *r == reference) {
            Some(entry) if is_head && entry.1.get("relationship_to_head") != Some("head") => {
                entry.1 = row;
            }
            Some(_) => {}
            None => describing.push((reference, row)),
        }
    }
    let references: Vec<&str> = describing.iter().map(|(r, _)| *r).collect();
    let mut existing = live_by_reference(conn, principal, &references)?;
    let mut resolved = HashMap::new();
    let mut changes = Vec::new();
    for (reference, row) in describing {
        let input = HouseholdInput {
            name: row.get("household_name").map(str::to_owned),
            country: row.get("country").unwrap_or_default().to_owned(),
            region: row.get("region").map(str::to_owned),
            district: row.get("district").map(str::to_owned),
            locality: row.get("locality").map(str::to_owned),
            external_ref: Some(reference.to_owned()),
        };
        let household = match HouseholdRow::command(input) {
            Ok(household) => household,
            Err(errors) => {
                resolved.insert(reference.to_owned(), Err(household_errors(errors)));
                continue;
            }
        };
        let written = match existing.remove(reference) {
            Some(current) if same(&current, &household) => Ok((current.id, RowStatus::Unchanged)),
            Some(current) => {
                HouseholdRow::update(conn, principal, &current, household).and_then(|row| {
                    changes.push(resource::change(&row, Op::Update)?);
                    Ok((row.id, RowStatus::Updated))
                })
            }
            None => HouseholdRow::insert(conn, principal, HouseholdId::generate(), household)
                .and_then(|row| {
                    changes.push(resource::change(&row, Op::Create)?);
                    Ok((row.id, RowStatus::Created))
                }),
        };
        match written {
            Ok(done) => {
                resolved.insert(reference.to_owned(), Ok(done));
            }
            Err(error) if error.status().is_server_error() => return Err(error),
            Err(error) => {
                let errors = if error.field_errors().is_empty() {
                    vec![FieldError::new(
                        "household_ref",
                        "rejected",
                        error.detail().to_owned(),
                    )]
                } else {
                    household_errors(error.field_errors().to_vec())
                };
                resolved.insert(reference.to_owned(), Err(errors));
            }
        }
    }
    if !changes.is_empty() {
        // The kept model's lock before the feed counter, as every writer of this service takes
        // them (the people's writes below take it again).
        crate::indicators::periods::lock(conn)?;
        feed::append(conn, &Actor::of(principal), &changes)?;
    }
    Ok(resolved)
}

/// A household's field errors, named by the roster's columns.
fn household_errors(errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut error| {
            error.field = match error.field.as_str() {
                "name" => "household_name".into(),
                "external_ref" => "household_ref".into(),
                other => other.to_owned(),
            };
            error.message = format!("household: {}", error.message);
            error
        })
        .collect()
}

/// Whether the stored household already is what the row says.
fn same(current: &HouseholdRow, household: &ValidHousehold) -> bool {
    current.name == household.name
        && current.country == household.country.to_string()
        && current.region.as_deref() == household.region.as_ref().map(|r| r.as_str())
        && current.district == household.district
        && current.locality == household.locality
        && current.external_ref == household.external_ref
}

/// The caller's live households with these codes (the oldest, should a code be used twice).
fn live_by_reference(
    conn: &mut DbConnection,
    principal: &Principal,
    references: &[&str],
) -> Result<HashMap<String, HouseholdRow>, ApiError> {
    if references.is_empty() {
        return Ok(HashMap::new());
    }
    let mut query = households::table
        .filter(households::deleted_at.is_null())
        .filter(households::external_ref.eq_any(references))
        .order(households::id.desc())
        .select(HouseholdRow::as_select())
        .into_boxed();
    query = match &principal.partner_id {
        Some(partner) => query.filter(households::partner_id.eq(partner.clone())),
        None => query.filter(households::partner_id.is_null()),
    };
    let rows: Vec<HouseholdRow> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| Some((row.external_ref.clone()?, row)))
        .collect())
}
