//! Publishing questions (the programme office) and reading their answers (anyone, no token),
//! served by the gateway itself.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, AGE, CACHE_CONTROL, CONTENT_TYPE, ETAG,
    HeaderValue, IF_NONE_MATCH, LOCATION, ORIGIN,
};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};

use formaliza_shared::db::{self, DbPool};
use formaliza_shared::extract::Json;
use formaliza_shared::openapi::{CreateErrors, DeleteErrors, ListErrors, ReadErrors};
use formaliza_shared::{ApiError, FieldError, Principal, Scope};

use std::time::Instant;

use super::answers::{Answer, Answers, ask};
use super::db::{self as store, Published, PublishedRow};
use super::model::{
    PublicIndex, PublishedInput, PublishedQuestion, PublishedQuestionList, etag, none_match,
};
use crate::State;
use crate::limits::{Budget, RATELIMIT_LIMIT, RATELIMIT_REMAINING};
use crate::proxy::Caller;
use crate::routes::RouteTable;

/// The caller, who must be the programme office: `indicators:publish` (or `admin`) and no
/// `partner_id` (a partner's figures are not the programme's to publish).
fn publisher(Caller(principal): Caller) -> Result<Principal, ApiError> {
    principal.require(Scope::IndicatorsPublish)?;
    if principal.partner_id.is_some() {
        return Err(ApiError::forbidden(
            "only the programme office (a token without partner_id) publishes indicators",
        ));
    }
    Ok(principal)
}

fn not_published(slug: &str) -> ApiError {
    ApiError::not_found(format!("nothing is published as {slug}"))
}

/// The service's refusal of a question, as the publisher's 422 (its field errors under
/// `query.`), or its unavailability as it was.
fn refused(trial: &super::answers::Answer) -> ApiError {
    let problem: serde_json::Value = serde_json::from_slice(&trial.body).unwrap_or_default();
    if trial.status.is_server_error() {
        return ApiError::unavailable(format!(
            "the service answering this question failed ({}); try again",
            trial.status
        ));
    }
    let detail = problem["detail"]
        .as_str()
        .unwrap_or("the service refused the question")
        .to_owned();
    let mut errors: Vec<FieldError> = problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    FieldError::new(
                        format!("query.{}", e["field"].as_str().unwrap_or("")),
                        e["code"].as_str().unwrap_or("refused"),
                        e["message"].as_str().unwrap_or(&detail),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if errors.is_empty() {
        errors.push(FieldError::new("query", "refused_by_service", detail));
    }
    ApiError::validation(errors)
}

/// Publish an aggregate indicator question.
///
/// From now on anyone reads its answer at `/v1/public/{slug}` without a token: the indicator
/// `path` asked with the fixed `query`, as a programme-wide `indicators:read` token sees it
/// (aggregates only; cells under 5 withheld with their complements). Only aggregate indicators
/// can be published, with the parameters their operation documents, and the service must answer
/// the question now. Publishing the same question again under its slug answers it (`200`), so
/// a retry is safe; another question under a live slug is a 409 (unpublish it first). Needs
/// `indicators:publish` and a token without `partner_id` (the programme office).
#[utoipa::path(
    tag = "published",
    request_body = PublishedInput,
    security(("bearer" = ["indicators:publish"])),
    responses(
        (status = 201, description = "Published", body = PublishedQuestion, headers(("Location" = String, description = "The question"))),
        (status = 200, description = "This very question was already published under the slug", body = PublishedQuestion),
        CreateErrors
    )
)]
#[post("/v1/published")]
pub async fn publish_question(
    caller: Caller,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    routes: web::Data<RouteTable>,
    client: web::Data<awc::Client>,
    body: Json<PublishedInput>,
) -> Result<HttpResponse, ApiError> {
    let principal = publisher(caller)?;
    let command = body
        .into_inner()
        .command()
        .map_err(|errors| ApiError::validation(errors.into_vec()))?;
    let slug = command.slug.clone();
    let existing = db::run(&pool, move |conn| store::find_live(conn, &slug)).await?;
    let answer_existing = |row: PublishedRow| {
        if row.same_as(&command) {
            Ok(located(HttpResponse::Ok(), &row))
        } else {
            Err(ApiError::conflict(format!(
                "{} is published as another question; unpublish it first",
                row.slug
            )))
        }
    };
    if let Some(row) = existing {
        return answer_existing(row);
    }
    let row = PublishedRow::new(&command, &principal.sub);
    let trial = ask(&state, &routes, &client, &row).await?;
    if !trial.status.is_success() {
        return Err(refused(&trial));
    }
    match db::run(&pool, move |conn| store::insert(conn, row)).await? {
        Published::New(row) => Ok(located(HttpResponse::Created(), &row)),
        Published::Existing(row) => answer_existing(row),
    }
}

fn located(mut builder: actix_web::HttpResponseBuilder, row: &PublishedRow) -> HttpResponse {
    builder
        .insert_header((LOCATION, format!("/v1/published/{}", row.slug)))
        .json(row.to_view())
}

/// The published questions, with who published each and when.
#[utoipa::path(
    tag = "published",
    security(("bearer" = ["indicators:publish"])),
    responses((status = 200, description = "The questions published now", body = PublishedQuestionList), ListErrors)
)]
#[get("/v1/published")]
pub async fn list_published_questions(
    caller: Caller,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    publisher(caller)?;
    let rows = db::run(&pool, store::list_live).await?;
    Ok(HttpResponse::Ok().json(PublishedQuestionList {
        data: rows.iter().map(PublishedRow::to_view).collect(),
    }))
}

/// One published question.
#[utoipa::path(
    tag = "published",
    params(("slug" = String, Path, description = "The question's slug")),
    security(("bearer" = ["indicators:publish"])),
    responses((status = 200, description = "The question", body = PublishedQuestion), ReadErrors)
)]
#[get("/v1/published/{slug}")]
pub async fn get_published_question(
    caller: Caller,
    pool: web::Data<DbPool>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    publisher(caller)?;
    let slug = slug.into_inner();
    let lookup = slug.clone();
    let row = db::run(&pool, move |conn| store::find_live(conn, &lookup))
        .await?
        .ok_or_else(|| not_published(&slug))?;
    Ok(HttpResponse::Ok().json(row.to_view()))
}

/// Unpublish a question: from now on `/v1/public/{slug}` is a 404 (browsers and proxies may
/// keep a copy they already read for up to `max-age`, 60 s by default), and the slug is free.
#[utoipa::path(
    tag = "published",
    params(("slug" = String, Path, description = "The question's slug")),
    security(("bearer" = ["indicators:publish"])),
    responses((status = 204, description = "Unpublished"), DeleteErrors)
)]
#[delete("/v1/published/{slug}")]
pub async fn unpublish_question(
    caller: Caller,
    pool: web::Data<DbPool>,
    answers: web::Data<Answers>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = publisher(caller)?;
    let slug = slug.into_inner();
    let lookup = slug.clone();
    let row = db::run(&pool, move |conn| {
        let row = store::find_live(conn, &lookup)?;
        if let Some(row) = &row {
            store::unpublish(conn, &row.slug, &principal.sub)?;
        }
        Ok(row)
    })
    .await?
    .ok_or_else(|| not_published(&slug))?;
    answers.forget(&row.id);
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's address bucket for the public routes (a 429 with `Retry-After` beyond).
async fn take_public_budget(req: &HttpRequest, state: &State) -> Result<Budget, ApiError> {
    let address = state
        .config
        .trusted_proxies
        .client_address(req)
        .map_or_else(|| "unknown".to_owned(), |address| address.to_string());
    state
        .public_limits
        .take(&format!("public:{address}"))
        .await
        .inspect_err(|_| {
            state.metrics.rate_limited.inc();
        })
}

/// A public answer: `200` with its validators and caching headers, or `304` when the client's
/// `If-None-Match` names it; a failure as it came, never cached.
fn respond(req: &HttpRequest, state: &State, budget: Budget, answer: &Answer) -> HttpResponse {
    let Answer {
        status,
        content_type,
        body,
        etag: tag,
        ..
    } = answer;
    let (status, tag) = (*status, tag.as_str());
    let mut builder = HttpResponse::build(status);
    builder
        .insert_header((RATELIMIT_LIMIT, budget.limit))
        .insert_header((RATELIMIT_REMAINING, budget.remaining));
    if let Some(content_type) = content_type {
        builder.insert_header((CONTENT_TYPE, content_type.clone()));
    }
    if !status.is_success() {
        return builder
            .insert_header((CACHE_CONTROL, "no-store"))
            .body(body.clone());
    }
    builder
        .insert_header((ETAG, tag))
        .insert_header((
            CACHE_CONTROL,
            format!(
                "public, max-age={}",
                state.config.published.max_age.as_secs()
            ),
        ))
        .insert_header((AGE, answer.age()));
    let matched = req
        .headers()
        .get_all(IF_NONE_MATCH)
        .filter_map(|value| value.to_str().ok())
        .any(|value| none_match(value, tag));
    if matched {
        builder.status(StatusCode::NOT_MODIFIED);
        return builder.finish();
    }
    builder.body(body.clone())
}

/// The published questions: the index a dashboard starts from.
///
/// No token. Each question's slug, titles (Spanish and English) and the URL of its answer.
/// `Access-Control-Allow-Origin: *`, `Cache-Control: public, max-age=60`, a strong `ETag` (a
/// `304` for a matching `If-None-Match`), and a rate limit per client address (429 with
/// `Retry-After`).
#[utoipa::path(
    tag = "published",
    security(()),
    responses(
        (status = 200, description = "The questions published now", body = PublicIndex, headers(
            ("ETag" = String, description = "A strong validator of the body"),
            ("Cache-Control" = String, description = "`public, max-age=60` (FORMALIZA_PUBLIC_MAX_AGE_SECONDS)"),
            ("Access-Control-Allow-Origin" = String, description = "`*`"),
        )),
        (status = 304, description = "Not modified: `If-None-Match` names the current ETag"),
        (status = 429, description = "Too many requests from this address; retry after `Retry-After` seconds", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "The gateway's database is unavailable; retry", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
    )
)]
#[get("/v1/public")]
pub async fn public_index(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, ApiError> {
    let budget = take_public_budget(&req, &state).await?;
    let rows = db::run(&pool, store::list_live).await?;
    let body = serde_json::to_vec(&PublicIndex {
        data: rows.iter().map(PublishedRow::to_public).collect(),
    })
    .map_err(ApiError::internal)?;
    let listed = Answer {
        status: StatusCode::OK,
        content_type: Some(HeaderValue::from_static("application/json")),
        etag: etag(&body),
        body: Bytes::from(body),
        fetched: Instant::now(),
    };
    Ok(respond(&req, &state, budget, &listed))
}

/// The answer of a published question.
///
/// No token. Exactly what the question's indicator operation answers (see `path` in the index)
/// for a programme-wide `indicators:read` token: aggregates only, cells under 5 withheld with
/// their complements. `Access-Control-Allow-Origin: *` (GET, HEAD and OPTIONS; no credentials),
/// `Cache-Control: public, max-age=60` (`FORMALIZA_PUBLIC_MAX_AGE_SECONDS`) with `Age`: the
/// gateway computes each answer at most once per max-age and serves it to every reader; a
/// strong `ETag` (a `304` for a matching `If-None-Match`); a rate limit per client address
/// (`FORMALIZA_PUBLIC_RATE_LIMIT_PER_SECOND`, `…_BURST`: 429 with `Retry-After`). A slug that
/// is not published (or no longer) is a 404.
#[utoipa::path(
    tag = "published",
    params(("slug" = String, Path, description = "The question's slug, from `GET /v1/public`")),
    security(()),
    responses(
        (status = 200, description = "The indicator's answer, as its own operation documents it", body = Object, headers(
            ("ETag" = String, description = "A strong validator of the body"),
            ("Cache-Control" = String, description = "`public, max-age=60` (FORMALIZA_PUBLIC_MAX_AGE_SECONDS)"),
            ("Age" = String, description = "Seconds since the service computed it"),
            ("Access-Control-Allow-Origin" = String, description = "`*`"),
        )),
        (status = 304, description = "Not modified: `If-None-Match` names the current ETag"),
        (status = 404, description = "Nothing is published under this slug", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address; retry after `Retry-After` seconds", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
        (status = 502, description = "The service's answer was lost or unreadable; retry", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "The service answering the question is unavailable; retry after `Retry-After`", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
        (status = 504, description = "The service did not answer in time; retry", body = formaliza_shared::error::ProblemBody, content_type = "application/problem+json"),
    )
)]
#[get("/v1/public/{slug}")]
pub async fn public_answer(
    req: HttpRequest,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
    routes: web::Data<RouteTable>,
    client: web::Data<awc::Client>,
    answers: web::Data<Answers>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let budget = take_public_budget(&req, &state).await?;
    let slug = slug.into_inner();
    let lookup = slug.clone();
    let question = db::run(&pool, move |conn| store::find_live(conn, &lookup))
        .await?
        .ok_or_else(|| not_published(&slug))?;
    let answer = answers.answer(&state, &routes, &client, &question).await?;
    Ok(respond(&req, &state, budget, &answer))
}

/// Whether `path` is one of the public answers' (`/v1/public`, `/v1/public/…`).
fn is_public(path: &str) -> bool {
    path == "/v1/public" || path.starts_with("/v1/public/")
}

/// Middleware: the public answers' CORS, open to every origin whatever
/// `FORMALIZA_CORS_ORIGINS` allows elsewhere. A preflight is answered here (GET, HEAD, OPTIONS;
/// `If-None-Match` may be sent; no credentials); other requests reach the handlers without their
/// `Origin` (so the allow-list's CORS, inside, leaves them alone) and leave with
/// `Access-Control-Allow-Origin: *`.
pub async fn public_cors(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody>>, actix_web::Error> {
    if !is_public(req.path()) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    // A CORS preflight (an OPTIONS naming the method it asks for); any other OPTIONS is a 405
    // like every method the path does not take.
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(actix_web::http::header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let response = HttpResponse::NoContent()
            .insert_header((ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
            .insert_header((ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"))
            .insert_header((ACCESS_CONTROL_ALLOW_HEADERS, "if-none-match, x-request-id"))
            .insert_header((ACCESS_CONTROL_MAX_AGE, "86400"))
            .finish();
        return Ok(req.into_response(response).map_into_right_body());
    }
    req.headers_mut().remove(ORIGIN);
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(
            "etag, age, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, x-request-id",
        ),
    );
    Ok(response.map_into_left_body())
}
