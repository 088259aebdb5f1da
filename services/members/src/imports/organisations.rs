//! `kind=organisations`: one organisation per row, through the same validation and writes as
//! `POST/PATCH /v1/organisations` (the parent's checks, the kept formalisation model),
//! upserted for the partner by its registry number (RUC, NIT, …) in its country, or, without
//! one, by its name in its country.

use diesel::prelude::*;

use formaliza_shared::db::DbConnection;
use formaliza_shared::domain::search_key;
use formaliza_shared::feed::{self, Actor, Op};
use formaliza_shared::ids::{OrganisationId, RecordId};
use formaliza_shared::imports::{self, FieldSpec, ImportKind, RowOutcome, RowStatus, SourceRow};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use crate::organisations::db::OrganisationRow;
use crate::organisations::model::{OrganisationInput, ValidOrganisation};
use crate::schema::organisations;

/// Organisations, one per row.
pub struct Organisations;

static FIELDS: [FieldSpec; 11] = [
    FieldSpec::text("name", "The organisation's name (razon_social)"),
    FieldSpec::choice(
        "kind",
        "cooperative, association, federation, small_enterprise (cooperativa, asociación, …)",
    ),
    FieldSpec::choice(
        "legal_status",
        "informal, in_formation, registered (informal, en formación, registrada)",
    ),
    FieldSpec::text(
        "parent_id",
        "The federation or network it belongs to (its id)",
    ),
    FieldSpec::flag("in_programme", "yes/no: in the programme (default yes)"),
    FieldSpec::text("country", "PE or BO"),
    FieldSpec::text("region", "ISO 3166-2 region (PE-JUN, BO-L)"),
    FieldSpec::text("district", "District or municipality"),
    FieldSpec::choice(
        "sector",
        "coffee, construction, food, engineering, textile, other",
    ),
    FieldSpec::text(
        "registration_number",
        "Tax or registry number (RUC, NIT): the key an import matches on",
    ),
    FieldSpec::date("founded_on", "YYYY-MM-DD or DD/MM/YYYY"),
];

impl ImportKind for Organisations {
    fn name(&self) -> &'static str {
        "organisations"
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
        // Each row in a savepoint: a refused row leaves the chunk's transaction usable.
        let (outcomes, changes) = imports::each_row(conn, &rows, |conn, row| {
            let organisation =
                OrganisationRow::command(input(row)?).map_err(ApiError::validation)?;
            match existing(conn, principal, &organisation)? {
                Some(current) if same(&current, &organisation) => {
                    Ok((current.id, RowStatus::Unchanged, None))
                }
                Some(current) => {
                    let updated = OrganisationRow::update(conn, principal, &current, organisation)?;
                    let change = resource::change(&updated, Op::Update)?;
                    Ok((updated.id, RowStatus::Updated, Some(change)))
                }
                None => {
                    let created = OrganisationRow::insert(
                        conn,
                        principal,
                        OrganisationId::generate(),
                        organisation,
                    )?;
                    let change = resource::change(&created, Op::Create)?;
                    Ok((created.id, RowStatus::Created, Some(change)))
                }
            }
        })?;
        if !changes.is_empty() {
            // The kept model's lock before the feed counter, as every writer here takes them.
            crate::indicators::periods::lock(conn)?;
            feed::append(conn, &Actor::of(principal), &changes)?;
        }
        Ok(outcomes)
    }
}

/// The row as `POST /v1/organisations` takes it.
fn input(row: &SourceRow) -> Result<OrganisationInput, ApiError> {
    let mut object = serde_json::Map::new();
    for (field, value) in &row.cells {
        let value = match field.as_str() {
            "in_programme" => match value.as_str() {
                "true" => serde_json::Value::Bool(true),
                "false" => serde_json::Value::Bool(false),
                _ => {
                    return Err(ApiError::validation(vec![FieldError::new(
                        "in_programme",
                        "invalid_format",
                        "write yes or no (sí/no)",
                    )]));
                }
            },
            _ => serde_json::Value::String(value.clone()),
        };
        object.insert(field.clone(), value);
    }
    for required in ["name", "kind", "legal_status", "country"] {
        object
            .entry(required)
            .or_insert_with(|| serde_json::Value::String(String::new()));
    }
    formaliza_shared::patch::parse(serde_json::Value::Object(object))
}

/// The partner's live organisation with the row's registry number in its country (or, without
/// one, its name).
fn existing(
    conn: &mut DbConnection,
    principal: &Principal,
    organisation: &ValidOrganisation,
) -> Result<Option<OrganisationRow>, ApiError> {
    let mut query = organisations::table
        .filter(organisations::deleted_at.is_null())
        .filter(organisations::country.eq(organisation.country.to_string()))
        .order(organisations::id.asc())
        .select(OrganisationRow::as_select())
        .into_boxed();
    query = match &organisation.registration_number {
        Some(number) => query.filter(organisations::registration_number.eq(number.clone())),
        None => query
            .filter(organisations::registration_number.is_null())
            .filter(organisations::name_key.eq(search_key(&organisation.name))),
    };
    query = match &principal.partner_id {
        Some(partner) => query.filter(organisations::partner_id.eq(partner.clone())),
        None => query.filter(organisations::partner_id.is_null()),
    };
    Ok(query.first(conn).optional()?)
}

/// Whether the stored organisation already is what the row says.
fn same(current: &OrganisationRow, organisation: &ValidOrganisation) -> bool {
    current.name == organisation.name
        && current.kind == organisation.kind
        && current.legal_status == organisation.legal_status
        && current.parent_id == organisation.parent_id
        && current.in_programme == organisation.in_programme
        && current.country == organisation.country.to_string()
        && current.region.as_deref() == organisation.region.as_ref().map(|r| r.as_str())
        && current.district == organisation.district
        && current.sector == organisation.sector
        && current.registration_number == organisation.registration_number
        && current.founded_on == organisation.founded_on
}
