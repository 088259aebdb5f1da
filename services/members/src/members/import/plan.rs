//! The one planner: what each row does (create, update, leave unchanged or refuse, and the
//! membership it adds), decided against what the database holds before anything is written.
//! Both writes in [`super::write`] take its decisions, so the import's rules live here alone:
//! the national-ID match (country, type, number, complement), the partner that owns it, the
//! household and its head, and the organisation a row joins.

use std::collections::HashMap;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::extract;
use formaliza_shared::ids::{HouseholdId, MemberId, MembershipId, OrganisationId, RecordId};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::parse::Prepared;
use super::report::RowStatus;
use crate::households::db::HouseholdRow;
use crate::members::db::{self as members_db, LiveHousehold, MemberRow, NationalKey};
use crate::members::model::{Relationship, ValidMember};
use crate::memberships::db::{self as memberships_db, MembershipRow};
use crate::memberships::model::{MembershipInput, MembershipRole, ValidMembership};
use crate::organisations::db::OrganisationRow;

/// What one row does, decided before anything is written.
pub(super) struct RowDecision {
    pub(super) status: RowStatus,
    /// The member as the row leaves it.
    pub(super) member: MemberRow,
    /// The member before the row (`None` when the row creates it).
    pub(super) previous: Option<MemberRow>,
    /// The membership the row creates, if any.
    pub(super) membership: Option<NewMembership>,
}

/// A membership a row creates: its id and its checked command, which either write stores.
pub(super) struct NewMembership {
    pub(super) id: MembershipId,
    pub(super) command: ValidMembership,
}

/// The planner's word on one row.
pub(super) enum Planned {
    Write(Box<RowDecision>),
    /// The row's field errors; nothing of it is written.
    Refused(Vec<FieldError>),
}

/// Decides rows in file order against what the database held when it was loaded, each row
/// seeing the rows decided before it as it would if they had been written one by one.
pub(super) struct Planner<'a> {
    known: Known,
    principal: &'a Principal,
}

impl<'a> Planner<'a> {
    /// Loads what `rows` depend on: one query per kind of record.
    pub(super) fn load(
        conn: &mut DbConnection,
        principal: &'a Principal,
        rows: &[(u64, Prepared)],
    ) -> Result<Self, ApiError> {
        Ok(Self {
            known: Known::load(conn, rows)?,
            principal,
        })
    }

    /// Decides the next row, and takes it into account for the rows after it. A refusal is
    /// the row's; only a server error (`Err`) ends the import.
    pub(super) fn decide(&mut self, prepared: &Prepared) -> Result<Planned, ApiError> {
        let (member, organisation_id, role) = match prepared {
            Prepared::Failed(errors) => return Ok(Planned::Refused(errors.clone())),
            Prepared::Ready {
                member,
                organisation_id,
                role,
            } => (member, organisation_id.as_deref(), role.as_deref()),
        };
        match RowDecision::decide(&self.known, self.principal, member, organisation_id, role) {
            Ok(decision) => {
                self.known.remember(&decision);
                Ok(Planned::Write(Box::new(decision)))
            }
            Err(error) if error.status().is_server_error() => Err(error),
            Err(error) => Ok(Planned::Refused(formaliza_shared::imports::row_errors(
                &error,
            ))),
        }
    }
}

/// The 409 for a national ID another partner registered; it never names or points to that
/// record.
fn registered_by_another_partner() -> ApiError {
    ApiError::conflict("national ID registered by another partner").with_errors(vec![
        FieldError::new(
            "national_id.number",
            "duplicate",
            "another partner already registered a member with this national ID",
        ),
    ])
}

/// The role a row gives the member in its organisation (`member` when the cell is empty).
fn membership_role(role: Option<&str>) -> Result<MembershipRole, ApiError> {
    match role.map(|r| extract::parse_enum(r.trim())) {
        None => Ok(MembershipRole::Member),
        Some(Some(role)) => Ok(role),
        Some(None) => Err(ApiError::validation(vec![FieldError::new(
            "role",
            "invalid",
            "unknown membership role",
        )])),
    }
}

/// The 422 for a reference to a record that is missing or not the caller's, worded as
/// [`resource::check_reference`] words it.
fn unknown_reference<R: Resource>(field: &str, id: &R::Id) -> ApiError {
    ApiError::validation(vec![FieldError::new(
        field,
        "unknown_reference",
        format!("no {} with id {id}", R::KIND),
    )])
}

/// What the database holds that the rows depend on, loaded in one query per kind and kept
/// current as the rows are decided in order.
struct Known {
    /// Live members with the rows' national IDs.
    members: HashMap<NationalKey, MemberRow>,
    /// Live households the rows refer to, with their owners and heads.
    households: HashMap<HouseholdId, LiveHousehold>,
    /// Live organisations the rows refer to, with their owners.
    organisations: HashMap<OrganisationId, Option<String>>,
    /// Live memberships of the rows' existing members: (member, organisation) → membership id.
    memberships: HashMap<(MemberId, OrganisationId), MembershipId>,
}

impl Known {
    fn load(conn: &mut DbConnection, rows: &[(u64, Prepared)]) -> Result<Self, ApiError> {
        let mut national_ids = Vec::new();
        let mut households = Vec::new();
        let mut organisations = Vec::new();
        for (_, prepared) in rows {
            let Prepared::Ready {
                member,
                organisation_id,
                ..
            } = prepared
            else {
                continue;
            };
            national_ids.extend(member.national_id.as_ref());
            households.extend(member.household_id.as_ref());
            // Only well-formed ids can name an organisation; the others fail validation.
            organisations.extend(organisation_id.as_deref().and_then(OrganisationId::parse));
        }
        let members: HashMap<NationalKey, MemberRow> =
            MemberRow::find_by_national_ids(conn, &national_ids)?
                .into_iter()
                .filter_map(|row| Some((NationalKey::of_row(&row)?, row)))
                .collect();
        let joining: Vec<&MemberId> = if organisations.is_empty() {
            Vec::new()
        } else {
            members.values().map(|m| &m.id).collect()
        };
        let organisations: Vec<&OrganisationId> = organisations.iter().collect();
        Ok(Self {
            memberships: memberships_db::live_memberships_of(conn, &joining)?,
            households: members_db::live_households(conn, &households)?,
            organisations: memberships_db::organisation_owners(conn, &organisations)?,
            members,
        })
    }

    /// The member-level checks of a row against what is known, in the order the single-member
    /// write makes them: the national ID's owner, the household, its head.
    fn check_member(
        &self,
        principal: &Principal,
        member: &ValidMember,
    ) -> Result<Option<&MemberRow>, ApiError> {
        let existing = member
            .national_id
            .as_ref()
            .and_then(|id| self.members.get(&NationalKey::of(id)));
        if let Some(existing) = existing
            && !principal.can_see(existing.partner_id.as_deref())
        {
            return Err(registered_by_another_partner());
        }
        if let Some(id) = &member.household_id {
            let household = self
                .households
                .get(id)
                .filter(|h| resource::readable::<HouseholdRow>(principal, h.owner.as_deref()))
                .ok_or_else(|| unknown_reference::<HouseholdRow>("household_id", id))?;
            if member.relationship_to_head == Some(Relationship::Head)
                && let Some(head) = &household.head
                && Some(head) != existing.map(|e| &e.id)
            {
                return Err(members_db::duplicate_head());
            }
        }
        Ok(existing)
    }

    /// The membership a row creates for `member_id` (`None` when it already exists), or why it
    /// cannot: the checks of [`MembershipRow::insert`], against what is known.
    fn membership(
        &self,
        principal: &Principal,
        member_id: &MemberId,
        organisation_id: &str,
        role: Option<&str>,
    ) -> Result<Option<NewMembership>, ApiError> {
        if let Some(organisation) = OrganisationId::parse(organisation_id)
            && self
                .memberships
                .contains_key(&(member_id.clone(), organisation))
        {
            return Ok(None);
        }
        let input = MembershipInput {
            member_id: member_id.to_string(),
            organisation_id: organisation_id.to_owned(),
            role: membership_role(role)?,
            joined_on: None,
            left_on: None,
        };
        let command = MembershipRow::command(input).map_err(ApiError::validation)?;
        // The member is the caller's: just written by it, or found visible to it.
        let visible = self
            .organisations
            .get(&command.organisation_id)
            .is_some_and(|owner| {
                resource::readable::<OrganisationRow>(principal, owner.as_deref())
            });
        if !visible {
            return Err(unknown_reference::<OrganisationRow>(
                "organisation_id",
                &command.organisation_id,
            ));
        }
        Ok(Some(NewMembership {
            id: MembershipId::generate(),
            command,
        }))
    }

    /// Takes a decided row into account for the rows after it.
    fn remember(&mut self, decision: &RowDecision) {
        if decision.status != RowStatus::Unchanged {
            let member = &decision.member;
            // Households the rows do not name are not loaded, and need not be.
            if let Some(household) = decision
                .previous
                .as_ref()
                .and_then(MemberRow::headed_household)
                .and_then(|id| self.households.get_mut(id))
                && household.head.as_ref() == Some(&member.id)
            {
                household.head = None;
            }
            if let Some(household) = member
                .headed_household()
                .and_then(|id| self.households.get_mut(id))
            {
                household.head = Some(member.id.clone());
            }
            if let Some(key) = NationalKey::of_row(member) {
                self.members.insert(key, member.clone());
            }
        }
        if let Some(membership) = &decision.membership {
            self.memberships.insert(
                (
                    membership.command.member_id.clone(),
                    membership.command.organisation_id.clone(),
                ),
                membership.id.clone(),
            );
        }
    }
}

impl RowDecision {
    fn decide(
        known: &Known,
        principal: &Principal,
        member: &ValidMember,
        organisation_id: Option<&str>,
        role: Option<&str>,
    ) -> Result<Self, ApiError> {
        let existing = known.check_member(principal, member)?;
        let (status, row) = match existing {
            Some(existing) if members_db::MemberChanges::unchanged(existing, member) => {
                (RowStatus::Unchanged, existing.clone())
            }
            Some(existing) => (
                RowStatus::Updated,
                MemberRow::overwritten(existing, member.clone(), db::now()),
            ),
            None => (
                RowStatus::Created,
                MemberRow::new_member(
                    MemberId::generate(),
                    principal.partner_id.clone(),
                    member.clone(),
                    db::now(),
                ),
            ),
        };
        let membership = match organisation_id {
            Some(organisation_id) => known.membership(principal, &row.id, organisation_id, role)?,
            None => None,
        };
        Ok(Self {
            status,
            member: row,
            previous: existing.cloned(),
            membership,
        })
    }
}
