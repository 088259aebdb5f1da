//! Membership storage and queries.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::{Change, Op};
use formaliza_shared::ids::{MemberId, MembershipId, OrganisationId, RecordId};
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{
    Membership, MembershipFilters, MembershipInput, MembershipRole, READ_ONLY, ValidMembership,
};
use crate::indicators::periods;
use crate::organisations::db::OrganisationRow;
use crate::schema::memberships;
use crate::visible::member_visible;

/// A stored membership. Inserted whole: every column is known before the write.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = memberships, treat_none_as_default_value = false)]
pub struct MembershipRow {
    pub id: MembershipId,
    pub partner_id: Option<String>,
    pub member_id: MemberId,
    pub organisation_id: OrganisationId,
    pub role: MembershipRole,
    pub joined_on: Option<chrono::NaiveDate>,
    pub left_on: Option<chrono::NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = memberships, treat_none_as_null = true, treat_none_as_default_value = false)]
struct MembershipChanges {
    member_id: MemberId,
    organisation_id: OrganisationId,
    role: MembershipRole,
    joined_on: Option<chrono::NaiveDate>,
    left_on: Option<chrono::NaiveDate>,
    version: i64,
    updated_at: NaiveDateTime,
}

impl MembershipChanges {
    fn new(membership: ValidMembership, version: i64, now: NaiveDateTime) -> Self {
        Self {
            member_id: membership.member_id,
            organisation_id: membership.organisation_id,
            role: membership.role,
            joined_on: membership.joined_on,
            left_on: membership.left_on,
            version,
            updated_at: now,
        }
    }
}

/// The member and organisation must be visible, and the member not already in it.
fn check_references(
    conn: &mut DbConnection,
    principal: &Principal,
    membership: &ValidMembership,
    this_id: &MembershipId,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if !member_visible(conn, principal, &membership.member_id)? {
        errors.push(FieldError::new(
            "member_id",
            "unknown_reference",
            format!("no member with id {}", membership.member_id),
        ));
    }
    if let Err(error) = resource::check_reference::<OrganisationRow>(
        conn,
        principal,
        "organisation_id",
        &membership.organisation_id,
    ) {
        errors.extend(error.field_errors().iter().cloned());
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let existing: Option<MembershipId> = memberships::table
        .filter(memberships::member_id.eq(&membership.member_id))
        .filter(memberships::organisation_id.eq(&membership.organisation_id))
        .filter(memberships::deleted_at.is_null())
        .filter(memberships::id.ne(this_id))
        .select(memberships::id)
        .first(conn)
        .optional()?;
    match existing {
        Some(existing) => Err(already_member(&existing)),
        None => Ok(()),
    }
}

/// The 409 for a second live membership of a member in one organisation.
pub fn already_member(existing_id: &MembershipId) -> ApiError {
    ApiError::conflict("the member already belongs to this organisation")
        .with_errors(vec![FieldError::new(
            "organisation_id",
            "duplicate",
            "the member already belongs to this organisation",
        )])
        .with_context(serde_json::json!({ "existing_id": existing_id }))
}

/// Inserts a membership whose references were checked.
pub fn insert(
    conn: &mut DbConnection,
    id: MembershipId,
    owner: Option<&str>,
    membership: ValidMembership,
) -> Result<MembershipRow, ApiError> {
    let row = MembershipRow::new_membership(id, owner, membership, db::now());
    insert_rows(conn, std::slice::from_ref(&row))?;
    periods::recompute_workers(conn, std::slice::from_ref(&row.member_id))?;
    Ok(row)
}

/// Inserts memberships built with [`MembershipRow::new_membership`]: one COPY on PostgreSQL, as
/// few INSERTs as SQLite's bind limit allows.
pub fn insert_rows(conn: &mut DbConnection, rows: &[MembershipRow]) -> Result<(), ApiError> {
    if rows.is_empty() {
        return Ok(());
    }
    match conn {
        // One COPY stream: nothing to parse, however many rows.
        DbConnection::Pg(pg) => {
            diesel::copy_from(memberships::table)
                .from_insertable(rows)
                .execute(pg)?;
        }
        DbConnection::Sqlite(sqlite) => {
            for batch in rows.chunks(db::ROWS_PER_INSERT) {
                diesel::insert_into(memberships::table)
                    .values(batch)
                    .execute(sqlite)?;
            }
        }
    }
    Ok(())
}

impl MembershipRow {
    /// A new membership (version 1) as it will be stored, not yet written.
    pub fn new_membership(
        id: MembershipId,
        owner: Option<&str>,
        membership: ValidMembership,
        now: NaiveDateTime,
    ) -> Self {
        let MembershipChanges {
            member_id,
            organisation_id,
            role,
            joined_on,
            left_on,
            version,
            updated_at,
        } = MembershipChanges::new(membership, 1, now);
        Self {
            id,
            partner_id: owner.map(str::to_owned),
            member_id,
            organisation_id,
            role,
            joined_on,
            left_on,
            version,
            created_at: now,
            updated_at,
            deleted_at: None,
        }
    }
}

/// The live memberships of these members, keyed by (member id, organisation id), in one query
/// (for bulk imports).
pub fn live_memberships_of(
    conn: &mut DbConnection,
    member_ids: &[&MemberId],
) -> Result<HashMap<(MemberId, OrganisationId), MembershipId>, ApiError> {
    if member_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(MemberId, OrganisationId, MembershipId)> = memberships::table
        .filter(memberships::deleted_at.is_null())
        .filter(memberships::member_id.eq_any(member_ids))
        .select((
            memberships::member_id,
            memberships::organisation_id,
            memberships::id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(member, organisation, id)| ((member, organisation), id))
        .collect())
}

/// The live organisations among `ids`, with their owners, in one query (for bulk imports).
pub fn organisation_owners(
    conn: &mut DbConnection,
    ids: &[&OrganisationId],
) -> Result<HashMap<OrganisationId, Option<String>>, ApiError> {
    use crate::schema::organisations;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(OrganisationId, Option<String>)> = organisations::table
        .filter(organisations::deleted_at.is_null())
        .filter(organisations::id.eq_any(ids))
        .select((organisations::id, organisations::partner_id))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// The live membership of `member` in `organisation`, if any.
pub fn find_for(
    conn: &mut DbConnection,
    member: &MemberId,
    organisation: &OrganisationId,
) -> Result<Option<MembershipRow>, ApiError> {
    Ok(memberships::table
        .filter(memberships::member_id.eq(member))
        .filter(memberships::organisation_id.eq(organisation))
        .filter(memberships::deleted_at.is_null())
        .select(MembershipRow::as_select())
        .first(conn)
        .optional()?)
}

/// Ends (soft-deletes) every live membership of a member being deleted; returns the changes.
pub fn delete_for_member(
    conn: &mut DbConnection,
    principal: &Principal,
    member_id: &MemberId,
) -> Result<Vec<Change>, ApiError> {
    let live: Vec<MembershipRow> = memberships::table
        .filter(memberships::member_id.eq(member_id))
        .filter(memberships::deleted_at.is_null())
        .select(MembershipRow::as_select())
        .load(conn)?;
    let mut changes = Vec::with_capacity(live.len());
    for membership in live {
        MembershipRow::delete(conn, principal, &membership)?;
        changes.push(Change::new::<()>(
            MembershipRow::KIND,
            membership.id.as_str(),
            Op::Delete,
            membership.version + 1,
            membership.owner(),
            None,
        )?);
    }
    Ok(changes)
}

impl Resource for MembershipRow {
    const KIND: &'static str = "membership";
    const COLLECTION: &'static str = "/v1/memberships";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = MembershipId;
    type Input = MembershipInput;
    type Command = ValidMembership;
    type Prepared = ValidMembership;
    type View = Membership;

    fn id(&self) -> &MembershipId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Membership {
        Membership {
            id: self.id.clone(),
            member_id: self.member_id.clone(),
            organisation_id: self.organisation_id.clone(),
            role: self.role,
            joined_on: self.joined_on,
            left_on: self.left_on,
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: MembershipInput) -> Result<ValidMembership, Vec<FieldError>> {
        input.validate()
    }

    /// The member and organisation are records of this service: checked in `insert`.
    async fn prepare(
        membership: ValidMembership,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<ValidMembership, ApiError> {
        Ok(membership)
    }

    fn find(conn: &mut DbConnection, id: &MembershipId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, memberships, MembershipRow, id)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: MembershipId,
        membership: ValidMembership,
    ) -> Result<Self, ApiError> {
        check_references(conn, principal, &membership, &id)?;
        insert(conn, id, principal.partner_id.as_deref(), membership)
    }

    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        membership: ValidMembership,
    ) -> Result<Self, ApiError> {
        check_references(conn, principal, &membership, &current.id)?;
        let members = [current.member_id.clone(), membership.member_id.clone()];
        let changes = MembershipChanges::new(membership, current.version + 1, db::now());
        let updated =
            formaliza_shared::overwrite!(conn, memberships, MembershipRow, current, changes)?;
        periods::recompute_workers(conn, &members)?;
        Ok(updated)
    }

    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        formaliza_shared::soft_delete!(conn, memberships, current)?;
        periods::recompute_workers(conn, std::slice::from_ref(&current.member_id))?;
        Ok(Vec::new())
    }
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &MembershipFilters,
) -> Result<Vec<MembershipRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(memberships, MembershipRow, keyset);
    formaliza_shared::filter_eq!(query,
        memberships::member_id => &filter.member_id,
        memberships::organisation_id => &filter.organisation_id,
        memberships::role => filter.role,
    );
    Ok(query.load(conn)?)
}
