//! Subscription storage, and the delivery bookkeeping: leases, cursors, attempts.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use formaliza_shared::ApiError;
use formaliza_shared::db::{self, DbConnection};

use super::model::{FeedProgress, Subscription, SubscriptionState};
use crate::schema::{webhook_cursors, webhook_subscriptions};

/// A stored subscription.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_subscriptions, treat_none_as_default_value = false)]
pub struct SubscriptionRow {
    pub id: String,
    pub client_id: String,
    pub partner_id: Option<String>,
    pub scopes: String,
    pub url: String,
    pub services: String,
    pub resources: Option<String>,
    pub country: Option<String>,
    pub secret_sealed: String,
    pub previous_secret_sealed: Option<String>,
    pub previous_until: Option<NaiveDateTime>,
    pub state: String,
    pub state_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub next_attempt_at: NaiveDateTime,
    pub failing_since: Option<NaiveDateTime>,
    pub attempts: i32,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub last_delivered_at: Option<NaiveDateTime>,
    pub lease_owner: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
}

/// A stored cursor: one per subscription and service.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_cursors, treat_none_as_default_value = false)]
pub struct CursorRow {
    pub subscription_id: String,
    pub service: String,
    pub delivered_seq: i64,
    pub inflight_last_seq: Option<i64>,
    pub head_seq: i64,
    pub oldest_waiting_at: Option<NaiveDateTime>,
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl SubscriptionRow {
    pub fn state(&self) -> SubscriptionState {
        SubscriptionState::parse(&self.state)
    }

    pub fn services(&self) -> Vec<String> {
        split(&self.services)
    }

    pub fn resources(&self) -> Option<Vec<String>> {
        self.resources.as_deref().map(split)
    }

    pub fn to_view(&self, cursors: &[CursorRow], now: NaiveDateTime) -> Subscription {
        let state = self.state();
        Subscription {
            id: self.id.clone(),
            url: self.url.clone(),
            services: self.services(),
            resources: self.resources(),
            country: self.country.clone(),
            state,
            state_reason: self.state_reason.clone(),
            client_id: self.client_id.clone(),
            partner_id: self.partner_id.clone(),
            feeds: cursors
                .iter()
                .map(|c| FeedProgress {
                    service: c.service.clone(),
                    delivered_seq: c.delivered_seq,
                    head_seq: c.head_seq.max(c.delivered_seq),
                    lag_events: (c.head_seq - c.delivered_seq).max(0),
                    lag_seconds: c
                        .oldest_waiting_at
                        .map_or(0, |at| (now - at).num_seconds().max(0)),
                })
                .collect(),
            last_attempt_at: self.last_attempt_at.map(|t| t.and_utc()),
            last_error: self.last_error.clone(),
            last_delivered_at: self.last_delivered_at.map(|t| t.and_utc()),
            next_attempt_at: (state == SubscriptionState::Active)
                .then(|| self.next_attempt_at.and_utc()),
            failing_since: self.failing_since.map(|t| t.and_utc()),
            version: self.version,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        }
    }
}

/// Stores a new subscription and a cursor per service, each starting at `heads` (the feed's
/// head now: a subscription is told of changes from its creation on; replay reaches back).
pub fn insert(
    conn: &mut DbConnection,
    row: &SubscriptionRow,
    heads: &[(String, i64)],
) -> Result<(), ApiError> {
    db::write(conn, |conn| {
        diesel::insert_into(webhook_subscriptions::table)
            .values(row)
            .execute(conn)?;
        for (service, head) in heads {
            diesel::insert_into(webhook_cursors::table)
                .values(CursorRow {
                    subscription_id: row.id.clone(),
                    service: service.clone(),
                    delivered_seq: *head,
                    inflight_last_seq: None,
                    head_seq: *head,
                    oldest_waiting_at: None,
                })
                .execute(conn)?;
        }
        Ok(())
    })
}

/// A live subscription and its cursors.
pub fn find(
    conn: &mut DbConnection,
    id: &str,
) -> Result<Option<(SubscriptionRow, Vec<CursorRow>)>, ApiError> {
    let row: Option<SubscriptionRow> = webhook_subscriptions::table
        .find(id)
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()?;
    match row {
        None => Ok(None),
        Some(row) => {
            let cursors = cursors(conn, id)?;
            Ok(Some((row, cursors)))
        }
    }
}

pub fn cursors(conn: &mut DbConnection, id: &str) -> Result<Vec<CursorRow>, ApiError> {
    Ok(webhook_cursors::table
        .filter(webhook_cursors::subscription_id.eq(id))
        .order(webhook_cursors::service.asc())
        .select(CursorRow::as_select())
        .load(conn)?)
}

/// The live subscriptions of `client` (everyone's when `None`), oldest first.
pub fn list(
    conn: &mut DbConnection,
    client: Option<&str>,
) -> Result<Vec<(SubscriptionRow, Vec<CursorRow>)>, ApiError> {
    let mut query = webhook_subscriptions::table
        .filter(webhook_subscriptions::deleted_at.is_null())
        .order(webhook_subscriptions::id.asc())
        .select(SubscriptionRow::as_select())
        .into_boxed();
    if let Some(client) = client {
        query = query.filter(webhook_subscriptions::client_id.eq(client.to_owned()));
    }
    let rows: Vec<SubscriptionRow> = query.limit(500).load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let cursors = cursors(conn, &row.id)?;
        out.push((row, cursors));
    }
    Ok(out)
}

/// How many live subscriptions `client` holds.
pub fn count_for(conn: &mut DbConnection, client: &str) -> Result<i64, ApiError> {
    Ok(webhook_subscriptions::table
        .filter(webhook_subscriptions::deleted_at.is_null())
        .filter(webhook_subscriptions::client_id.eq(client))
        .count()
        .get_result(conn)?)
}

/// A change of state by the client (pause, resume) or the delivery (stop, disable). Resuming
/// forgets the failures and is due at once.
pub fn set_state(
    conn: &mut DbConnection,
    id: &str,
    state: SubscriptionState,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let now = db::now();
    let resumed = state == SubscriptionState::Active;
    let changed = diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::state.eq(state.as_str()),
            webhook_subscriptions::state_reason.eq(reason),
            webhook_subscriptions::version.eq(webhook_subscriptions::version + 1),
            webhook_subscriptions::updated_at.eq(now),
        ))
        .execute(conn)?;
    if resumed && changed > 0 {
        diesel::update(webhook_subscriptions::table.find(id))
            .set((
                webhook_subscriptions::attempts.eq(0),
                webhook_subscriptions::failing_since.eq(None::<NaiveDateTime>),
                webhook_subscriptions::next_attempt_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A new secret; the current one keeps signing beside it until `previous_until`.
pub fn rotate_secret(
    conn: &mut DbConnection,
    current: &SubscriptionRow,
    sealed: &str,
    previous_until: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(webhook_subscriptions::table.find(&current.id))
        .set((
            webhook_subscriptions::previous_secret_sealed.eq(&current.secret_sealed),
            webhook_subscriptions::previous_until.eq(previous_until),
            webhook_subscriptions::secret_sealed.eq(sealed),
            webhook_subscriptions::version.eq(webhook_subscriptions::version + 1),
            webhook_subscriptions::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Delivers `service`'s feed again from after `after`.
pub fn replay(
    conn: &mut DbConnection,
    id: &str,
    service: &str,
    after: i64,
) -> Result<usize, ApiError> {
    let moved = diesel::update(
        webhook_cursors::table
            .filter(webhook_cursors::subscription_id.eq(id))
            .filter(webhook_cursors::service.eq(service)),
    )
    .set((
        webhook_cursors::delivered_seq.eq(after),
        webhook_cursors::inflight_last_seq.eq(None::<i64>),
    ))
    .execute(conn)?;
    diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::next_attempt_at.eq(db::now()),
            webhook_subscriptions::version.eq(webhook_subscriptions::version + 1),
            webhook_subscriptions::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(moved)
}

pub fn delete(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    let now = db::now();
    diesel::update(webhook_subscriptions::table.find(id))
        .set((
            webhook_subscriptions::deleted_at.eq(now),
            webhook_subscriptions::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = Text)]
    id: String,
}

/// Each feed's head, as last read (`i64::MAX` when it could not be read: then every
/// subscription to it is tried, and finds out).
#[derive(Debug, Clone, Copy)]
pub struct Heads {
    pub members: i64,
    pub trainings: i64,
    pub social_protection: i64,
}

/// Leases up to `limit` active subscriptions that are due, behind one of `heads` (or with a
/// batch in flight) and not leased by a live replica, to `owner` until `until`: an idle
/// subscription costs one row read per poll, no request. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets replicas claim at once
/// without waiting on each other or claiming the same one; SQLite has one writer.
pub fn claim(
    conn: &mut DbConnection,
    owner: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
    limit: i64,
    heads: &Heads,
) -> Result<Vec<String>, ApiError> {
    let lock = match conn {
        DbConnection::Pg(_) => "FOR UPDATE SKIP LOCKED",
        DbConnection::Sqlite(_) => "",
    };
    let sql = db::numbered_parameters(
        conn,
        &format!(
            "UPDATE webhook_subscriptions SET lease_owner = $1, lease_until = $2
WHERE id IN (
    SELECT id FROM webhook_subscriptions
    WHERE deleted_at IS NULL AND state = 'active' AND next_attempt_at <= $3
      AND (lease_until IS NULL OR lease_until < $3)
      AND EXISTS (
          SELECT 1 FROM webhook_cursors c
          WHERE c.subscription_id = webhook_subscriptions.id
            AND (c.inflight_last_seq IS NOT NULL
                 OR (c.service = 'members' AND c.delivered_seq < $5)
                 OR (c.service = 'trainings' AND c.delivered_seq < $6)
                 OR (c.service = 'social-protection' AND c.delivered_seq < $7)))
    ORDER BY next_attempt_at
    LIMIT $4
    {lock}
)
RETURNING id"
        ),
    );
    let claimed: Vec<Claimed> = db::write(conn, |conn| {
        formaliza_shared::on_backend!(conn, |c| diesel::sql_query(&sql)
            .bind::<Text, _>(owner)
            .bind::<Timestamp, _>(until)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(heads.members)
            .bind::<BigInt, _>(heads.trainings)
            .bind::<BigInt, _>(heads.social_protection)
            .load(c))
        .map_err(ApiError::from)
    })?;
    Ok(claimed.into_iter().map(|c| c.id).collect())
}

/// The subscription, if `owner` still holds its lease.
pub fn leased(
    conn: &mut DbConnection,
    id: &str,
    owner: &str,
) -> Result<Option<(SubscriptionRow, Vec<CursorRow>)>, ApiError> {
    Ok(find(conn, id)?.filter(|(row, _)| row.lease_owner.as_deref() == Some(owner)))
}

/// Gives the lease back, with the next attempt due at `next`.
pub fn release(
    conn: &mut DbConnection,
    id: &str,
    owner: &str,
    next: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(
        webhook_subscriptions::table
            .find(id)
            .filter(webhook_subscriptions::lease_owner.eq(owner)),
    )
    .set((
        webhook_subscriptions::lease_owner.eq(None::<String>),
        webhook_subscriptions::lease_until.eq(None::<NaiveDateTime>),
        webhook_subscriptions::next_attempt_at.eq(next),
    ))
    .execute(conn)?;
    Ok(())
}

/// What the last pull saw of a feed: its head, and since when the oldest waiting event waits.
pub fn saw(
    conn: &mut DbConnection,
    id: &str,
    service: &str,
    head: i64,
    oldest_waiting: Option<NaiveDateTime>,
) -> Result<(), ApiError> {
    diesel::update(
        webhook_cursors::table
            .filter(webhook_cursors::subscription_id.eq(id))
            .filter(webhook_cursors::service.eq(service)),
    )
    .set((
        webhook_cursors::head_seq.eq(head),
        webhook_cursors::oldest_waiting_at.eq(oldest_waiting),
    ))
    .execute(conn)?;
    Ok(())
}

/// Marks the batch ending at `last` as in flight (retried as it is until delivered).
pub fn start_batch(
    conn: &mut DbConnection,
    id: &str,
    service: &str,
    last: i64,
) -> Result<(), ApiError> {
    diesel::update(
        webhook_cursors::table
            .filter(webhook_cursors::subscription_id.eq(id))
            .filter(webhook_cursors::service.eq(service)),
    )
    .set(webhook_cursors::inflight_last_seq.eq(last))
    .execute(conn)?;
    Ok(())
}

/// The feed delivered (or passed over) up to `to`, from `from`: only if nobody moved the cursor
/// meanwhile (a replay, or another replica after this one's lease ran out); with what the read
/// saw of the feed's head and of the oldest event still waiting.
#[expect(
    clippy::too_many_arguments,
    reason = "one write for all a batch's bookkeeping"
)]
pub fn advance(
    conn: &mut DbConnection,
    id: &str,
    service: &str,
    from: i64,
    to: i64,
    delivered: bool,
    head: i64,
    oldest_waiting: Option<NaiveDateTime>,
) -> Result<(), ApiError> {
    let now = db::now();
    db::write(conn, |conn| {
        let moved = diesel::update(
            webhook_cursors::table
                .filter(webhook_cursors::subscription_id.eq(id))
                .filter(webhook_cursors::service.eq(service))
                .filter(webhook_cursors::delivered_seq.eq(from)),
        )
        .set((
            webhook_cursors::delivered_seq.eq(to),
            webhook_cursors::inflight_last_seq.eq(None::<i64>),
            webhook_cursors::head_seq.eq(head),
            webhook_cursors::oldest_waiting_at.eq(oldest_waiting),
        ))
        .execute(conn)?;
        if moved > 0 && delivered {
            diesel::update(webhook_subscriptions::table.find(id))
                .set((
                    webhook_subscriptions::attempts.eq(0),
                    webhook_subscriptions::failing_since.eq(None::<NaiveDateTime>),
                    webhook_subscriptions::last_error.eq(None::<String>),
                    webhook_subscriptions::last_attempt_at.eq(now),
                    webhook_subscriptions::last_delivered_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// A failed attempt: counted, with its error, the next attempt at `next`; disabled with
/// `disable_reason` when it has failed for longer than `disable_after`.
pub fn failed(
    conn: &mut DbConnection,
    row: &SubscriptionRow,
    error: &str,
    next: NaiveDateTime,
    disable_after: TimeDelta,
) -> Result<SubscriptionState, ApiError> {
    let now = db::now();
    let since = row.failing_since.unwrap_or(now);
    diesel::update(webhook_subscriptions::table.find(&row.id))
        .set((
            webhook_subscriptions::attempts.eq(row.attempts.saturating_add(1)),
            webhook_subscriptions::failing_since.eq(since),
            webhook_subscriptions::last_attempt_at.eq(now),
            webhook_subscriptions::last_error.eq(error),
            webhook_subscriptions::next_attempt_at.eq(next),
        ))
        .execute(conn)?;
    if now - since >= disable_after {
        let reason = format!(
            "every attempt failed since {} (last: {error}); resume once the receiver is back",
            since.and_utc().to_rfc3339()
        );
        set_state(conn, &row.id, SubscriptionState::Disabled, Some(&reason))?;
        return Ok(SubscriptionState::Disabled);
    }
    Ok(SubscriptionState::Active)
}
