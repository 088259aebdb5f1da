//! Who read personal data. Every export, and every answer that shows identifying fields of
//! records to a client outside those records' partner (the programme office reading a partner's
//! members, a ministry reading the enrolments of members who consented, a read model pulling
//! the members feed), leaves an access record in the service's own database: client, time,
//! endpoint, filters, how many records, request id. Writes need no such record: the feeds
//! already name who made every change.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Authorized, Principal, scopes::AuditRead};
use crate::context;
use crate::db::{self, DbConnection};
use crate::error::{ApiError, ProblemBody};
use crate::extract::Query;
use crate::pagination::{Page, PageRequest};
use crate::schema::access_records;
use crate::state::ServiceState;

/// Leaves an access record for the current request: `records` records showed who they are
/// about to `principal`. Nothing is written for zero records.
pub fn record(
    conn: &mut DbConnection,
    principal: &Principal,
    records: usize,
) -> Result<(), ApiError> {
    if records == 0 {
        return Ok(());
    }
    insert(conn, principal, records)
}

fn insert(conn: &mut DbConnection, principal: &Principal, records: usize) -> Result<(), ApiError> {
    let request = context::current();
    diesel::insert_into(access_records::table)
        .values((
            access_records::id.eq(crate::ids::new_id()),
            access_records::client_id.eq(&principal.sub),
            access_records::partner_id.eq(principal.partner_id.as_deref()),
            access_records::occurred_at.eq(db::now()),
            access_records::method.eq(request.as_ref().map_or("GET", |r| r.method.as_str())),
            access_records::endpoint.eq(request.as_ref().map_or("", |r| &*r.path)),
            access_records::filters.eq(request
                .as_ref()
                .map(|r| &*r.query)
                .filter(|q| !q.is_empty())),
            access_records::records.eq(i64::try_from(records).unwrap_or(i64::MAX)),
            access_records::request_id.eq(request.as_ref().map(|r| &*r.request_id)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Leaves the access record of an export: always, even of no rows (asking is itself recorded).
pub fn record_export(
    conn: &mut DbConnection,
    principal: &Principal,
    records: usize,
) -> Result<(), ApiError> {
    insert(conn, principal, records)
}

/// One access to personal data.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = access_records)]
struct AccessRow {
    id: String,
    client_id: String,
    partner_id: Option<String>,
    occurred_at: chrono::NaiveDateTime,
    method: String,
    endpoint: String,
    filters: Option<String>,
    records: i64,
    request_id: Option<String>,
}

/// One answer that showed personal data to a client outside the records' partner, or an export.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccessRecord {
    pub id: String,
    /// The client (a token's `sub`) that read.
    pub client_id: String,
    /// The partner the client acts for, if any.
    pub partner_id: Option<String>,
    pub occurred_at: DateTime<Utc>,
    pub method: String,
    /// The path read (`/v1/enrollments/export`).
    #[schema(example = "/v1/enrollments/export")]
    pub endpoint: String,
    /// Its query string: the filters asked for.
    #[schema(example = "country=PE&status=active")]
    pub filters: Option<String>,
    /// How many records showed who they are about.
    pub records: i64,
    pub request_id: Option<String>,
}

impl From<AccessRow> for AccessRecord {
    fn from(row: AccessRow) -> Self {
        Self {
            id: row.id,
            client_id: row.client_id,
            partner_id: row.partner_id,
            occurred_at: row.occurred_at.and_utc(),
            method: row.method,
            endpoint: row.endpoint,
            filters: row.filters,
            records: row.records,
            request_id: row.request_id,
        }
    }
}

/// Filters of the access log.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AccessParams {
    /// Only this client's reads.
    pub client_id: Option<String>,
    /// Only reads at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Only reads before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Who read personal data held by a service.
///
/// Every export, and every answer that showed identifying fields (names, national ids, member
/// ids, affiliation numbers, certificate codes) of records to a client outside those records'
/// partner, oldest first: client, time, endpoint, filters, number of records, request id.
/// Each service keeps the records of its own data (like its feed); ask each one. For the
/// programme office's data-protection officer: scope `audit:read`.
#[utoipa::path(
    tag = "audit",
    params(("service" = String, Path, description = "The service whose access records to read", example = "social-protection"), AccessParams),
    security(("bearer" = ["audit:read"])),
    responses(
        (status = 200, description = "A page of access records", body = Page<AccessRecord>),
        (status = 400, description = "Bad parameter", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid token", body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, description = "The token lacks `audit:read`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
#[get("/v1/audit/{service}/access")]
pub async fn list_access(
    principal: Authorized<AuditRead>,
    service: web::Path<String>,
    params: Query<AccessParams>,
    state: web::Data<ServiceState>,
) -> Result<HttpResponse, ApiError> {
    if service.as_str() != state.service {
        return Err(ApiError::not_found(format!(
            "no access records named `{service}` here"
        )));
    }
    // The data-protection officer of the programme, not a partner.
    if principal.partner_id.is_some() {
        return Err(ApiError::forbidden(
            "access records are read by the programme office, not by a partner",
        ));
    }
    let params = params.into_inner();
    let page = PageRequest::parse(params.limit, params.cursor.as_deref())?;
    let (after, fetch) = (page.after.clone(), page.fetch());
    let rows = db::run(&state.pool, move |conn| {
        let mut query = access_records::table
            .select(AccessRow::as_select())
            .order(access_records::id.asc())
            .limit(fetch)
            .into_boxed();
        if let Some(after) = after {
            query = query.filter(access_records::id.gt(after));
        }
        if let Some(client) = params.client_id {
            query = query.filter(access_records::client_id.eq(client));
        }
        if let Some(from) = params.from {
            query = query.filter(access_records::occurred_at.ge(from.naive_utc()));
        }
        if let Some(to) = params.to {
            query = query.filter(access_records::occurred_at.lt(to.naive_utc()));
        }
        Ok(query.load(conn)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page.page(rows, |r: &AccessRow| r.id.clone(), AccessRecord::from)))
}
