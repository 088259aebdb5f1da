//! `kind=registrations`: an organisation's registration per row (SUNAT RUC, SUNARP, SIN NIT,
//! SEPREC, …), through the same rules and writes as `POST/PATCH /v1/registrations` and its
//! transitions (the number checked per registry and held by one organisation, the kept formal
//! status). A registration's natural key is its organisation, registry and number: the same
//! data is unchanged; other details are an update; another status is a dated transition
//! (`effective_on`, default today), as `POST /v1/registrations/{id}/transitions` records it.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

use formaliza_shared::db::DbConnection;
use formaliza_shared::feed::{self, Actor, Op};
use formaliza_shared::ids::{OrganisationId, RecordId, RegistrationId};
use formaliza_shared::imports::{
    self, FieldSpec, ImportKind, RowOutcome, RowStatus, RowWrite, SourceRow,
};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, Principal};

use super::{ORGANISATION_REF, join, object_of, row_organisation};
use crate::registrations::db::{self as store, RegistrationRow};
use crate::registrations::model::{
    RegistrationCommand, RegistrationStatus, RegistrationTransitionInput,
};
use crate::schema::registrations;

/// Registrations, one per row.
pub struct Registrations;

static FIELDS: [FieldSpec; 11] = join::<3, 8, 11>(
    ORGANISATION_REF,
    [
        FieldSpec::choice(
            "registry",
            "pe_ruc, pe_sunarp, pe_remype, pe_municipal_licence, bo_nit, bo_seprec, bo_afcoop, bo_municipal_licence (ruc, sunarp, nit, seprec, …)",
        ),
        FieldSpec::text(
            "number",
            "The number the registry gave; names the organisation too when it has no other reference",
        ),
        FieldSpec::choice(
            "tax_regime",
            "pe_nrus, pe_rer, pe_rmt, pe_general, bo_general, bo_rts, bo_sti, bo_rau",
        ),
        FieldSpec::text("issued_by", "The office or municipality that issued it"),
        FieldSpec::date("expires_on", "Licences: the last day it is valid"),
        FieldSpec::choice(
            "status",
            "active, suspended, cancelled (activo, suspendido, baja)",
        ),
        FieldSpec::date(
            "effective_on",
            "When the status took effect (default today)",
        ),
        FieldSpec::text(
            "evidence",
            "What was seen (a printed record, a registry lookup)",
        ),
    ],
);

/// The cells resolved to ids before the registration's own rules.
const REFERENCES: [&str; 3] = ["organisation_id", "organisation_number", "country"];

impl ImportKind for Registrations {
    fn name(&self) -> &'static str {
        "registrations"
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
        // A registration's write appends the organisation's formal status to the feed itself:
        // the kept model's lock first, as every writer here takes them.
        crate::indicators::periods::lock(conn)?;
        // Each row in a savepoint: a refused row leaves the chunk's transaction usable.
        let (outcomes, changes) = imports::each_row(conn, &rows, |conn, row| {
            let object = object(conn, principal, row)?;
            let wanted: Status = formaliza_shared::patch::parse(serde_json::json!({
                "status": object.get("status"),
                "effective_on": object.get("effective_on"),
            }))?;
            let mut details = object.clone();
            details.remove("status");
            details.remove("effective_on");
            let details = command(details)?;
            match existing(conn, &details)? {
                Some(current) => change(conn, principal, current, details, wanted),
                None => {
                    let created = RegistrationRow::insert(
                        conn,
                        principal,
                        RegistrationId::generate(),
                        command(object)?,
                    )?;
                    let change = resource::change(&created, Op::Create)?;
                    Ok((created.id, RowStatus::Created, Some(change)))
                }
            }
        })?;
        if !changes.is_empty() {
            feed::append(conn, &Actor::of(principal), &changes)?;
        }
        Ok(outcomes)
    }
}

/// A known registration: its details updated, then its status moved, as the row says.
fn change(
    conn: &mut DbConnection,
    principal: &Principal,
    current: RegistrationRow,
    details: RegistrationCommand,
    wanted: Status,
) -> Result<RowWrite<RegistrationId>, ApiError> {
    let Status {
        status,
        effective_on,
    } = wanted;
    let mut record = current;
    let mut changed = false;
    if !same(&record, &details) {
        record = RegistrationRow::update(conn, principal, &record, details)?;
        changed = true;
    }
    let (now, since) = record.status_today();
    if let Some(status) = status.filter(|status| *status != now) {
        let input = RegistrationTransitionInput {
            status,
            effective_on,
            reason: None,
        };
        let decided = input.decide(now, since)?;
        record = store::transition(conn, principal, &record, decided)?;
        changed = true;
    }
    match changed {
        true => {
            let change = resource::change(&record, Op::Update)?;
            Ok((record.id, RowStatus::Updated, Some(change)))
        }
        false => Ok((record.id, RowStatus::Unchanged, None)),
    }
}

/// The status a row gives a registration, and since when.
#[derive(Debug, Deserialize)]
struct Status {
    status: Option<RegistrationStatus>,
    effective_on: Option<NaiveDate>,
}

/// The row as `POST /v1/registrations` takes it, its organisation resolved (by default the
/// organisation whose registry number is the registration's).
fn object(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    let organisation: OrganisationId = row_organisation(conn, principal, row, Some("number"))?;
    let mut object = object_of(row, &REFERENCES);
    object.insert("organisation_id".into(), organisation.as_str().into());
    for required in ["registry", "number"] {
        object
            .entry(required)
            .or_insert_with(|| serde_json::Value::String(String::new()));
    }
    Ok(object)
}

/// A registration's rules over the row.
fn command(
    object: serde_json::Map<String, serde_json::Value>,
) -> Result<RegistrationCommand, ApiError> {
    let input = formaliza_shared::patch::parse(serde_json::Value::Object(object))?;
    RegistrationRow::command(input).map_err(ApiError::validation)
}

/// The organisation's live registration with the row's number in its registry.
fn existing(
    conn: &mut DbConnection,
    registration: &RegistrationCommand,
) -> Result<Option<RegistrationRow>, ApiError> {
    Ok(registrations::table
        .filter(registrations::deleted_at.is_null())
        .filter(registrations::organisation_id.eq(&registration.organisation_id))
        .filter(registrations::registry.eq(registration.registry))
        .filter(registrations::number.eq(&registration.number))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether the stored registration's details already are the row's.
fn same(current: &RegistrationRow, registration: &RegistrationCommand) -> bool {
    current.tax_regime == registration.tax_regime
        && current.issued_by == registration.issued_by
        && current.expires_on == registration.expires_on
        && current.evidence == registration.evidence
}
