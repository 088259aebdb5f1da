//! The database layer: one connection type over PostgreSQL and SQLite, a pool, embedded
//! migrations, and the one helper that runs diesel work on the blocking pool.

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

use crate::context;
use crate::error::ApiError;

/// A connection to either backend; the database URL decides which.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// The connection pool, with a fair queue in front of it.
///
/// r2d2 hands a freed connection to whichever thread asks next, not to the one that has waited
/// longest: with more requests in flight than connections, a few waited over a second while
/// the rest went through in milliseconds (members list, 64 connections over a pool of 16: p99
/// 350–620 ms, p50 12 ms). [`run`] first takes a permit from a FIFO semaphore with one permit
/// per connection, asynchronously, so requests get connections in arrival order and no
/// blocking thread sits waiting on the pool.
#[derive(Clone)]
pub struct DbPool {
    pool: Pool<ConnectionManager<DbConnection>>,
    permits: Arc<tokio::sync::Semaphore>,
}

impl DbPool {
    fn new(pool: Pool<ConnectionManager<DbConnection>>) -> Self {
        let permits = Arc::new(tokio::sync::Semaphore::new(pool.max_size() as usize));
        Self { pool, permits }
    }

    /// A turn at one of the pool's connections, in arrival order: hold it while using a
    /// connection taken outside [`run`] (a long export, say). Waits at most the pool's
    /// connection timeout, as r2d2 itself would: an overloaded service answers 503.
    pub async fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        let turn = self.permits.clone().acquire_owned();
        match tokio::time::timeout(self.pool.connection_timeout(), turn).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_)) => Err(ApiError::unavailable("the database pool is closed")),
            Err(_) => Err(ApiError::unavailable(
                "the database is busy with other requests; retry later",
            )),
        }
    }
}

impl Deref for DbPool {
    type Target = Pool<ConnectionManager<DbConnection>>;

    fn deref(&self) -> &Self::Target {
        &self.pool
    }
}

/// Runs a query on the concrete backend connection, for the few statements diesel's
/// multi-backend cannot express (upserts, multi-row inserts). The body is compiled once per
/// backend, so it is written once and checked against both.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// A service's migrations, one folder per backend.
pub struct Migrations {
    pub postgres: EmbeddedMigrations,
    pub sqlite: EmbeddedMigrations,
}

/// Most rows one multi-row INSERT carries on SQLite: the bundled SQLite binds at most 32,766
/// parameters per statement, and a row binds one per column, at most 32 (diesel's table limit
/// as configured), so this stays valid when columns are added. (PostgreSQL gets rows by COPY.)
pub const ROWS_PER_INSERT: usize = 32_766 / 32;

/// The tables every service has (feed, idempotency keys, feed checkpoints).
pub const SHARED_MIGRATIONS: Migrations = Migrations {
    postgres: diesel_migrations::embed_migrations!("migrations/postgres"),
    sqlite: diesel_migrations::embed_migrations!("migrations/sqlite"),
};

/// Per-connection SQLite settings: a busy timeout so writers queue instead of failing, and
/// enforced foreign keys. (WAL, which lets readers go on while one writes, is a property of the
/// file, set once in [`connect`].)
#[derive(Debug, Clone, Copy)]
struct SqliteSettings;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqliteSettings {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(conn) = conn {
            conn.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens a pool; for SQLite, creates the file's folder first.
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, String> {
    if Backend::of_url(url) == Backend::Sqlite {
        let path = url.trim_start_matches("sqlite://");
        if let Some(parent) = std::path::Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // Once, before the pool opens connections side by side (each asking for the mode would
        // contend for the lock the switch needs).
        let mut first =
            SqliteConnection::establish(path).map_err(|e| format!("cannot open {path}: {e}"))?;
        first
            .batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")
            .map_err(|e| format!("cannot switch {path} to WAL: {e}"))?;
    }
    let url = url.trim_start_matches("sqlite://");
    Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(5))
        .connection_customizer(Box::new(SqliteSettings))
        .build(ConnectionManager::<DbConnection>::new(url))
        .map(DbPool::new)
        .map_err(|e| format!("cannot open database: {e}"))
}

/// Applies the shared migrations, then the service's own.
pub fn migrate(pool: &DbPool, service: Migrations) -> Result<(), String> {
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    for migrations in [SHARED_MIGRATIONS, service] {
        match &mut *conn {
            DbConnection::Pg(conn) => conn.run_pending_migrations(migrations.postgres).map(drop),
            DbConnection::Sqlite(conn) => conn.run_pending_migrations(migrations.sqlite).map(drop),
        }
        .map_err(|e| format!("migration failed: {e}"))?;
    }
    Ok(())
}

/// Reverts the service's migrations, then the shared ones (used to check that every `down.sql`
/// undoes its `up.sql`). Both sets share diesel's version table, so each set reverts only its
/// own applied versions, newest first.
pub fn revert(pool: &DbPool, service: Migrations) -> Result<(), String> {
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    for migrations in [service, SHARED_MIGRATIONS] {
        match &mut *conn {
            DbConnection::Pg(conn) => revert_set(conn, migrations.postgres),
            DbConnection::Sqlite(conn) => revert_set(conn, migrations.sqlite),
        }
        .map_err(|e| format!("reverting migrations failed: {e}"))?;
    }
    Ok(())
}

/// Reverts the service's migrations from `version` (digits only: `20261207000000`) on, newest
/// first (a test that checks how a migration carries existing rows over: revert to before it,
/// write rows as they were, migrate again).
pub fn revert_from(pool: &DbPool, service: Migrations, version: &str) -> Result<(), String> {
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    match &mut *conn {
        DbConnection::Pg(conn) => revert_from_version(conn, service.postgres, version),
        DbConnection::Sqlite(conn) => revert_from_version(conn, service.sqlite, version),
    }
    .map_err(|e| format!("reverting migrations from {version} failed: {e}"))
}

/// The applied migrations of `source` (not of the shared set, which shares the version table)
/// from `version` on, reverted newest first.
fn revert_from_version<C, DB>(
    conn: &mut C,
    source: EmbeddedMigrations,
    version: &str,
) -> diesel::migration::Result<()>
where
    DB: diesel::backend::Backend,
    C: MigrationHarness<DB>,
    EmbeddedMigrations: diesel::migration::MigrationSource<DB>,
{
    let applied = conn.applied_migrations()?;
    let mut migrations = diesel::migration::MigrationSource::<DB>::migrations(&source)?;
    migrations.sort_by(|a, b| b.name().version().cmp(&a.name().version()));
    for migration in migrations.iter().filter(|m| {
        applied.contains(&m.name().version()) && m.name().version().to_string().as_str() >= version
    }) {
        conn.revert_migration(migration.as_ref())?;
    }
    Ok(())
}

fn revert_set<C, DB>(conn: &mut C, source: EmbeddedMigrations) -> diesel::migration::Result<()>
where
    DB: diesel::backend::Backend,
    C: MigrationHarness<DB>,
    EmbeddedMigrations: diesel::migration::MigrationSource<DB>,
{
    let applied = conn.applied_migrations()?;
    let mut migrations = diesel::migration::MigrationSource::<DB>::migrations(&source)?;
    migrations.sort_by(|a, b| b.name().version().cmp(&a.name().version()));
    for migration in migrations
        .iter()
        .filter(|m| applied.contains(&m.name().version()))
    {
        conn.revert_migration(migration.as_ref())?;
    }
    Ok(())
}

/// Hand-written SQL with parameters numbered `$1…$n`, as `conn`'s backend numbers them: as is on
/// PostgreSQL, `?1…?n` on SQLite. The SQL itself must not contain `$` otherwise.
pub fn numbered_parameters(conn: &DbConnection, sql: &str) -> String {
    match conn {
        DbConnection::Pg(_) => sql.to_owned(),
        DbConnection::Sqlite(_) => sql.replace('$', "?"),
    }
}

/// Runs blocking diesel work on actix's blocking pool with a pooled connection, carrying the
/// request context along so its log lines name the request. Never call diesel outside this.
pub async fn run<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let permit = pool.permit().await?;
    let pool = pool.clone();
    let request = context::current();
    actix_web::web::block(move || {
        let _turn = permit;
        context::with_thread_context(request, || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
    })
    .await?
}

/// A write transaction. On SQLite it starts with `BEGIN IMMEDIATE`, taking the write lock up
/// front: a deferred transaction that reads first would fail instead of waiting when another
/// writer got in between. On PostgreSQL it is an ordinary transaction.
/// Runs `work` on one consistent view of the database, for reads that must agree with each
/// other (an indicator and the read-model position it reports): a read-only REPEATABLE READ
/// transaction on PostgreSQL, one deferred transaction on SQLite (its snapshot starts at the
/// first read).
pub fn snapshot<T, F>(conn: &mut DbConnection, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError>,
{
    conn.transaction(|conn| {
        if let DbConnection::Pg(pg) = conn {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute(pg)?;
        }
        work(conn)
    })
}

pub fn write<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Pg(_) => conn.transaction(work),
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            match work(conn) {
                Ok(value) => {
                    <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
                    Ok(value)
                }
                Err(error) => {
                    <DbConnection as Connection>::TransactionManager::rollback_transaction(conn)?;
                    Err(error)
                }
            }
        }
    }
}

/// Whether the database answers (for `/readyz`).
pub fn ping(conn: &mut DbConnection) -> Result<(), ApiError> {
    diesel::sql_query("SELECT 1").execute(conn)?;
    Ok(())
}

/// Current UTC time as stored (timestamps are UTC `Timestamp` columns), truncated to
/// microseconds so what PostgreSQL and SQLite give back compares equal to what was written.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}
