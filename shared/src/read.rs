//! Reads of a [`Resource`], written once: one record with its `ETag` (304 on `If-None-Match`),
//! and keyset-paginated lists with their common parameters. Every answer goes through
//! [`present`]: the privacy rule for records about people, and access records.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;

use crate::audit;
use crate::auth::Principal;
use crate::concurrency::{IfNoneMatch, etag_header};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::extract::parse_query;
use crate::ids::RecordId;
use crate::pagination::{Page, PageRequest, encode_cursor};
use crate::privacy::{self, Personal};
use crate::resource::{Resource, find_visible};
use crate::state::ServiceState;

/// Records as `principal` may see them: person-linked ones through the privacy rule, with an
/// access record when some showed who they are about to a caller outside their partner.
pub fn present<R: Resource>(
    conn: &mut DbConnection,
    principal: &Principal,
    state: &ServiceState,
    records: &[R],
) -> Result<Vec<serde_json::Value>, ApiError> {
    let mut views = records
        .iter()
        .map(|r| serde_json::to_value(r.to_view()))
        .collect::<Result<Vec<_>, _>>()?;
    let identified = match R::PERSONAL {
        Personal::No | Personal::Names(_) => 0,
        Personal::Person(_) => records
            .iter()
            .filter(|r| r.owner() != principal.partner_id.as_deref())
            .count(),
        Personal::About(link) => {
            let mut objects: Vec<&mut serde_json::Map<String, serde_json::Value>> =
                views.iter_mut().filter_map(|v| v.as_object_mut()).collect();
            privacy::disclose(conn, principal, &state.privacy, &link, &mut objects)?
                .identified_outside_partner
        }
    };
    audit::record(conn, principal, identified)?;
    Ok(views)
}

/// One record as `principal` may see it (see [`present`]).
pub fn present_one<R: Resource>(
    conn: &mut DbConnection,
    principal: &Principal,
    state: &ServiceState,
    record: &R,
) -> Result<serde_json::Value, ApiError> {
    let mut views = present(conn, principal, state, std::slice::from_ref(record))?;
    Ok(views.pop().unwrap_or(serde_json::Value::Null))
}

/// A record's answer: its view and its version as the `ETag`.
pub fn record_response(
    view: &serde_json::Value,
    version: i64,
    status: actix_web::http::StatusCode,
) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(etag_header(version))
        .json(view)
}

/// GET one; `304 Not Modified` when `If-None-Match` names its current version.
pub async fn get<R: Resource>(
    state: &web::Data<ServiceState>,
    principal: &Principal,
    id: R::Id,
    if_none_match: IfNoneMatch,
) -> Result<HttpResponse, ApiError> {
    let (state_in, principal) = (state.clone(), principal.clone());
    let answer = db::run(&state.pool, move |conn| {
        let record = find_visible::<R>(conn, &principal, &id)?;
        if if_none_match.holds(record.version()) {
            return Ok((None, record.version()));
        }
        let view = present_one(conn, &principal, &state_in, &record)?;
        Ok((Some(view), record.version()))
    })
    .await?;
    Ok(match answer {
        (Some(view), version) => record_response(&view, version, actix_web::http::StatusCode::OK),
        (None, version) => HttpResponse::NotModified()
            .insert_header(etag_header(version))
            .finish(),
    })
}

/// The parameters every list shares: page size, where to start, what changed since when.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Window {
    /// Only records changed after this instant (RFC 3339).
    pub updated_after: Option<DateTime<Utc>>,
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

const WINDOW_PARAMETERS: [&str; 3] = ["updated_after", "limit", "cursor"];

/// A list's query string: its own filters `F` and the [`Window`] every list takes, each
/// refusing parameters it does not know (document both: `params(F, Window)`).
#[derive(Debug)]
pub struct ListQuery<F> {
    pub filters: F,
    pub window: Window,
}

impl<F: DeserializeOwned> FromRequest for ListQuery<F> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let split = || -> Result<Self, ApiError> {
            let (window, filters): (Vec<_>, Vec<_>) =
                form_urlencoded::parse(req.query_string().as_bytes())
                    .partition(|(name, _)| WINDOW_PARAMETERS.contains(&name.as_ref()));
            let encode = |pairs: Vec<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)>| {
                form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish()
            };
            Ok(Self {
                window: parse_query(&encode(window))?,
                filters: parse_query(&encode(filters))?,
            })
        };
        std::future::ready(split())
    }
}

/// Where a list page starts and whose records it may show; built by [`list`].
#[derive(Debug, Clone)]
pub struct Keyset {
    /// Only this partner's records (`None`: all).
    pub partner: Option<String>,
    /// Rows with an id greater than this.
    pub after: Option<String>,
    /// How many rows to fetch (the page size plus one).
    pub fetch: i64,
    pub updated_after: Option<chrono::NaiveDateTime>,
    /// Partners also see programme-wide records ([`Resource::PROGRAMME_WIDE_READABLE`]).
    pub with_programme_wide: bool,
}

/// A list endpoint: validates the window, runs `query` on the blocking pool with the caller's
/// keyset, and answers the page.
pub async fn list<R, F>(
    state: &web::Data<ServiceState>,
    principal: &Principal,
    window: Window,
    filter: F,
    query: fn(&mut DbConnection, &Keyset, &F) -> Result<Vec<R>, ApiError>,
) -> Result<HttpResponse, ApiError>
where
    R: Resource,
    F: Send + 'static,
{
    let (keyset, limit) = keyset::<R>(principal, &window)?;
    let (state_in, principal) = (state.clone(), principal.clone());
    let (views, next) = db::run(&state.pool, move |conn| {
        let mut rows = query(conn, &keyset, &filter)?;
        let next = next_page(&mut rows, limit);
        let views = present(conn, &principal, &state_in, &rows)?;
        Ok((views, next))
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page {
        data: views,
        next_cursor: next,
    }))
}

/// The keyset of a list page of `R` for `principal` (the window checked), and the page size:
/// for a list whose answer is more than the records' views (see [`list`] for the usual one).
pub fn keyset<R: Resource>(
    principal: &Principal,
    window: &Window,
) -> Result<(Keyset, usize), ApiError> {
    let page = PageRequest::parse(window.limit, window.cursor.as_deref())?;
    let keyset = Keyset {
        partner: principal.partner_id.clone(),
        after: page.after.clone(),
        fetch: page.fetch(),
        updated_after: window.updated_after.map(|t| t.naive_utc()),
        with_programme_wide: R::PROGRAMME_WIDE_READABLE,
    };
    Ok((keyset, usize::try_from(page.limit).unwrap_or(usize::MAX)))
}

/// Cuts the rows a [`Keyset`] fetched (one more than asked) to the page; the cursor of the
/// next page, if there is one.
pub fn next_page<R: Resource>(rows: &mut Vec<R>, limit: usize) -> Option<String> {
    let more = rows.len() > limit;
    rows.truncate(limit);
    let last = rows.last().map(|r| r.id().as_str().to_owned());
    more.then_some(last)
        .flatten()
        .map(|last| encode_cursor(&last))
}

/// The base query of a list over `$table` (columns `id`, `partner_id`, `updated_at`,
/// `deleted_at`): live rows after the keyset's id, the partner's only, in id order, one page
/// (plus one). Add the resource's own filters to it.
#[macro_export]
macro_rules! keyset_query {
    ($table:ident, $row:ty, $keyset:expr) => {{
        let keyset: &$crate::read::Keyset = $keyset;
        let mut query = $table::table
            .filter($table::deleted_at.is_null())
            .select(<$row>::as_select())
            .order($table::id.asc())
            .limit(keyset.fetch)
            .into_boxed();
        match (&keyset.partner, keyset.with_programme_wide) {
            (Some(partner), false) => query = query.filter($table::partner_id.eq(partner.clone())),
            (Some(partner), true) => {
                query = query.filter(
                    $table::partner_id
                        .eq(partner.clone())
                        .or($table::partner_id.is_null()),
                )
            }
            (None, _) => {}
        }
        if let Some(after) = &keyset.after {
            query = query.filter($table::id.gt(after.clone()));
        }
        if let Some(updated_after) = keyset.updated_after {
            query = query.filter($table::updated_at.gt(updated_after));
        }
        query
    }};
}

/// Adds `column = value` to a boxed query for each filter that is set.
#[macro_export]
macro_rules! filter_eq {
    ($query:ident, $($column:expr => $value:expr),+ $(,)?) => {
        $(
            if let Some(value) = $value {
                $query = $query.filter($column.eq(value));
            }
        )+
    };
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use actix_web::test::TestRequest;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Filters {
        country: Option<String>,
    }

    fn parse(query: &str) -> Result<ListQuery<Filters>, ApiError> {
        let req = TestRequest::with_uri(&format!("/v1/things?{query}")).to_http_request();
        ListQuery::<Filters>::extract(&req).into_inner()
    }

    #[test]
    fn a_list_query_is_split_between_its_filters_and_the_window() {
        let query = parse("country=PE&limit=20&cursor=abc").unwrap();
        assert_eq!(query.filters.country.as_deref(), Some("PE"));
        assert_eq!(query.window.limit, Some(20));
        assert_eq!(query.window.cursor.as_deref(), Some("abc"));
        let unknown = parse("colour=blue").unwrap_err();
        assert_eq!(unknown.field_errors()[0].field, "colour");
        let bad = parse("limit=many").unwrap_err();
        assert_eq!(bad.status().as_u16(), 400);
    }
}
