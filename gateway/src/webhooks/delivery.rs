//! Delivery: each due subscription is leased by one gateway replica, which reads each of its
//! feeds *as the subscription's client* (a short-lived token with that client's claims, so the
//! service applies the same partner scoping, consent and erasure rules as to the client's own
//! pull), keeps the events its filters select, and POSTs them as one signed message per feed
//! and batch. The cursor moves only after a 2xx, so delivery is at least once, in feed order;
//! a batch that failed is sent again as it was, with the same `webhook-id`. A replica killed
//! mid-batch leaves a lease that runs out, and another replica sends the batch again.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use serde_json::{Value, json};

use diesel::prelude::*;

use formaliza_shared::ApiError;
use formaliza_shared::db::{self, DbConnection, DbPool};
use formaliza_shared::feed::{FeedEvent, FeedPage};

use super::WebhookConfig;
use super::db::{self as store, CursorRow, SubscriptionRow};
use super::model::{Outcome, SubscriptionState, backoff, outcome, signature};
use crate::clients::ApiClient;
use crate::schema::api_clients;

/// Signs a short-lived token with a subscription client's claims: (client id, scopes, partner).
pub type Minter = Arc<dyn Fn(&str, &str, Option<&str>) -> Result<String, String> + Send + Sync>;

/// Most bytes of a receiver's answer read (the status is what counts).
const ANSWER_LIMIT: usize = 64 * 1024;

/// How long one subscription's turn may go on delivering batch after batch, as a share of the
/// lease (well inside it, so that no other replica takes over meanwhile).
const TURN_SHARE: u32 = 3;

/// Subscriptions one replica delivers at once.
const CLAIM: i64 = 16;

/// One replica's delivery loop.
pub struct Delivery {
    pub pool: DbPool,
    pub config: WebhookConfig,
    /// Each feed's service and its base URL.
    pub feeds: Vec<(String, String)>,
    pub mint: Minter,
    /// Whether the gateway still runs: delivery ends with it.
    pub alive: Arc<dyn Fn() -> bool + Send + Sync>,
    /// This replica's name on the leases it takes.
    pub owner: String,
}

/// Why a feed could not be delivered this turn.
enum Turn {
    /// Delivered (up to `delivered_to`, when the cursor moved), or nothing to deliver; `more`
    /// when the feed has more waiting.
    Done {
        more: bool,
        delivered_to: Option<i64>,
    },
    /// Not the receiver's fault (the feed could not be read): try again soon, nothing counted.
    Later(String),
    /// The receiver failed: counted, retried after a backoff.
    Failed {
        error: String,
        retry_after: Option<Duration>,
    },
    Stop(String),
}

impl Delivery {
    /// Runs the loop on a thread of its own (with its own runtime), for as long as the process.
    pub fn spawn(self) -> std::io::Result<std::thread::JoinHandle<()>> {
        std::thread::Builder::new()
            .name("webhooks".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(error) => {
                        log::error!("webhook delivery cannot start: {error}");
                        return;
                    }
                };
                let local = tokio::task::LocalSet::new();
                local.block_on(&runtime, self.run());
            })
    }

    async fn run(self) {
        let receivers = match receiver_client(&self.config) {
            Ok(client) => client,
            Err(error) => {
                log::error!("webhook delivery cannot start: {error}");
                return;
            }
        };
        let feeds = reqwest::Client::builder()
            .timeout(self.config.timeout)
            .build()
            .unwrap_or_default();
        let this = Arc::new(self);
        while (this.alive)() {
            if let Err(error) = this.tick(&receivers, &feeds).await {
                log::warn!("webhook delivery: {error}");
            }
            tokio::time::sleep(this.config.poll).await;
        }
    }

    /// Claims what is due and delivers it.
    pub async fn tick(
        self: &Arc<Self>,
        receivers: &reqwest::Client,
        feeds: &reqwest::Client,
    ) -> Result<(), ApiError> {
        let heads = self.heads(feeds).await;
        let lease = to_delta(self.config.lease);
        // Claims until nothing due is left: a thousand subscriptions take a tick, not sixty.
        loop {
            let owner = self.owner.clone();
            let ids = db::run(&self.pool, move |conn| {
                let now = db::now();
                store::claim(conn, &owner, now, now + lease, CLAIM, &heads)
            })
            .await?;
            let claimed = ids.len();
            let turns = ids.into_iter().map(|id| self.deliver(id, receivers, feeds));
            futures_util::future::join_all(turns).await;
            if claimed < usize::try_from(CLAIM).unwrap_or(usize::MAX) || !(self.alive)() {
                return Ok(());
            }
        }
    }

    /// Each feed's head now (one request per service, whatever the number of subscriptions).
    async fn heads(&self, feeds: &reqwest::Client) -> store::Heads {
        let mut heads = store::Heads {
            members: i64::MAX,
            trainings: i64::MAX,
            social_protection: i64::MAX,
        };
        let Ok(token) = (self.mint)(
            "formaliza-webhooks",
            "members:read trainings:read protection:read",
            None,
        ) else {
            return heads;
        };
        for (service, base) in &self.feeds {
            let head = feed_head(feeds, base, service, &token)
                .await
                .unwrap_or(i64::MAX);
            match service.as_str() {
                "members" => heads.members = head,
                "trainings" => heads.trainings = head,
                _ => heads.social_protection = head,
            }
        }
        heads
    }

    async fn deliver(&self, id: String, receivers: &reqwest::Client, feeds: &reqwest::Client) {
        if let Err(error) = self.deliver_one(&id, receivers, feeds).await {
            log::warn!("webhook subscription {id}: {error}");
        }
    }

    async fn deliver_one(
        &self,
        id: &str,
        receivers: &reqwest::Client,
        feeds: &reqwest::Client,
    ) -> Result<(), ApiError> {
        let (lookup, owner) = (id.to_owned(), self.owner.clone());
        let Some((row, cursors)) =
            db::run(&self.pool, move |conn| store::leased(conn, &lookup, &owner)).await?
        else {
            return Ok(());
        };
        let mut next = db::now() + to_delta(self.config.poll);
        let lookup = row.clone();
        let Some(scopes) = db::run(&self.pool, move |conn| rights_now(conn, &lookup)).await? else {
            let (stopped, owner) = (row.id.clone(), self.owner.clone());
            return db::run(&self.pool, move |conn| {
                store::set_state(
                    conn,
                    &stopped,
                    SubscriptionState::Stopped,
                    Some("the client that made it is disabled; resume once it is enabled again"),
                )?;
                store::release(conn, &stopped, &owner, next)
            })
            .await;
        };
        let token = (self.mint)(&row.client_id, &scopes, row.partner_id.as_deref())
            .map_err(ApiError::internal)?;
        let secrets = self.secrets(&row)?;
        let started = std::time::Instant::now();
        'feeds: for mut cursor in cursors {
            // Batch after batch while the feed has more, within a share of the lease.
            let turn = loop {
                let turn = self
                    .deliver_feed(&row, &cursor, &token, &secrets, receivers, feeds)
                    .await?;
                match turn {
                    Turn::Done {
                        more: true,
                        delivered_to: Some(end),
                    } if started.elapsed() < self.config.lease / TURN_SHARE => {
                        cursor.delivered_seq = end;
                        cursor.inflight_last_seq = None;
                    }
                    turn => break turn,
                }
            };
            match turn {
                Turn::Done { more, .. } => {
                    if more {
                        next = db::now();
                    }
                }
                Turn::Later(why) => {
                    log::warn!("webhook subscription {}: {why}", row.id);
                    next = db::now() + TimeDelta::seconds(5);
                    break 'feeds;
                }
                Turn::Failed { error, retry_after } => {
                    let attempts = u32::try_from(row.attempts).unwrap_or(0).saturating_add(1);
                    let jitter = f64::from(rand_core::RngCore::next_u32(&mut rand_core::OsRng))
                        / f64::from(u32::MAX);
                    next = db::now() + to_delta(backoff(attempts, retry_after, jitter));
                    let (failed, disable_after) = (row.clone(), self.config.disable_after);
                    let state = db::run(&self.pool, move |conn| {
                        store::failed(conn, &failed, &error, next, disable_after)
                    })
                    .await?;
                    if state == SubscriptionState::Disabled {
                        log::warn!("webhook subscription {} disabled after failing", row.id);
                    }
                    break 'feeds;
                }
                Turn::Stop(reason) => {
                    log::warn!("webhook subscription {} stopped: {reason}", row.id);
                    let stopped = row.id.clone();
                    db::run(&self.pool, move |conn| {
                        store::set_state(conn, &stopped, SubscriptionState::Stopped, Some(&reason))
                    })
                    .await?;
                    break 'feeds;
                }
            }
        }
        let (release, owner) = (row.id.clone(), self.owner.clone());
        db::run(&self.pool, move |conn| {
            store::release(conn, &release, &owner, next)
        })
        .await
    }

    /// The secrets in force: the current one, and the previous one during its grace period.
    fn secrets(&self, row: &SubscriptionRow) -> Result<Vec<String>, ApiError> {
        let key = self
            .config
            .key
            .as_ref()
            .ok_or_else(|| ApiError::internal("FORMALIZA_WEBHOOK_KEY is not set"))?;
        let mut secrets = vec![key.open(&row.secret_sealed).map_err(ApiError::internal)?];
        if let (Some(previous), Some(until)) = (&row.previous_secret_sealed, row.previous_until)
            && until > db::now()
        {
            secrets.push(key.open(previous).map_err(ApiError::internal)?);
        }
        Ok(secrets)
    }

    async fn deliver_feed(
        &self,
        row: &SubscriptionRow,
        cursor: &CursorRow,
        token: &str,
        secrets: &[String],
        receivers: &reqwest::Client,
        feeds: &reqwest::Client,
    ) -> Result<Turn, ApiError> {
        let Some((_, base)) = self.feeds.iter().find(|(s, _)| *s == cursor.service) else {
            return Ok(Turn::Later(format!(
                "no URL for the {} service",
                cursor.service
            )));
        };
        let limit = self.config.batch;
        let url = format!(
            "{base}/v1/feeds/{}?after={}&limit={limit}",
            cursor.service, cursor.delivered_seq
        );
        let page = match feeds.get(&url).bearer_auth(token).send().await {
            Ok(answer) if answer.status().is_success() => match answer.json::<FeedPage>().await {
                Ok(page) => page,
                Err(error) => return Ok(Turn::Later(format!("the feed's answer: {error}"))),
            },
            Ok(answer) => {
                return Ok(Turn::Later(format!(
                    "the {} feed answered {}",
                    cursor.service,
                    answer.status()
                )));
            }
            Err(error) => {
                return Ok(Turn::Later(format!("the {} feed: {error}", cursor.service)));
            }
        };
        // A batch in flight is sent again exactly; otherwise the page is the batch.
        let end = cursor.inflight_last_seq.unwrap_or(page.next_after);
        let events: Vec<&FeedEvent> = page.data.iter().filter(|e| e.seq <= end).collect();
        let selected: Vec<&FeedEvent> =
            events.iter().copied().filter(|e| selects(row, e)).collect();
        let more = page.has_more || end < page.next_after;
        let head = if page.has_more {
            cursor.head_seq.max(page.next_after)
        } else {
            page.next_after
        };
        let from = cursor.delivered_seq;
        if end <= from {
            // Nothing new for this client: only what the read saw of the feed is recorded.
            if head != cursor.head_seq || cursor.oldest_waiting_at.is_some() {
                let (sid, service) = (row.id.clone(), cursor.service.clone());
                db::run(&self.pool, move |conn| {
                    store::saw(conn, &sid, &service, head, None)
                })
                .await?;
            }
            return Ok(Turn::Done {
                more: false,
                delivered_to: None,
            });
        }
        // After this batch, what still waits is at least as old as its last event (one write
        // per batch: the cursor, the head and the lag together).
        let waiting = more
            .then(|| events.last().map(|e| e.occurred_at.naive_utc()))
            .flatten();
        if selected.is_empty() {
            let (sid, service) = (row.id.clone(), cursor.service.clone());
            db::run(&self.pool, move |conn| {
                store::advance(conn, &sid, &service, from, end, false, head, waiting)
            })
            .await?;
            return Ok(Turn::Done {
                more,
                delivered_to: Some(end),
            });
        }
        let message_id = format!("{}:{}-{end}", cursor.service, from + 1);
        let body = serde_json::to_vec(&message(row, &cursor.service, &selected))
            .map_err(ApiError::internal)?;
        match self.post(row, receivers, &message_id, secrets, body).await {
            Outcome::Delivered => {
                let (sid, service) = (row.id.clone(), cursor.service.clone());
                db::run(&self.pool, move |conn| {
                    store::advance(conn, &sid, &service, from, end, true, head, waiting)
                })
                .await?;
                Ok(Turn::Done {
                    more,
                    delivered_to: Some(end),
                })
            }
            Outcome::Retry { error, retry_after } => {
                self.hold(row, cursor, end, head, &events).await?;
                Ok(Turn::Failed { error, retry_after })
            }
            Outcome::Stop(reason) => {
                self.hold(row, cursor, end, head, &events).await?;
                Ok(Turn::Stop(reason))
            }
        }
    }

    /// A batch not delivered: kept in flight, to be sent again exactly as it was (the same id),
    /// with the lag as seen now.
    async fn hold(
        &self,
        row: &SubscriptionRow,
        cursor: &CursorRow,
        end: i64,
        head: i64,
        events: &[&FeedEvent],
    ) -> Result<(), ApiError> {
        let oldest = events.first().map(|e| e.occurred_at.naive_utc());
        let (sid, service) = (row.id.clone(), cursor.service.clone());
        db::run(&self.pool, move |conn| {
            store::start_batch(conn, &sid, &service, end)?;
            store::saw(conn, &sid, &service, head, oldest)
        })
        .await
    }

    /// POSTs one signed message and reads what the answer means.
    async fn post(
        &self,
        row: &SubscriptionRow,
        receivers: &reqwest::Client,
        message_id: &str,
        secrets: &[String],
        body: Vec<u8>,
    ) -> Outcome {
        let guard = self.config.guard.clone();
        // Literal addresses never reach the resolver: checked here, names again at connect.
        let target = match guard.target(&row.url) {
            Ok(target) => target,
            Err(why) => return Outcome::Stop(why),
        };
        if let Err(why) = guard.resolve(&target.host, target.port).await {
            return Outcome::Retry {
                error: why,
                retry_after: None,
            };
        }
        let timestamp = chrono::Utc::now().timestamp();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let signed = signature(&secrets, message_id, timestamp, &body);
        let answer = receivers
            .post(target.url)
            .header("content-type", "application/json")
            .header("webhook-id", message_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signed)
            .header("user-agent", "Formaliza-Webhooks/1")
            .body(body)
            .send()
            .await;
        match answer {
            Ok(mut answer) => {
                let status = answer.status().as_u16();
                let retry_after = answer
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                // Read a little of the answer (a receiver may not stream a body forever at us).
                let mut read = 0;
                while read < ANSWER_LIMIT {
                    match answer.chunk().await {
                        Ok(Some(chunk)) => read += chunk.len(),
                        _ => break,
                    }
                }
                outcome(status, retry_after)
            }
            Err(error) => Outcome::Retry {
                error: describe(error),
                retry_after: None,
            },
        }
    }
}

/// A feed's last `seq` (its `X-Feed-Head`), read with `token` from the service at `base`: an
/// empty page past every event, so nothing but the header travels.
pub async fn feed_head(
    client: &reqwest::Client,
    base: &str,
    service: &str,
    token: &str,
) -> Result<i64, String> {
    let url = format!("{base}/v1/feeds/{service}?after={}&limit=1", i64::MAX / 2);
    let answer = client
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| format!("the {service} feed: {e}"))?;
    answer
        .headers()
        .get("x-feed-head")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| {
            format!(
                "the {service} feed did not say where it stands ({})",
                answer.status()
            )
        })
}

/// The rights a subscription reads with now: its client's at subscription, cut to what the
/// client still holds when the gateway registered it; `None` when that client is disabled. (A
/// client of an outside issuer reads as it subscribed: its issuer's changes do not reach here.)
fn rights_now(conn: &mut DbConnection, row: &SubscriptionRow) -> Result<Option<String>, ApiError> {
    let client: Option<ApiClient> = api_clients::table
        .find(&row.client_id)
        .select(ApiClient::as_select())
        .first(conn)
        .optional()?;
    Ok(match client {
        None => Some(row.scopes.clone()),
        Some(client) if !client.enabled => None,
        Some(client) => {
            let held: Vec<&str> = client.scopes.split_whitespace().collect();
            Some(
                row.scopes
                    .split_whitespace()
                    .filter(|scope| held.contains(scope))
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        }
    })
}

/// The client that reaches receivers: through the guard's resolver, no redirects, short
/// time-outs, no proxies from the environment (they would reach what the guard forbids).
pub fn receiver_client(config: &WebhookConfig) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .dns_resolver(Arc::new(config.guard.clone()))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(config.timeout)
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())
}

/// Whether the subscription's filters select the event.
fn selects(row: &SubscriptionRow, event: &FeedEvent) -> bool {
    if let Some(resources) = row.resources()
        && !resources.contains(&event.resource)
    {
        return false;
    }
    match (&row.country, &event.data) {
        (Some(country), Some(data)) => {
            #[derive(serde::Deserialize)]
            struct Place {
                country: Option<String>,
            }
            match serde_json::from_str::<Place>(data.get()) {
                Ok(Place { country: Some(of) }) => of == *country,
                _ => true,
            }
        }
        _ => true,
    }
}

/// The message body: the feed's events as the client's pull shows them.
fn message(row: &SubscriptionRow, service: &str, events: &[&FeedEvent]) -> Value {
    json!({
        "type": "formaliza.feed.events",
        "subscription_id": row.id,
        "service": service,
        "data": events,
    })
}

/// A delivery error as the subscription shows it (never the URL's query string).
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    if error.is_timeout() {
        "the receiver did not answer in time".into()
    } else if error.is_connect() {
        format!("cannot connect to the receiver: {error}")
    } else {
        format!("the exchange failed: {error}")
    }
}

fn to_delta(duration: Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::seconds(3600))
}
