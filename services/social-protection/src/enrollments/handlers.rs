//! Enrolment endpoints: the resource itself, its transitions, and the ministry export lives in
//! `crate::export`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use formaliza_shared::ApiError;
use formaliza_shared::auth::Authorized;
use formaliza_shared::auth::scopes::{ProtectionRead, ProtectionWrite};
use formaliza_shared::concurrency::IfMatch;
use formaliza_shared::config::Upstreams;
use formaliza_shared::db::{self, DbPool};
use formaliza_shared::extract::{Json, Query};
use formaliza_shared::feed::{self, Actor, Op};
use formaliza_shared::idempotency::{Attempt, IdempotencyKey, StoredResponse};
use formaliza_shared::openapi::{CreateWithReferenceErrors, ListErrors, ReadErrors, UpdateErrors};
use formaliza_shared::pagination::Page;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::upstream::Upstream;

use super::db::{self as store, EnrollmentFilter, EnrollmentRow};
use super::model::{
    Enrollment, EnrollmentHistory, EnrollmentInput, EnrollmentStatus, TransitionInput,
};

/// Filters for listing enrolments.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EnrollmentListParams {
    pub scheme_id: Option<String>,
    pub member_id: Option<String>,
    pub household_id: Option<String>,
    /// Current status.
    pub status: Option<EnrollmentStatus>,
    /// The scheme's country (`PE`, `BO`).
    pub country: Option<String>,
    /// Only enrolments changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List enrolments.
///
/// Keyset-paginated in creation order. A partner token sees only its own enrolments.
#[utoipa::path(
    tag = "enrollments",
    params(EnrollmentListParams),
    security(("bearer" = ["protection:read"])),
    responses((status = 200, description = "A page of enrolments", body = Page<Enrollment>), ListErrors)
)]
#[get("/v1/enrollments")]
pub async fn list_enrollments(
    principal: Authorized<ProtectionRead>,
    params: Query<EnrollmentListParams>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = EnrollmentFilter {
        scheme_id: params.scheme_id,
        member_id: params.member_id,
        household_id: params.household_id,
        status: params.status.map(|s| s.as_str().to_owned()),
        country: params.country,
    };
    let window = resource::Window {
        limit: params.limit,
        cursor: params.cursor.as_deref(),
        updated_after: params.updated_after,
    };
    resource::list(&pool, &principal, &privacy, window, filter, store::list).await
}

/// Enrol a member or a household in a scheme.
///
/// The member (person schemes) or household (household schemes) must exist in the members
/// service and be visible to your token: it is looked up with your token, so `members:read` is
/// needed too (422 `unknown_reference` when missing or another partner's; 503 when the members
/// service cannot be reached). A new enrolment starts `applied`, or `active` to record an
/// existing affiliation, effective `effective_on` (default today; backdating allowed, never a
/// future date). A member (or household) holds at most one live enrolment per scheme: a second
/// while the first is `applied`, `active` or `suspended` is a 409 whose `context.existing_id`
/// names it. Send an `Idempotency-Key` to retry safely: a retry gets the first answer, even if
/// the scheme closed or the member was deleted since.
#[utoipa::path(
    tag = "enrollments",
    request_body = EnrollmentInput,
    params(formaliza_shared::openapi::IdempotencyKeyHeader),
    security(("bearer" = ["protection:write"])),
    responses(
        (status = 201, description = "Created", body = Enrollment, headers(("Location" = String), ("ETag" = String))),
        CreateWithReferenceErrors
    )
)]
#[post("/v1/enrollments")]
pub async fn create_enrollment(
    principal: Authorized<ProtectionWrite>,
    request: HttpRequest,
    key: IdempotencyKey,
    body: Json<EnrollmentInput>,
    pool: web::Data<DbPool>,
    privacy: web::Data<Privacy>,
    upstreams: web::Data<Upstreams>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(&request, key, &body.digest);
    if let Some(first) = attempt.replayed(&pool, &principal).await? {
        return Ok(first);
    }
    // Field errors and the scheme first: cheap, and no call to make for a refused enrolment.
    let valid = body
        .value
        .clone()
        .validate()
        .map_err(ApiError::validation)?;
    let (checker, checked) = (principal.principal.clone(), valid.clone());
    db::run(&pool, move |conn| {
        store::open_scheme_for(conn, &checker, &checked).map(|_| ())
    })
    .await?;
    let members = Upstream::members(&upstreams)?;
    match &valid.enrollee {
        super::model::Enrollee::Member(id) => {
            members
                .require(&principal, "member_id", "member", "/v1/members", id)
                .await?
        }
        super::model::Enrollee::Household(id) => {
            members
                .require(
                    &principal,
                    "household_id",
                    "household",
                    "/v1/households",
                    id,
                )
                .await?
        }
    };
    resource::insert::<EnrollmentRow>(&pool, &principal, &privacy, attempt, body.into_inner()).await
}

formaliza_shared::resource_endpoints! {
    resource: EnrollmentRow, view: Enrollment, input: EnrollmentInput, tag: "enrollments",
    read: ProtectionRead "protection:read", write: ProtectionWrite "protection:write",
    collection: "/v1/enrollments", item: "/v1/enrollments/{id}",
    get: get_enrollment "Get an enrolment.",
    patch: patch_enrollment
        "Change an enrolment's affiliation number or evidence (JSON Merge Patch)."
        "The scheme and the enrollee are fixed; the status changes only through `POST /v1/enrollments/{id}/transitions`.",
        example: {"affiliation_number": "SIS-4471-2025"},
    delete: delete_enrollment
        "Delete an enrolment."
        "A soft delete, for a record made in error (an enrolment that finished is `ended`, not deleted); the feed shows it.",
}

/// Change an enrolment's status.
///
/// Legal moves: `applied → active | rejected`, `active → suspended | ended`,
/// `suspended → active | ended`; `ended` and `rejected` are final. An illegal move is a 409 whose
/// `context.allowed` lists the statuses allowed from the current one. `effective_on` (default
/// today) may be backdated down to the date of the current status, never set in the future (422).
/// Send `If-Match` to be sure of the status you are moving from, and an `Idempotency-Key` to retry
/// safely.
#[utoipa::path(
    tag = "enrollments",
    request_body = TransitionInput,
    params(
        ("id" = String, Path, format = "uuid", description = "The enrolment's id"),
        formaliza_shared::openapi::IfMatchHeader,
        formaliza_shared::openapi::IdempotencyKeyHeader,
    ),
    security(("bearer" = ["protection:write"])),
    responses((status = 200, description = "The enrolment in its new status", body = Enrollment, headers(("ETag" = String))), UpdateErrors)
)]
#[post(
    "/v1/enrollments/{id}/transitions",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn transition_enrollment(
    principal: Authorized<ProtectionWrite>,
    id: web::Path<String>,
    request: HttpRequest,
    if_match: IfMatch,
    key: IdempotencyKey,
    body: Json<TransitionInput>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let id = resource::parse_id("id", &id)?;
    let attempt = Attempt::new(&request, key, &body.digest);
    if let Some(first) = attempt.replayed(&pool, &principal).await? {
        return Ok(first);
    }
    let principal = principal.principal.clone();
    let input = body.into_inner();
    let stored = db::run(&pool, move |conn| {
        db::write(conn, |conn| {
            attempt.once(conn, &principal, |conn| {
                let current = resource::find_visible::<EnrollmentRow>(conn, &principal, &id)?;
                if_match.check(current.version())?;
                let updated = store::transition(conn, &principal, &current, input)?;
                feed::append(
                    conn,
                    &Actor::of(&principal),
                    &[resource::change(&updated, Op::Update)?],
                )?;
                Ok(
                    StoredResponse::ok(serde_json::to_string(&updated.to_view())?)
                        .with_version(updated.version()),
                )
            })
        })
    })
    .await?;
    Ok(stored.into_response())
}

/// An enrolment's status history.
///
/// Every transition, oldest first, with its effective date: the status on a date D is the last
/// transition effective on or before D.
#[utoipa::path(
    tag = "enrollments",
    params(("id" = String, Path, format = "uuid", description = "The enrolment's id")),
    security(("bearer" = ["protection:read"])),
    responses((status = 200, description = "The transitions", body = EnrollmentHistory), ReadErrors)
)]
#[get(
    "/v1/enrollments/{id}/transitions",
    guard = "formaliza_shared::resource::record_id_guard"
)]
pub async fn list_transitions(
    principal: Authorized<ProtectionRead>,
    id: web::Path<String>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let id = resource::parse_id("id", &id)?;
    let principal = principal.principal.clone();
    let rows = db::run(&pool, move |conn| {
        let enrollment = resource::find_visible::<EnrollmentRow>(conn, &principal, &id)?;
        store::history(conn, &enrollment.id)
    })
    .await?;
    let data = rows
        .iter()
        .map(|r| r.to_view())
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(EnrollmentHistory { data }))
}
