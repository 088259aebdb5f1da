//! The change feed on NATS JetStream: with `FORMALIZA_NATS_URL` set, each service publishes
//! every event of its feed, in `seq` order, to a JetStream stream of its own.
//!
//! One publisher per service (a thread with its own tokio runtime, so async-nats never runs on
//! actix's per-worker runtimes), on a database connection of its own:
//!
//! - It reads the feed after its checkpoint (`feed_checkpoints`, consumer `bus.<service>`)
//!   exactly as [`feed::read`] answers a programme-wide reader without `members:read`, so the
//!   bus never shows more than that reader's pull would: person-linked fields pseudonymised by
//!   the one privacy rule unless the member consented, erasures as `erase` events.
//! - It publishes each event to `<prefix>.<service>.<partner>.<resource>.<op>` with
//!   `Nats-Msg-Id: <service>:<seq>`, waits for JetStream's ack before the next (so the stream
//!   holds the events in feed order: an event is only sent once the one before it is stored),
//!   and moves the checkpoint to the last acknowledged `seq`.
//! - When NATS is away it backs off and starts again from the checkpoint. An event stored but
//!   not yet checkpointed (the process died in between) is sent again and JetStream drops it as
//!   a duplicate within the stream's duplicate window.
//! - On PostgreSQL, replicas take turns: only the one holding a session advisory lock on its
//!   connection publishes; when it dies its connection closes, the lock is freed and another
//!   replica takes over from the checkpoint. SQLite is one process.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use async_nats::jetstream::{self, message::PublishMessage, stream};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use sha2::{Digest, Sha256};
use tokio::sync::watch;

use crate::auth::{Principal, Scope};
use crate::consumer;
use crate::db::{DbConnection, DbPool};
use crate::env::{ConfigError, parse_var, var};
use crate::error::ApiError;
use crate::feed::{self, FeedEvent, Reader};
use crate::privacy::{Personal, Privacy};

/// The variable that turns the bus on.
pub const NATS_URL_VAR: &str = "FORMALIZA_NATS_URL";

/// The subject token of records no partner owns (programme-wide records).
pub const PROGRAMME_TOKEN: &str = "_";

/// The client id the bus reads the feed as (in access records).
pub const BUS_CLIENT: &str = "formaliza-bus";

/// How long the publisher waits for JetStream to acknowledge one event.
const ACK_TIMEOUT: Duration = Duration::from_secs(5);

/// The longest pause between attempts while NATS or the database is away.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// How often a replica that does not publish checks whether the publishing one is gone.
const STANDBY_RETRY: Duration = Duration::from_secs(5);

/// Where and how a service publishes its feed; read once at start-up (see the README).
#[derive(Clone)]
pub struct BusConfig {
    /// `nats://host:4222` (credentials in the URL are never logged).
    pub url: String,
    /// Streams are named `<prefix>_<SERVICE>` (`FORMALIZA_MEMBERS`).
    pub stream_prefix: String,
    /// Subjects start with it (`formaliza.members.…`).
    pub subject_prefix: String,
    /// Events read from the feed per round.
    pub batch: i64,
    /// The stream's duplicate window, set when the publisher creates the stream.
    pub duplicate_window: Duration,
    /// How often the publisher looks for new events once caught up.
    pub poll: Duration,
}

impl std::fmt::Debug for BusConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = if self.url.contains('@') {
            "nats://…(credentials hidden)"
        } else {
            &self.url
        };
        f.debug_struct("BusConfig")
            .field("url", &url)
            .field("stream_prefix", &self.stream_prefix)
            .field("subject_prefix", &self.subject_prefix)
            .field("batch", &self.batch)
            .field("duplicate_window", &self.duplicate_window)
            .field("poll", &self.poll)
            .finish()
    }
}

impl BusConfig {
    /// The defaults, publishing to `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            stream_prefix: "FORMALIZA".into(),
            subject_prefix: "formaliza".into(),
            batch: 500,
            duplicate_window: Duration::from_secs(600),
            poll: Duration::from_millis(500),
        }
    }

    /// `FORMALIZA_NATS_URL` and its companions; `None` (no bus) when the URL is unset.
    pub fn from_env() -> Result<Option<Self>, ConfigError> {
        let Some(url) = var(NATS_URL_VAR) else {
            return Ok(None);
        };
        let defaults = Self::new(url);
        let config = Self {
            stream_prefix: var("FORMALIZA_NATS_STREAM_PREFIX")
                .unwrap_or(defaults.stream_prefix.clone()),
            subject_prefix: var("FORMALIZA_NATS_SUBJECT_PREFIX")
                .unwrap_or(defaults.subject_prefix.clone()),
            batch: parse_var("FORMALIZA_NATS_BATCH", defaults.batch)?,
            duplicate_window: Duration::from_secs(parse_var(
                "FORMALIZA_NATS_DUPLICATE_WINDOW_SECONDS",
                defaults.duplicate_window.as_secs(),
            )?),
            poll: Duration::from_millis(parse_var(
                "FORMALIZA_NATS_POLL_MS",
                u64::try_from(defaults.poll.as_millis()).unwrap_or(500),
            )?),
            ..defaults
        };
        if !(1..=feed::FEED_MAX_LIMIT).contains(&config.batch) {
            return Err(ConfigError(format!(
                "FORMALIZA_NATS_BATCH must be between 1 and {}",
                feed::FEED_MAX_LIMIT
            )));
        }
        for (name, value) in [
            ("FORMALIZA_NATS_STREAM_PREFIX", &config.stream_prefix),
            ("FORMALIZA_NATS_SUBJECT_PREFIX", &config.subject_prefix),
        ] {
            if value.is_empty() || !value.split('.').all(is_plain_token) {
                return Err(ConfigError(format!(
                    "{name} must be letters, digits, `-` or `_` (dots between parts of a subject \
                     prefix)"
                )));
            }
        }
        if config.stream_prefix.contains('.') {
            return Err(ConfigError(
                "FORMALIZA_NATS_STREAM_PREFIX cannot contain `.`".into(),
            ));
        }
        Ok(Some(config))
    }

    /// The stream of `service`: `FORMALIZA_SOCIAL_PROTECTION`.
    pub fn stream_name(&self, service: &str) -> String {
        format!(
            "{}_{}",
            self.stream_prefix,
            service.to_ascii_uppercase().replace('-', "_")
        )
    }

    /// Every subject of `service`'s stream: `formaliza.members.>`.
    pub fn stream_subjects(&self, service: &str) -> String {
        format!("{}.{service}.>", self.subject_prefix)
    }

    /// The subject of an event: `formaliza.<service>.<partner or _>.<resource>.<op>`.
    pub fn subject(&self, service: &str, owner: Option<&str>, event: &FeedEvent) -> String {
        let partner = owner.map_or_else(|| PROGRAMME_TOKEN.to_owned(), partner_token);
        format!(
            "{}.{service}.{partner}.{}.{}",
            self.subject_prefix,
            subject_safe(&event.resource),
            event.op.as_str()
        )
    }
}

fn is_plain_token(token: &str) -> bool {
    !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A partner id as one subject token: letters, digits, `-` and `_` as they are, every other
/// byte as `%XX` (so `.`, `*`, `>` and spaces cannot split or widen a subject), and `_` alone
/// (the programme's token) as `%5F`.
pub fn partner_token(partner: &str) -> String {
    if partner == PROGRAMME_TOKEN {
        return "%5F".into();
    }
    subject_safe(partner)
}

fn subject_safe(text: &str) -> String {
    if is_plain_token(text) {
        return text.to_owned();
    }
    let mut token = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            token.push(char::from(byte));
        } else {
            token.push_str(&format!("%{byte:02X}"));
        }
    }
    if token.is_empty() {
        token.push_str("%00");
    }
    token
}

/// The `Nats-Msg-Id` of an event: `members:42`.
pub fn message_id(service: &str, seq: i64) -> String {
    format!("{service}:{seq}")
}

/// The name of the bus's checkpoint in `feed_checkpoints`.
pub fn checkpoint_name(service: &str) -> String {
    format!("bus.{service}")
}

/// Who the bus reads the feed as: programme-wide (no partner), with the service's read scope
/// but never `members:read`, so the privacy rule hides who records are about unless the member
/// consented.
pub fn reader_principal(read_scope: Scope) -> Principal {
    Principal {
        sub: BUS_CLIENT.into(),
        scopes: [read_scope]
            .into_iter()
            .filter(|s| *s != Scope::MembersRead && *s != Scope::Admin)
            .collect(),
        partner_id: None,
        token: Arc::from(""),
    }
}

/// How far the publisher has got, for logs and tests.
#[derive(Debug, Default)]
pub struct BusStatus {
    published: AtomicI64,
    head: AtomicI64,
    connected: AtomicBool,
    duplicates: AtomicU64,
}

impl BusStatus {
    /// The last `seq` JetStream acknowledged (and the checkpoint holds).
    pub fn published(&self) -> i64 {
        self.published.load(Ordering::Relaxed)
    }

    /// The feed's last `seq` when the publisher last looked.
    pub fn head(&self) -> i64 {
        self.head.load(Ordering::Relaxed)
    }

    /// Events committed but not yet on the bus, as of the publisher's last look.
    pub fn lag(&self) -> i64 {
        (self.head() - self.published()).max(0)
    }

    /// Events sent again that JetStream already had (after an outage or a restart) and dropped.
    pub fn duplicates(&self) -> u64 {
        self.duplicates.load(Ordering::Relaxed)
    }

    /// Whether the last attempt to reach NATS succeeded.
    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }
}

/// A running publisher. Dropping it leaves the publisher running (it lives as long as the
/// process, like the server); [`stop`](Self::stop) ends it.
pub struct BusHandle {
    stop: watch::Sender<bool>,
    status: Arc<BusStatus>,
    thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl BusHandle {
    /// Asks the publisher to stop after its current event.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// [`stop`](Self::stop), then waits for its thread to end (blocking): nothing of it runs
    /// afterwards, its connections closed (a test process may exit at once).
    pub fn stop_and_wait(&self) {
        self.stop();
        let thread = match self.thread.lock() {
            Ok(mut thread) => thread.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(thread) = thread
            && thread.join().is_err()
        {
            log::warn!("bus: the publisher's thread panicked");
        }
    }

    pub fn status(&self) -> &Arc<BusStatus> {
        &self.status
    }
}

/// What a publisher publishes: one service's feed.
pub struct Publisher {
    pub service: &'static str,
    pub read_scope: Scope,
    pub personal: &'static [(&'static str, Personal)],
    pub privacy: Privacy,
    pub pool: DbPool,
    pub config: BusConfig,
}

impl Publisher {
    /// Starts the publisher on a thread of its own.
    pub fn spawn(self) -> std::io::Result<BusHandle> {
        let (stop, stopped) = watch::channel(false);
        let status = Arc::new(BusStatus::default());
        let running = Running {
            principal: reader_principal(self.read_scope),
            checkpoint: checkpoint_name(self.service),
            stream: self.config.stream_name(self.service),
            publisher: Arc::new(self),
            status: status.clone(),
            lease: None,
            nats: None,
            outage: None,
            standby: false,
        };
        let thread = std::thread::Builder::new()
            .name(format!("bus-{}", running.publisher.service))
            .spawn(move || {
                match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime.block_on(running.run(stopped)),
                    Err(error) => log::error!("bus: cannot start a runtime: {error}"),
                }
            })?;
        Ok(BusHandle {
            stop,
            status,
            thread: std::sync::Mutex::new(Some(thread)),
        })
    }
}

/// Why a round stopped.
#[derive(Debug, thiserror::Error)]
enum BusError {
    #[error("NATS: {0}")]
    Nats(String),
    #[error("database: {0}")]
    Database(String),
}

impl From<ApiError> for BusError {
    fn from(error: ApiError) -> Self {
        BusError::Database(error.to_string())
    }
}

/// What a round did.
enum Round {
    /// More events are waiting.
    More,
    CaughtUp,
    /// Another replica publishes.
    Standby,
}

struct Running {
    publisher: Arc<Publisher>,
    principal: Principal,
    checkpoint: String,
    stream: String,
    status: Arc<BusStatus>,
    /// The publisher's own connection; on PostgreSQL it holds the advisory lock.
    lease: Option<DbConnection>,
    nats: Option<jetstream::Context>,
    /// What is wrong, while something is (logged once when it starts and when it ends).
    outage: Option<String>,
    /// Whether another replica held the lock at the last try (logged once).
    standby: bool,
}

impl Running {
    async fn run(mut self, mut stopped: watch::Receiver<bool>) {
        let service = self.publisher.service;
        log::info!(
            "bus {service}: publishing the feed to stream {} ({})",
            self.stream,
            self.publisher.config.stream_subjects(service)
        );
        let mut backoff = Duration::ZERO;
        let mut stoppable = true;
        loop {
            if *stopped.borrow() {
                log::info!("bus {service}: stopped at seq {}", self.status.published());
                return;
            }
            let pause = match self.round().await {
                Ok(round) => {
                    if let Some(cause) = self.outage.take() {
                        log::info!(
                            "bus {service}: publishing again from seq {} (after: {cause})",
                            self.status.published()
                        );
                    }
                    backoff = Duration::ZERO;
                    match round {
                        Round::More => continue,
                        Round::CaughtUp => self.publisher.config.poll,
                        Round::Standby => STANDBY_RETRY,
                    }
                }
                Err(error) => {
                    if let BusError::Database(_) = error {
                        // Another replica may take over; this one asks for the lock again.
                        self.lease = None;
                    }
                    if let BusError::Nats(_) = error {
                        // A fresh connection next time, which also makes sure the stream is
                        // there (a NATS server that lost its store gets it back).
                        self.nats = None;
                        self.status.connected.store(false, Ordering::Relaxed);
                    }
                    let cause = error.to_string();
                    if self.outage.is_none() {
                        log::warn!(
                            "bus {service}: {cause}; retrying from seq {} with backoff",
                            self.status.published()
                        );
                    } else {
                        log::debug!("bus {service}: still failing: {cause}");
                    }
                    self.outage = Some(cause);
                    backoff = (backoff * 2).clamp(Duration::from_millis(200), MAX_BACKOFF);
                    backoff
                }
            };
            if stoppable {
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    // An error: the handle was dropped, and nobody can stop it any more.
                    changed = stopped.changed() => stoppable = changed.is_ok(),
                }
            } else {
                tokio::time::sleep(pause).await;
            }
        }
    }

    /// Publishes one batch: takes the lease, reaches NATS, reads the events after the
    /// checkpoint, publishes them one by one and moves the checkpoint.
    async fn round(&mut self) -> Result<Round, BusError> {
        let service = self.publisher.service;
        if self.lease.is_none() {
            let pool = self.publisher.pool.clone();
            match tokio::task::spawn_blocking(move || acquire(&pool, service))
                .await
                .map_err(|e| BusError::Database(e.to_string()))??
            {
                Some(conn) => {
                    log::info!("bus {service}: this replica publishes the feed");
                    self.lease = Some(conn);
                    self.standby = false;
                }
                None => {
                    if !self.standby {
                        log::info!(
                            "bus {service}: another replica publishes the feed; standing by"
                        );
                        self.standby = true;
                    }
                    return Ok(Round::Standby);
                }
            }
        }
        if self.nats.is_none() {
            self.nats = Some(self.connect().await?);
            self.status.connected.store(true, Ordering::Relaxed);
        }
        let publisher = self.publisher.clone();
        let principal = self.principal.clone();
        let name = self.checkpoint.clone();
        let (after, head, page, owners) = self
            .on_lease(move |conn| {
                let after = consumer::checkpoint(conn, &name)?.last_seq;
                let head = feed::head(conn)?;
                let reader = Reader {
                    principal: &principal,
                    privacy: &publisher.privacy,
                    personal: publisher.personal,
                };
                let (page, owners) =
                    feed::read_with_owners(conn, after, publisher.config.batch, &reader)?;
                Ok((after, head, page, owners))
            })
            .await?;
        self.status.head.store(head, Ordering::Relaxed);
        self.status.published.store(after, Ordering::Relaxed);
        let mut acknowledged = after;
        let mut failure = None;
        for (event, owner) in page.data.iter().zip(&owners) {
            match self.publish(event, owner.as_deref()).await {
                Ok(()) => acknowledged = event.seq,
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        // Every event up to `next_after` is on the bus once all of the page is.
        let reached = if failure.is_none() {
            acknowledged.max(page.next_after)
        } else {
            acknowledged
        };
        if reached > after {
            let name = self.checkpoint.clone();
            self.on_lease(move |conn| consumer::save_checkpoint(conn, &name, reached))
                .await?;
            self.status.published.store(reached, Ordering::Relaxed);
        }
        match failure {
            Some(error) => Err(error),
            None if page.has_more => Ok(Round::More),
            None => Ok(Round::CaughtUp),
        }
    }

    /// Sends one event and waits for JetStream to store it (or to say it already has it).
    async fn publish(&self, event: &FeedEvent, owner: Option<&str>) -> Result<(), BusError> {
        let Some(nats) = &self.nats else {
            return Err(BusError::Nats("not connected".into()));
        };
        let config = &self.publisher.config;
        let service = self.publisher.service;
        let payload = serde_json::to_vec(event).map_err(|e| BusError::Nats(e.to_string()))?;
        let message = PublishMessage::build()
            .payload(payload.into())
            .message_id(message_id(service, event.seq));
        let ack = nats
            .send_publish(config.subject(service, owner, event), message)
            .await
            .map_err(|e| BusError::Nats(e.to_string()))?
            .await
            .map_err(|e| BusError::Nats(e.to_string()))?;
        if ack.duplicate {
            self.status.duplicates.fetch_add(1, Ordering::Relaxed);
            log::debug!(
                "bus {service}: seq {} was already on the stream (dropped as a duplicate)",
                event.seq
            );
        }
        Ok(())
    }

    /// Connects to NATS and makes sure the service's stream exists.
    async fn connect(&self) -> Result<jetstream::Context, BusError> {
        let config = &self.publisher.config;
        let service = self.publisher.service;
        let client = async_nats::ConnectOptions::new()
            .name(format!("formaliza-{service}"))
            .connection_timeout(Duration::from_secs(5))
            .connect(config.url.as_str())
            .await
            .map_err(|e| BusError::Nats(format!("cannot connect: {e}")))?;
        let mut context = jetstream::new(client);
        context.set_timeout(ACK_TIMEOUT);
        context
            .get_or_create_stream(stream::Config {
                name: self.stream.clone(),
                subjects: vec![config.stream_subjects(service)],
                duplicate_window: config.duplicate_window,
                storage: stream::StorageType::File,
                ..Default::default()
            })
            .await
            .map_err(|e| BusError::Nats(format!("stream {}: {e}", self.stream)))?;
        log::info!("bus {service}: connected, stream {} ready", self.stream);
        Ok(context)
    }

    /// Runs blocking diesel work on the publisher's own connection, off the async thread. A
    /// failure drops the connection (and with it the lock).
    async fn on_lease<T, F>(&mut self, work: F) -> Result<T, BusError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let Some(mut conn) = self.lease.take() else {
            return Err(BusError::Database("no connection".into()));
        };
        let (conn, result) = tokio::task::spawn_blocking(move || {
            let result = work(&mut conn);
            (conn, result)
        })
        .await
        .map_err(|e| BusError::Database(e.to_string()))?;
        let value = result?;
        self.lease = Some(conn);
        Ok(value)
    }
}

/// A connection of the publisher's own; on PostgreSQL only if it got the service's advisory
/// lock (held until the connection closes), `None` when another replica holds it.
pub fn acquire(pool: &DbPool, service: &str) -> Result<Option<DbConnection>, ApiError> {
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = Bool)]
        locked: bool,
    }
    let mut conn = pool.dedicated()?;
    if let DbConnection::Pg(pg) = &mut conn {
        let locked: Locked = diesel::sql_query("SELECT pg_try_advisory_lock($1) AS locked")
            .bind::<BigInt, _>(lock_key(service))
            .get_result(pg)?;
        if !locked.locked {
            return Ok(None);
        }
    }
    Ok(Some(conn))
}

/// The advisory lock of `service`'s publisher: the first 8 bytes of SHA-256 of
/// `formaliza-bus:<service>`, the same in every replica.
pub fn lock_key(service: &str) -> i64 {
    let digest = Sha256::digest(format!("{BUS_CLIENT}:{service}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::Op;

    fn event(resource: &str, op: Op) -> FeedEvent {
        FeedEvent {
            seq: 7,
            resource: resource.into(),
            id: "x".into(),
            op,
            version: 1,
            occurred_at: chrono::Utc::now(),
            actor: "a".into(),
            request_id: None,
            data: None,
        }
    }

    #[test]
    fn subjects_name_service_partner_resource_and_op() {
        let config = BusConfig::new("nats://127.0.0.1:4222");
        let cases = [
            (
                None,
                "member",
                Op::Create,
                "formaliza.members._.member.create",
            ),
            (
                Some("coop-norte"),
                "member",
                Op::Erase,
                "formaliza.members.coop-norte.member.erase",
            ),
            (
                Some("a.b *>"),
                "household",
                Op::Delete,
                "formaliza.members.a%2Eb%20%2A%3E.household.delete",
            ),
            (
                Some("_"),
                "member",
                Op::Update,
                "formaliza.members.%5F.member.update",
            ),
        ];
        for (owner, resource, op, expected) in cases {
            assert_eq!(
                config.subject("members", owner, &event(resource, op)),
                expected
            );
        }
        assert_eq!(
            config.stream_name("social-protection"),
            "FORMALIZA_SOCIAL_PROTECTION"
        );
        assert_eq!(config.stream_subjects("trainings"), "formaliza.trainings.>");
        assert_eq!(message_id("trainings", 42), "trainings:42");
    }

    #[test]
    fn the_bus_reads_programme_wide_without_members_read() {
        for scope in [
            Scope::MembersRead,
            Scope::TrainingsRead,
            Scope::ProtectionRead,
        ] {
            let principal = reader_principal(scope);
            assert_eq!(principal.partner_id, None);
            assert!(!principal.has_scope(Scope::MembersRead));
        }
        assert!(reader_principal(Scope::TrainingsRead).has_scope(Scope::TrainingsRead));
    }

    #[test]
    fn every_service_has_its_own_lock() {
        let keys: std::collections::HashSet<i64> = ["members", "trainings", "social-protection"]
            .iter()
            .map(|s| lock_key(s))
            .collect();
        assert_eq!(keys.len(), 3);
        assert_eq!(lock_key("members"), lock_key("members"));
    }
}
