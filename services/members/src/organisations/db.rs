//! Organisation storage and queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::domain::Sector;
use formaliza_shared::domain::search_key;
use formaliza_shared::feed::Change;
use formaliza_shared::ids::OrganisationId;
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::References;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{
    FormalStatus, LegalStatus, Organisation, OrganisationFilters, OrganisationInput,
    OrganisationKind, READ_ONLY, ValidOrganisation,
};
use crate::schema::{jobs, memberships, organisations, registrations};

/// A stored organisation.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    pub id: OrganisationId,
    pub partner_id: Option<String>,
    pub name: String,
    pub name_key: String,
    pub kind: OrganisationKind,
    pub legal_status: LegalStatus,
    pub parent_id: Option<OrganisationId>,
    pub in_programme: bool,
    pub country: String,
    pub region: Option<String>,
    pub district: Option<String>,
    pub sector: Option<Sector>,
    pub registration_number: Option<String>,
    pub founded_on: Option<chrono::NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    /// Kept by the registrations' writes (see `formal.rs`).
    pub formal_status: FormalStatus,
    pub formal_status_since: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true, treat_none_as_default_value = false)]
struct OrganisationChanges {
    name: String,
    name_key: String,
    kind: OrganisationKind,
    legal_status: LegalStatus,
    parent_id: Option<OrganisationId>,
    in_programme: bool,
    country: String,
    region: Option<String>,
    district: Option<String>,
    sector: Option<Sector>,
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
            kind: organisation.kind,
            legal_status: organisation.legal_status,
            parent_id: organisation.parent_id,
            in_programme: organisation.in_programme,
            country: organisation.country.to_string(),
            region: organisation.region.map(|r| r.as_str().to_owned()),
            district: organisation.district,
            sector: organisation.sector,
            registration_number: organisation.registration_number,
            founded_on: organisation.founded_on,
            version,
            updated_at: now,
        }
    }
}

/// Deepest federation chain we follow when checking for cycles.
const MAX_DEPTH: usize = 16;

/// The parent must exist, be visible, and not make the hierarchy a loop.
fn check_parent(
    conn: &mut DbConnection,
    principal: &Principal,
    organisation: &ValidOrganisation,
    this_id: &OrganisationId,
) -> Result<(), ApiError> {
    let mut next = organisation.parent_id.clone();
    for _ in 0..MAX_DEPTH {
        let Some(id) = next else { break };
        if &id == this_id {
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
    Ok(())
}

impl Resource for OrganisationRow {
    const KIND: &'static str = "organisation";
    const COLLECTION: &'static str = "/v1/organisations";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = OrganisationId;
    type Input = OrganisationInput;
    type Command = ValidOrganisation;
    type Prepared = ValidOrganisation;
    type View = Organisation;

    fn id(&self) -> &OrganisationId {
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
            kind: self.kind,
            legal_status: self.legal_status,
            parent_id: self.parent_id.clone(),
            in_programme: self.in_programme,
            country: self.country.clone(),
            region: self.region.clone(),
            district: self.district.clone(),
            sector: self.sector,
            registration_number: self.registration_number.clone(),
            founded_on: self.founded_on,
            formal_status: self.formal_status,
            formal_status_since: self.formal_status_since,
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: OrganisationInput) -> Result<ValidOrganisation, Vec<FieldError>> {
        input.validate(chrono::Utc::now().date_naive())
    }

    /// Nothing to ask another service.
    async fn prepare(
        organisation: ValidOrganisation,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<ValidOrganisation, ApiError> {
        Ok(organisation)
    }

    fn find(conn: &mut DbConnection, id: &OrganisationId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, organisations, OrganisationRow, id)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: OrganisationId,
        organisation: ValidOrganisation,
    ) -> Result<Self, ApiError> {
        check_parent(conn, principal, &organisation, &id)?;
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
        organisation: ValidOrganisation,
    ) -> Result<Self, ApiError> {
        check_parent(conn, principal, &organisation, &current.id)?;
        let changes = OrganisationChanges::new(organisation, current.version + 1, db::now());
        let moved = changes.in_programme != current.in_programme;
        let updated =
            formaliza_shared::overwrite!(conn, organisations, OrganisationRow, current, changes)?;
        if moved {
            // Whether its members' jobs count "in the programme".
            crate::indicators::periods::recompute_organisation_members(conn, &current.id)?;
        }
        Ok(updated)
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
        let registered: i64 = registrations::table
            .filter(registrations::organisation_id.eq(&current.id))
            .filter(registrations::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        let employing: i64 = jobs::table
            .filter(jobs::organisation_id.eq(&current.id))
            .filter(jobs::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        if children > 0 || members > 0 || registered > 0 || employing > 0 {
            return Err(ApiError::conflict(format!(
                "the organisation still has {children} member organisation(s), {members} membership(s), {registered} registration(s) and {employing} job(s); remove those first"
            )));
        }
        formaliza_shared::soft_delete!(conn, organisations, current)?;
        Ok(Vec::new())
    }
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &OrganisationFilters,
) -> Result<Vec<OrganisationRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(organisations, OrganisationRow, keyset);
    formaliza_shared::filter_eq!(query,
        organisations::country => &filter.country,
        organisations::region => &filter.region,
        organisations::kind => filter.kind,
        organisations::legal_status => filter.legal_status,
        organisations::formal_status => filter.formal_status,
        organisations::sector => filter.sector,
        organisations::parent_id => &filter.parent_id,
        organisations::in_programme => filter.in_programme,
    );
    if let Some(name) = formaliza_shared::domain::search_term(filter.q.as_deref()) {
        query = query.filter(
            organisations::name_key
                .like(formaliza_shared::domain::like_pattern(&name))
                .escape('\\'),
        );
    }
    Ok(query.load(conn)?)
}
