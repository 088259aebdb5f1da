//! Member storage and queries.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::domain::{Sector, search_key};
use formaliza_shared::feed::Change;
use formaliza_shared::ids::{HouseholdId, MemberId};
use formaliza_shared::privacy::Personal;
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{
    Member, MemberFilters, MemberInput, READ_ONLY, Relationship, Sex, ValidMember, WorkStatus,
};
use super::national_id::{DocumentType, NationalId, NationalIdInput};
use crate::households::db::HouseholdRow;
use crate::memberships::db as memberships_db;
use crate::schema::members;

/// A stored member. Inserted whole: every column is known before the write, so nothing is read
/// back after it.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable, Insertable)]
#[diesel(table_name = members, treat_none_as_default_value = false)]
pub struct MemberRow {
    pub id: MemberId,
    pub partner_id: Option<String>,
    pub household_id: Option<HouseholdId>,
    pub given_names: String,
    pub family_names: String,
    pub name_key: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub id_type: Option<String>,
    pub id_country: Option<String>,
    pub id_number: Option<String>,
    pub id_complement: Option<String>,
    pub id_issued_in: Option<String>,
    pub phone: Option<String>,
    pub sector: Option<Sector>,
    pub work_status: Option<WorkStatus>,
    pub relationship_to_head: Option<Relationship>,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub data_sharing_consent: bool,
    pub consent_recorded_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    /// When the person's identifying data was erased at their request.
    pub erased_at: Option<NaiveDateTime>,
}

/// The columns a write sets (insert and update alike).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = members, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct MemberChanges {
    pub household_id: Option<HouseholdId>,
    pub given_names: String,
    pub family_names: String,
    pub name_key: String,
    pub sex: Option<Sex>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub id_type: Option<String>,
    pub id_country: Option<String>,
    pub id_number: Option<String>,
    pub id_complement: Option<String>,
    pub id_issued_in: Option<String>,
    pub phone: Option<String>,
    pub sector: Option<Sector>,
    pub work_status: Option<WorkStatus>,
    pub relationship_to_head: Option<Relationship>,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub data_sharing_consent: bool,
    pub consent_recorded_at: Option<NaiveDateTime>,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

impl MemberChanges {
    /// Whether writing `member` over `current` would change nothing.
    pub fn unchanged(current: &MemberRow, member: &ValidMember) -> bool {
        Self::new(
            member.clone(),
            Some(current),
            current.version,
            current.updated_at,
        ) == Self::stored(current)
    }

    /// The columns a write sets, as `row` holds them.
    fn stored(row: &MemberRow) -> Self {
        Self {
            household_id: row.household_id.clone(),
            given_names: row.given_names.clone(),
            family_names: row.family_names.clone(),
            name_key: row.name_key.clone(),
            sex: row.sex,
            birth_date: row.birth_date,
            id_type: row.id_type.clone(),
            id_country: row.id_country.clone(),
            id_number: row.id_number.clone(),
            id_complement: row.id_complement.clone(),
            id_issued_in: row.id_issued_in.clone(),
            phone: row.phone.clone(),
            sector: row.sector,
            work_status: row.work_status,
            relationship_to_head: row.relationship_to_head,
            country: row.country.clone(),
            region: row.region.clone(),
            district: row.district.clone(),
            data_sharing_consent: row.data_sharing_consent,
            consent_recorded_at: row.consent_recorded_at,
            version: row.version,
            updated_at: row.updated_at,
        }
    }

    /// The columns for `member`; consent time is kept while consent stays given.
    pub fn new(
        member: ValidMember,
        previous: Option<&MemberRow>,
        version: i64,
        now: NaiveDateTime,
    ) -> Self {
        let consent_recorded_at = match (member.data_sharing_consent, previous) {
            (false, _) => None,
            (true, Some(previous)) if previous.data_sharing_consent => previous.consent_recorded_at,
            (true, _) => Some(now),
        };
        let id = member.national_id;
        Self {
            household_id: member.household_id,
            name_key: search_key(&format!("{} {}", member.given_names, member.family_names)),
            given_names: member.given_names,
            family_names: member.family_names,
            sex: member.sex,
            birth_date: member.birth_date,
            id_type: id
                .as_ref()
                .map(|i| <&str>::from(i.document_type).to_owned()),
            id_country: id.as_ref().map(|i| i.country.to_string()),
            id_number: id.as_ref().map(|i| i.number.clone()),
            id_complement: id.as_ref().and_then(|i| i.complement.clone()),
            id_issued_in: id.as_ref().and_then(|i| i.issued_in.clone()),
            phone: member.phone,
            sector: member.sector,
            work_status: member.work_status,
            relationship_to_head: member.relationship_to_head,
            country: member.country.to_string(),
            region: member.region.map(|r| r.as_str().to_owned()),
            district: member.district,
            data_sharing_consent: member.data_sharing_consent,
            consent_recorded_at,
            version,
            updated_at: now,
        }
    }
}

/// The natural key of a member, unique among live members: country, document type and number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NationalKey {
    country: String,
    document_type: String,
    number: String,
    /// The Bolivian CI's complement, `""` for none: SEGIP issues it precisely to tell apart two
    /// people with the same number.
    complement: String,
}

impl NationalKey {
    pub fn of(id: &NationalId) -> Self {
        Self {
            country: id.country.to_string(),
            document_type: <&str>::from(id.document_type).to_owned(),
            number: id.number.clone(),
            complement: id.complement.clone().unwrap_or_default(),
        }
    }

    /// The key of a stored member (`None` without a national ID).
    pub fn of_row(row: &MemberRow) -> Option<Self> {
        Some(Self {
            country: row.id_country.clone()?,
            document_type: row.id_type.clone()?,
            number: row.id_number.clone()?,
            complement: row.id_complement.clone().unwrap_or_default(),
        })
    }
}

diesel::define_sql_function! {
    /// `COALESCE(text, text)`: the complement as the identity index holds it (`''` for none).
    fn coalesce(value: diesel::sql_types::Nullable<diesel::sql_types::Text>, default: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

impl MemberRow {
    /// The row a write of `changes` leaves behind, built from what is written rather than read
    /// back (timestamps are truncated to what both databases store, so they compare equal).
    fn written(
        id: MemberId,
        partner_id: Option<String>,
        created_at: NaiveDateTime,
        changes: MemberChanges,
    ) -> Self {
        let MemberChanges {
            household_id,
            given_names,
            family_names,
            name_key,
            sex,
            birth_date,
            id_type,
            id_country,
            id_number,
            id_complement,
            id_issued_in,
            phone,
            sector,
            work_status,
            relationship_to_head,
            country,
            region,
            district,
            data_sharing_consent,
            consent_recorded_at,
            version,
            updated_at,
        } = changes;
        Self {
            id,
            partner_id,
            household_id,
            given_names,
            family_names,
            name_key,
            sex,
            birth_date,
            id_type,
            id_country,
            id_number,
            id_complement,
            id_issued_in,
            phone,
            sector,
            work_status,
            relationship_to_head,
            country,
            region,
            district,
            data_sharing_consent,
            consent_recorded_at,
            version,
            created_at,
            updated_at,
            deleted_at: None,
            erased_at: None,
        }
    }

    /// A new member (version 1) as it will be stored, not yet written.
    pub fn new_member(
        id: MemberId,
        owner: Option<String>,
        member: ValidMember,
        now: NaiveDateTime,
    ) -> Self {
        Self::written(id, owner, now, MemberChanges::new(member, None, 1, now))
    }

    /// `current` with `member` written over it (next version), not yet written.
    pub fn overwritten(current: &MemberRow, member: ValidMember, now: NaiveDateTime) -> Self {
        let changes = MemberChanges::new(member, Some(current), current.version + 1, now);
        Self::written(
            current.id.clone(),
            current.partner_id.clone(),
            current.created_at,
            changes,
        )
    }

    /// The household this member heads, if any.
    pub fn headed_household(&self) -> Option<&HouseholdId> {
        match self.relationship_to_head {
            Some(Relationship::Head) => self.household_id.as_ref(),
            _ => None,
        }
    }

    fn national_id(&self) -> Option<NationalIdInput> {
        let document_type = self.id_type.as_deref()?.parse::<DocumentType>().ok()?;
        Some(NationalIdInput {
            document_type,
            number: self.id_number.clone()?,
            country: self.id_country.clone(),
            complement: self.id_complement.clone(),
            issued_in: self.id_issued_in.clone(),
        })
    }

    /// A live member with this national ID, if any.
    pub fn find_by_national_id(
        conn: &mut DbConnection,
        id: &NationalId,
    ) -> Result<Option<Self>, ApiError> {
        Ok(members::table
            .filter(members::deleted_at.is_null())
            .filter(members::id_country.eq(id.country.as_str()))
            .filter(members::id_type.eq(<&str>::from(id.document_type)))
            .filter(members::id_number.eq(&id.number))
            .filter(coalesce(members::id_complement, "").eq(id.complement.as_deref().unwrap_or("")))
            .select(MemberRow::as_select())
            .first(conn)
            .optional()?)
    }

    /// The live members with any of these national IDs, in one query (for bulk imports).
    pub fn find_by_national_ids(
        conn: &mut DbConnection,
        ids: &[&NationalId],
    ) -> Result<Vec<Self>, ApiError> {
        use diesel::sql_types::{Array, Text};
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let wanted: HashSet<NationalKey> = ids.iter().map(|id| NationalKey::of(id)).collect();
        // The keys as aligned lists: countries, document types, numbers, complements.
        let part =
            |part: fn(&NationalKey) -> &str| -> Vec<&str> { wanted.iter().map(part).collect() };
        let mut found: Vec<Self> = match conn {
            // One index probe per key. (PostgreSQL plans `IN` lists from table statistics;
            // without them — a table just filled, autovacuum off — it reads every member with
            // the country and type, once per chunk.)
            DbConnection::Pg(pg) => diesel::sql_query(
                "SELECT m.* FROM unnest($1, $2, $3, $4) AS k (country, document_type, number, complement) \
                 CROSS JOIN LATERAL (SELECT * FROM members WHERE id_country = k.country \
                 AND id_type = k.document_type AND id_number = k.number \
                 AND COALESCE(id_complement, '') = k.complement \
                 AND deleted_at IS NULL LIMIT 1) AS m",
            )
            .bind::<Array<Text>, _>(part(|k| &k.country))
            .bind::<Array<Text>, _>(part(|k| &k.document_type))
            .bind::<Array<Text>, _>(part(|k| &k.number))
            .bind::<Array<Text>, _>(part(|k| &k.complement))
            .load(pg)?,
            // SQLite searches the identity index with the lists of countries, types and numbers
            // (an `IS NOT NULL` here would make it range over the numbers instead); rows whose
            // complement or combination of parts is not a wanted key are dropped below.
            DbConnection::Sqlite(sqlite) => members::table
                .filter(members::deleted_at.is_null())
                .filter(members::id_country.eq_any(part(|k| &k.country)))
                .filter(members::id_type.eq_any(part(|k| &k.document_type)))
                .filter(members::id_number.eq_any(part(|k| &k.number)))
                .select(MemberRow::as_select())
                .load(sqlite)?,
        };
        found.retain(|row| NationalKey::of_row(row).is_some_and(|key| wanted.contains(&key)));
        Ok(found)
    }
}

/// What a bulk import needs to know of a live household it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveHousehold {
    /// The partner that owns it (decides who may refer to it).
    pub owner: Option<String>,
    /// Its head's member id, if it has one.
    pub head: Option<MemberId>,
}

/// A row of the PostgreSQL household lookup.
#[derive(QueryableByName)]
struct HouseholdProbe {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: HouseholdId,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    owner: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    head: Option<MemberId>,
}

/// The live households among `ids`, with their owners and heads (for bulk imports).
pub fn live_households(
    conn: &mut DbConnection,
    ids: &[&HouseholdId],
) -> Result<HashMap<HouseholdId, LiveHousehold>, ApiError> {
    use crate::schema::households;
    let ids: Vec<&HouseholdId> = ids
        .iter()
        .copied()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    match conn {
        // One index probe per household, whatever the statistics say (see
        // `find_by_national_ids`).
        DbConnection::Pg(pg) => {
            let rows: Vec<HouseholdProbe> = diesel::sql_query(
                "SELECT h.id, h.partner_id AS owner, head.id AS head \
                 FROM unnest($1) AS k (id) \
                 CROSS JOIN LATERAL (SELECT id, partner_id FROM households \
                 WHERE id = k.id AND deleted_at IS NULL) AS h \
                 LEFT JOIN LATERAL (SELECT id FROM members WHERE household_id = h.id \
                 AND relationship_to_head = 'head' AND deleted_at IS NULL LIMIT 1) AS head ON true",
            )
            .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(&ids)
            .load(pg)?;
            Ok(rows
                .into_iter()
                .map(|row| {
                    (
                        row.id,
                        LiveHousehold {
                            owner: row.owner,
                            head: row.head,
                        },
                    )
                })
                .collect())
        }
        // SQLite searches the primary key and the one-head index with the lists.
        DbConnection::Sqlite(sqlite) => {
            let owners: Vec<(HouseholdId, Option<String>)> = households::table
                .filter(households::deleted_at.is_null())
                .filter(households::id.eq_any(&ids))
                .select((households::id, households::partner_id))
                .load(sqlite)?;
            let heads: HashMap<HouseholdId, MemberId> = members::table
                .filter(members::deleted_at.is_null())
                .filter(members::relationship_to_head.eq(Relationship::Head))
                .filter(members::household_id.eq_any(&ids))
                .select((members::household_id.assume_not_null(), members::id))
                .load::<(HouseholdId, MemberId)>(sqlite)?
                .into_iter()
                .collect();
            Ok(owners
                .into_iter()
                .map(|(id, owner)| {
                    let head = heads.get(&id).cloned();
                    (id, LiveHousehold { owner, head })
                })
                .collect())
        }
    }
}

/// The 409 for a second head in a household.
pub fn duplicate_head() -> ApiError {
    ApiError::conflict("the household already has a head").with_errors(vec![FieldError::new(
        "relationship_to_head",
        "duplicate_head",
        "the household already has a head; change that member first",
    )])
}

/// Checks what needs the database: the household exists and is visible, the national ID is not
/// another member's, and the household does not already have a head.
pub fn check_references(
    conn: &mut DbConnection,
    principal: &Principal,
    member: &ValidMember,
    this_id: Option<&MemberId>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Some(household) = &member.household_id
        && let Err(error) =
            resource::check_reference::<HouseholdRow>(conn, principal, "household_id", household)
    {
        errors.extend(error.field_errors().iter().cloned());
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if let Some(national_id) = &member.national_id
        && let Some(existing) = MemberRow::find_by_national_id(conn, national_id)?
        && Some(&existing.id) != this_id
    {
        let mut error = ApiError::conflict("another member already has this national ID")
            .with_errors(vec![FieldError::new(
                "national_id.number",
                "duplicate",
                "another member already has this national ID",
            )]);
        // Point to the existing record only for callers allowed to see it.
        if principal.can_see(existing.partner_id.as_deref()) {
            error = error.with_context(serde_json::json!({ "existing_id": existing.id }));
        }
        return Err(error);
    }
    if let (Some(household), Some(Relationship::Head)) =
        (&member.household_id, member.relationship_to_head)
    {
        let other_head: Option<MemberId> = members::table
            .filter(members::deleted_at.is_null())
            .filter(members::household_id.eq(household))
            .filter(members::relationship_to_head.eq(Relationship::Head))
            .select(members::id)
            .first(conn)
            .optional()?;
        if let Some(other) = other_head
            && Some(&other) != this_id
        {
            return Err(duplicate_head());
        }
    }
    Ok(())
}

/// Validates an input as of today.
pub fn validate(input: MemberInput) -> Result<ValidMember, ApiError> {
    input
        .validate(chrono::Utc::now().date_naive())
        .map_err(ApiError::validation)
}

/// Inserts a validated member (references already checked).
pub fn insert(
    conn: &mut DbConnection,
    id: MemberId,
    owner: Option<String>,
    member: ValidMember,
) -> Result<MemberRow, ApiError> {
    let row = MemberRow::new_member(id, owner, member, db::now());
    insert_rows(conn, std::slice::from_ref(&row))?;
    Ok(row)
}

/// Inserts members built with [`MemberRow::new_member`]: one COPY on PostgreSQL, as few INSERTs
/// as SQLite's bind limit allows.
pub fn insert_rows(conn: &mut DbConnection, rows: &[MemberRow]) -> Result<(), ApiError> {
    if rows.is_empty() {
        return Ok(());
    }
    match conn {
        // One COPY stream: nothing to parse, however many rows.
        DbConnection::Pg(pg) => {
            diesel::copy_from(members::table)
                .from_insertable(rows)
                .execute(pg)?;
        }
        DbConnection::Sqlite(sqlite) => {
            for batch in rows.chunks(db::ROWS_PER_INSERT) {
                diesel::insert_into(members::table)
                    .values(batch)
                    .execute(sqlite)?;
            }
        }
    }
    Ok(())
}

/// Writes a validated member over `current` if nobody else did first.
pub fn overwrite(
    conn: &mut DbConnection,
    current: &MemberRow,
    member: ValidMember,
) -> Result<MemberRow, ApiError> {
    let row = MemberRow::overwritten(current, member, db::now());
    write_over(conn, current.version, &row)?;
    crate::indicators::periods::recompute_workers(conn, std::slice::from_ref(&row.id))?;
    Ok(row)
}

/// Stores `row` (built with [`MemberRow::overwritten`]) over the stored member if that is still
/// at `previous_version`; 412 otherwise.
pub fn write_over(
    conn: &mut DbConnection,
    previous_version: i64,
    row: &MemberRow,
) -> Result<(), ApiError> {
    let updated = diesel::update(
        members::table
            .find(&row.id)
            .filter(members::version.eq(previous_version)),
    )
    .set(MemberChanges::stored(row))
    .execute(conn)?;
    resource::ensure_updated(updated)
}

impl Resource for MemberRow {
    const KIND: &'static str = "member";
    const PERSONAL: Personal = Personal::Person(super::erasure::IDENTIFYING);
    const COLLECTION: &'static str = "/v1/members";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = MemberId;
    type Input = MemberInput;
    type Command = ValidMember;
    type Prepared = ValidMember;
    type View = Member;

    fn id(&self) -> &MemberId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Member {
        Member {
            id: self.id.clone(),
            given_names: self.given_names.clone(),
            family_names: self.family_names.clone(),
            sex: self.sex,
            birth_date: self.birth_date,
            national_id: self.national_id(),
            phone: self.phone.clone(),
            sector: self.sector,
            work_status: self.work_status,
            household_id: self.household_id.clone(),
            relationship_to_head: self.relationship_to_head,
            country: self.country.clone(),
            region: self.region.clone(),
            district: self.district.clone(),
            data_sharing_consent: self.data_sharing_consent,
            data_sharing_consent_at: self.consent_recorded_at.map(|t| t.and_utc()),
            erased_at: self.erased_at.map(|t| t.and_utc()),
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    /// An erased member's identifying data is gone for good: register them again if they
    /// return.
    fn check_changeable(&self) -> Result<(), ApiError> {
        match self.erased_at {
            Some(_) => Err(super::model::erased()),
            None => Ok(()),
        }
    }

    fn command(input: MemberInput) -> Result<ValidMember, Vec<FieldError>> {
        input.validate(chrono::Utc::now().date_naive())
    }

    /// Nothing to ask another service.
    async fn prepare(
        member: ValidMember,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<ValidMember, ApiError> {
        Ok(member)
    }

    fn find(conn: &mut DbConnection, id: &MemberId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, members, MemberRow, id)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: MemberId,
        member: ValidMember,
    ) -> Result<Self, ApiError> {
        check_references(conn, principal, &member, None)?;
        insert(conn, id, principal.partner_id.clone(), member)
    }

    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        member: ValidMember,
    ) -> Result<Self, ApiError> {
        check_references(conn, principal, &member, Some(&current.id))?;
        overwrite(conn, current, member)
    }

    /// A member's memberships and jobs end with them.
    fn delete(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        let mut changes = memberships_db::delete_for_member(conn, principal, &current.id)?;
        changes.extend(crate::jobs::db::delete_for_member(
            conn,
            principal,
            &current.id,
        )?);
        formaliza_shared::soft_delete!(conn, members, current)?;
        Ok(changes)
    }
}

/// One page of members visible to `partner` (all when `None`), in id order after `after`.
pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &MemberFilters,
) -> Result<Vec<MemberRow>, ApiError> {
    use crate::schema::memberships;
    let mut query = formaliza_shared::keyset_query!(members, MemberRow, keyset);
    formaliza_shared::filter_eq!(query,
        members::country => &filter.country,
        members::region => &filter.region,
        members::sector => filter.sector,
        members::work_status => filter.work_status,
        members::household_id => &filter.household_id,
        members::id_number => &filter.id_number,
    );
    if let Some(organisation) = &filter.organisation_id {
        let in_organisation = memberships::table
            .filter(memberships::organisation_id.eq(organisation))
            .filter(memberships::deleted_at.is_null())
            .select(memberships::member_id);
        query = query.filter(members::id.eq_any(in_organisation));
    }
    if let Some(name) = formaliza_shared::domain::search_term(filter.q.as_deref()) {
        query = query.filter(
            members::name_key
                .like(formaliza_shared::domain::like_pattern(&name))
                .escape('\\'),
        );
    }
    Ok(query.load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use formaliza_shared::ids::RecordId;

    /// Every column of a member is bound, so a full batch must fit SQLite's parameter limit.
    #[test]
    fn a_full_insert_batch_fits_sqlites_bind_limit() {
        let input: MemberInput = serde_json::from_value(serde_json::json!({
            "given_names": "María", "family_names": "Quispe", "country": "PE",
            "national_id": {"type": "pe_dni", "number": "45871236"}
        }))
        .unwrap();
        let member = validate(input).unwrap();
        let row = MemberRow::new_member(MemberId::generate(), None, member, db::now());
        let rows = vec![row; db::ROWS_PER_INSERT];
        let insert = diesel::insert_into(members::table).values(&rows);
        let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&insert).to_string();
        let statement = sql.split(" -- binds:").next().unwrap();
        let binds = statement.matches('?').count();
        assert!(
            binds >= db::ROWS_PER_INSERT * 20,
            "{binds} binds: is every column bound?"
        );
        assert!(binds <= 32_766, "{binds} binds");
    }
}
