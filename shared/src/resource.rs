//! What a stored record is ([`Resource`]: its rows, its rules, its view), how it is found as a
//! caller may see it, and the row-level helpers its `db.rs` uses. Reads are in
//! [`crate::read`], writes in [`crate::write`]; a service's handlers are short calls to them.

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::Principal;
use crate::db::{self, DbConnection};
use crate::error::{ApiError, FieldError};
use crate::feed::{Change, Op};
use crate::ids::RecordId;
use crate::privacy::Personal;
use crate::state::ServiceState;
use crate::upstream::Upstream;

/// A stored record (a database row, never a deleted one), its rules and how it changes.
///
/// A write goes one way down: the body (`Input`, what clients send) is parsed into a typed,
/// validated `Command` ([`Resource::command`], rules needing no database: `model.rs`), the
/// idempotency key is looked up, [`Resource::prepare`] resolves references held by other
/// services (with the caller's token), and one transaction checks local references and writes
/// the rows and the feed event ([`Resource::insert`], [`Resource::update`]: `db.rs`).
pub trait Resource: Sized + Send + 'static {
    /// Name in the feed and in messages (`member`).
    const KIND: &'static str;
    /// Collection path (`/v1/members`), for `Location`.
    const COLLECTION: &'static str;
    /// Fields of the view that are not writable (`id`, `version`, timestamps, derived values).
    const READ_ONLY: &'static [&'static str];
    /// Reference data (schemes, courses): programme-wide records (no owner) are readable by
    /// partners too, though only their owners (programme-wide tokens) change them. Records about
    /// people stay strictly partner-scoped.
    const PROGRAMME_WIDE_READABLE: bool = false;
    /// Whether a record is about a person, and which of its fields say who (see
    /// [`crate::privacy`]): answers apply the privacy rule and leave access records.
    const PERSONAL: Personal = Personal::No;

    type Id: RecordId;
    /// The writable representation: what POST takes and what PATCH merges into.
    type Input: DeserializeOwned + Send + 'static;
    /// The input checked field by field, typed: every rule that needs no database.
    type Command: Send + 'static;
    /// The command with what other services said of its references.
    type Prepared: Send + 'static;
    /// What GET returns: the input's fields plus [`Self::READ_ONLY`] ones.
    type View: Serialize + Send + 'static;

    fn id(&self) -> &Self::Id;
    /// The partner that owns it (`None`: programme-wide).
    fn owner(&self) -> Option<&str>;
    fn version(&self) -> i64;
    fn to_view(&self) -> Self::View;

    /// Checks `input`, reporting every field error at once.
    fn command(input: Self::Input) -> Result<Self::Command, Vec<FieldError>>;

    /// Whether the record may still be changed by a patch (an erased member may not: 409).
    /// Checked before the patch is; the version guard keeps it true up to the write.
    fn check_changeable(&self) -> Result<(), ApiError> {
        Ok(())
    }

    /// Adjusts a patched representation in light of the record it patches, before it is
    /// checked: derived values that follow others (a session's hours follow its times).
    fn follow(_current: &Self, _patched: &mut Self::Input) {}

    /// Resolves what other services hold (a member in the members service, seen with the
    /// caller's token). Runs after the idempotency lookup and before the write's transaction;
    /// `current` is the record a patch changes (`None` for a create), so references it keeps
    /// need no second look.
    fn prepare(
        command: Self::Command,
        current: Option<&Self>,
        references: &References<'_>,
    ) -> impl Future<Output = Result<Self::Prepared, ApiError>>;

    /// The record, unless missing or soft-deleted.
    fn find(conn: &mut DbConnection, id: &Self::Id) -> Result<Option<Self>, ApiError>;
    /// Checks local references (as `principal` sees them) and inserts the record.
    fn insert(
        conn: &mut DbConnection,
        principal: &Principal,
        id: Self::Id,
        prepared: Self::Prepared,
    ) -> Result<Self, ApiError>;
    /// Writes `prepared` over `current`, only if `current.version()` is still the stored one
    /// (see [`ensure_updated`]); returns the new state.
    fn update(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
        prepared: Self::Prepared,
    ) -> Result<Self, ApiError>;
    /// Soft-deletes (after checking nothing depends on it); returns changes to other records
    /// made on the way (cascades), for the feed.
    fn delete(
        conn: &mut DbConnection,
        principal: &Principal,
        current: &Self,
    ) -> Result<Vec<Change>, ApiError>;
}

/// What [`Resource::prepare`] may ask other services, and as whom.
pub struct References<'a> {
    /// The caller: its token is relayed, so its own access rules apply there.
    pub principal: &'a Principal,
    state: &'a ServiceState,
}

impl<'a> References<'a> {
    pub fn new(principal: &'a Principal, state: &'a ServiceState) -> Self {
        Self { principal, state }
    }

    /// The members service (a 503 when this deployment does not say where it is).
    pub fn members(&self) -> Result<Upstream, ApiError> {
        Upstream::members(&self.state.upstreams)
    }

    /// The trainings service (a 503 when this deployment does not say where it is).
    pub fn trainings(&self) -> Result<Upstream, ApiError> {
        Upstream::trainings(&self.state.upstreams)
    }

    /// The service the write runs in: its database, settings and upstreams (for a `prepare`
    /// that computes what it stores, such as a figure frozen beside a reported value).
    pub fn state(&self) -> &ServiceState {
        self.state
    }

    /// Runs `check` on this service's database, outside the write's transaction: what can be
    /// refused here is refused before other services are asked (and so without them). The
    /// transaction checks again, since things may change in between.
    pub async fn here<T: Send + 'static>(
        &self,
        check: impl FnOnce(&mut DbConnection, &Principal) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let principal = self.principal.clone();
        db::run(&self.state.pool, move |conn| check(conn, &principal)).await
    }
}

/// Route guard of `/v1/things/{id}…`: the `{id}` segment is a UUID. Other requests fall through
/// to the fallback, which tells a malformed id (400) from a literal sibling such as
/// `/v1/members/import` asked with the wrong method (405), see [`crate::server::unrouted`].
pub fn record_id_guard(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    segment_is_id(ctx, 3)
}

/// [`record_id_guard`] for a collection one level down: `/v1/programme/indicators/{id}…`.
pub fn nested_record_id_guard(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    segment_is_id(ctx, 4)
}

fn segment_is_id(ctx: &actix_web::guard::GuardContext<'_>, segment: usize) -> bool {
    ctx.head()
        .uri
        .path()
        .split('/')
        .nth(segment)
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

fn not_found<R: Resource>(id: &R::Id) -> ApiError {
    ApiError::not_found(format!("no {} with id {id}", R::KIND))
}

/// Finds a record the caller may see, or 404.
pub fn find_visible<R: Resource>(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &R::Id,
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
    id: &R::Id,
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
    id: &R::Id,
) -> Result<R, ApiError> {
    match R::find(conn, id)? {
        Some(record) if readable::<R>(principal, record.owner()) => Ok(record),
        _ => Err(ApiError::validation(vec![FieldError::new(
            field,
            "unknown_reference",
            format!("no {} with id {id}", R::KIND),
        )])),
    }
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
        record.id().as_str(),
        op,
        record.version(),
        record.owner(),
        view.as_ref(),
    )
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
