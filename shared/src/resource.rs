//! The life of a resource, written once: get with ETag, create with Idempotency-Key and a
//! `create` feed event, merge-patch with If-Match, soft delete, all partner-scoped. A service
//! describes each resource by implementing [`Resource`]; its handlers are one-line calls here.

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::audit;
use crate::auth::Principal;
use crate::concurrency::{IfMatch, IfNoneMatch, etag_header};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::extract::Json;
use crate::feed::{self, Actor, Change, Op};
use crate::idempotency::{Attempt, IdempotencyKey, StoredResponse};
use crate::privacy::{self, Personal, Privacy};

/// A stored record (a database row, never deleted ones) and how it reads and writes.
pub trait Resource: Sized + Send + 'static {
    /// Name in the feed and in messages (`member`).
    const KIND: &'static str;
    /// Collection path (`/v1/members`), for `Location`.
    const COLLECTION: &'static str;
    /// The writable representation: what POST takes and what PATCH merges into.
    type Input: DeserializeOwned + Send + 'static;
    /// What GET returns: the input's fields plus [`Self::READ_ONLY`] ones.
    type View: Serialize + Send + 'static;
    /// Fields of the view that are not writable (`id`, `version`, timestamps, derived values).
    const READ_ONLY: &'static [&'static str];
    /// Reference data (schemes, courses): programme-wide records (no owner) are readable by
    /// partners too, though only their owners (programme-wide tokens) change them. Records about
    /// people stay strictly partner-scoped.
    const PROGRAMME_WIDE_READABLE: bool = false;
    /// Whether a record is about a person, and which of its fields say who (see
    /// [`crate::privacy`]): answers apply the privacy rule and leave access records.
    const PERSONAL: Personal = Personal::No;

    fn id(&self) -> &str;
    /// The partner that owns it (`None`: programme-wide).
    fn owner(&self) -> Option<&str>;
    fn version(&self) -> i64;
    fn to_view(&self) -> Self::View;

    /// The record, unless missing or soft-deleted.
    fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Self>, ApiError>;
    /// Validates `input` (references included, as `principal` sees them) and inserts it.
    fn create(
        conn: &mut DbConnection,
        principal: &Principal,
        id: String,
        input: Self::Input,
    ) -> Result<Self, ApiError>;
    /// Validates `input` and writes it over `current`, only if `current.version()` is still the
    /// stored one (see [`ensure_updated`]); returns the new state.
    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        input: Self::Input,
    ) -> Result<Self, ApiError>;
    /// Soft-deletes (after checking nothing depends on it); returns changes to other records
    /// made on the way (cascades), for the feed.
    fn delete(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError>;
}

/// UUIDv7 ids: time-ordered, so keyset pages by id follow creation order.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Route guard of `/v1/things/{id}…`: the `{id}` segment is a UUID. Other requests fall through
/// to the fallback, which tells a malformed id (400) from a literal sibling such as
/// `/v1/members/import` asked with the wrong method (405), see [`crate::server::unrouted`].
pub fn record_id_guard(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head()
        .uri
        .path()
        .split('/')
        .nth(3)
        .is_some_and(|id| uuid::Uuid::parse_str(id).is_ok())
}

/// 400 unless `id` is a UUID (in canonical lowercase form).
pub fn parse_id(field: &str, id: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.to_string())
        .map_err(|_| {
            ApiError::bad_parameter(
                field,
                "invalid_id",
                format!("`{id}` is not a valid id (ids are UUIDs)"),
            )
        })
}

/// 412 when a conditional `UPDATE … WHERE version = ?` touched nothing: someone else wrote first.
pub fn ensure_updated(rows: usize) -> Result<(), ApiError> {
    if rows == 1 {
        Ok(())
    } else {
        Err(ApiError::precondition_failed(
            "the record was changed by another request meanwhile; fetch it again",
        ))
    }
}

fn not_found<R: Resource>(id: &str) -> ApiError {
    ApiError::not_found(format!("no {} with id {id}", R::KIND))
}

/// Finds a record the caller may see, or 404.
pub fn find_visible<R: Resource>(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<R, ApiError> {
    match R::find(conn, id)? {
        Some(record) if readable::<R>(principal, record.owner()) => Ok(record),
        _ => Err(not_found::<R>(id)),
    }
}

/// Whether `principal` may read a record of `R` owned by `owner`.
pub fn readable<R: Resource>(principal: &Principal, owner: Option<&str>) -> bool {
    principal.can_see(owner) || (R::PROGRAMME_WIDE_READABLE && owner.is_none())
}

/// Finds a record the caller may change, or 404 (programme-wide reference data is read-only
/// to partners: 403, since they can see it).
pub fn find_writable<R: Resource>(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<R, ApiError> {
    let record = find_visible::<R>(conn, principal, id)?;
    if principal.can_see(record.owner()) {
        Ok(record)
    } else {
        Err(ApiError::forbidden(format!(
            "programme-wide {} records are changed by the programme, not by partners",
            R::KIND
        )))
    }
}

/// A reference from one record to another in the same service (`household_id`, …): must exist
/// and be visible, else a 422 on that field (never revealing another partner's record).
pub fn check_reference<R: Resource>(
    conn: &mut DbConnection,
    principal: &Principal,
    field: &str,
    id: &str,
) -> Result<R, ApiError> {
    let unknown = || {
        ApiError::validation(vec![crate::error::FieldError::new(
            field,
            "unknown_reference",
            format!("no {} with id {id}", R::KIND),
        )])
    };
    let id = uuid::Uuid::parse_str(id)
        .map_err(|_| unknown())?
        .to_string();
    match R::find(conn, &id)? {
        Some(record) if readable::<R>(principal, record.owner()) => Ok(record),
        _ => Err(unknown()),
    }
}

/// Records as `principal` may see them: person-linked ones through the privacy rule, with an
/// access record when some showed who they are about to a caller outside their partner.
pub fn present<R: Resource>(
    conn: &mut DbConnection,
    principal: &Principal,
    privacy: &Privacy,
    records: &[R],
) -> Result<Vec<serde_json::Value>, ApiError> {
    let mut views = records
        .iter()
        .map(|r| serde_json::to_value(r.to_view()))
        .collect::<Result<Vec<_>, _>>()?;
    let identified = match R::PERSONAL {
        Personal::No => 0,
        Personal::Person => records
            .iter()
            .filter(|r| r.owner() != principal.partner_id.as_deref())
            .count(),
        Personal::About(link) => {
            let mut objects: Vec<&mut serde_json::Map<String, serde_json::Value>> =
                views.iter_mut().filter_map(|v| v.as_object_mut()).collect();
            privacy::disclose(conn, principal, privacy, &link, &mut objects)?
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
    privacy: &Privacy,
    record: &R,
) -> Result<serde_json::Value, ApiError> {
    let mut views = present(conn, principal, privacy, std::slice::from_ref(record))?;
    Ok(views.pop().unwrap_or(serde_json::Value::Null))
}

fn view_response(
    view: &serde_json::Value,
    version: i64,
    status: actix_web::http::StatusCode,
) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(etag_header(version))
        .json(view)
}

/// The writable representation of a record: its view without the read-only fields.
pub fn writable<R: Resource>(record: &R) -> Result<serde_json::Value, ApiError> {
    let mut value = serde_json::to_value(record.to_view())?;
    if let Some(object) = value.as_object_mut() {
        for field in R::READ_ONLY {
            object.remove(*field);
        }
    }
    Ok(value)
}

/// The change event for a record's current state.
pub fn change<R: Resource>(record: &R, op: Op) -> Result<Change, ApiError> {
    let view = (op != Op::Delete).then(|| record.to_view());
    Change::new(
        R::KIND,
        record.id(),
        op,
        record.version(),
        record.owner(),
        view.as_ref(),
    )
}

/// GET one; `304 Not Modified` when `If-None-Match` names its current version.
pub async fn get<R: Resource>(
    pool: &DbPool,
    principal: &Principal,
    privacy: &Privacy,
    id: &str,
    if_none_match: IfNoneMatch,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id("id", id)?;
    let (principal, privacy) = (principal.clone(), privacy.clone());
    let answer = db::run(pool, move |conn| {
        let record = find_visible::<R>(conn, &principal, &id)?;
        if if_none_match.holds(record.version()) {
            return Ok((None, record.version()));
        }
        let view = present_one(conn, &principal, &privacy, &record)?;
        Ok((Some(view), record.version()))
    })
    .await?;
    Ok(match answer {
        (Some(view), version) => view_response(&view, version, actix_web::http::StatusCode::OK),
        (None, version) => HttpResponse::NotModified()
            .insert_header(etag_header(version))
            .finish(),
    })
}

/// POST: a retry gets the first answer at once; otherwise validate, insert, append `create` to
/// the feed, once per Idempotency-Key.
pub async fn create<R: Resource>(
    pool: &DbPool,
    principal: &Principal,
    privacy: &Privacy,
    request: &HttpRequest,
    key: IdempotencyKey,
    body: Json<R::Input>,
) -> Result<HttpResponse, ApiError> {
    let attempt = Attempt::new(request, key, &body.digest);
    if let Some(first) = attempt.replayed(pool, principal).await? {
        return Ok(first);
    }
    insert::<R>(pool, principal, privacy, attempt, body.into_inner()).await
}

/// The write of [`create`], for a handler that first looked the attempt up itself (with
/// [`Attempt::replayed`]) and then checked references in another service.
pub async fn insert<R: Resource>(
    pool: &DbPool,
    principal: &Principal,
    privacy: &Privacy,
    attempt: Attempt,
    input: R::Input,
) -> Result<HttpResponse, ApiError> {
    let (principal, privacy) = (principal.clone(), privacy.clone());
    let stored = db::run(pool, move |conn| {
        db::write(conn, |conn| {
            attempt.once(conn, &principal, |conn| {
                let record = R::create(conn, &principal, new_id(), input)?;
                feed::append(
                    conn,
                    &Actor::of(&principal),
                    &[change(&record, Op::Create)?],
                )?;
                let location = format!("{}/{}", R::COLLECTION, record.id());
                let view = present_one(conn, &principal, &privacy, &record)?;
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

/// PATCH with a JSON Merge Patch: the patched representation is validated as a whole; a patch
/// that changes nothing writes nothing.
pub async fn patch<R: Resource>(
    pool: &DbPool,
    principal: &Principal,
    privacy: &Privacy,
    id: &str,
    if_match: IfMatch,
    body: Json<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id("id", id)?;
    let (principal, privacy) = (principal.clone(), privacy.clone());
    let patch = body.into_inner();
    let (view, version) = db::run(pool, move |conn| {
        db::write(conn, |conn| {
            let current = find_writable::<R>(conn, &principal, &id)?;
            if_match.check(current.version())?;
            let before = writable(&current)?;
            let after = crate::patch::apply(&before, &patch)?;
            let record = if after == before {
                current
            } else {
                let input: R::Input = crate::patch::parse(after)?;
                let updated = R::update(conn, &principal, &current, input)?;
                feed::append(
                    conn,
                    &Actor::of(&principal),
                    &[change(&updated, Op::Update)?],
                )?;
                updated
            };
            Ok((
                present_one(conn, &principal, &privacy, &record)?,
                record.version(),
            ))
        })
    })
    .await?;
    Ok(view_response(
        &view,
        version,
        actix_web::http::StatusCode::OK,
    ))
}

/// DELETE: soft delete, with a `delete` event (and any cascaded changes).
pub async fn delete<R: Resource>(
    pool: &DbPool,
    principal: &Principal,
    id: &str,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id("id", id)?;
    let principal = principal.clone();
    db::run(pool, move |conn| {
        db::write(conn, |conn| {
            let current = find_writable::<R>(conn, &principal, &id)?;
            if_match.check(current.version())?;
            let mut changes = R::delete(conn, &principal, &current)?;
            changes.push(Change::new::<()>(
                R::KIND,
                current.id(),
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

/// Soft-deletes `$current` in `$table` (columns `id`, `version`, `updated_at`, `deleted_at`) if
/// it is still at its version; 412 otherwise.
#[macro_export]
macro_rules! soft_delete {
    ($conn:expr, $table:ident, $current:expr) => {{
        let now = $crate::db::now();
        let rows = diesel::update(
            $table::table
                .find(&$current.id)
                .filter($table::version.eq($current.version)),
        )
        .set((
            $table::deleted_at.eq(now),
            $table::updated_at.eq(now),
            $table::version.eq($current.version + 1),
        ))
        .execute($conn)?;
        $crate::resource::ensure_updated(rows)
    }};
}

/// Loads the live (not soft-deleted) row `$id` of `$table` as `$row`.
#[macro_export]
macro_rules! find_live {
    ($conn:expr, $table:ident, $row:ty, $id:expr) => {
        $table::table
            .find($id)
            .filter($table::deleted_at.is_null())
            .select(<$row>::as_select())
            .first($conn)
            .optional()
            .map_err($crate::ApiError::from)
    };
}

/// Inserts a new record into `$table` (columns `id`, `partner_id`, `created_at`, plus
/// `$changes`, which sets the rest including `version` and `updated_at`) and returns the stored
/// row as `$row`: the twin of [`overwrite!`] for creates.
#[macro_export]
macro_rules! insert_live {
    ($conn:expr, $table:ident, $row:ty, $id:expr, $owner:expr, $now:expr, $changes:expr) => {{
        diesel::insert_into($table::table)
            .values((
                $table::id.eq($id),
                $table::partner_id.eq($owner),
                $table::created_at.eq($now),
                $changes,
            ))
            .execute($conn)?;
        $table::table
            .find($id)
            .select(<$row>::as_select())
            .first($conn)
            .map_err($crate::ApiError::from)
    }};
}

/// Writes `$changes` over `$current` in `$table` only if it is still at its version (412
/// otherwise), and returns the stored row as `$row`.
#[macro_export]
macro_rules! overwrite {
    ($conn:expr, $table:ident, $row:ty, $current:expr, $changes:expr) => {{
        let rows = diesel::update(
            $table::table
                .find(&$current.id)
                .filter($table::version.eq($current.version)),
        )
        .set($changes)
        .execute($conn)?;
        $crate::resource::ensure_updated(rows)?;
        $table::table
            .find(&$current.id)
            .select(<$row>::as_select())
            .first($conn)
            .map_err($crate::ApiError::from)
    }};
}

/// The get and, where given, create, merge-patch and delete endpoints of a [`Resource`], with
/// their OpenAPI descriptions: the part of every resource's HTTP surface that does not vary.
/// (Lists differ in their filters and are written by hand, as are creates that must first ask
/// another service.)
///
/// ```ignore
/// formaliza_shared::resource_endpoints! {
///     resource: HouseholdRow, view: Household, input: HouseholdInput, tag: "households",
///     read: MembersRead "members:read", write: MembersWrite "members:write",
///     collection: "/v1/households", item: "/v1/households/{id}",
///     get: get_household "Get a household.",
///     create: create_household "Register a household." "Members join it through `household_id`.",
///     patch: patch_household "Change a household (JSON Merge Patch)." "Its address, say.", example: {"locality": "Coroico"},
///     delete: delete_household "Delete a household." "A soft delete.",
/// }
/// ```
#[macro_export]
macro_rules! resource_endpoints {
    (
        resource: $row:ident, view: $view:ident, input: $input:ident, tag: $tag:tt,
        read: $read:ident $read_scope:tt, write: $write:ident $write_scope:tt,
        collection: $collection:tt, item: $item:tt,
        get: $get:ident $get_doc:tt,
        $(create: $create:ident $create_doc:tt $create_details:tt,)?
        $(patch: $patch:ident $patch_doc:tt $patch_details:tt, example: $example:tt,)?
        $(delete: $delete:ident $delete_doc:tt $delete_details:tt,)?
    ) => {
        // In a module of their own so the bare `#[get]`… attributes (which utoipa recognises)
        // resolve to actix's, whatever the caller imports.
        #[doc(hidden)]
        mod resource_endpoints {
        use super::*;
        use actix_web::get;

        #[doc = $get_doc]
        #[utoipa::path(
            tag = $tag,
            params(
                ("id" = String, Path, format = "uuid", description = "The record's id"),
                $crate::openapi::IfNoneMatchHeader,
            ),
            security(("bearer" = [$read_scope])),
            responses(
                (status = 200, description = "The record", body = $view, headers(("ETag" = String, description = "The version, for If-Match and If-None-Match"))),
                (status = 304, description = "Not modified: `If-None-Match` named the current version", headers(("ETag" = String))),
                $crate::openapi::ReadErrors
            )
        )]
        #[get($item, guard = "formaliza_shared::resource::record_id_guard")]
        pub async fn $get(
            principal: $crate::auth::Authorized<$crate::auth::scopes::$read>,
            id: actix_web::web::Path<String>,
            if_none_match: $crate::concurrency::IfNoneMatch,
            pool: actix_web::web::Data<$crate::db::DbPool>,
            privacy: actix_web::web::Data<$crate::privacy::Privacy>,
        ) -> Result<actix_web::HttpResponse, $crate::ApiError> {
            $crate::resource::get::<$row>(&pool, &principal, &privacy, &id, if_none_match).await
        }

        $(
        use actix_web::post;
        #[doc = $create_doc]
        #[doc = ""]
        #[doc = $create_details]
        #[doc = "Send an `Idempotency-Key` to retry safely: the same key and body return the first response."]
        #[utoipa::path(
            tag = $tag,
            request_body = $input,
            params($crate::openapi::IdempotencyKeyHeader),
            security(("bearer" = [$write_scope])),
            responses(
                (status = 201, description = "Created", body = $view, headers(("Location" = String), ("ETag" = String))),
                $crate::openapi::CreateErrors
            )
        )]
        #[post($collection)]
        pub async fn $create(
            principal: $crate::auth::Authorized<$crate::auth::scopes::$write>,
            request: actix_web::HttpRequest,
            key: $crate::idempotency::IdempotencyKey,
            body: $crate::extract::Json<$input>,
            pool: actix_web::web::Data<$crate::db::DbPool>,
            privacy: actix_web::web::Data<$crate::privacy::Privacy>,
        ) -> Result<actix_web::HttpResponse, $crate::ApiError> {
            $crate::resource::create::<$row>(&pool, &principal, &privacy, &request, key, body).await
        }

        )?

        $(
        use actix_web::patch;
        #[doc = $patch_doc]
        #[doc = ""]
        #[doc = $patch_details]
        #[doc = "Send only the fields to change; `null` clears a field; the result is validated as a whole. \
                 Send `If-Match` with the ETag you read so you never overwrite someone else's change (412)."]
        #[utoipa::path(
            tag = $tag,
            params(
                ("id" = String, Path, format = "uuid", description = "The record's id"),
                $crate::openapi::IfMatchHeader,
            ),
            request_body(content = Object, content_type = "application/merge-patch+json", example = json!($example)),
            security(("bearer" = [$write_scope])),
            responses((status = 200, description = "Updated", body = $view, headers(("ETag" = String))), $crate::openapi::UpdateErrors)
        )]
        #[patch($item, guard = "formaliza_shared::resource::record_id_guard")]
        pub async fn $patch(
            principal: $crate::auth::Authorized<$crate::auth::scopes::$write>,
            id: actix_web::web::Path<String>,
            if_match: $crate::concurrency::IfMatch,
            body: $crate::extract::Json<serde_json::Value>,
            pool: actix_web::web::Data<$crate::db::DbPool>,
            privacy: actix_web::web::Data<$crate::privacy::Privacy>,
        ) -> Result<actix_web::HttpResponse, $crate::ApiError> {
            $crate::resource::patch::<$row>(&pool, &principal, &privacy, &id, if_match, body).await
        }

        )?

        $(
        use actix_web::delete;
        #[doc = $delete_doc]
        #[doc = ""]
        #[doc = $delete_details]
        #[utoipa::path(
            tag = $tag,
            params(
                ("id" = String, Path, format = "uuid", description = "The record's id"),
                $crate::openapi::IfMatchHeader,
            ),
            security(("bearer" = [$write_scope])),
            responses((status = 204, description = "Deleted"), $crate::openapi::DeleteErrors)
        )]
        #[delete($item, guard = "formaliza_shared::resource::record_id_guard")]
        pub async fn $delete(
            principal: $crate::auth::Authorized<$crate::auth::scopes::$write>,
            id: actix_web::web::Path<String>,
            if_match: $crate::concurrency::IfMatch,
            pool: actix_web::web::Data<$crate::db::DbPool>,
        ) -> Result<actix_web::HttpResponse, $crate::ApiError> {
            $crate::resource::delete::<$row>(&pool, &principal, &id, if_match).await
        }
        )?
        }
        pub use resource_endpoints::{$get $(, $create)? $(, $patch)? $(, $delete)?};
    };
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

/// The part of a list request every list shares: page size, cursor and `updated_after`.
#[derive(Debug, Clone, Default)]
pub struct Window<'a> {
    pub limit: Option<i64>,
    pub cursor: Option<&'a str>,
    pub updated_after: Option<chrono::DateTime<chrono::Utc>>,
}

/// A list endpoint: validates `limit` and `cursor`, runs `query` on the blocking pool with the
/// caller's keyset, and answers the page.
pub async fn list<R, F>(
    pool: &DbPool,
    principal: &Principal,
    privacy: &Privacy,
    window: Window<'_>,
    filter: F,
    query: fn(&mut DbConnection, &Keyset, &F) -> Result<Vec<R>, ApiError>,
) -> Result<HttpResponse, ApiError>
where
    R: Resource,
    F: Send + 'static,
{
    let Window {
        limit,
        cursor,
        updated_after,
    } = window;
    let page = crate::pagination::PageRequest::parse(limit, cursor)?;
    let keyset = Keyset {
        partner: principal.partner_id.clone(),
        after: page.after.clone(),
        fetch: page.fetch(),
        updated_after: updated_after.map(|t| t.naive_utc()),
        with_programme_wide: R::PROGRAMME_WIDE_READABLE,
    };
    let (principal, privacy) = (principal.clone(), privacy.clone());
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let (views, more) = db::run(pool, move |conn| {
        let mut rows = query(conn, &keyset, &filter)?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let last = rows.last().map(|r| r.id().to_owned());
        let views = present(conn, &principal, &privacy, &rows)?;
        Ok((views, more.then_some(last).flatten()))
    })
    .await?;
    Ok(HttpResponse::Ok().json(crate::pagination::Page {
        data: views,
        next_cursor: more.map(|last| crate::pagination::encode_cursor(&last)),
    }))
}

/// The base query of a list over `$table` (columns `id`, `partner_id`, `updated_at`,
/// `deleted_at`): live rows after the keyset's id, the partner's only, in id order, one page
/// (plus one). Add the resource's own filters to it.
#[macro_export]
macro_rules! keyset_query {
    ($table:ident, $row:ty, $keyset:expr) => {{
        let keyset: &$crate::resource::Keyset = $keyset;
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
