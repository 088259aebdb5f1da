//! Registration storage: the registration row (current status), its dated transitions, and the
//! organisation's formal status kept up to date in the same transaction. The rules are in
//! `model.rs` and `organisations/formal.rs`.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::{self, Actor, Change, Op};
use formaliza_shared::ids::{OrganisationId, RegistrationId};
use formaliza_shared::lifecycle::today;
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::{self, References, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::formal::{self, Timeline};
use super::model::{
    READ_ONLY, Registration, RegistrationCommand, RegistrationFilters, RegistrationInput,
    RegistrationStatus, RegistrationTransition, RegistrationTransitionView, Registry, TaxRegime,
    number_taken,
};
use crate::organisations::db::OrganisationRow;
use crate::schema::{organisations, registration_transitions, registrations};

/// A stored registration.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = registrations)]
pub struct RegistrationRow {
    pub id: RegistrationId,
    pub partner_id: Option<String>,
    pub organisation_id: OrganisationId,
    pub registry: Registry,
    pub number: String,
    pub tax_regime: Option<TaxRegime>,
    pub issued_by: Option<String>,
    pub expires_on: Option<NaiveDate>,
    pub status: RegistrationStatus,
    pub status_since: NaiveDate,
    pub evidence: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

impl RegistrationRow {
    /// The status as read today, and since when: a licence past `expires_on` reads `expired`
    /// from the day after.
    pub fn status_today(&self) -> (RegistrationStatus, NaiveDate) {
        let status = self.status.on(self.expires_on, today());
        match (status, self.expires_on) {
            (RegistrationStatus::Expired, Some(end)) => (status, end + TimeDelta::days(1)),
            _ => (status, self.status_since),
        }
    }
}

/// A stored transition.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = registration_transitions)]
pub struct TransitionRow {
    pub registration_id: RegistrationId,
    pub seq: i32,
    pub from_status: Option<RegistrationStatus>,
    pub to_status: RegistrationStatus,
    pub effective_on: NaiveDate,
    pub reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

impl TransitionRow {
    pub fn to_view(&self) -> RegistrationTransitionView {
        RegistrationTransitionView {
            seq: self.seq,
            from_status: self.from_status,
            to_status: self.to_status,
            effective_on: self.effective_on,
            reason: self.reason.clone(),
            recorded_by: self.recorded_by.clone(),
            recorded_at: self.recorded_at.and_utc(),
        }
    }
}

/// The organisation, visible to the caller, in a country and of a kind the registry takes.
fn registering_organisation(
    conn: &mut DbConnection,
    principal: &Principal,
    registration: &RegistrationCommand,
) -> Result<OrganisationRow, ApiError> {
    let organisation: OrganisationRow = resource::check_reference(
        conn,
        principal,
        "organisation_id",
        &registration.organisation_id,
    )?;
    registration.check_organisation(&organisation.country, organisation.kind)?;
    Ok(organisation)
}

/// The live registration holding `number` in `registry`, if any.
fn holder(
    conn: &mut DbConnection,
    registry: Registry,
    number: &str,
) -> Result<Option<RegistrationRow>, ApiError> {
    Ok(registrations::table
        .filter(registrations::deleted_at.is_null())
        .filter(registrations::registry.eq(registry))
        .filter(registrations::number.eq(number))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

fn taken(principal: &Principal, existing: &RegistrationRow) -> ApiError {
    let visible = principal
        .can_see(existing.partner_id.as_deref())
        .then_some(&existing.id);
    number_taken(existing.registry, visible)
}

impl Resource for RegistrationRow {
    const KIND: &'static str = "registration";
    const COLLECTION: &'static str = "/v1/registrations";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = RegistrationId;
    type Input = RegistrationInput;
    type Command = RegistrationCommand;
    type Prepared = RegistrationCommand;
    type View = Registration;

    fn id(&self) -> &RegistrationId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Registration {
        let (status, status_since) = self.status_today();
        Registration {
            id: self.id.clone(),
            organisation_id: self.organisation_id.clone(),
            registry: self.registry,
            number: self.number.clone(),
            tax_regime: self.tax_regime,
            issued_by: self.issued_by.clone(),
            expires_on: self.expires_on,
            status,
            status_since,
            evidence: self.evidence.clone(),
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: RegistrationInput) -> Result<RegistrationCommand, Vec<FieldError>> {
        input.command()
    }

    /// Everything it refers to is here: checked in the transaction.
    async fn prepare(
        registration: RegistrationCommand,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<RegistrationCommand, ApiError> {
        Ok(registration)
    }

    fn find(conn: &mut DbConnection, id: &RegistrationId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, registrations, RegistrationRow, id)
    }

    /// The organisation (visible, of the registry's country), the number held by no other
    /// registration, then the registration, its first transition and the organisation's
    /// formal status.
    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: RegistrationId,
        registration: RegistrationCommand,
    ) -> Result<Self, ApiError> {
        let organisation = registering_organisation(conn, principal, &registration)?;
        if let Some(existing) = holder(conn, registration.registry, &registration.number)? {
            return Err(taken(principal, &existing));
        }
        let (status, effective_on) = registration.start();
        let now = db::now();
        let inserted = conn.transaction(|conn| {
            diesel::insert_into(registrations::table)
                .values((
                    registrations::id.eq(&id),
                    registrations::partner_id.eq(principal.partner_id.as_deref()),
                    registrations::organisation_id.eq(&organisation.id),
                    registrations::registry.eq(registration.registry),
                    registrations::number.eq(&registration.number),
                    registrations::tax_regime.eq(registration.tax_regime),
                    registrations::issued_by.eq(&registration.issued_by),
                    registrations::expires_on.eq(registration.expires_on),
                    registrations::status.eq(status),
                    registrations::status_since.eq(effective_on),
                    registrations::evidence.eq(&registration.evidence),
                    registrations::version.eq(1),
                    registrations::created_at.eq(now),
                    registrations::updated_at.eq(now),
                ))
                .execute(conn)
        });
        match inserted {
            Ok(_) => {}
            // A concurrent request registered the same number first (the unique index).
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                return Err(
                    match holder(conn, registration.registry, &registration.number)? {
                        Some(existing) => taken(principal, &existing),
                        None => number_taken(registration.registry, None),
                    },
                );
            }
            Err(error) => return Err(error.into()),
        }
        diesel::insert_into(registration_transitions::table)
            .values(TransitionRow {
                registration_id: id.clone(),
                seq: 1,
                from_status: None,
                to_status: status,
                effective_on,
                reason: None,
                recorded_by: principal.sub.clone(),
                recorded_at: now,
            })
            .execute(conn)?;
        let created = load(conn, &id)?;
        follow_formal_status(conn, principal, &organisation.id)?;
        Ok(created)
    }

    /// The regime, the issuer, the expiry and the evidence; the organisation, registry and
    /// number are fixed, and the status changes only through transitions (only licences
    /// expire, and they do not change the formal status).
    fn update(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
        registration: RegistrationCommand,
    ) -> Result<Self, ApiError> {
        registration
            .check_change(&current.organisation_id, current.registry, &current.number)
            .map_err(ApiError::validation)?;
        let updated = formaliza_shared::overwrite!(
            conn,
            registrations,
            RegistrationRow,
            current,
            (
                registrations::tax_regime.eq(registration.tax_regime),
                registrations::issued_by.eq(registration.issued_by),
                registrations::expires_on.eq(registration.expires_on),
                registrations::evidence.eq(registration.evidence),
                registrations::version.eq(current.version + 1),
                registrations::updated_at.eq(db::now()),
            )
        )?;
        Ok(updated)
    }

    /// A registration recorded by mistake; one that ended is cancelled with a transition.
    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        formaliza_shared::soft_delete!(conn, registrations, current)?;
        Ok(formal_status_change(conn, &current.organisation_id)?
            .into_iter()
            .collect())
    }
}

fn load(conn: &mut DbConnection, id: &RegistrationId) -> Result<RegistrationRow, ApiError> {
    Ok(registrations::table
        .find(id)
        .select(RegistrationRow::as_select())
        .first(conn)?)
}

/// Records a status change decided by [`super::model`] on `current` (found visible and
/// version-checked in this transaction).
pub fn transition(
    conn: &mut DbConnection,
    principal: &Principal,
    current: &RegistrationRow,
    change: RegistrationTransition,
) -> Result<RegistrationRow, ApiError> {
    let seq: Option<i32> = registration_transitions::table
        .filter(registration_transitions::registration_id.eq(&current.id))
        .select(diesel::dsl::max(registration_transitions::seq))
        .first(conn)?;
    let now = db::now();
    diesel::insert_into(registration_transitions::table)
        .values(TransitionRow {
            registration_id: current.id.clone(),
            seq: seq.unwrap_or(0) + 1,
            from_status: Some(change.from),
            to_status: change.to,
            effective_on: change.effective_on,
            reason: change.reason,
            recorded_by: principal.sub.clone(),
            recorded_at: now,
        })
        .execute(conn)?;
    let updated = formaliza_shared::overwrite!(
        conn,
        registrations,
        RegistrationRow,
        current,
        (
            registrations::status.eq(change.to),
            registrations::status_since.eq(change.effective_on),
            registrations::version.eq(current.version + 1),
            registrations::updated_at.eq(now),
        )
    )?;
    follow_formal_status(conn, principal, &current.organisation_id)?;
    Ok(updated)
}

/// A registration's transitions, oldest first.
pub fn history(
    conn: &mut DbConnection,
    id: &RegistrationId,
) -> Result<Vec<TransitionRow>, ApiError> {
    Ok(registration_transitions::table
        .filter(registration_transitions::registration_id.eq(id))
        .order(registration_transitions::seq.asc())
        .select(TransitionRow::as_select())
        .load(conn)?)
}

/// The dated histories of an organisation's live registrations, as the formal-status rule
/// reads them.
pub fn timelines(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
) -> Result<Vec<Timeline>, ApiError> {
    let rows: Vec<(RegistrationId, Registry, Option<NaiveDate>)> = registrations::table
        .filter(registrations::organisation_id.eq(organisation_id))
        .filter(registrations::deleted_at.is_null())
        .order(registrations::id.asc())
        .select((
            registrations::id,
            registrations::registry,
            registrations::expires_on,
        ))
        .load(conn)?;
    let ids: Vec<&RegistrationId> = rows.iter().map(|(id, _, _)| id).collect();
    let transitions: Vec<(RegistrationId, NaiveDate, RegistrationStatus)> =
        registration_transitions::table
            .filter(registration_transitions::registration_id.eq_any(ids))
            .order((
                registration_transitions::registration_id.asc(),
                registration_transitions::seq.asc(),
            ))
            .select((
                registration_transitions::registration_id,
                registration_transitions::effective_on,
                registration_transitions::to_status,
            ))
            .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, registry, expires_on)| Timeline {
            kind: registry.kind(),
            expires_on,
            transitions: transitions
                .iter()
                .filter(|(of, _, _)| *of == id)
                .map(|(_, date, status)| (*date, *status))
                .collect(),
        })
        .collect())
}

/// Brings the organisation's kept formal status up to date with its registrations; the
/// organisation's change for the feed when it moved.
fn formal_status_change(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
) -> Result<Option<Change>, ApiError> {
    let registrations = timelines(conn, organisation_id)?;
    crate::indicators::periods::recompute_organisation(conn, organisation_id, &registrations)?;
    let (status, since) = formal::current(&registrations, today());
    let current: OrganisationRow = organisations::table
        .find(organisation_id)
        .select(OrganisationRow::as_select())
        .first(conn)?;
    if current.formal_status == status && current.formal_status_since == since {
        return Ok(None);
    }
    let updated = formaliza_shared::overwrite!(
        conn,
        organisations,
        OrganisationRow,
        &current,
        (
            organisations::formal_status.eq(status),
            organisations::formal_status_since.eq(since),
            organisations::version.eq(current.version + 1),
            organisations::updated_at.eq(db::now()),
        )
    )?;
    Ok(Some(resource::change(&updated, Op::Update)?))
}

/// [`formal_status_change`], with the organisation's change appended to the feed.
fn follow_formal_status(
    conn: &mut DbConnection,
    principal: &Principal,
    organisation_id: &OrganisationId,
) -> Result<(), ApiError> {
    if let Some(change) = formal_status_change(conn, organisation_id)? {
        feed::append(conn, &Actor::of(principal), &[change])?;
    }
    Ok(())
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &RegistrationFilters,
) -> Result<Vec<RegistrationRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(registrations, RegistrationRow, keyset);
    formaliza_shared::filter_eq!(query,
        registrations::organisation_id => &filter.organisation_id,
        registrations::registry => filter.registry,
        registrations::number => &filter.number,
        registrations::status => filter.status,
    );
    Ok(query.load(conn)?)
}
