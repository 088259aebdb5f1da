//! Member storage and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::domain::search_key;
use formaliza_shared::feed::Change;
use formaliza_shared::resource::{self, Keyset, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{Member, MemberInput, READ_ONLY, ValidMember};
use super::national_id::{DocumentType, NationalId, NationalIdInput};
use crate::households::db::HouseholdRow;
use crate::memberships::db as memberships_db;
use crate::schema::members;

/// A stored member.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
pub struct MemberRow {
    pub id: String,
    pub partner_id: Option<String>,
    pub household_id: Option<String>,
    pub given_names: String,
    pub family_names: String,
    pub name_key: String,
    pub sex: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub id_type: Option<String>,
    pub id_country: Option<String>,
    pub id_number: Option<String>,
    pub id_complement: Option<String>,
    pub id_issued_in: Option<String>,
    pub phone: Option<String>,
    pub sector: Option<String>,
    pub work_status: Option<String>,
    pub relationship_to_head: Option<String>,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub data_sharing_consent: bool,
    pub consent_recorded_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

/// The columns a write sets (insert and update alike).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = members, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct MemberChanges {
    pub household_id: Option<String>,
    pub given_names: String,
    pub family_names: String,
    pub name_key: String,
    pub sex: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub id_type: Option<String>,
    pub id_country: Option<String>,
    pub id_number: Option<String>,
    pub id_complement: Option<String>,
    pub id_issued_in: Option<String>,
    pub phone: Option<String>,
    pub sector: Option<String>,
    pub work_status: Option<String>,
    pub relationship_to_head: Option<String>,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub data_sharing_consent: bool,
    pub consent_recorded_at: Option<NaiveDateTime>,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

fn enum_text<T: Into<&'static str>>(value: Option<T>) -> Option<String> {
    value.map(|v| v.into().to_owned())
}

impl MemberChanges {
    /// Whether writing `member` over `current` would change nothing.
    pub fn unchanged(current: &MemberRow, member: &ValidMember) -> bool {
        let stored = Self {
            household_id: current.household_id.clone(),
            given_names: current.given_names.clone(),
            family_names: current.family_names.clone(),
            name_key: current.name_key.clone(),
            sex: current.sex.clone(),
            birth_date: current.birth_date,
            id_type: current.id_type.clone(),
            id_country: current.id_country.clone(),
            id_number: current.id_number.clone(),
            id_complement: current.id_complement.clone(),
            id_issued_in: current.id_issued_in.clone(),
            phone: current.phone.clone(),
            sector: current.sector.clone(),
            work_status: current.work_status.clone(),
            relationship_to_head: current.relationship_to_head.clone(),
            country: current.country.clone(),
            region: current.region.clone(),
            district: current.district.clone(),
            data_sharing_consent: current.data_sharing_consent,
            consent_recorded_at: current.consent_recorded_at,
            version: current.version,
            updated_at: current.updated_at,
        };
        Self::new(
            member.clone(),
            Some(current),
            current.version,
            current.updated_at,
        ) == stored
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
            sex: enum_text(member.sex),
            birth_date: member.birth_date,
            id_type: id
                .as_ref()
                .map(|i| <&str>::from(i.document_type).to_owned()),
            id_country: id.as_ref().map(|i| i.country.to_string()),
            id_number: id.as_ref().map(|i| i.number.clone()),
            id_complement: id.as_ref().and_then(|i| i.complement.clone()),
            id_issued_in: id.as_ref().and_then(|i| i.issued_in.clone()),
            phone: member.phone,
            sector: enum_text(member.sector),
            work_status: enum_text(member.work_status),
            relationship_to_head: enum_text(member.relationship_to_head),
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

impl MemberRow {
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
            .select(MemberRow::as_select())
            .first(conn)
            .optional()?)
    }
}

/// Checks what needs the database: the household exists and is visible, the national ID is not
/// another member's, and the household does not already have a head.
pub fn check_references(
    conn: &mut DbConnection,
    principal: &Principal,
    member: &ValidMember,
    this_id: Option<&str>,
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
        && Some(existing.id.as_str()) != this_id
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
    if let (Some(household), Some(super::model::Relationship::Head)) =
        (&member.household_id, member.relationship_to_head)
    {
        let other_head: Option<String> = members::table
            .filter(members::deleted_at.is_null())
            .filter(members::household_id.eq(household))
            .filter(members::relationship_to_head.eq("head"))
            .select(members::id)
            .first(conn)
            .optional()?;
        if let Some(other) = other_head
            && Some(other.as_str()) != this_id
        {
            return Err(
                ApiError::conflict("the household already has a head").with_errors(vec![
                    FieldError::new(
                        "relationship_to_head",
                        "duplicate_head",
                        "the household already has a head; change that member first",
                    ),
                ]),
            );
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
    id: String,
    owner: Option<String>,
    member: ValidMember,
) -> Result<MemberRow, ApiError> {
    let now = db::now();
    formaliza_shared::insert_live!(
        conn,
        members,
        MemberRow,
        &id,
        owner,
        now,
        MemberChanges::new(member, None, 1, now)
    )
}

/// Writes a validated member over `current` if nobody else did first.
pub fn overwrite(
    conn: &mut DbConnection,
    current: &MemberRow,
    member: ValidMember,
) -> Result<MemberRow, ApiError> {
    let changes = MemberChanges::new(member, Some(current), current.version + 1, db::now());
    formaliza_shared::overwrite!(conn, members, MemberRow, current, changes)
}

impl Resource for MemberRow {
    const KIND: &'static str = "member";
    const COLLECTION: &'static str = "/v1/members";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Input = MemberInput;
    type View = Member;

    fn id(&self) -> &str {
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
            sex: self.sex.clone(),
            birth_date: self.birth_date,
            national_id: self.national_id(),
            phone: self.phone.clone(),
            sector: self.sector.clone(),
            work_status: self.work_status.clone(),
            household_id: self.household_id.clone(),
            relationship_to_head: self.relationship_to_head.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            district: self.district.clone(),
            data_sharing_consent: self.data_sharing_consent,
            data_sharing_consent_at: self.consent_recorded_at.map(|t| t.and_utc()),
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, members, MemberRow, id)
    }

    fn create(
        conn: &mut DbConnection,
        principal: &Principal,
        id: String,
        input: MemberInput,
    ) -> Result<Self, ApiError> {
        let member = validate(input)?;
        check_references(conn, principal, &member, None)?;
        insert(conn, id, principal.partner_id.clone(), member)
    }

    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        input: MemberInput,
    ) -> Result<Self, ApiError> {
        let member = validate(input)?;
        check_references(conn, principal, &member, Some(&current.id))?;
        overwrite(conn, current, member)
    }

    /// A member's memberships end with them.
    fn delete(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        let changes = memberships_db::delete_for_member(conn, principal, &current.id)?;
        formaliza_shared::soft_delete!(conn, members, current)?;
        Ok(changes)
    }
}

/// List filters for members.
#[derive(Debug, Default)]
pub struct MemberFilter {
    pub country: Option<String>,
    pub region: Option<String>,
    pub sector: Option<String>,
    pub work_status: Option<String>,
    pub household_id: Option<String>,
    pub organisation_id: Option<String>,
    pub id_number: Option<String>,
    pub name: Option<String>,
}

/// One page of members visible to `partner` (all when `None`), in id order after `after`.
pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &MemberFilter,
) -> Result<Vec<MemberRow>, ApiError> {
    use crate::schema::memberships;
    let mut query = formaliza_shared::keyset_query!(members, MemberRow, keyset);
    formaliza_shared::filter_eq!(query,
        members::country => &filter.country,
        members::region => &filter.region,
        members::sector => &filter.sector,
        members::work_status => &filter.work_status,
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
    if let Some(name) = &filter.name {
        query = query.filter(
            members::name_key
                .like(formaliza_shared::domain::like_pattern(name))
                .escape('\\'),
        );
    }
    Ok(query.load(conn)?)
}
