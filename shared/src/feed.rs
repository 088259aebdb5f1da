//! The change feed: every committed write appends an event in the same transaction, numbered
//! gap-free in commit order, so a consumer that remembers the last `seq` it saw never misses one.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use utoipa::{IntoParams, ToSchema};

use crate::audit;
use crate::auth::{Principal, Scope};
use crate::context;
use crate::db::{self, DbConnection};
use crate::error::{ApiError, ProblemBody};
use crate::extract::Query;
use crate::privacy::{self, Personal, Privacy};
use crate::schema::{feed_counter, feed_events};
use crate::state::ServiceState;

/// What happened to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Create,
    Update,
    Delete,
    /// The person this record is about asked to be removed: what identified them is gone from
    /// the record and from every earlier event's `data` (which now reads as redacted). Remove it
    /// from every copy you keep (see the README's Privacy section).
    Erase,
}

impl Op {
    /// As stored and as in the JSON (`create`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Create => "create",
            Op::Update => "update",
            Op::Delete => "delete",
            Op::Erase => "erase",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "create" => Op::Create,
            "delete" => Op::Delete,
            "erase" => Op::Erase,
            _ => Op::Update,
        }
    }
}

/// Who made a change, for the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The client id of the token.
    pub sub: String,
    /// The partner the caller acts for, if any.
    pub partner_id: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// The caller of the current request.
    pub fn of(principal: &Principal) -> Self {
        Self {
            sub: principal.sub.clone(),
            partner_id: principal.partner_id.clone(),
            request_id: context::request_id(),
        }
    }
}

/// One change to append.
#[derive(Debug, Clone)]
pub struct Change {
    pub resource: &'static str,
    pub id: String,
    pub op: Op,
    pub version: i64,
    /// The partner that owns the record (decides who may read the event).
    pub owner: Option<String>,
    /// The new representation as JSON text; `None` on delete.
    pub data: Option<String>,
}

impl Change {
    pub fn new<T: Serialize>(
        resource: &'static str,
        id: impl Into<String>,
        op: Op,
        version: i64,
        owner: Option<&str>,
        data: Option<&T>,
    ) -> Result<Self, ApiError> {
        Ok(Self {
            resource,
            id: id.into(),
            op,
            version,
            owner: owner.map(str::to_owned),
            data: data.map(serde_json::to_string).transpose()?,
        })
    }
}

#[derive(Insertable)]
#[diesel(table_name = feed_events, treat_none_as_default_value = false)]
struct NewEvent<'a> {
    seq: i64,
    resource: &'a str,
    resource_id: &'a str,
    op: &'a str,
    version: i64,
    occurred_at: NaiveDateTime,
    actor: &'a str,
    partner_id: Option<&'a str>,
    request_id: Option<&'a str>,
    data: Option<&'a str>,
}

/// Appends `changes` inside the caller's write transaction. The counter row stays locked until
/// that transaction commits, so numbers are handed out in commit order with no gaps.
pub fn append(conn: &mut DbConnection, actor: &Actor, changes: &[Change]) -> Result<(), ApiError> {
    if changes.is_empty() {
        return Ok(());
    }
    let count = i64::try_from(changes.len()).map_err(ApiError::internal)?;
    diesel::update(feed_counter::table.find(1))
        .set(feed_counter::last_seq.eq(feed_counter::last_seq + count))
        .execute(conn)?;
    let last: i64 = feed_counter::table
        .find(1)
        .select(feed_counter::last_seq)
        .first(conn)?;
    let occurred_at = db::now();
    let first = last - count + 1;
    let rows: Vec<NewEvent<'_>> = changes
        .iter()
        .zip(first..)
        .map(|(change, seq)| NewEvent {
            seq,
            resource: change.resource,
            resource_id: &change.id,
            op: change.op.as_str(),
            version: change.version,
            occurred_at,
            actor: &actor.sub,
            partner_id: change.owner.as_deref(),
            request_id: actor.request_id.as_deref(),
            data: change.data.as_deref(),
        })
        .collect();
    match conn {
        // A bulk write's events in one COPY stream: no statement with thousands of parameters
        // to parse. (A few go in one INSERT below, a round trip fewer.)
        DbConnection::Pg(pg) if rows.len() > COPY_ABOVE => {
            diesel::copy_from(feed_events::table)
                .from_insertable(&rows)
                .execute(pg)?;
        }
        _ => {
            // Chunked to stay under SQLite's bound-parameter limit.
            for chunk in rows.chunks(500) {
                crate::on_backend!(conn, |c| diesel::insert_into(feed_events::table)
                    .values(chunk)
                    .execute(c))?;
            }
        }
    }
    Ok(())
}

/// Redacts the stored events of records `ids` of kind `resource` (an erasure): each field of
/// `redacted` present in an event's `data` takes the value given there. Events keep their
/// `seq`, id, op and version, so the feed has no gap; returns how many were rewritten.
pub fn redact(
    conn: &mut DbConnection,
    resource: &str,
    ids: &[&str],
    redacted: &serde_json::Map<String, serde_json::Value>,
) -> Result<usize, ApiError> {
    let mut rewritten = 0;
    for chunk in ids.chunks(500) {
        let events: Vec<(i64, Option<String>)> = feed_events::table
            .filter(feed_events::resource_id.eq_any(chunk))
            .filter(feed_events::resource.eq(resource))
            .filter(feed_events::data.is_not_null())
            .select((feed_events::seq, feed_events::data))
            .load(conn)?;
        for (seq, data) in events {
            let Some(Ok(serde_json::Value::Object(mut object))) = data
                .as_deref()
                .map(serde_json::from_str::<serde_json::Value>)
            else {
                continue;
            };
            let mut changed = false;
            for (field, value) in redacted {
                if let Some(current) = object.get_mut(field)
                    && current != value
                {
                    *current = value.clone();
                    changed = true;
                }
            }
            if changed {
                diesel::update(feed_events::table.find(seq))
                    .set(feed_events::data.eq(serde_json::to_string(&object)?))
                    .execute(conn)?;
                rewritten += 1;
            }
        }
    }
    Ok(rewritten)
}

/// Above this many events, PostgreSQL gets them by COPY rather than INSERT.
const COPY_ABOVE: usize = 50;

#[derive(Queryable)]
struct EventRow {
    seq: i64,
    resource: String,
    resource_id: String,
    op: String,
    version: i64,
    occurred_at: NaiveDateTime,
    actor: String,
    partner_id: Option<String>,
    request_id: Option<String>,
    data: Option<String>,
}

/// One change, as consumers see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeedEvent {
    /// Position in the feed: gap-free, in commit order. Store the last one you applied.
    #[schema(example = 42)]
    pub seq: i64,
    /// The kind of resource (`member`, `household`, …).
    #[schema(example = "member")]
    pub resource: String,
    /// The resource's id.
    pub id: String,
    pub op: Op,
    /// The resource's version after the change.
    pub version: i64,
    pub occurred_at: DateTime<Utc>,
    /// The client id that made the change.
    pub actor: String,
    /// The request that made it.
    pub request_id: Option<String>,
    /// The new representation (as the resource's GET returns it); `null` on delete.
    #[schema(value_type = Option<Object>)]
    pub data: Option<Box<RawValue>>,
}

impl TryFrom<EventRow> for FeedEvent {
    type Error = ApiError;
    fn try_from(row: EventRow) -> Result<Self, ApiError> {
        Ok(FeedEvent {
            seq: row.seq,
            resource: row.resource,
            id: row.resource_id,
            op: Op::parse(&row.op),
            version: row.version,
            occurred_at: row.occurred_at.and_utc(),
            actor: row.actor,
            request_id: row.request_id,
            data: row.data.map(RawValue::from_string).transpose()?,
        })
    }
}

/// A page of the feed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedPage {
    pub data: Vec<FeedEvent>,
    /// Pass as `?after=` next time. It moves past events you are not allowed to see, so it can be
    /// ahead of the last event in `data`.
    pub next_after: i64,
    /// Whether more events are waiting right now.
    pub has_more: bool,
}

pub const FEED_DEFAULT_LIMIT: i64 = 100;
pub const FEED_MAX_LIMIT: i64 = 1000;

/// Reads events after `after`, at most `limit`, visible to `partner` (all when `None`).
/// The last `seq` committed: every write moves it, so it versions the service's data.
pub fn head(conn: &mut DbConnection) -> Result<i64, ApiError> {
    Ok(feed_counter::table
        .find(1)
        .select(feed_counter::last_seq)
        .first(conn)?)
}

pub fn read(
    conn: &mut DbConnection,
    after: i64,
    limit: i64,
    reader: &Reader<'_>,
) -> Result<FeedPage, ApiError> {
    read_with_owners(conn, after, limit, reader).map(|(page, _)| page)
}

/// [`read`], with the partner that owns each returned event's record beside the page (the bus
/// names it in the subject, so that a deployer can give each partner its own subjects).
pub fn read_with_owners(
    conn: &mut DbConnection,
    after: i64,
    limit: i64,
    reader: &Reader<'_>,
) -> Result<(FeedPage, Vec<Option<String>>), ApiError> {
    let partner = reader.principal.partner_id.as_deref();
    // Everything up to the committed counter is committed: read it first, then the events.
    let high_water: i64 = feed_counter::table
        .find(1)
        .select(feed_counter::last_seq)
        .first(conn)?;
    let mut query = feed_events::table
        .filter(feed_events::seq.gt(after))
        .filter(feed_events::seq.le(high_water))
        .order(feed_events::seq.asc())
        .limit(limit + 1)
        .into_boxed();
    if let Some(partner) = partner {
        query = query.filter(feed_events::partner_id.eq(partner));
    }
    let mut rows: Vec<EventRow> = query.load(conn)?;
    let has_more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    if has_more {
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    let next_after = if has_more {
        rows.last().map_or(after, |r| r.seq)
    } else {
        high_water.max(after)
    };
    disclose(conn, reader, &mut rows)?;
    let owners = rows.iter().map(|r| r.partner_id.clone()).collect();
    let data = rows
        .into_iter()
        .map(FeedEvent::try_from)
        .collect::<Result<_, _>>()?;
    Ok((
        FeedPage {
            data,
            next_after,
            has_more,
        },
        owners,
    ))
}

/// Who reads a feed, and which of its records are about people.
pub struct Reader<'a> {
    pub principal: &'a Principal,
    pub privacy: &'a Privacy,
    pub personal: &'a [(&'static str, Personal)],
}

/// Applies the privacy rule to the events' data, as to the records' own answers, and leaves the
/// access record of what showed people to a reader outside their partner.
fn disclose(
    conn: &mut DbConnection,
    reader: &Reader<'_>,
    rows: &mut [EventRow],
) -> Result<(), ApiError> {
    let mut identified = 0;
    for (resource, personal) in reader.personal {
        match personal {
            Personal::No => {}
            Personal::Person(_) if reader.principal.has_scope(Scope::MembersRead) => {
                // Every reader of the members feed over HTTP: it may see who its records are.
                identified += rows
                    .iter()
                    .filter(|r| r.resource == *resource && r.data.is_some())
                    .filter(|r| r.partner_id.as_deref() != reader.principal.partner_id.as_deref())
                    .count();
            }
            Personal::Person(identifying) => {
                // A reader without `members:read` (the bus): a member only by pseudonym unless
                // they consented, and the pseudonym always, so that it keys every copy.
                for row in rows.iter_mut().filter(|r| r.resource == *resource) {
                    let mut object: Option<serde_json::Map<String, serde_json::Value>> = row
                        .data
                        .as_deref()
                        .and_then(|data| serde_json::from_str(data).ok());
                    let consent = object
                        .as_ref()
                        .and_then(|o| o.get("data_sharing_consent")?.as_bool())
                        .unwrap_or(false);
                    if privacy::may_identify_member(
                        reader.principal,
                        row.partner_id.as_deref(),
                        consent,
                    ) {
                        if let Some(object) = object.as_mut() {
                            if row.partner_id.as_deref() != reader.principal.partner_id.as_deref() {
                                identified += 1;
                            }
                            object.insert(
                                privacy::PSEUDONYM_FIELD.to_owned(),
                                serde_json::Value::String(
                                    reader.privacy.pseudonym(&row.resource_id),
                                ),
                            );
                        }
                    } else {
                        row.resource_id = privacy::conceal_person(
                            reader.privacy,
                            identifying,
                            &row.resource_id,
                            object.as_mut(),
                        );
                    }
                    if let Some(object) = object {
                        row.data = Some(serde_json::to_string(&object)?);
                    }
                }
            }
            // The members service's own records that name a member: its readers hold
            // `members:read` and see them as they are.
            Personal::Names(_) if reader.principal.has_scope(Scope::MembersRead) => {}
            Personal::About(link) | Personal::Names(link) => {
                let mut about: Vec<(&mut EventRow, serde_json::Map<String, serde_json::Value>)> =
                    rows.iter_mut()
                        .filter(|r| r.resource == *resource)
                        .filter_map(|r| {
                            let object = serde_json::from_str(r.data.as_deref()?).ok()?;
                            Some((r, object))
                        })
                        .collect();
                if about.is_empty() {
                    continue;
                }
                let mut objects: Vec<_> = about.iter_mut().map(|(_, o)| o).collect();
                identified +=
                    privacy::disclose(conn, reader.principal, reader.privacy, link, &mut objects)?
                        .identified_outside_partner;
                for (row, object) in about {
                    row.data = Some(serde_json::to_string(&object)?);
                }
            }
        }
    }
    audit::record(conn, reader.principal, identified)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// Return events with `seq` greater than this (0, the default, starts at the beginning).
    #[param(minimum = 0)]
    pub after: Option<i64>,
    /// At most this many events (default 100, at most 1000).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
}

/// Read a service's change feed.
///
/// Every create, update, delete and erasure, in commit order, with who made it and the new
/// representation. Store `next_after` and pass it back as `after`: you will never miss or repeat
/// a change, deletions included. A partner token sees only its own records' events. Events of
/// records about a person (enrolments, participations, certificates) follow the same privacy
/// rule as the records' own answers: who the record is about (`member_id` and what identifies
/// the member) only for tokens that may read the member in the members service or when the
/// member consented, a `member_pseudonym` for everyone. On an `erase` event, remove what
/// identified the person from every copy you keep: earlier events of that record now read
/// redacted. The `X-Feed-Head` header gives the feed's last `seq` (how far behind you are).
#[utoipa::path(
    tag = "feeds",
    params(("service" = String, Path, description = "The service whose feed to read", example = "members"), FeedParams),
    security(("bearer" = ["members:read", "trainings:read", "protection:read"])),
    responses(
        (status = 200, description = "Events after `after`", body = FeedPage),
        (status = 400, description = "Bad parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks the service's read scope", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "No such feed", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
#[get("/v1/feeds/{service}")]
pub async fn read_feed(
    principal: Principal,
    service: web::Path<String>,
    params: Query<FeedParams>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    if service.as_str() != state.service {
        return Err(ApiError::not_found(format!(
            "no feed named `{service}` here"
        )));
    }
    principal.require(state.read_scope)?;
    let after = params.after.unwrap_or(0);
    if after < 0 {
        return Err(ApiError::bad_parameter(
            "after",
            "out_of_range",
            "after must be 0 or more",
        ));
    }
    let limit = params.limit.unwrap_or(FEED_DEFAULT_LIMIT);
    if !(1..=FEED_MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_parameter(
            "limit",
            "out_of_range",
            format!("limit must be between 1 and {FEED_MAX_LIMIT}"),
        ));
    }
    let state_in = state.clone();
    let (page, head) = db::run(&state.pool, move |conn| {
        let reader = Reader {
            principal: &principal,
            privacy: &state_in.privacy,
            personal: state_in.personal,
        };
        let page = read(conn, after, limit, &reader)?;
        Ok((page, head(conn)?))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("x-feed-head", head.to_string()))
        .json(page))
}
