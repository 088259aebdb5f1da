//! Job storage and queries. The rules are in `model.rs`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::{Change, Op};
use formaliza_shared::ids::{JobId, MemberId, OrganisationId, RecordId};
use formaliza_shared::read::Keyset;
use formaliza_shared::resource::{self, References, Resource};
use formaliza_shared::{ApiError, FieldError, Principal};

use super::model::{
    ContractKind, Job, JobCommand, JobFilters, JobInput, JobRole, READ_ONLY, SocialSecurityRegistry,
};
use crate::indicators::periods;
use crate::organisations::db::OrganisationRow;
use crate::schema::jobs;
use crate::visible::member_visible;

/// A stored job.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: JobId,
    pub partner_id: Option<String>,
    pub member_id: MemberId,
    pub organisation_id: Option<OrganisationId>,
    pub role: JobRole,
    pub occupation: Option<String>,
    pub contract: ContractKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub social_security_registry: Option<SocialSecurityRegistry>,
    pub social_security_since: Option<NaiveDate>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = jobs, treat_none_as_null = true, treat_none_as_default_value = false)]
struct JobChanges {
    member_id: MemberId,
    organisation_id: Option<OrganisationId>,
    role: JobRole,
    occupation: Option<String>,
    contract: ContractKind,
    started_on: NaiveDate,
    ended_on: Option<NaiveDate>,
    social_security_registry: Option<SocialSecurityRegistry>,
    social_security_since: Option<NaiveDate>,
    version: i64,
    updated_at: NaiveDateTime,
}

impl JobChanges {
    fn new(job: JobCommand, version: i64, now: NaiveDateTime) -> Self {
        Self {
            member_id: job.member_id,
            organisation_id: job.organisation_id,
            role: job.role,
            occupation: job.occupation,
            contract: job.contract,
            started_on: job.started_on,
            ended_on: job.ended_on,
            social_security_registry: job.social_security_registry,
            social_security_since: job.social_security_since,
            version,
            updated_at: now,
        }
    }
}

/// The member and the organisation (when named) must be visible.
fn check_references(
    conn: &mut DbConnection,
    principal: &Principal,
    job: &JobCommand,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if !member_visible(conn, principal, &job.member_id)? {
        errors.push(FieldError::new(
            "member_id",
            "unknown_reference",
            format!("no member with id {}", job.member_id),
        ));
    }
    if let Some(organisation_id) = &job.organisation_id
        && let Err(error) = resource::check_reference::<OrganisationRow>(
            conn,
            principal,
            "organisation_id",
            organisation_id,
        )
    {
        errors.extend(error.field_errors().iter().cloned());
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(ApiError::validation(errors)),
    }
}

impl Resource for JobRow {
    const KIND: &'static str = "job";
    const COLLECTION: &'static str = "/v1/jobs";
    const READ_ONLY: &'static [&'static str] = READ_ONLY;
    type Id = JobId;
    type Input = JobInput;
    type Command = JobCommand;
    type Prepared = JobCommand;
    type View = Job;

    fn id(&self) -> &JobId {
        &self.id
    }

    fn owner(&self) -> Option<&str> {
        self.partner_id.as_deref()
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn to_view(&self) -> Job {
        Job {
            id: self.id.clone(),
            member_id: self.member_id.clone(),
            organisation_id: self.organisation_id.clone(),
            role: self.role,
            occupation: self.occupation.clone(),
            contract: self.contract,
            started_on: self.started_on,
            ended_on: self.ended_on,
            social_security_registry: self.social_security_registry,
            social_security_since: self.social_security_since,
            partner_id: self.partner_id.clone(),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }

    fn command(input: JobInput) -> Result<JobCommand, Vec<FieldError>> {
        input.command()
    }

    /// The member and organisation are records of this service: checked in `insert`.
    async fn prepare(
        job: JobCommand,
        _: Option<&Self>,
        _: &References<'_>,
    ) -> Result<JobCommand, ApiError> {
        Ok(job)
    }

    fn find(conn: &mut DbConnection, id: &JobId) -> Result<Option<Self>, ApiError> {
        formaliza_shared::find_live!(conn, jobs, JobRow, id)
    }

    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: JobId,
        job: JobCommand,
    ) -> Result<Self, ApiError> {
        check_references(conn, principal, &job)?;
        let now = db::now();
        let member = job.member_id.clone();
        let inserted = formaliza_shared::insert_live!(
            conn,
            jobs,
            JobRow,
            &id,
            principal.partner_id.as_deref(),
            now,
            JobChanges::new(job, 1, now)
        )?;
        periods::recompute_workers(conn, &[member])?;
        Ok(inserted)
    }

    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        job: JobCommand,
    ) -> Result<Self, ApiError> {
        check_references(conn, principal, &job)?;
        let members = [current.member_id.clone(), job.member_id.clone()];
        let changes = JobChanges::new(job, current.version + 1, db::now());
        let updated = formaliza_shared::overwrite!(conn, jobs, JobRow, current, changes)?;
        periods::recompute_workers(conn, &members)?;
        Ok(updated)
    }

    fn delete(
        conn: &mut DbConnection,
        _: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError> {
        formaliza_shared::soft_delete!(conn, jobs, current)?;
        periods::recompute_workers(conn, std::slice::from_ref(&current.member_id))?;
        Ok(Vec::new())
    }
}

/// Ends with the member: their live jobs deleted, with a change each for the feed.
pub fn delete_for_member(
    conn: &mut DbConnection,
    principal: &Principal,
    member_id: &MemberId,
) -> Result<Vec<Change>, ApiError> {
    let live: Vec<JobRow> = jobs::table
        .filter(jobs::member_id.eq(member_id))
        .filter(jobs::deleted_at.is_null())
        .select(JobRow::as_select())
        .load(conn)?;
    let mut changes = Vec::with_capacity(live.len());
    for job in live {
        JobRow::delete(conn, principal, &job)?;
        changes.push(Change::new::<()>(
            JobRow::KIND,
            job.id.as_str(),
            Op::Delete,
            job.version + 1,
            job.owner(),
            None,
        )?);
    }
    Ok(changes)
}

pub fn list(
    conn: &mut DbConnection,
    keyset: &Keyset,
    filter: &JobFilters,
) -> Result<Vec<JobRow>, ApiError> {
    let mut query = formaliza_shared::keyset_query!(jobs, JobRow, keyset);
    formaliza_shared::filter_eq!(query,
        jobs::member_id => &filter.member_id,
        jobs::organisation_id => &filter.organisation_id,
        jobs::role => filter.role,
    );
    if let Some(day) = filter.held_on {
        query = query
            .filter(jobs::started_on.le(day))
            .filter(jobs::ended_on.is_null().or(jobs::ended_on.ge(day)));
    }
    Ok(query.load(conn)?)
}
