//! The local read model of the members service: just the member attributes training
//! indicators need (sex, birth date, household, organisation memberships, whether an
//! organisation is in the programme) and the privacy rule needs (partner, consent), fed by the
//! members change feed through the shared
//! consumer. This service never reads the members database.

use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Deserialize;

use formaliza_shared::ApiError;
use formaliza_shared::consumer::{self, FeedApplier, FeedConsumer, TokenSource};
use formaliza_shared::db::{DbConnection, DbPool};
use formaliza_shared::feed::{FeedEvent, Op};

use crate::schema::{certificates, participations, rm_members, rm_memberships, rm_organisations};

/// The consumer's name (its checkpoint row).
pub const CONSUMER: &str = "trainings.members";

/// A consumer of the members feed at `members_url` (the service's base URL) into this
/// service's read model.
pub fn consumer(pool: DbPool, members_url: &str, token: impl TokenSource) -> FeedConsumer {
    consumer::members_feed(CONSUMER, members_url, pool, token, MembersReadModel)
}

/// Applies member, membership and organisation events; ignores the rest.
pub struct MembersReadModel;

#[derive(Debug, Deserialize, Insertable, AsChangeset)]
#[diesel(table_name = rm_members, treat_none_as_null = true)]
struct MemberFacts {
    #[serde(default)]
    sex: Option<String>,
    #[serde(default)]
    birth_date: Option<NaiveDate>,
    #[serde(default)]
    household_id: Option<String>,
    /// Who may read the member in the members service, and whether they consented to data
    /// sharing: the privacy rule of participations and certificates.
    #[serde(default)]
    partner_id: Option<String>,
    #[serde(default)]
    data_sharing_consent: bool,
    /// The national ID, by which an attendance sheet names people (`kind=attendance`
    /// imports), and the initials a certificate prints: from the event's `national_id` and
    /// names (see [`MemberEvent`]).
    #[serde(skip)]
    id_type: Option<String>,
    #[serde(skip)]
    id_country: Option<String>,
    #[serde(skip)]
    id_number: Option<String>,
    #[serde(skip)]
    initials: Option<String>,
}

/// A member event's data: the facts kept as they are, and what is kept of the rest.
#[derive(Debug, Deserialize)]
struct MemberEvent {
    #[serde(flatten)]
    facts: MemberFacts,
    #[serde(default)]
    given_names: Option<String>,
    #[serde(default)]
    family_names: Option<String>,
    #[serde(default)]
    national_id: Option<NationalIdFacts>,
}

#[derive(Debug, Deserialize)]
struct NationalIdFacts {
    #[serde(rename = "type")]
    document_type: Option<String>,
    country: Option<String>,
    number: Option<String>,
}

impl MemberEvent {
    fn into_facts(self) -> MemberFacts {
        let mut facts = self.facts;
        if let Some(id) = self.national_id {
            facts.id_type = id.document_type;
            facts.id_country = id.country;
            facts.id_number = id.number;
        }
        facts.initials = match (self.given_names, self.family_names) {
            (Some(given), Some(family)) => {
                Some(crate::participations::model::initials(&given, &family))
            }
            _ => None,
        };
        facts
    }
}

#[derive(Debug, Deserialize)]
struct MembershipFacts {
    member_id: String,
    organisation_id: String,
}

#[derive(Debug, Deserialize)]
struct OrganisationFacts {
    in_programme: bool,
}

/// The event's data as `T`; `None` (logged) when it is missing or not what the members service
/// publishes, so that one odd event cannot stop the read model for good.
fn facts<T: serde::de::DeserializeOwned>(event: &FeedEvent) -> Option<T> {
    let data = event.data.as_ref()?;
    match serde_json::from_str(data.get()) {
        Ok(facts) => Some(facts),
        Err(error) => {
            log::warn!(
                "members feed event {} ({} {}) skipped: {error}",
                event.seq,
                event.resource,
                event.id
            );
            None
        }
    }
}

/// A member's erasure reaches what this service keeps of them: the initials recorded with their
/// registrations and printed on their certificates (the public check then shows none). The
/// birth date goes with the read model's row, which the erase event replaces.
fn erase_initials(conn: &mut DbConnection, member_id: &str) -> Result<(), ApiError> {
    formaliza_shared::idempotency::forget_answers_mentioning(conn, member_id)?;
    diesel::update(participations::table.filter(participations::member_id.eq(member_id)))
        .set(participations::member_initials.eq(None::<String>))
        .execute(conn)?;
    diesel::update(certificates::table.filter(certificates::member_id.eq(member_id)))
        .set(certificates::holder_initials.eq(""))
        .execute(conn)?;
    Ok(())
}

impl FeedApplier for MembersReadModel {
    fn apply(&self, conn: &mut DbConnection, event: &FeedEvent) -> Result<(), ApiError> {
        let id = event.id.as_str();
        if event.resource == "member" && event.op == Op::Erase {
            erase_initials(conn, id)?;
        }
        match (event.resource.as_str(), event.op) {
            ("member", Op::Delete) => {
                diesel::delete(rm_members::table.find(id)).execute(conn)?;
                diesel::delete(rm_memberships::table.filter(rm_memberships::member_id.eq(id)))
                    .execute(conn)?;
            }
            // An erased member that was deleted before: nothing to keep.
            ("member", Op::Erase) if event.data.is_none() => {
                diesel::delete(rm_members::table.find(id)).execute(conn)?;
            }
            ("member", _) => {
                if let Some(member) = facts::<MemberEvent>(event).map(MemberEvent::into_facts) {
                    formaliza_shared::on_backend!(conn, |c| diesel::insert_into(
                        rm_members::table
                    )
                    .values((rm_members::id.eq(id), &member))
                    .on_conflict(rm_members::id)
                    .do_update()
                    .set(&member)
                    .execute(c))?;
                }
            }
            ("membership", Op::Delete) => {
                diesel::delete(rm_memberships::table.find(id)).execute(conn)?;
            }
            ("membership", _) => {
                if let Some(membership) = facts::<MembershipFacts>(event) {
                    let values = (
                        rm_memberships::member_id.eq(&membership.member_id),
                        rm_memberships::organisation_id.eq(&membership.organisation_id),
                    );
                    formaliza_shared::on_backend!(conn, |c| diesel::insert_into(
                        rm_memberships::table
                    )
                    .values((rm_memberships::id.eq(id), values))
                    .on_conflict(rm_memberships::id)
                    .do_update()
                    .set(values)
                    .execute(c))?;
                }
            }
            ("organisation", Op::Delete) => {
                diesel::delete(rm_organisations::table.find(id)).execute(conn)?;
            }
            ("organisation", _) => {
                if let Some(organisation) = facts::<OrganisationFacts>(event) {
                    let value = rm_organisations::in_programme.eq(organisation.in_programme);
                    formaliza_shared::on_backend!(conn, |c| diesel::insert_into(
                        rm_organisations::table
                    )
                    .values((rm_organisations::id.eq(id), value))
                    .on_conflict(rm_organisations::id)
                    .do_update()
                    .set(value)
                    .execute(c))?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
