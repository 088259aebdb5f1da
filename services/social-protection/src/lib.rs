//! Formaliza social-protection service: schemes (public services and insurance mechanisms),
//! enrolments with their dated status lifecycle, coverage indicators, the ministry export, and
//! the programme's indicator framework (catalogue, targets, reported values, progress).
//!
//! `build(config)` gives a ready server; `main.rs` only reads configuration and runs it.
//!
//! Configuration beyond the shared service settings:
//! - `FORMALIZA_SERVICE_TOKEN`: bearer token (scope `members:read`, no `partner_id`) with which
//!   the service reads the members change feed into its read model (households, members,
//!   organisations, memberships) for the coverage indicators and export consent. Read only when
//!   the members service URL is configured; without it the read model stays empty (logged).
//! - `FORMALIZA_PSEUDONYM_SECRET` (shared configuration): secret mixed into the member
//!   pseudonyms of every person-linked answer; keep it stable (a development default is used,
//!   with a warning, when unset).

pub mod enrollments;
pub mod export;
pub mod imports;
pub mod indicators;
pub mod programme;
pub mod read_model;
pub mod routes;
pub mod schema;
pub mod schemes;

use std::sync::Arc;

use enrollments::db::EnrollmentRow;
use formaliza_shared::resource::Resource;

use formaliza_shared::Scope;
use formaliza_shared::config::ServiceConfig;
use formaliza_shared::consumer::{self, TokenSource};
use formaliza_shared::server::{self, RunningService, ServiceSpec, StartError};

use crate::indicators::cache::CoverageCache;

formaliza_shared::service_crate!();

/// What the social-protection service is, for the shared server skeleton.
pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "social-protection",
        title: "Formaliza social-protection API",
        description: "Public services and insurance schemes, the enrolments of members and households in \
                      them with their dated status history, coverage indicators of households, and the \
                      ministry export.",
        read_scope: Scope::ProtectionRead,
        personal: &[(EnrollmentRow::KIND, EnrollmentRow::PERSONAL)],
        migrations,
        routes: {
            let coverage_cache = actix_web::web::Data::new(CoverageCache::default());
            Arc::new(move |cfg| routes::configure(cfg, &coverage_cache))
        },
        imports: Some(&imports::HOST),
    }
}

/// Opens the database, applies migrations, binds the port, builds the kept coverage model if it
/// is not built (see [`indicators::periods`]) and starts the members feed consumer (when the
/// members service is configured), reading with the service credentials from the
/// environment (see [`consumer::service_token_from_env`]); await or spawn `server`. Call it
/// inside the actix runtime.
pub fn build(config: ServiceConfig) -> Result<RunningService, StartError> {
    build_with(
        config,
        consumer::service_token_from_env()?,
        consumer::POLL_INTERVAL,
    )
}

/// [`build`] with the members-feed credentials given rather than read from the environment, and
/// the feed polled every `poll` once caught up.
pub fn build_with(
    config: ServiceConfig,
    feed_token: Option<Box<dyn TokenSource>>,
    poll: std::time::Duration,
) -> Result<RunningService, StartError> {
    let members = config.upstreams.members.clone();
    let running = server::start(spec(), config)?;
    indicators::periods::ensure_built(&running.pool)
        .map_err(|e| StartError::Database(format!("building the kept coverage model: {e:?}")))?;
    consumer::follow_members(
        read_model::CONSUMER,
        members.as_deref(),
        running.pool.clone(),
        feed_token,
        read_model::MembersReadModel,
        poll,
        "coverage indicators count no one and the export shows no one's consent",
    );
    Ok(running)
}
