//! Formaliza trainings service: courses, sessions (workshops and events), participation and
//! attendance, certificates with a public verification code, and training indicators computed
//! with a local read model of the members service.
//!
//! `build(config)` gives a ready server; `main.rs` only reads configuration and runs it.

pub mod certificates;
pub mod courses;
pub mod hours;
pub mod imports;
pub mod indicators;
pub mod participations;
pub mod read_model;
pub mod routes;
pub mod schema;
pub mod sessions;

use std::sync::Arc;

use certificates::db::CertificateRow;
use formaliza_shared::resource::Resource;
use participations::db::ParticipationRow;

use formaliza_shared::Scope;
use formaliza_shared::config::ServiceConfig;
use formaliza_shared::consumer::{self, TokenSource};
use formaliza_shared::server::{self, RunningService, ServiceSpec, StartError};

formaliza_shared::service_crate!();

/// What the trainings service is, for the shared server skeleton.
pub fn spec() -> ServiceSpec {
    ServiceSpec {
        name: "trainings",
        title: "Formaliza trainings API",
        description: "Courses, workshops and events, participation and attendance, certificates with a public \
                      verification code, and training indicators, for a programme that trains workers and \
                      cooperative leaders in labour rights, cooperativism, vocational skills and business.",
        read_scope: Scope::TrainingsRead,
        personal: &[
            (ParticipationRow::KIND, ParticipationRow::PERSONAL),
            (CertificateRow::KIND, CertificateRow::PERSONAL),
        ],
        migrations,
        routes: Arc::new(routes::configure),
        imports: Some(&imports::HOST),
    }
}

/// Opens the database, applies migrations and binds the port; await or spawn `server`. When the
/// members service is configured (`FORMALIZA_MEMBERS_URL`), also starts the consumer of its feed
/// that keeps the read model behind the indicators current, reading with the service credentials
/// from the environment (`FORMALIZA_SERVICE_TOKEN`, or a gateway client: see
/// [`consumer::service_token_from_env`]). Call it inside an actix system (as `main.rs` does).
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
    consumer::follow_members(
        read_model::CONSUMER,
        members.as_deref(),
        running.pool.clone(),
        feed_token,
        read_model::MembersReadModel,
        poll,
        "training indicators count participants' sex and age as unknown",
    );
    Ok(running)
}
