//! Organisation storage and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::domain::search_key;
use formaliza_shared::feed::Change;
use formaliza_shared::resource::{self, Keyset, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{Organisation, OrganisationInput, READ_ONLY, ValidOrganisation};
use crate::schema::{memberships, organisations};

/// A stored organisation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    pub id: String,
    pub partner_id: Option<String>,
    pub name: String,
    pub name_key: String,
    pub kind: String,
    pub legal_status: String,
    pub parent_id: Option<String>,
    pub in_programme: bool,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub sector: Option<String>,
    pub registration_number: Option<String>,
    pub founded_on: Option<chrono::NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true, treat_none_as_default_value = false)]
struct OrganisationChanges {
    name: String,
    name_key: String,
    kind: String,
    legal_status: String,
    parent_id: Option<String>,
    in_programme: bool,
    country: String,
    region: Option<String>,
    district: Option<String>,
    sector: Option<String>,
    registration_number: Option<String>,
    founded_on: Option<chrono::NaiveDate>,
    version: i64,
    updated_at: NaiveDateTime,
}

impl OrganisationChanges {
    fn new(organisation: ValidOrganisation, version: i64, now: NaiveDateTime) -> Self {
        Self {
            name_key: search_key(&organisation.name),
            name: organisation.name,
            kind: <&str>::from(organisation.kind).to_owned(),
            legal_status: <&str>::from(organisation.legal_status).to_owned(),
            parent_id: organisation.parent_id,
            in_programme: organisation.in_programme,
            country: organisation.country.to_string(),
            region: organisation.region.map(|r| r.as_str().to_owned()),
            district: organisation.district,
            sector: organisation.sector.map(|s| <&str>::from(s).to_owned()),
            registration_number: organisation.registration_number,
            founded_on: organisation.founded_on,
            version,
            updated_at: now,
        }
    }
}

/// Deepest federation chain we follow when checking for cycles.
const MAX_DEPTH: usize = 16;

fn validate(
    conn: &mut DbConnection,
    principal: &Principal,
    input: OrganisationInput,
    this_id: &str,
) -> Result<ValidOrganisation, ApiError> {
    let organisation = input
        .validate(chrono::Utc::now().date_naive())
        .map_err(ApiError::validation)?;
    // The parent must exist, be visible, and not make the hierarchy a loop.
    let mut next = organisation.parent_id.clone();
    for _ in 0..MAX_DEPTH {
        let Some(id) = next else { break };
        if id == this_id {
            return Err(ApiError::validation(vec![FieldError::new(
                "parent_id",
                "cycle",
                "an organisation cannot be its own parent, directly or through others",
            )]));
        }
        let parent =
            resource::check_reference::<OrganisationRow>(conn, principal, "parent_id", &id)?;
        next = parent.parent_id;
    }
    Ok(organisation)
}

impl Resource for OrganisationRow {
    const KIND: &'static str = "organisation";
    const COLLECTION: &'static str = "/v1/organisations";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Input = OrganisationInput;
    type View = Organisation;

    fn id(&self) -> &str {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Organisation {
        Organisation {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            legal_status: self.legal_status.clone(),
            parent_id: self.parent_id.clone(),
            in_programme: self.in_programme,
            country: self.country.clone(),
            region: self.region.clone(),
            district: self.district.clone(),
            sector: self.sector.clone(),
            registration_number: self.registration_number.clone(),
            founded_on: self.founded_on,
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, organisations, OrganisationRow, id)
    }

    fn create(
        conn: &mut DbConnection,
        principal: &Principal,
        id: String,
        input: OrganisationInput,
    ) -> Result<Self, ApiError> {
        let organisation = validate(conn, principal, input, &id)?;
        let now = db::now();
        formaliza_shared::insert_live!(
            conn,
            organisations,
            OrganisationRow,
            &id,
            principal.partner_id.as_deref(),
            now,
            OrganisationChanges::new(organisation, 1, now)
        )
    }

    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        input: OrganisationInput,
    ) -> Result<Self, ApiError> {
        let organisation = validate(conn, principal, input, &current.id)?;
        let changes = OrganisationChanges::new(organisation, current.version + 1, db::now());
        formaliza_shared::overwrite!(conn, organisations, OrganisationRow, current, changes)
    }

    /// Refused while member organisations or current memberships depend on it.
    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        let children: i64 = organisations::table
            .filter(organisations::parent_id.eq(&current.id))
            .filter(organisations::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        let members: i64 = memberships::table
            .filter(memberships::organisation_id.eq(&current.id))
            .filter(memberships::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        if children > 0 || members > 0 {
            return Err(ApiError::conflict(format!(
                "the organisation still has {children} member organisation(s) and {members} membership(s); remove those first"
            )));
        }
        formaliza_shared::soft_delete!(conn, organisations, current)?;
        Ok(Vec::new())
    }
}

/// List filters for organisations.
#[derive(Debug, Default)]
pub struct OrganisationFilter {
    pub country: Option<String>,
    pub region: Option<String>,
    pub kind: Option<String>,
    pub legal_status: Option<String>,
    pub sector: Option<String>,
    pub parent_id: Option<String>,
    pub in_programme: Option<bool>,
    pub name: Option<String>,
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &OrganisationFilter,
) -> Result<Vec<OrganisationRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(organisations, OrganisationRow, keyset);
    formaliza_shared::filter_eq!(query,
        organisations::country => &filter.country,
        organisations::region => &filter.region,
        organisations::kind => &filter.kind,
        organisations::legal_status => &filter.legal_status,
        organisations::sector => &filter.sector,
        organisations::parent_id => &filter.parent_id,
        organisations::in_programme => filter.in_programme,
    );
    if let Some(name) = &filter.name {
        query = query.filter(
            organisations::name_key
                .like(formaliza_shared::domain::like_pattern(name))
                .escape('\\'),
        );
    }
    Ok(query.load(conn)?)
}
