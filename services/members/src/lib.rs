//! Formaliza members service: organisations (cooperatives, associations, federations, small
//! enterprises), households, members and memberships.
//!
//! `build(config)` gives a ready server; `main.rs` only reads configuration and runs it.

pub mod households;
pub mod members;
pub mod memberships;
pub mod organisations;
pub mod routes;
pub mod schema;

use std::sync::Arc;

use formaliza_shared::resource::Resource;
use members::db::MemberRow;

use diesel_migrations::EmbeddedMigrations;
use formaliza_shared::Scope;
use formaliza_shared::config::ServiceConfig;
use formaliza_shared::db::Migrations;
use formaliza_shared::server::{self, RunningService, ServiceSpec, StartError};

const POSTGRES_MIGRATIONS: EmbeddedMigrations =
    diesel_migrations::embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations =
    diesel_migrations::embed_migrations!("migrations/sqlite");

/// This service's migrations, one folder per backend.
pub fn migrations() -> Migrations {
    Migrations {
        postgres: POSTGRES_MIGRATIONS,
        sqlite: SQLITE_MIGRATIONS,
    }
}

/// What the members service is, for the shared server skeleton.
pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "members",
        title: "Formaliza members API",
        description: "Organisations (cooperatives, associations, federations, small enterprises), households, \
                      members and memberships of a programme that moves informal workers into the formal economy.",
        read_scope: Scope::MembersRead,
        personal: &[(MemberRow::KIND, MemberRow::PERSONAL)],
        migrations,
        routes: Arc::new(routes::configure),
    }
}

/// The service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    server::openapi(&spec())
}

/// Opens the database, applies migrations and binds the port; await or spawn `server`.
pub fn build(config: ServiceConfig) -> Result<RunningService, StartError> {
    server::start(spec(), config)
}
