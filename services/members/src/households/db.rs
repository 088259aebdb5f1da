//! Household storage and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::domain::search_key;
use formaliza_shared::feed::Change;
use formaliza_shared::ids::HouseholdId;
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::Resource;
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{Household, HouseholdFilters, HouseholdInput, READ_ONLY, ValidHousehold};
use crate::schema::{households, members, memberships};

/// A stored household.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = households)]
pub struct HouseholdRow {
    pub id: HouseholdId,
    pub partner_id: Option<String>,
    pub name: Option<String>,
    pub name_key: String,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub locality: Option<String>,
    pub external_ref: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = households, treat_none_as_null = true, treat_none_as_default_value = false)]
struct HouseholdChanges {
    name: Option<String>,
    name_key: String,
    country: String,
    region: Option<String>,
    district: Option<String>,
    locality: Option<String>,
    external_ref: Option<String>,
    version: i64,
    updated_at: NaiveDateTime,
}

impl HouseholdChanges {
    fn new(household: ValidHousehold, version: i64, now: NaiveDateTime) -> Self {
        Self {
            name_key: search_key(household.name.as_deref().unwrap_or_default()),
            name: household.name,
            country: household.country.to_string(),
            region: household.region.map(|r| r.as_str().to_owned()),
            district: household.district,
            locality: household.locality,
            external_ref: household.external_ref,
            version,
            updated_at: now,
        }
    }
}

impl Resource for HouseholdRow {
    const KIND: &'static str = "household";
    const COLLECTION: &'static str = "/v1/households";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = HouseholdId;
    type Input = HouseholdInput;
    type Command = ValidHousehold;
    type Prepared = ValidHousehold;
    type View = Household;

    fn id(&self) -> &HouseholdId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Household {
        Household {
            id: self.id.clone(),
            name: self.name.clone(),
            country: self.country.clone(),
            region: self.region.clone(),
            district: self.district.clone(),
            locality: self.locality.clone(),
            external_ref: self.external_ref.clone(),
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: HouseholdInput) -> Result<ValidHousehold, Vec<FieldError>> {
        input.validate()
    }

    /// Nothing to ask another service.
    async fn prepare(
        household: ValidHousehold,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<ValidHousehold, ApiError> {
        Ok(household)
    }

    fn find(conn: &mut DbConnection, id: &HouseholdId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, households, HouseholdRow, id)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: HouseholdId,
        household: ValidHousehold,
    ) -> Result<Self, ApiError> {
        let now = db::now();
        formaliza_shared::insert_live!(
            conn,
            households,
            HouseholdRow,
            &id,
            principal.partner_id.as_deref(),
            now,
            HouseholdChanges::new(household, 1, now)
        )
    }

    fn update(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
        household: ValidHousehold,
    ) -> Result<Self, ApiError> {
        let changes = HouseholdChanges::new(household, current.version + 1, db::now());
        formaliza_shared::overwrite!(conn, households, HouseholdRow, current, changes)
    }

    /// Refused while members still belong to it (move or delete them first).
    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        let residents: i64 = members::table
            .filter(members::household_id.eq(&current.id))
            .filter(members::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        if residents > 0 {
            return Err(ApiError::conflict(format!(
                "the household still has {residents} member(s); move or delete them first"
            )));
        }
        formaliza_shared::soft_delete!(conn, households, current)?;
        Ok(Vec::new())
    }
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &HouseholdFilters,
) -> Result<Vec<HouseholdRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(households, HouseholdRow, keyset);
    formaliza_shared::filter_eq!(query,
        households::country => &filter.country,
        households::region => &filter.region,
        households::external_ref => &filter.external_ref,
    );
    if let Some(sector) = filter.sector {
        let with_sector = members::table
            .filter(members::deleted_at.is_null())
            .filter(members::sector.eq(sector))
            .filter(members::household_id.is_not_null())
            .select(members::household_id.assume_not_null());
        query = query.filter(households::id.eq_any(with_sector));
    }
    if let Some(organisation) = &filter.organisation_id {
        let in_organisation = members::table
            .inner_join(memberships::table)
            .filter(memberships::organisation_id.eq(organisation))
            .filter(memberships::deleted_at.is_null())
            .filter(members::deleted_at.is_null())
            .filter(members::household_id.is_not_null())
            .select(members::household_id.assume_not_null());
        query = query.filter(households::id.eq_any(in_organisation));
    }
    if let Some(name) = formaliza_shared::domain::search_term(filter.q.as_deref()) {
        query = query.filter(
            households::name_key
                .like(formaliza_shared::domain::like_pattern(&name))
                .escape('\\'),
        );
    }
    Ok(query.load(conn)?)
}
