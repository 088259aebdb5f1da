//! The local read model of the members service: households, members (sector, sex, birth date,
//! household, relationship to the head, partner and consent for the privacy rule, and the
//! identifying fields the ministry export may show), organisations and memberships, fed by the
//! members change feed. Never written by this API.
//!
//! The consumer reads the feed as a service: `members:read` and no `partner_id` (so it sees every
//! partner's records), with a gateway client's credentials (`FORMALIZA_SERVICE_CLIENT_ID`,
//! `FORMALIZA_SERVICE_CLIENT_SECRET`, `FORMALIZA_TOKEN_URL`) or a fixed `FORMALIZA_SERVICE_TOKEN`.
//! Without either (or without a members URL) the read model stays empty and the coverage
//! indicators say so (`read_model.last_seq` = 0).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

use formaliza_shared::ApiError;
use formaliza_shared::consumer::{self, FeedApplier, FeedConsumer, TokenSource};
use formaliza_shared::db::{DbConnection, DbPool};
use formaliza_shared::feed::{FeedEvent, Op};

use crate::indicators::periods;
use crate::schema::{rm_households, rm_members, rm_memberships, rm_organisations};

/// The consumer's name in `feed_checkpoints`.
pub const CONSUMER: &str = "social-protection.members";

/// A consumer of `members_url`'s feed into this service's read model.
pub fn consumer(pool: DbPool, members_url: &str, token: impl TokenSource) -> FeedConsumer {
    consumer::members_feed(CONSUMER, members_url, pool, token, MembersReadModel)
}

/// Applies members-service events to the `rm_*` tables, and brings the kept coverage model
/// ([`periods`]) up to date in the same transaction.
pub struct MembersReadModel;

#[derive(Deserialize)]
struct HouseholdData {
    partner_id: Option<String>,
    country: String,
    region: Option<String>,
}

#[derive(Deserialize)]
struct NationalId {
    #[serde(rename = "type")]
    document_type: Option<String>,
    number: Option<String>,
    country: Option<String>,
}

#[derive(Deserialize)]
struct MemberData {
    household_id: Option<String>,
    sector: Option<String>,
    sex: Option<String>,
    /// For the person-level coverage's age bands only.
    #[serde(default)]
    birth_date: Option<NaiveDate>,
    relationship_to_head: Option<String>,
    #[serde(default)]
    data_sharing_consent: bool,
    #[serde(default)]
    partner_id: Option<String>,
    given_names: String,
    family_names: String,
    national_id: Option<NationalId>,
}

#[derive(Deserialize)]
struct OrganisationData {
    #[serde(default)]
    in_programme: bool,
}

#[derive(Deserialize)]
struct MembershipData {
    member_id: String,
    organisation_id: String,
    left_on: Option<NaiveDate>,
}

fn data<T: serde::de::DeserializeOwned>(event: &FeedEvent) -> Result<T, ApiError> {
    let raw = event.data.as_ref().ok_or_else(|| {
        ApiError::internal(format!(
            "{} event {} carries no data",
            event.resource, event.seq
        ))
    })?;
    serde_json::from_str(raw.get()).map_err(|error| {
        ApiError::internal(format!(
            "{} event {} does not parse: {error}",
            event.resource, event.seq
        ))
    })
}

impl FeedApplier for MembersReadModel {
    fn apply(&self, conn: &mut DbConnection, event: &FeedEvent) -> Result<(), ApiError> {
        let mut touched = BTreeSet::new();
        apply_event(conn, event, &mut touched)?;
        periods::recompute(conn, &Vec::from_iter(touched))
    }

    /// Each household the page touched is recomputed once, after all its events (a page of an
    /// import touches hundreds of households, most of them several times).
    fn apply_all(&self, conn: &mut DbConnection, events: &[&FeedEvent]) -> Result<(), ApiError> {
        let mut touched = BTreeSet::new();
        for event in events {
            apply_event(conn, event, &mut touched)?;
        }
        periods::recompute(conn, &Vec::from_iter(touched))
    }
}

/// A member's erasure reaches what this service keeps of them besides the read model: the
/// affiliation numbers of their enrolments (often a national ID number), in the records and in
/// every event that showed them, and an `erase` event per enrolment tells this feed's consumers
/// (a ministry) to do the same. Written by whoever erased the member, in this transaction.
fn erase_affiliations(conn: &mut DbConnection, event: &FeedEvent) -> Result<(), ApiError> {
    use formaliza_shared::feed::{Actor, Change};
    use formaliza_shared::ids::RecordId;
    use formaliza_shared::resource::Resource;

    use crate::enrollments::db::EnrollmentRow;
    use crate::schema::enrollments;

    formaliza_shared::idempotency::forget_answers_mentioning(conn, &event.id)?;
    let affected: Vec<EnrollmentRow> = enrollments::table
        .filter(enrollments::member_id.eq(&event.id))
        .filter(enrollments::affiliation_number.is_not_null())
        .select(EnrollmentRow::as_select())
        .load(conn)?;
    if affected.is_empty() {
        return Ok(());
    }
    let now = formaliza_shared::db::now();
    let mut changes = Vec::with_capacity(affected.len());
    for enrollment in &affected {
        diesel::update(enrollments::table.find(&enrollment.id))
            .set((
                enrollments::affiliation_number.eq(None::<String>),
                enrollments::version.eq(enrollment.version + 1),
                enrollments::updated_at.eq(now),
            ))
            .execute(conn)?;
        let erased: EnrollmentRow = enrollments::table
            .find(&enrollment.id)
            .select(EnrollmentRow::as_select())
            .first(conn)?;
        let remains = erased.deleted_at.is_none().then(|| erased.to_view());
        changes.push(Change::new(
            EnrollmentRow::KIND,
            erased.id.as_str(),
            Op::Erase,
            erased.version,
            erased.owner(),
            remains.as_ref(),
        )?);
    }
    let ids: Vec<&str> = affected.iter().map(|e| e.id.as_str()).collect();
    let mut redacted = serde_json::Map::new();
    redacted.insert("affiliation_number".into(), serde_json::Value::Null);
    formaliza_shared::feed::redact(conn, EnrollmentRow::KIND, &ids, &redacted)?;
    let actor = Actor {
        sub: event.actor.clone(),
        partner_id: None,
        request_id: event.request_id.clone(),
    };
    formaliza_shared::feed::append(conn, &actor, &changes)
}

/// Applies one event to the `rm_*` tables, adding to `touched` the households whose kept
/// coverage it may change: a household's own record, and the households a member left or joined
/// (arriving, moving, leaving). Organisations and memberships are not in the kept model.
fn apply_event(
    conn: &mut DbConnection,
    event: &FeedEvent,
    touched: &mut BTreeSet<String>,
) -> Result<(), ApiError> {
    let id = event.id.as_str();
    // Upsert as delete + insert: portable, and the row always mirrors the latest event.
    match event.resource.as_str() {
        "household" => {
            diesel::delete(rm_households::table.find(id)).execute(conn)?;
            if event.op != Op::Delete {
                let h: HouseholdData = data(event)?;
                diesel::insert_into(rm_households::table)
                    .values((
                        rm_households::id.eq(id),
                        rm_households::partner_id.eq(h.partner_id),
                        rm_households::country.eq(h.country),
                        rm_households::region.eq(h.region),
                    ))
                    .execute(conn)?;
            }
            touched.insert(id.to_owned());
        }
        "member" => {
            // `None` for a member new to the read model; `Some(None)` for one without a household.
            let before: Option<Option<String>> = rm_members::table
                .find(id)
                .select(rm_members::household_id)
                .first(conn)
                .optional()?;
            diesel::delete(rm_members::table.find(id)).execute(conn)?;
            if event.op == Op::Erase {
                erase_affiliations(conn, event)?;
            }
            let mut after = None;
            // A deleted member's erasure carries no data: nothing to keep.
            if event.op != Op::Delete && event.data.is_some() {
                let m: MemberData = data(event)?;
                let (id_type, id_number, id_country) = match m.national_id {
                    Some(n) => (n.document_type, n.number, n.country),
                    None => (None, None, None),
                };
                after = Some(m.household_id.clone());
                diesel::insert_into(rm_members::table)
                    .values((
                        rm_members::id.eq(id),
                        rm_members::household_id.eq(m.household_id),
                        rm_members::sector.eq(m.sector),
                        rm_members::sex.eq(m.sex),
                        rm_members::birth_date.eq(m.birth_date),
                        rm_members::relationship_to_head.eq(m.relationship_to_head),
                        rm_members::data_sharing_consent.eq(m.data_sharing_consent),
                        rm_members::partner_id.eq(m.partner_id),
                        rm_members::given_names.eq(m.given_names),
                        rm_members::family_names.eq(m.family_names),
                        rm_members::id_type.eq(id_type),
                        rm_members::id_country.eq(id_country),
                        rm_members::id_number.eq(id_number),
                    ))
                    .execute(conn)?;
            }
            // A member who stays where they were changes no household's scope or coverage.
            if before != after {
                touched.extend(before.flatten());
                touched.extend(after.flatten());
            }
        }
        "organisation" => {
            diesel::delete(rm_organisations::table.find(id)).execute(conn)?;
            if event.op != Op::Delete {
                let o: OrganisationData = data(event)?;
                diesel::insert_into(rm_organisations::table)
                    .values((
                        rm_organisations::id.eq(id),
                        rm_organisations::in_programme.eq(o.in_programme),
                    ))
                    .execute(conn)?;
            }
        }
        "membership" => {
            diesel::delete(rm_memberships::table.find(id)).execute(conn)?;
            if event.op != Op::Delete {
                let m: MembershipData = data(event)?;
                diesel::insert_into(rm_memberships::table)
                    .values((
                        rm_memberships::id.eq(id),
                        rm_memberships::member_id.eq(m.member_id),
                        rm_memberships::organisation_id.eq(m.organisation_id),
                        rm_memberships::left_on.eq(m.left_on),
                    ))
                    .execute(conn)?;
            }
        }
        // Resources this read model does not need.
        _ => {}
    }
    Ok(())
}
