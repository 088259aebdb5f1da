//! `Idempotency-Key` on POST: a retry with the same key and body gets the first response back
//! and changes nothing; the same key with a different body is a 422.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{ETAG, HeaderName, HeaderValue, LOCATION};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::schema::idempotency_keys;

pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
/// Set on a response that replays a stored one.
pub const REPLAYED_HEADER: HeaderName = HeaderName::from_static("idempotent-replayed");
/// Keys are kept at least this long (the housekeeping task removes older ones).
pub const RETENTION: TimeDelta = TimeDelta::hours(48);

/// The client's key for this POST, if it sent one.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match req.headers().get(IDEMPOTENCY_KEY_HEADER) {
            None => Ok(Self(None)),
            Some(value) => match value.to_str() {
                Ok(text) if !text.trim().is_empty() && text.len() <= 255 => {
                    Ok(Self(Some(text.trim().to_owned())))
                }
                _ => Err(ApiError::bad_parameter(
                    "Idempotency-Key",
                    "invalid",
                    "Idempotency-Key must be 1 to 255 printable characters (a UUID is a good choice)",
                )),
            },
        };
        std::future::ready(result)
    }
}

/// A response that can be stored and replayed.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub status: StatusCode,
    pub location: Option<String>,
    pub etag: Option<String>,
    pub body: String,
    pub replayed: bool,
}

impl StoredResponse {
    pub fn created(location: String, body: String) -> Self {
        Self {
            status: StatusCode::CREATED,
            location: Some(location),
            etag: None,
            body,
            replayed: false,
        }
    }

    pub fn ok(body: String) -> Self {
        Self {
            status: StatusCode::OK,
            location: None,
            etag: None,
            body,
            replayed: false,
        }
    }

    /// Adds the ETag of the created record's version.
    pub fn with_version(mut self, version: i64) -> Self {
        self.etag = Some(crate::concurrency::etag(version));
        self
    }

    pub fn into_response(self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response.content_type("application/json");
        if let Some(location) = self
            .location
            .as_deref()
            .and_then(|l| HeaderValue::from_str(l).ok())
        {
            response.insert_header((LOCATION, location));
        }
        if let Some(etag) = self
            .etag
            .as_deref()
            .and_then(|e| HeaderValue::from_str(e).ok())
        {
            response.insert_header((ETAG, etag));
        }
        if self.replayed {
            response.insert_header((REPLAYED_HEADER, HeaderValue::from_static("true")));
        }
        response.body(self.body)
    }
}

/// A `POST` as it may be retried: its `Idempotency-Key` (if any) and what identifies the request
/// sent under it (method, target and body digest, see [`request_digest`]).
#[derive(Debug, Clone)]
pub struct Attempt {
    pub key: IdempotencyKey,
    pub digest: String,
}

impl Attempt {
    pub fn new(request: &HttpRequest, key: IdempotencyKey, body_digest: &str) -> Self {
        Self {
            digest: request_digest(request, body_digest),
            key,
        }
    }

    /// The first answer, when this is a retry of a request already answered: looked up before
    /// anything else runs (validation, references in other services, the write), so a retry
    /// gets that answer even if since then the scheme closed, the member was deleted or another
    /// service went down. The same key with another request is a 422. `None`: run the request.
    pub async fn replayed(
        &self,
        pool: &DbPool,
        principal: &Principal,
    ) -> Result<Option<HttpResponse>, ApiError> {
        let Some(key) = self.key.0.clone() else {
            return Ok(None);
        };
        let (sub, digest) = (principal.sub.clone(), self.digest.clone());
        let stored = db::run(pool, move |conn| {
            let found: Option<KeyRow> = idempotency_keys::table
                .find((sub.as_str(), key.as_str()))
                .select(KeyRow::as_select())
                .first(conn)
                .optional()?;
            found
                // Claimed and not answered yet: an import still running (see `claim`); the
                // caller decides what a concurrent twin gets.
                .filter(|row| row.status != IN_PROGRESS)
                .map(|row| row.replay(&digest))
                .transpose()
        })
        .await?;
        Ok(stored.map(StoredResponse::into_response))
    }

    /// Runs `work` inside the caller's write transaction at most once (see [`once`]).
    pub fn once(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        work: impl FnOnce(&mut DbConnection) -> Result<StoredResponse, ApiError>,
    ) -> Result<StoredResponse, ApiError> {
        once(conn, &principal.sub, &self.key, &self.digest, work)
    }
}

/// What [`Attempt::claim`] found.
#[derive(Debug)]
pub enum Claim {
    /// The key is this request's now: run it, then [`Attempt::record`] or [`Attempt::release`].
    Claimed,
    /// The request was answered before: the first answer.
    Answered(StoredResponse),
    /// The same request is running under this key right now.
    Running,
}

/// A claim older than this was left by a process that died mid-way: a retry takes it over.
pub const ABANDONED_AFTER: TimeDelta = TimeDelta::minutes(10);

impl Attempt {
    /// Claims the key, in its own committed transaction, for work that commits in several
    /// transactions (an import writes in chunks): a retry while it runs is told so, a retry
    /// after it answered gets that answer. A claim abandoned by a process that died mid-way
    /// ([`ABANDONED_AFTER`]) is taken over: the work runs again (an import upserts, so what the
    /// first run wrote is found unchanged, never written twice).
    pub fn claim(&self, conn: &mut DbConnection, principal: &Principal) -> Result<Claim, ApiError> {
        let Some(key) = self.key.0.as_deref() else {
            return Ok(Claim::Claimed);
        };
        db::write(conn, |conn| {
            let found: Option<(KeyRow, chrono::NaiveDateTime)> = idempotency_keys::table
                .find((principal.sub.as_str(), key))
                .select((KeyRow::as_select(), idempotency_keys::created_at))
                .first(conn)
                .optional()?;
            match found {
                None => {
                    diesel::insert_into(idempotency_keys::table)
                        .values((
                            idempotency_keys::principal.eq(&principal.sub),
                            idempotency_keys::idempotency_key.eq(key),
                            idempotency_keys::request_digest.eq(&self.digest),
                            idempotency_keys::status.eq(IN_PROGRESS),
                            idempotency_keys::body.eq(""),
                            idempotency_keys::created_at.eq(db::now()),
                        ))
                        .execute(conn)?;
                    Ok(Claim::Claimed)
                }
                Some((row, _)) if row.status != IN_PROGRESS => {
                    row.replay(&self.digest).map(Claim::Answered)
                }
                Some((row, _)) if row.request_digest != self.digest => Err(reused_key()),
                Some((_, claimed_at)) if db::now() - claimed_at < ABANDONED_AFTER => {
                    Ok(Claim::Running)
                }
                Some(_) => {
                    diesel::update(idempotency_keys::table.find((principal.sub.as_str(), key)))
                        .set(idempotency_keys::created_at.eq(db::now()))
                        .execute(conn)?;
                    Ok(Claim::Claimed)
                }
            }
        })
    }

    /// Stores the answer of claimed work, for retries to replay.
    pub fn record(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        response: &StoredResponse,
    ) -> Result<(), ApiError> {
        let Some(key) = self.key.0.as_deref() else {
            return Ok(());
        };
        diesel::update(idempotency_keys::table.find((principal.sub.as_str(), key)))
            .set((
                idempotency_keys::status.eq(i32::from(response.status.as_u16())),
                idempotency_keys::location.eq(response.location.as_deref()),
                idempotency_keys::etag.eq(response.etag.as_deref()),
                idempotency_keys::body.eq(&response.body),
            ))
            .execute(conn)?;
        Ok(())
    }

    /// Gives up a claim whose work failed without writing anything, so that a retry runs it.
    pub fn release(&self, conn: &mut DbConnection, principal: &Principal) -> Result<(), ApiError> {
        let Some(key) = self.key.0.as_deref() else {
            return Ok(());
        };
        diesel::delete(
            idempotency_keys::table
                .find((principal.sub.as_str(), key))
                .filter(idempotency_keys::status.eq(IN_PROGRESS)),
        )
        .execute(conn)?;
        Ok(())
    }
}

/// The status of a key claimed by work that has not answered yet.
const IN_PROGRESS: i32 = 0;

/// A stored key.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
struct KeyRow {
    request_digest: String,
    status: i32,
    location: Option<String>,
    etag: Option<String>,
    body: String,
}

impl KeyRow {
    /// The stored answer, or the 422 for a key sent again with another request.
    fn replay(self, request_digest: &str) -> Result<StoredResponse, ApiError> {
        if self.request_digest != request_digest {
            return Err(reused_key());
        }
        let status = u16::try_from(self.status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK);
        Ok(StoredResponse {
            status,
            location: self.location,
            etag: self.etag,
            body: self.body,
            replayed: true,
        })
    }
}

fn reused_key() -> ApiError {
    ApiError::validation(vec![crate::error::FieldError::new(
        "Idempotency-Key",
        "reused_key",
        "this Idempotency-Key was already used with a different request body",
    )])
}

/// Runs `work` (inside the caller's write transaction) at most once per (principal, key).
///
/// The key row is claimed first with `ON CONFLICT DO NOTHING`: a concurrent retry waits on the
/// claim until the first attempt commits, then finds and replays its response; if the first
/// attempt rolls back, so does its claim.
/// `request_digest` identifies the request (use [`request_digest`]): the same key sent with
/// another body, or to another endpoint, is refused.
pub fn once(
    conn: &mut DbConnection,
    principal: &str,
    key: &IdempotencyKey,
    request_digest: &str,
    work: impl FnOnce(&mut DbConnection) -> Result<StoredResponse, ApiError>,
) -> Result<StoredResponse, ApiError> {
    let Some(key) = key.0.as_deref() else {
        return work(conn);
    };
    let claim = (
        idempotency_keys::principal.eq(principal),
        idempotency_keys::idempotency_key.eq(key),
        idempotency_keys::request_digest.eq(request_digest),
        idempotency_keys::status.eq(IN_PROGRESS),
        idempotency_keys::body.eq(""),
        idempotency_keys::created_at.eq(db::now()),
    );
    let claimed = crate::on_backend!(conn, |c| diesel::insert_into(idempotency_keys::table)
        .values(claim)
        .on_conflict_do_nothing()
        .execute(c))?;
    if claimed == 0 {
        let row: KeyRow = idempotency_keys::table
            .find((principal, key))
            .select(KeyRow::as_select())
            .first(conn)?;
        return row.replay(request_digest);
    }
    let response = work(conn)?;
    diesel::update(idempotency_keys::table.find((principal, key)))
        .set((
            idempotency_keys::status.eq(i32::from(response.status.as_u16())),
            idempotency_keys::location.eq(response.location.as_deref()),
            idempotency_keys::etag.eq(response.etag.as_deref()),
            idempotency_keys::body.eq(&response.body),
        ))
        .execute(conn)?;
    Ok(response)
}

/// What identifies a request for [`once`]: its path (with query) and the digest of its body.
pub fn request_digest(req: &HttpRequest, body_digest: &str) -> String {
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_owned(), |pq| pq.as_str().to_owned());
    crate::extract::digest(format!("{} {target} {body_digest}", req.method()).as_bytes())
}

/// Forgets the stored answers that mention `id` (an erased member's): a replay would show what
/// the erasure removed. A retry with such a key runs again.
pub fn forget_answers_mentioning(conn: &mut DbConnection, id: &str) -> Result<usize, ApiError> {
    let pattern = crate::domain::like_pattern(id);
    Ok(crate::on_backend!(conn, |c| diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::body.like(&pattern).escape('\\'))
    )
    .execute(c))?)
}

/// Deletes keys older than [`RETENTION`]; returns how many.
pub fn purge_expired(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let cutoff = db::now() - RETENTION;
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff)))
            .execute(conn)?,
    )
}
