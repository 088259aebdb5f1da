//! `Idempotency-Key` on POST: a retry with the same key and body gets the first response back
//! and changes nothing; the same key with a different body is a 422.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{ETAG, HeaderName, HeaderValue, LOCATION};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use diesel::prelude::*;

use crate::db::{self, DbConnection};
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
        idempotency_keys::status.eq(0),
        idempotency_keys::body.eq(""),
        idempotency_keys::created_at.eq(db::now()),
    );
    let claimed = crate::on_backend!(conn, |c| diesel::insert_into(idempotency_keys::table)
        .values(claim)
        .on_conflict_do_nothing()
        .execute(c))?;
    if claimed == 0 {
        let (digest, status, location, etag, body): (
            String,
            i32,
            Option<String>,
            Option<String>,
            String,
        ) = idempotency_keys::table
            .find((principal, key))
            .select((
                idempotency_keys::request_digest,
                idempotency_keys::status,
                idempotency_keys::location,
                idempotency_keys::etag,
                idempotency_keys::body,
            ))
            .first(conn)?;
        if digest != request_digest {
            return Err(ApiError::validation(vec![crate::error::FieldError::new(
                "Idempotency-Key",
                "reused_key",
                "this Idempotency-Key was already used with a different request body",
            )]));
        }
        let status = u16::try_from(status)
            .ok()
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK);
        return Ok(StoredResponse {
            status,
            location,
            etag,
            body,
            replayed: true,
        });
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

/// Deletes keys older than [`RETENTION`]; returns how many.
pub fn purge_expired(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let cutoff = db::now() - RETENTION;
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff)))
            .execute(conn)?,
    )
}
