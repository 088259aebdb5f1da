//! What every kept indicator model shares (coverage in social-protection, formalisation in
//! members): the lock its writers take, the marker that says it is complete, and building it
//! once at start-up or again on request. What is kept, and how it is rebuilt, is each model's.

use diesel::RunQueryDsl;
use diesel::sql_types::Bool;

use crate::ApiError;
use crate::db::{self, DbConnection, DbPool};

/// One kept model.
#[derive(Debug, Clone, Copy)]
pub struct KeptModel {
    /// In log lines: "coverage", "formalisation".
    pub name: &'static str,
    /// Its marker table: `(id INTEGER PRIMARY KEY CHECK (id = 1), built BOOLEAN NOT NULL)`.
    pub marker: &'static str,
    /// Its tables, given fresh planner statistics after a rebuild (comma-separated).
    pub tables: &'static str,
    /// The PostgreSQL advisory lock its writers share (arbitrary, fixed, one per model).
    pub lock_key: i64,
}

#[derive(diesel::QueryableByName)]
struct Marker {
    #[diesel(sql_type = Bool)]
    built: bool,
}

impl KeptModel {
    /// Serialises the writers of the model. A recompute reads rows that other transactions may
    /// be changing: taken before those reads, the lock makes the later of two writers see what
    /// the earlier committed. Transaction-scoped on PostgreSQL (released at commit or rollback);
    /// SQLite has one writer at a time already.
    pub fn lock(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        if let DbConnection::Pg(pg) = conn {
            diesel::sql_query(format!("SELECT pg_advisory_xact_lock({})", self.lock_key))
                .execute(pg)?;
        }
        Ok(())
    }

    /// Whether the model is complete (see the migration that made its marker).
    pub fn is_built(&self, conn: &mut DbConnection) -> Result<bool, ApiError> {
        let sql = format!("SELECT built FROM {} WHERE id = 1", self.marker);
        let marker: Vec<Marker> = crate::on_backend!(conn, |c| diesel::sql_query(&sql).load(c))?;
        Ok(marker.first().is_some_and(|m| m.built))
    }

    /// At start-up: builds the model with `rebuild` unless it is built already (a database
    /// migrated with data in it, or marked unbuilt by a bulk load). Of several replicas starting
    /// at once, the first builds it under the lock and the others then find it built.
    pub fn ensure_built(
        &self,
        pool: &DbPool,
        rebuild: impl FnOnce(&mut DbConnection) -> Result<(), ApiError>,
    ) -> Result<(), ApiError> {
        let mut conn = pool.get()?;
        if self.is_built(&mut conn)? {
            return Ok(());
        }
        log::info!("building the kept {} model", self.name);
        if self.build(&mut conn, false, rebuild)? {
            log::info!("kept {} model built", self.name);
        }
        Ok(())
    }

    /// Rebuilds the model with `rebuild` (whatever it was, when `again`; only if it is not built
    /// otherwise) and marks it complete, in one transaction under the lock; whether it did.
    pub fn build(
        &self,
        conn: &mut DbConnection,
        again: bool,
        rebuild: impl FnOnce(&mut DbConnection) -> Result<(), ApiError>,
    ) -> Result<bool, ApiError> {
        let built = db::write(conn, |conn| {
            self.lock(conn)?;
            if !again && self.is_built(conn)? {
                return Ok::<_, ApiError>(false);
            }
            rebuild(conn)?;
            // Replaced rather than updated, so that a lost marker row cannot keep it unbuilt.
            diesel::sql_query(format!("DELETE FROM {}", self.marker)).execute(conn)?;
            diesel::sql_query(format!(
                "INSERT INTO {} (id, built) VALUES (1, TRUE)",
                self.marker
            ))
            .execute(conn)?;
            Ok(true)
        })?;
        if built && let DbConnection::Pg(pg) = conn {
            // The tables were replaced wholesale: fresh statistics for the planner now, rather
            // than whenever autovacuum (which may be off) gets to them.
            diesel::sql_query(format!("ANALYZE {}", self.tables)).execute(pg)?;
        }
        Ok(built)
    }
}
