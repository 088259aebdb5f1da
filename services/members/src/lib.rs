//! Formaliza members service: organisations (cooperatives, associations, federations, small
//! enterprises) and their registrations with the state (from which their formal status
//! follows), households, members and memberships.
//!
//! `build(config)` gives a ready server; `main.rs` only reads configuration and runs it.

pub mod households;
pub mod imports;
pub mod indicators;
pub mod jobs;
pub mod members;
pub mod memberships;
pub mod organisations;
pub mod registrations;
pub mod routes;
pub mod schema;
pub mod visible;

use std::sync::Arc;

use formaliza_shared::privacy::{PersonLink, Personal};
use formaliza_shared::resource::Resource;
use jobs::db::JobRow;
use members::db::MemberRow;
use memberships::db::MembershipRow;

use formaliza_shared::Scope;
use formaliza_shared::config::ServiceConfig;
use formaliza_shared::server::{self, RunningService, ServiceSpec, StartError};

formaliza_shared::service_crate!();

/// How a membership or a job names its member: by `member_id`, which a reader without
/// `members:read` (the bus) sees only for members who consented.
const fn names_a_member(resource: &'static str) -> Personal {
    Personal::Names(PersonLink {
        resource,
        member_field: "member_id",
        identifying: &["member_id"],
    })
}

/// The records of this service that are, or name, a person.
const PERSONAL: &[(&str, Personal)] = &[
    (MemberRow::KIND, MemberRow::PERSONAL),
    (MembershipRow::KIND, names_a_member(MembershipRow::KIND)),
    (JobRow::KIND, names_a_member(JobRow::KIND)),
];

/// What the members service is, for the shared server skeleton.
pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "members",
        title: "Formaliza members API",
        description: "Organisations (cooperatives, associations, federations, small enterprises), households, \
                      members and memberships of a programme that moves informal workers into the formal economy.",
        read_scope: Scope::MembersRead,
        personal: PERSONAL,
        migrations,
        routes: Arc::new(routes::configure),
        imports: Some(&imports::HOST),
    }
}

/// Opens the database, applies migrations and binds the port; await or spawn `server`.
pub fn build(config: ServiceConfig) -> Result<RunningService, StartError> {
    let running = server::start(spec(), config)?;
    indicators::periods::ensure_built(&running.pool).map_err(|e| {
        StartError::Database(format!("building the kept formalisation model: {e:?}"))
    })?;
    Ok(running)
}
