//! A consumer of another service's change feed: pulls a batch, applies it and moves its
//! checkpoint in one transaction. Replays are skipped by `seq`, so several replicas may run the
//! same consumer at once without applying an event twice.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use futures_util::future::LocalBoxFuture;

use crate::config::{self, ConfigError};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::feed::{FeedEvent, FeedPage};
use crate::schema::feed_checkpoints;

/// How long a consumer waits between polls once it has caught up (one indexed query per poll).
pub const POLL_INTERVAL: Duration = Duration::from_secs(2);

/// A consumer named `name` of the members service's feed (the service at `members_url`) into
/// `applier`: the read models of the trainings and social-protection services.
pub fn members_feed(
    name: &str,
    members_url: &str,
    pool: DbPool,
    token: impl TokenSource,
    applier: impl FeedApplier,
) -> FeedConsumer {
    let feed_url = format!("{}/v1/feeds/members", members_url.trim_end_matches('/'));
    FeedConsumer::new(name, feed_url, pool, token, applier)
}

/// Starts [`members_feed`] (polling every `poll` once caught up) when this deployment says
/// where the members service is and gives credentials to read it with (see
/// [`service_token_from_env`]); otherwise logs what goes without (`unfed`). Call it inside the
/// actix runtime.
pub fn follow_members(
    name: &str,
    members_url: Option<&str>,
    pool: DbPool,
    token: Option<Box<dyn TokenSource>>,
    applier: impl FeedApplier,
    poll: Duration,
    unfed: &str,
) -> Option<actix_rt::task::JoinHandle<()>> {
    match (members_url, token) {
        (Some(url), Some(token)) => Some(members_feed(name, url, pool, token, applier).spawn(poll)),
        (Some(_), None) => {
            log::warn!(
                "no service credentials (FORMALIZA_SERVICE_TOKEN or FORMALIZA_SERVICE_CLIENT_ID): \
                 the members read model is not fed, so {unfed}"
            );
            None
        }
        (None, _) => {
            log::warn!(
                "FORMALIZA_MEMBERS_URL is not set: references to members cannot be checked and \
                 the members read model is not fed, so {unfed}"
            );
            None
        }
    }
}

/// Applies one event to a read model. Must be deterministic: it runs inside the transaction that
/// also moves the checkpoint.
pub trait FeedApplier: Send + Sync + 'static {
    fn apply(&self, conn: &mut DbConnection, event: &FeedEvent) -> Result<(), ApiError>;

    /// Applies a page's new events, in order, in the transaction that moves the checkpoint. One
    /// by one unless the read model has work better done once per page (bringing tables
    /// derived from it up to date, say).
    fn apply_all(&self, conn: &mut DbConnection, events: &[&FeedEvent]) -> Result<(), ApiError> {
        for event in events {
            self.apply(conn, event)?;
        }
        Ok(())
    }
}

/// Supplies the bearer token the consumer reads the feed with.
pub trait TokenSource: 'static {
    fn token(&self) -> LocalBoxFuture<'_, Result<String, String>>;
}

/// A fixed token (tests, or a long-lived service token from configuration).
pub struct StaticToken(pub String);

impl TokenSource for StaticToken {
    fn token(&self) -> LocalBoxFuture<'_, Result<String, String>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

impl TokenSource for Box<dyn TokenSource> {
    fn token(&self) -> LocalBoxFuture<'_, Result<String, String>> {
        self.as_ref().token()
    }
}

/// Tokens obtained from the gateway by OAuth 2.0 client credentials, reused until shortly before
/// they expire: how a service reads another's feed without a long-lived token in its
/// configuration.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: String,
    client: awc::Client,
    cached: std::cell::RefCell<Option<(String, std::time::Instant)>>,
}

impl ClientCredentials {
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            client: awc::Client::builder()
                .timeout(Duration::from_secs(10))
                .finish(),
            cached: std::cell::RefCell::new(None),
        }
    }

    async fn fetch(&self) -> Result<(String, std::time::Instant), String> {
        #[derive(serde::Deserialize)]
        struct Issued {
            access_token: String,
            expires_in: u64,
        }
        let mut response = self
            .client
            .post(&self.token_url)
            .basic_auth(
                form_urlencoded::byte_serialize(self.client_id.as_bytes()).collect::<String>(),
                form_urlencoded::byte_serialize(self.client_secret.as_bytes()).collect::<String>(),
            )
            .send_form(&[("grant_type", "client_credentials")])
            .await
            .map_err(|e| format!("token endpoint {}: {e}", self.token_url))?;
        if !response.status().is_success() {
            return Err(format!(
                "token endpoint {} answered {}",
                self.token_url,
                response.status()
            ));
        }
        let issued: Issued = response.json().await.map_err(|e| e.to_string())?;
        // Renew a minute early (or halfway, for very short lifetimes).
        let margin = (issued.expires_in / 2).min(60);
        let valid_until = std::time::Instant::now()
            + Duration::from_secs(issued.expires_in.saturating_sub(margin));
        Ok((issued.access_token, valid_until))
    }
}

impl TokenSource for ClientCredentials {
    fn token(&self) -> LocalBoxFuture<'_, Result<String, String>> {
        Box::pin(async move {
            let cached = self.cached.borrow().clone();
            if let Some((token, valid_until)) = cached
                && std::time::Instant::now() < valid_until
            {
                return Ok(token);
            }
            let (token, valid_until) = self.fetch().await?;
            *self.cached.borrow_mut() = Some((token.clone(), valid_until));
            Ok(token)
        })
    }
}

/// The feed reader's credentials from the environment: `FORMALIZA_SERVICE_TOKEN` (a fixed
/// token), or `FORMALIZA_SERVICE_CLIENT_ID` and `FORMALIZA_SERVICE_CLIENT_SECRET` (a gateway
/// client with `members:read` and no partner) with `FORMALIZA_TOKEN_URL`. `None` when neither is
/// set.
pub fn service_token_from_env() -> Result<Option<Box<dyn TokenSource>>, ConfigError> {
    if let Some(token) = config::var("FORMALIZA_SERVICE_TOKEN") {
        return Ok(Some(Box::new(StaticToken(token))));
    }
    match (
        config::var("FORMALIZA_SERVICE_CLIENT_ID"),
        config::var("FORMALIZA_SERVICE_CLIENT_SECRET"),
        config::var("FORMALIZA_TOKEN_URL"),
    ) {
        (None, None, _) => Ok(None),
        (Some(id), Some(secret), Some(url)) => {
            Ok(Some(Box::new(ClientCredentials::new(url, id, secret))))
        }
        _ => Err(ConfigError(
            "FORMALIZA_SERVICE_CLIENT_ID needs FORMALIZA_SERVICE_CLIENT_SECRET and FORMALIZA_TOKEN_URL".into(),
        )),
    }
}

/// Why a poll failed; the consumer logs it and tries again later.
#[derive(Debug, thiserror::Error)]
pub enum ConsumeError {
    #[error("feed unreachable: {0}")]
    Fetch(String),
    #[error("feed answered {0}")]
    Status(u16),
    #[error("cannot apply: {0}")]
    Apply(#[from] ApiError),
}

/// How far a consumer has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub last_seq: i64,
    pub updated_at: Option<DateTime<Utc>>,
}

pub struct FeedConsumer {
    name: String,
    feed_url: String,
    batch: i64,
    pool: DbPool,
    token: Box<dyn TokenSource>,
    applier: Arc<dyn FeedApplier>,
    client: awc::Client,
}

/// What one poll did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollOutcome {
    pub applied: usize,
    pub has_more: bool,
}

impl FeedConsumer {
    /// `feed_url` is the full feed address, e.g. `http://members:8081/v1/feeds/members`.
    pub fn new(
        name: impl Into<String>,
        feed_url: impl Into<String>,
        pool: DbPool,
        token: impl TokenSource,
        applier: impl FeedApplier,
    ) -> Self {
        Self {
            name: name.into(),
            feed_url: feed_url.into(),
            batch: 500,
            pool,
            token: Box::new(token),
            applier: Arc::new(applier),
            client: awc::Client::builder()
                .timeout(Duration::from_secs(10))
                .finish(),
        }
    }

    pub fn with_batch(mut self, batch: i64) -> Self {
        self.batch = batch;
        self
    }

    /// Pulls one batch and applies it.
    pub async fn poll_once(&self) -> Result<PollOutcome, ConsumeError> {
        let name = self.name.clone();
        let after = db::run(
            &self.pool,
            move |conn| Ok(checkpoint(conn, &name)?.last_seq),
        )
        .await?;
        let token = self.token.token().await.map_err(ConsumeError::Fetch)?;
        let mut response = self
            .client
            .get(&self.feed_url)
            .query(&[("after", after), ("limit", self.batch)])
            .map_err(|e| ConsumeError::Fetch(e.to_string()))?
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| ConsumeError::Fetch(e.to_string()))?;
        if !response.status().is_success() {
            return Err(ConsumeError::Status(response.status().as_u16()));
        }
        let page: FeedPage = response
            .json()
            .limit(256 << 20)
            .await
            .map_err(|e| ConsumeError::Fetch(e.to_string()))?;
        let has_more = page.has_more;
        let name = self.name.clone();
        let applier = self.applier.clone();
        let applied = db::run(&self.pool, move |conn| {
            apply_page(conn, &name, &page, applier.as_ref())
        })
        .await?;
        Ok(PollOutcome { applied, has_more })
    }

    /// Polls until the feed is drained.
    pub async fn catch_up(&self) -> Result<usize, ConsumeError> {
        let mut total = 0;
        loop {
            let outcome = self.poll_once().await?;
            total += outcome.applied;
            if !outcome.has_more {
                return Ok(total);
            }
        }
    }

    /// Runs forever in the background: drains the feed, then waits `interval` between polls;
    /// failures are logged and retried.
    pub fn spawn(self, interval: Duration) -> actix_rt::task::JoinHandle<()> {
        actix_rt::spawn(async move {
            loop {
                match self.poll_once().await {
                    Ok(PollOutcome { has_more: true, .. }) => continue,
                    Ok(_) => {}
                    Err(error) => log::warn!("feed consumer {}: {error}", self.name),
                }
                actix_rt::time::sleep(interval).await;
            }
        })
    }
}

/// Where consumer `name` stands (0 before its first batch).
pub fn checkpoint(conn: &mut DbConnection, name: &str) -> Result<Checkpoint, ApiError> {
    let row: Option<(i64, chrono::NaiveDateTime)> = feed_checkpoints::table
        .find(name)
        .select((feed_checkpoints::last_seq, feed_checkpoints::updated_at))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((last_seq, at)) => Checkpoint {
            last_seq,
            updated_at: Some(at.and_utc()),
        },
        None => Checkpoint {
            last_seq: 0,
            updated_at: None,
        },
    })
}

/// Creates consumer `name`'s checkpoint at 0 unless it has one.
fn ensure_checkpoint(
    conn: &mut DbConnection,
    name: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    let row = (
        feed_checkpoints::consumer.eq(name),
        feed_checkpoints::last_seq.eq(0),
        feed_checkpoints::updated_at.eq(now),
    );
    crate::on_backend!(conn, |c| diesel::insert_into(feed_checkpoints::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

/// Moves consumer `name`'s checkpoint forward to `seq` (never back), creating it if needed.
pub fn save_checkpoint(conn: &mut DbConnection, name: &str, seq: i64) -> Result<(), ApiError> {
    let now = db::now();
    ensure_checkpoint(conn, name, now)?;
    diesel::update(feed_checkpoints::table.find(name))
        .filter(feed_checkpoints::last_seq.lt(seq))
        .set((
            feed_checkpoints::last_seq.eq(seq),
            feed_checkpoints::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Applies a page in one transaction: locks the checkpoint row, skips events at or below it
/// (another replica got there first), applies the rest in order, and moves the checkpoint.
pub fn apply_page(
    conn: &mut DbConnection,
    name: &str,
    page: &FeedPage,
    applier: &dyn FeedApplier,
) -> Result<usize, ApiError> {
    db::write(conn, |conn| {
        let now = db::now();
        ensure_checkpoint(conn, name, now)?;
        // Updating the row first takes its lock (PostgreSQL); SQLite's write lock is already held.
        diesel::update(feed_checkpoints::table.find(name))
            .set(feed_checkpoints::updated_at.eq(now))
            .execute(conn)?;
        let last: i64 = feed_checkpoints::table
            .find(name)
            .select(feed_checkpoints::last_seq)
            .first(conn)?;
        let events: Vec<&FeedEvent> = page.data.iter().filter(|e| e.seq > last).collect();
        applier.apply_all(conn, &events)?;
        let applied = events.len();
        let next = last.max(page.next_after);
        diesel::update(feed_checkpoints::table.find(name))
            .set(feed_checkpoints::last_seq.eq(next))
            .execute(conn)?;
        Ok(applied)
    })
}
