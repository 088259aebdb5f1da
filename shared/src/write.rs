//! The one way a write goes, for every [`Resource`]: the idempotency key looked up first (a
//! retry gets the first answer, whatever changed since), the body parsed into a typed command
//! (every field error at once), references in other services resolved with the caller's token,
//! then one transaction: local references, rows, the feed event. Patch and delete are the same
//! shape, with `If-Match` and the record's version guarding against lost updates.

use actix_web::{HttpResponse, web};

use crate::auth::Principal;
use crate::concurrency::IfMatch;
use crate::db;
use crate::error::ApiError;
use crate::extract::Json;
use crate::feed::{self, Actor, Change, Op};
use crate::idempotency::{Attempt, StoredResponse};
use crate::ids::RecordId;
use crate::read::{present_one, record_response};
use crate::resource::{References, Resource, change, find_visible, find_writable, writable};
use crate::state::ServiceState;

/// POST: a retry gets the first answer at once; otherwise command, prepare, insert and the
/// `create` event, once per `Idempotency-Key`.
pub async fn create<R: Resource>(
    state: &web::Data<ServiceState>,
    principal: &Principal,
    attempt: Attempt,
    input: R::Input,
) -> Result<HttpResponse, ApiError> {
    if let Some(first) = attempt.replayed(&state.pool, principal).await? {
        return Ok(first);
    }
    let command = R::command(input).map_err(ApiError::validation)?;
    let prepared = R::prepare(command, None, &References::new(principal, state)).await?;
    let (state_in, principal) = (state.clone(), principal.clone());
    let stored = db::run(&state.pool, move |conn| {
        db::write(conn, |conn| {
            attempt.once(conn, &principal, |conn| {
                let record = R::insert(conn, &principal, R::Id::generate(), prepared)?;
                feed::append(
                    conn,
                    &Actor::of(&principal),
                    &[change(&record, Op::Create)?],
                )?;
                let location = format!("{}/{}", R::COLLECTION, record.id());
                let view = present_one(conn, &principal, &state_in, &record)?;
                Ok(
                    StoredResponse::created(location, serde_json::to_string(&view)?)
                        .with_version(record.version()),
                )
            })
        })
    })
    .await?;
    Ok(stored.into_response())
}

/// PATCH with a JSON Merge Patch: the patched representation goes the way of a create
/// (command, prepare), then is written over the record if it is still the version read (412
/// otherwise, as for a stale `If-Match`). A patch that changes nothing writes nothing.
pub async fn patch<R: Resource>(
    state: &web::Data<ServiceState>,
    principal: &Principal,
    id: R::Id,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner();
    let (reader, read_id) = (principal.clone(), id.clone());
    let (current, input) = db::run(&state.pool, move |conn| {
        let current = find_writable::<R>(conn, &reader, &read_id)?;
        if_match.check(current.version())?;
        current.check_changeable()?;
        let before = writable(&current)?;
        let after = crate::patch::apply(&before, &patch)?;
        let input = if after == before {
            None
        } else {
            let mut input: R::Input = crate::patch::parse(after)?;
            R::follow(&current, &mut input);
            Some(input)
        };
        Ok((current, input))
    })
    .await?;
    let current_version = current.version();
    let prepared = match input {
        Some(input) => {
            let command = R::command(input).map_err(ApiError::validation)?;
            let references = References::new(principal, state);
            Some(R::prepare(command, Some(&current), &references).await?)
        }
        None => None,
    };
    let (state_in, principal) = (state.clone(), principal.clone());
    let (view, version) = db::run(&state.pool, move |conn| {
        db::write(conn, |conn| {
            let current = find_writable::<R>(conn, &principal, &id)?;
            // Changed since it was read: the patch was applied to another version.
            IfMatch::version(current_version).check(current.version())?;
            let record = match prepared {
                None => current,
                Some(prepared) => {
                    let updated = R::update(conn, &principal, &current, prepared)?;
                    feed::append(
                        conn,
                        &Actor::of(&principal),
                        &[change(&updated, Op::Update)?],
                    )?;
                    updated
                }
            };
            Ok((
                present_one(conn, &principal, &state_in, &record)?,
                record.version(),
            ))
        })
    })
    .await?;
    Ok(record_response(
        &view,
        version,
        actix_web::http::StatusCode::OK,
    ))
}

/// POST of an action on a record (a status transition): once per `Idempotency-Key`, on the
/// version `If-Match` names (412 otherwise), in one transaction with the record's `update`
/// event. `action` decides and writes the new state of `current`.
pub async fn act<R: Resource>(
    state: &web::Data<ServiceState>,
    principal: &Principal,
    id: R::Id,
    attempt: Attempt,
    if_match: IfMatch,
    action: impl FnOnce(&mut db::DbConnection, &Principal, &R) -> Result<R, ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    if let Some(first) = attempt.replayed(&state.pool, principal).await? {
        return Ok(first);
    }
    let (state_in, principal) = (state.clone(), principal.clone());
    let stored = db::run(&state.pool, move |conn| {
        db::write(conn, |conn| {
            attempt.once(conn, &principal, |conn| {
                let current = find_visible::<R>(conn, &principal, &id)?;
                if_match.check(current.version())?;
                let updated = action(conn, &principal, &current)?;
                feed::append(
                    conn,
                    &Actor::of(&principal),
                    &[change(&updated, Op::Update)?],
                )?;
                let view = present_one(conn, &principal, &state_in, &updated)?;
                Ok(StoredResponse::ok(serde_json::to_string(&view)?)
                    .with_version(updated.version()))
            })
        })
    })
    .await?;
    Ok(stored.into_response())
}

/// DELETE: soft delete, with a `delete` event (and any cascaded changes).
pub async fn delete<R: Resource>(
    state: &web::Data<ServiceState>,
    principal: &Principal,
    id: R::Id,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let principal = principal.clone();
    db::run(&state.pool, move |conn| {
        db::write(conn, |conn| {
            let current = find_writable::<R>(conn, &principal, &id)?;
            if_match.check(current.version())?;
            let mut changes = R::delete(conn, &principal, &current)?;
            changes.push(Change::new::<()>(
                R::KIND,
                current.id().as_str(),
                Op::Delete,
                current.version() + 1,
                current.owner(),
                None,
            )?);
            feed::append(conn, &Actor::of(&principal), &changes)
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
