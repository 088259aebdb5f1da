//! Erasure: a person's right to have their identifying data removed (Peru's Ley 29733 on the
//! protection of personal data, Bolivia's constitutional right to data protection).
//!
//! In one transaction: the member's names, national ID, phone, birth date and district are
//! removed from the record and from every earlier event of it in the members feed (the events
//! keep their `seq`, op and version, so the feed has no gap), the request is logged (who, when,
//! why), and an `erase` event tells every consumer to do the same. The trainings and
//! social-protection services do it on that event: their read models, the initials on
//! certificates, the affiliation numbers of enrolments and the events that showed them.
//! What counts people (sex, sector, household) stays, so aggregate indicators keep counting the
//! household unless the member is also deleted.

use actix_web::{HttpRequest, HttpResponse, post, web};
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::MembersWrite;
use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::extract::Json;
use formaliza_shared::feed::{self, Actor, Change, Op};
use formaliza_shared::idempotency::{Attempt, IdempotencyKey, StoredResponse};
use formaliza_shared::ids::{MemberId, RecordId};
use formaliza_shared::openapi::{IdempotencyKeyHeader, UpdateErrors};
use formaliza_shared::read::present_one;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::state::ServiceState;
use formaliza_shared::{ApiError, FieldErrors, Principal, domain};

use super::db::MemberRow;
use super::model::Member;
use crate::schema::{erasures, members};

/// An erasure request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Requested in person at the Pichanaqui office on 2026-12-01 (form 118)"}))]
pub struct ErasureInput {
    /// Why, and on whose request (kept in the erasure log for the programme office, 3 to 1000
    /// characters): the date and channel of the person's request, not their name.
    pub reason: String,
}

/// The fields of a member's representation that identify the person: what an erasure removes,
/// and what the bus (a reader without `members:read`) never sees of a member who did not
/// consent.
pub const IDENTIFYING: &[&str] = &[
    "given_names",
    "family_names",
    "national_id",
    "phone",
    "birth_date",
    "district",
];

/// The identifying fields of a member's representation, as they read once erased.
pub fn redacted() -> Map<String, Value> {
    let Value::Object(fields) = json!({
        "given_names": "",
        "family_names": "",
        "national_id": null,
        "phone": null,
        "birth_date": null,
        "district": null,
    }) else {
        unreachable!("a JSON object literal")
    };
    fields
}

/// Erase a member's identifying data.
///
/// At the person's request (Peru's Ley 29733, Bolivia's constitutional right to data
/// protection), by the programme office or the partner that registered them (`members:write`;
/// another partner's member is a 404). Removes names, national ID, phone, birth date and
/// district from the member and from every earlier event of the member in the members feed
/// (events keep their `seq`: no gap), logs who asked and why, and appends an `erase` event that
/// tells every consumer to do the same: the trainings and social-protection services remove what
/// they keep (read models, certificate initials, affiliation numbers, and their events that
/// showed them). What counts people (sex, sector, household) stays, so indicators keep counting
/// the household unless the member is also deleted. A deleted member can be erased too. Erasing
/// again changes nothing. An erased member cannot be changed (409).
#[utoipa::path(
    tag = "members",
    request_body = ErasureInput,
    params(
        ("id" = String, Path, format = "uuid", description = "The member's id"),
        IdempotencyKeyHeader,
    ),
    security(("bearer" = ["members:write"])),
    responses((status = 200, description = "The member, erased", body = Member), UpdateErrors)
)]
#[post(
    "/v1/members/{id}/erasure",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn erase_member(
    principal: Authorized<MembersWrite>,
    id: web::Path<MemberId>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<ErasureInput>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let attempt = Attempt::new(&request, key, &body.digest);
    if let Some(first) = attempt.replayed(&state.pool, &principal).await? {
        return Ok(first);
    }
    let mut errors = FieldErrors::new();
    let reason = errors.check("reason", domain::text(&body.reason, 3, 1000));
    let reason = match (errors.is_empty(), reason) {
        (true, Some(reason)) => reason,
        _ => return Err(ApiError::validation(errors.into_vec())),
    };
    let (state_in, principal) = (state.clone(), principal.principal);
    let stored = db::run(&state.pool, move |conn| {
        db::write(conn, |conn| {
            attempt.once(conn, &principal, |conn| {
                let erased = erase(conn, &principal, &id, &reason)?;
                let view = present_one(conn, &principal, &state_in, &erased)?;
                Ok(StoredResponse::ok(serde_json::to_string(&view)?).with_version(erased.version))
            })
        })
    })
    .await?;
    Ok(stored.into_response())
}

/// Erases member `id` (live or deleted) inside the caller's transaction; returns it as it is
/// now. Erasing an erased member changes nothing.
pub fn erase(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &MemberId,
    reason: &str,
) -> Result<MemberRow, ApiError> {
    let member: Option<MemberRow> = members::table
        .find(id)
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?;
    let member = match member {
        Some(member) if principal.can_see(member.partner_id.as_deref()) => member,
        _ => return Err(ApiError::not_found(format!("no member with id {id}"))),
    };
    if member.erased_at.is_some() {
        return Ok(member);
    }
    let now = db::now();
    let version = member.version + 1;
    let rows = diesel::update(
        members::table
            .find(id)
            .filter(members::version.eq(member.version)),
    )
    .set((
        members::given_names.eq(""),
        members::family_names.eq(""),
        members::name_key.eq(""),
        members::birth_date.eq(None::<chrono::NaiveDate>),
        members::id_type.eq(None::<String>),
        members::id_country.eq(None::<String>),
        members::id_number.eq(None::<String>),
        members::id_complement.eq(None::<String>),
        members::id_issued_in.eq(None::<String>),
        members::phone.eq(None::<String>),
        members::district.eq(None::<String>),
        members::erased_at.eq(Some(now)),
        members::version.eq(version),
        members::updated_at.eq(now),
    ))
    .execute(conn)?;
    resource::ensure_updated(rows)?;
    // The birth date is gone: their jobs count without an age band from now on.
    crate::indicators::periods::recompute_workers(conn, std::slice::from_ref(id))?;
    let actor = Actor::of(principal);
    diesel::insert_into(erasures::table)
        .values((
            erasures::id.eq(formaliza_shared::ids::new_id()),
            erasures::member_id.eq(id),
            erasures::partner_id.eq(member.partner_id.as_deref()),
            erasures::actor.eq(&principal.sub),
            erasures::reason.eq(reason),
            erasures::erased_at.eq(now),
            erasures::request_id.eq(actor.request_id.as_deref()),
        ))
        .execute(conn)?;
    let erased: MemberRow = members::table
        .find(id)
        .select(MemberRow::as_select())
        .first(conn)?;
    feed::redact(conn, MemberRow::KIND, &[id.as_str()], &redacted())?;
    formaliza_shared::idempotency::forget_answers_mentioning(conn, id.as_str())?;
    // A live member's event carries what remains (consumers keep counting them); a deleted
    // one's carries nothing, so that no consumer brings it back.
    let remains = erased.deleted_at.is_none().then(|| erased.to_view());
    feed::append(
        conn,
        &actor,
        &[Change::new(
            MemberRow::KIND,
            id.as_str(),
            Op::Erase,
            erased.version,
            erased.partner_id.as_deref(),
            remains.as_ref(),
        )?],
    )?;
    Ok(erased)
}
