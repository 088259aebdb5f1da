//! The database layer: one connection type over PostgreSQL and SQLite, a pool, embedded
//! migrations, and the one helper that runs diesel work on the blocking pool.

use std::sync::{Arc, RwLock, Weak};
use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{CustomizeConnection, HandleError, ManageConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

use crate::context;
use crate::error::ApiError;
use crate::health::{DbHealth, PROBE_INTERVAL};

/// A connection to either backend; the database URL decides which.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// How long a checkout waits for a connection while the database is up (a busy pool): an
/// overloaded service answers 503 after it.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);

/// How often a waiting checkout looks at the database's health, so that it gives up within
/// this long once the database is known to be down.
const HEALTH_GLANCE: Duration = Duration::from_millis(50);

/// The connection pool, with a fair queue in front of it and the database's health beside it.
///
/// r2d2 hands a freed connection to whichever thread asks next, not to the one that has waited
/// longest: with more requests in flight than connections, a few waited over a second while
/// the rest went through in milliseconds (members list, 64 connections over a pool of 16: p99
/// 350–620 ms, p50 12 ms). [`run`] first takes a permit from a FIFO semaphore with one permit
/// per connection, asynchronously, so requests get connections in arrival order and no
/// blocking thread sits waiting on the pool.
///
/// While the database is down ([`DbHealth`]) a checkout answers 503 at once. When the probe
/// finds it back, the r2d2 pool is replaced by a fresh one: the old one's reconnection attempts
/// back off up to half the connection timeout (2.5 s of 503s after the database was back),
/// a fresh pool connects at once.
#[derive(Clone)]
pub struct DbPool {
    shared: Arc<Shared>,
}

struct Shared {
    pool: RwLock<Pool<DbManager>>,
    permits: Arc<tokio::sync::Semaphore>,
    health: Arc<DbHealth>,
    url: String,
    max_size: u32,
    sqlite: SqliteSettings,
}

/// A pooled connection.
pub type DbPooled = PooledConnection<DbManager>;

impl DbPool {
    /// The current r2d2 pool (replaced after an outage).
    fn pool(&self) -> Pool<DbManager> {
        self.shared
            .pool
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The database's health as this pool sees it.
    pub fn health(&self) -> &DbHealth {
        &self.shared.health
    }

    /// A turn at one of the pool's connections, in arrival order: hold it while using a
    /// connection taken outside [`run`] (a long export, say). Waits at most the pool's
    /// connection timeout, as r2d2 itself would: an overloaded service answers 503; while the
    /// database is down, answers 503 at once.
    pub async fn permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        self.health().check()?;
        let turn = self.shared.permits.clone().acquire_owned();
        let permit = match tokio::time::timeout(CONNECTION_TIMEOUT, turn).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => return Err(ApiError::unavailable("the database pool is closed")),
            Err(_) => {
                return Err(ApiError::unavailable(
                    "the database is busy with other requests; retry later",
                ));
            }
        };
        self.health().check()?;
        Ok(permit)
    }

    /// A connection (blocking): waits up to the connection timeout while the database is up,
    /// answers 503 within [`HEALTH_GLANCE`] once it is known to be down.
    pub fn get(&self) -> Result<DbPooled, ApiError> {
        let deadline = Instant::now() + CONNECTION_TIMEOUT;
        loop {
            self.health().check()?;
            match self.pool().get_timeout(HEALTH_GLANCE) {
                Ok(conn) => return Ok(conn),
                Err(error) if Instant::now() >= deadline => return Err(error.into()),
                Err(_) => {}
            }
        }
    }

    /// A connection of its own, outside the pool and its queue, set up as pooled ones are: for
    /// a long-lived worker (the bus publisher) that holds a session-level lock with it and
    /// must not take a turn from the requests. Blocking.
    pub fn dedicated(&self) -> Result<DbConnection, ApiError> {
        let mut conn = DbManager::new(&self.shared.url)
            .establish()
            .map_err(|e| ApiError::unavailable(format!("cannot connect to the database: {e}")))?;
        self.shared
            .sqlite
            .on_acquire(&mut conn)
            .map_err(|e| ApiError::unavailable(format!("cannot set up the connection: {e}")))?;
        Ok(conn)
    }

    /// Replaces the r2d2 pool by a fresh one (see the type's documentation).
    fn renew(&self) {
        let fresh = builder(
            self.shared.max_size,
            self.shared.sqlite,
            &self.shared.health,
        )
        .build_unchecked(DbManager::new(&self.shared.url));
        *self.shared.pool.write().unwrap_or_else(|e| e.into_inner()) = fresh;
    }
}

/// Opens connections to the backend the URL names, so that a failure says why (diesel's
/// derived `MultiConnection::establish` tries each backend in turn and reports only "Invalid
/// connection url for multiconnection"), and checks them as r2d2's own manager does.
#[derive(Debug, Clone)]
pub struct DbManager {
    url: String,
    backend: Backend,
}

impl DbManager {
    fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            backend: Backend::of_url(url),
        }
    }

    /// A fresh connection, with the cause when it cannot be had.
    fn establish(&self) -> ConnectionResult<DbConnection> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url).map(DbConnection::Pg),
            Backend::Sqlite => SqliteConnection::establish(&self.url).map(DbConnection::Sqlite),
        }
    }
}

impl ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, diesel::r2d2::Error> {
        self.establish()
            .map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        diesel::r2d2::R2D2Connection::ping(conn).map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// What r2d2 does with a failed connection attempt or check: r2d2's default logs each one at
/// ERROR (about 60 lines per service in an 8 s outage); this records a failed attempt in the
/// health, which logs the cause once per outage. A failed check of an idle connection (one
/// connection lost) is not an outage: the pool drops it and opens another, which says.
#[derive(Debug)]
struct RecordFailures(Arc<DbHealth>);

impl HandleError<diesel::r2d2::Error> for RecordFailures {
    fn handle_error(&self, error: diesel::r2d2::Error) {
        match error {
            diesel::r2d2::Error::ConnectionError(cause) => self.0.mark_down(&cause.to_string()),
            diesel::r2d2::Error::QueryError(cause) => {
                log::debug!("dropped a pooled connection that failed its check: {cause}")
            }
        }
    }
}

/// The pool's settings, the same for the first pool and every renewal.
fn builder(
    max_size: u32,
    sqlite: SqliteSettings,
    health: &Arc<DbHealth>,
) -> diesel::r2d2::Builder<DbManager> {
    Pool::builder()
        .max_size(max_size)
        .connection_timeout(CONNECTION_TIMEOUT)
        .connection_customizer(Box::new(sqlite))
        .error_handler(Box::new(RecordFailures(health.clone())))
}

/// While the database is down, tries a fresh connection every [`PROBE_INTERVAL`]; the first
/// that answers `SELECT 1` renews the pool and sets the health up. A thread of its own (not a
/// task): pools also serve command-line tools with no async runtime. It ends with the pool.
fn spawn_probe(pool: &DbPool) {
    let shared: Weak<Shared> = Arc::downgrade(&pool.shared);
    let manager = DbManager::new(&pool.shared.url);
    let spawned = std::thread::Builder::new()
        .name("db-probe".into())
        .spawn(move || {
            loop {
                let Some(health) = shared.upgrade().map(|s| s.health.clone()) else {
                    return;
                };
                if !health.wait_down(Duration::from_secs(1)) {
                    continue;
                }
                std::thread::sleep(PROBE_INTERVAL);
                let answered = manager
                    .establish()
                    .map_err(|e| e.to_string())
                    .and_then(|mut conn| ping(&mut conn).map_err(|e| e.to_string()));
                match (answered, shared.upgrade()) {
                    (Ok(()), Some(shared)) => {
                        let pool = DbPool { shared };
                        pool.renew();
                        pool.health().mark_up();
                    }
                    (Err(cause), Some(_)) => log::debug!("database still down: {cause}"),
                    (_, None) => return,
                }
            }
        });
    if let Err(error) = spawned {
        log::error!("cannot start the database probe: {error}");
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

/// Per-connection SQLite settings: a busy timeout so writers queue instead of failing,
/// enforced foreign keys, and when a commit is durable. (WAL, which lets readers go on while one
/// writes, is a property of the file, set once in [`connect`].)
#[derive(Debug, Clone, Copy)]
struct SqliteSettings {
    synchronous: Synchronous,
}

/// When SQLite acknowledges a commit (`PRAGMA synchronous`).
///
/// `Full`, the default: in WAL mode the log is synced to disk at every commit, so a write that
/// was acknowledged survives a power cut or an OS crash. `Normal` syncs only at checkpoints: it
/// survives the process dying, but a power cut may roll back the last acknowledged commits. It
/// exists only so that `tests/load/run writes` can measure what durability costs
/// (`FORMALIZA_SQLITE_SYNCHRONOUS=normal`); never run a deployment with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Synchronous {
    Full,
    Normal,
}

impl Synchronous {
    /// `FORMALIZA_SQLITE_SYNCHRONOUS` (`full` unless set to `normal`), read once per pool.
    fn from_env() -> Result<Self, String> {
        match crate::env::var("FORMALIZA_SQLITE_SYNCHRONOUS")
            .map(|v| v.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("full") => Ok(Synchronous::Full),
            Some("normal") => {
                log::warn!(
                    "FORMALIZA_SQLITE_SYNCHRONOUS=normal: acknowledged writes may be lost in a \
                     power cut (for benchmarks only)"
                );
                Ok(Synchronous::Normal)
            }
            Some(other) => Err(format!(
                "FORMALIZA_SQLITE_SYNCHRONOUS must be full or normal, not {other:?}"
            )),
        }
    }

    fn pragma(self) -> &'static str {
        match self {
            Synchronous::Full => {
                "PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
            }
            Synchronous::Normal => {
                "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
            }
        }
    }
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqliteSettings {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(conn) = conn {
            conn.batch_execute(self.synchronous.pragma())
                .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Opens a pool; for SQLite, creates the file's folder first. Fails when the database cannot
/// be reached within the connection timeout (a service does not start without it).
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, String> {
    let url = prepare(url)?;
    let sqlite = SqliteSettings {
        synchronous: Synchronous::from_env()?,
    };
    let health = Arc::new(DbHealth::default());
    let pool = builder(max_size, sqlite, &health)
        .build(DbManager::new(&url))
        .map_err(|e| format!("cannot open database: {e}"))?;
    Ok(with_probe(pool, sqlite, health, url, max_size))
}

fn with_probe(
    pool: Pool<DbManager>,
    sqlite: SqliteSettings,
    health: Arc<DbHealth>,
    url: String,
    max_size: u32,
) -> DbPool {
    let pool = DbPool {
        shared: Arc::new(Shared {
            pool: RwLock::new(pool),
            sqlite,
            permits: Arc::new(tokio::sync::Semaphore::new(max_size as usize)),
            health,
            url,
            max_size,
        }),
    };
    spawn_probe(&pool);
    pool
}

/// The URL as the backend takes it; for SQLite, the file's folder created and the file in WAL
/// mode.
fn prepare(url: &str) -> Result<String, String> {
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
        return Ok(path.to_owned());
    }
    Ok(url.to_owned())
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

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::ResponseError;

    /// A pool over a database that is not there (the start-up check skipped).
    fn unreachable(url: &str) -> DbPool {
        let health = Arc::new(DbHealth::default());
        let sqlite = SqliteSettings {
            synchronous: Synchronous::Full,
        };
        let pool = builder(2, sqlite, &health).build_unchecked(DbManager::new(url));
        with_probe(pool, sqlite, health, url.to_owned(), 2)
    }

    /// A pool whose database is gone answers 503 with `Retry-After` at once after its first
    /// failure (not after the 5 s connection timeout), and its health names the real cause
    /// rather than diesel's "Invalid connection url for multiconnection".
    async fn a_pool_over_a_missing_database_fails_fast(url: &str, cause: &str) {
        let pool = unreachable(url);
        let started = Instant::now();
        let first = run(&pool, ping).await.unwrap_err();
        assert_eq!(first.status().as_u16(), 503);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        let down = pool.health().down().unwrap();
        assert!(down.contains(cause), "{down}");
        assert!(!down.contains("multiconnection"), "{down}");
        for _ in 0..5 {
            let started = Instant::now();
            let error = run(&pool, ping).await.unwrap_err();
            let took = started.elapsed();
            assert!(took < Duration::from_millis(250), "{took:?}");
            let response = error.error_response();
            assert_eq!(response.status().as_u16(), 503);
            assert_eq!(response.headers().get("retry-after").unwrap(), "1");
        }
    }

    #[actix_rt::test]
    async fn postgres_on_a_closed_port_fails_fast_with_the_cause() {
        // Port 1 (tcpmux) is closed on any machine that runs these tests.
        a_pool_over_a_missing_database_fails_fast(
            "postgres://postgres@127.0.0.1:1/formaliza",
            "Connection refused",
        )
        .await;
    }

    #[actix_rt::test]
    async fn sqlite_in_a_missing_folder_fails_fast_with_the_cause() {
        a_pool_over_a_missing_database_fails_fast(
            "/nonexistent-formaliza-folder/members.sqlite",
            "unable to open database file",
        )
        .await;
    }

    /// The probe sets the health up (and renews the pool) once the database answers again.
    #[actix_rt::test]
    async fn the_probe_finds_the_database_back() {
        let dir = tempfile_dir();
        let url = format!("{}/back.sqlite", dir.display());
        let pool = unreachable(&url);
        pool.health().mark_down("a test outage");
        let started = Instant::now();
        while !pool.health().is_up() {
            assert!(started.elapsed() < Duration::from_secs(1), "still down");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        run(&pool, ping).await.unwrap();
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("formaliza-db-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// An acknowledged write on the embedded default survives a power cut: every connection
    /// syncs the WAL at each commit (`synchronous = FULL`, 2), not only at checkpoints.
    #[actix_rt::test]
    async fn sqlite_commits_are_synced_before_they_are_acknowledged() {
        #[derive(diesel::QueryableByName)]
        struct Mode {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            synchronous: i32,
        }
        let dir = tempfile_dir();
        let pool = connect(&format!("{}/durable.sqlite", dir.display()), 2).unwrap();
        for _ in 0..2 {
            let mut conn = pool.get().unwrap();
            let DbConnection::Sqlite(conn) = &mut *conn else {
                panic!("not SQLite")
            };
            let mode: Mode = diesel::sql_query("PRAGMA synchronous")
                .get_result(conn)
                .unwrap();
            assert_eq!(mode.synchronous, 2);
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
