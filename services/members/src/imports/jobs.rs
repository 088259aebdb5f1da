//! `kind=jobs`: a member's job per row, through the same rules and writes as
//! `POST/PATCH /v1/jobs` (visibility, social security for employees only, the kept
//! formalisation model). The member is named by id or national id, the organisation (none for
//! own-account work) by id or registry number. A job's natural key is its member, its
//! organisation (or none) and its start date: unchanged if the same, updated if not, created
//! if none.

use diesel::prelude::*;

use formaliza_shared::db::DbConnection;
use formaliza_shared::feed::{self, Actor, Op};
use formaliza_shared::ids::{JobId, MemberId, OrganisationId, RecordId};
use formaliza_shared::imports::{self, FieldSpec, ImportKind, RowOutcome, RowStatus, SourceRow};
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, Principal};

use super::memberships::both;
use super::{MEMBER_REF, ORGANISATION_REF, join, object_of, row_member, row_organisation};
use crate::jobs::db::JobRow;
use crate::jobs::model::JobCommand;
use crate::schema::jobs;

/// Jobs, one per row.
pub struct Jobs;

static FIELDS: [FieldSpec; 15] = join::<8, 7, 15>(
    join::<5, 3, 8>(MEMBER_REF, ORGANISATION_REF),
    [
        FieldSpec::choice(
            "role",
            "employee, member_worker, owner, self_employed, family_worker (dependiente, socio trabajador, …)",
        ),
        FieldSpec::text("occupation", "The occupation (Costurera)"),
        FieldSpec::choice(
            "contract",
            "written, verbal, none (escrito, verbal, ninguno)",
        ),
        FieldSpec::date(
            "started_on",
            "YYYY-MM-DD or DD/MM/YYYY: the key with member and organisation",
        ),
        FieldSpec::date("ended_on", "YYYY-MM-DD or DD/MM/YYYY"),
        FieldSpec::choice(
            "social_security_registry",
            "pe_t_registro, bo_cns_gestora (t_registro, cns, gestora)",
        ),
        FieldSpec::date("social_security_since", "YYYY-MM-DD or DD/MM/YYYY"),
    ],
);

/// The cells resolved to ids before the job's own rules.
const REFERENCES: [&str; 8] = [
    "member_id",
    "id_type",
    "id_number",
    "id_country",
    "id_complement",
    "organisation_id",
    "organisation_number",
    "country",
];

impl ImportKind for Jobs {
    fn name(&self) -> &'static str {
        "jobs"
    }

    fn fields(&self) -> &'static [FieldSpec] {
        &FIELDS
    }

    fn apply(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        rows: Vec<SourceRow>,
    ) -> Result<Vec<RowOutcome>, ApiError> {
        // Each row in a savepoint: a refused row leaves the chunk's transaction usable.
        let (outcomes, changes) = imports::each_row(conn, &rows, |conn, row| {
            let job = command(conn, principal, row)?;
            match existing(conn, &job)? {
                Some(current) if same(&current, &job) => {
                    Ok((current.id, RowStatus::Unchanged, None))
                }
                Some(current) => {
                    let updated = JobRow::update(conn, principal, &current, job)?;
                    let change = resource::change(&updated, Op::Update)?;
                    Ok((updated.id, RowStatus::Updated, Some(change)))
                }
                None => {
                    let created = JobRow::insert(conn, principal, JobId::generate(), job)?;
                    let change = resource::change(&created, Op::Create)?;
                    Ok((created.id, RowStatus::Created, Some(change)))
                }
            }
        })?;
        if !changes.is_empty() {
            // The kept model's lock before the feed counter, as every writer here takes them.
            crate::indicators::periods::lock(conn)?;
            feed::append(conn, &Actor::of(principal), &changes)?;
        }
        Ok(outcomes)
    }
}

/// The row as `POST /v1/jobs` takes it, its member and organisation resolved (a row naming no
/// organisation is own-account work).
fn command(
    conn: &mut DbConnection,
    principal: &Principal,
    row: &SourceRow,
) -> Result<JobCommand, ApiError> {
    let member = row_member(conn, principal, row);
    let names_organisation =
        row.get("organisation_id").is_some() || row.get("organisation_number").is_some();
    let organisation = match names_organisation {
        true => row_organisation(conn, principal, row, None).map(Some),
        false => Ok(None),
    };
    let (member, organisation): (MemberId, Option<OrganisationId>) = match (member, organisation) {
        (Ok(member), Ok(organisation)) => (member, organisation),
        (member, organisation) => return Err(both(member.err(), organisation.err())),
    };
    let mut object = object_of(row, &REFERENCES);
    object.insert("member_id".into(), member.as_str().into());
    if let Some(organisation) = organisation {
        object.insert("organisation_id".into(), organisation.as_str().into());
    }
    for required in ["role", "started_on"] {
        object
            .entry(required)
            .or_insert_with(|| serde_json::Value::String(String::new()));
    }
    let input = formaliza_shared::patch::parse(serde_json::Value::Object(object))?;
    JobRow::command(input).map_err(ApiError::validation)
}

/// The member's live job in the organisation (or on their own account) started that day.
fn existing(conn: &mut DbConnection, job: &JobCommand) -> Result<Option<JobRow>, ApiError> {
    let mut query = jobs::table
        .filter(jobs::deleted_at.is_null())
        .filter(jobs::member_id.eq(&job.member_id))
        .filter(jobs::started_on.eq(job.started_on))
        .order(jobs::id.asc())
        .select(JobRow::as_select())
        .into_boxed();
    query = match &job.organisation_id {
        Some(organisation) => query.filter(jobs::organisation_id.eq(organisation.clone())),
        None => query.filter(jobs::organisation_id.is_null()),
    };
    Ok(query.first(conn).optional()?)
}

/// Whether the stored job already is what the row says.
fn same(current: &JobRow, job: &JobCommand) -> bool {
    current.role == job.role
        && current.occupation == job.occupation
        && current.contract == job.contract
        && current.ended_on == job.ended_on
        && current.social_security_registry == job.social_security_registry
        && current.social_security_since == job.social_security_since
}
