//! Import jobs: a file uploaded once, spooled to disk, and applied in the background by the
//! service that owns the records, with progress, a per-row report, cancel and resume.
//!
//! Every service that hosts jobs describes the kinds of record it imports with [`ImportKind`]
//! and lists them in an [`ImportHost`] (its [`crate::server::ServiceSpec::imports`]); the rest
//! is here, once:
//! - [`columns`]: column names and cell values as NGOs write them, mapped onto a kind's fields;
//! - [`source`]: a spooled file (CSV, NDJSON, xlsx) read as a stream of rows;
//! - [`jobs`]: the `import_jobs` and `import_rows` tables, the job as the API shows it;
//! - [`runner`]: the background thread that claims jobs and applies them a chunk at a time;
//! - [`handlers`]: `POST/GET/DELETE /v1/imports…`;
//! - [`cli`]: `formaliza import FILE --kind …`, the same on each service's binary.

pub mod cli;
pub mod columns;
pub mod handlers;
pub mod jobs;
pub mod runner;
pub mod source;

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::{Principal, Scope};
use crate::db::DbConnection;
use crate::env::{ConfigError, parse_var, var};
use crate::error::{ApiError, FieldError};
use crate::feed::Change;

pub use columns::{FieldSpec, FieldType};
pub use source::{Format, SourceRow};

/// What happened to one row of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
// Its own name in the spec: the synchronous import's `RowStatus` says `failed`.
#[schema(as = ImportRowStatus)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// A new record.
    Created,
    /// A record found by its natural key (national id, `external_ref`, …), changed.
    Updated,
    /// A record found by its natural key, already as the row has it: nothing written.
    Unchanged,
    /// Not written: see the row's errors.
    Refused,
}

impl RowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Created => "created",
            RowStatus::Updated => "updated",
            RowStatus::Unchanged => "unchanged",
            RowStatus::Refused => "refused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "created" => Some(RowStatus::Created),
            "updated" => Some(RowStatus::Updated),
            "unchanged" => Some(RowStatus::Unchanged),
            "refused" => Some(RowStatus::Refused),
            _ => None,
        }
    }
}

/// A kind's word on one row.
#[derive(Debug, Clone)]
pub struct RowOutcome {
    pub line: u64,
    pub status: RowStatus,
    /// The record the row created, updated or found unchanged.
    pub record_id: Option<String>,
    /// Why it was refused (the file's field names where the kind can tell them).
    pub errors: Vec<FieldError>,
}

impl RowOutcome {
    pub fn done(line: u64, status: RowStatus, record_id: impl ToString) -> Self {
        Self {
            line,
            status,
            record_id: Some(record_id.to_string()),
            errors: Vec::new(),
        }
    }

    pub fn refused(line: u64, errors: Vec<FieldError>) -> Self {
        Self {
            line,
            status: RowStatus::Refused,
            record_id: None,
            errors,
        }
    }

    /// A row the rules refused with `error` (a 4xx problem): see [`row_errors`].
    pub fn refused_by(line: u64, error: &ApiError) -> Self {
        Self::refused(line, row_errors(error))
    }
}

/// A refused row's errors: the problem's field errors, or else its detail as the row's (`row`,
/// `rejected`), as the jobs and `POST /v1/members/import` report them.
pub fn row_errors(error: &ApiError) -> Vec<FieldError> {
    if error.field_errors().is_empty() {
        vec![FieldError::new("row", "rejected", error.detail())]
    } else {
        error.field_errors().to_vec()
    }
}

/// What a kind's write made of one row: the record, what happened to it, and the change to
/// append to the feed (`None` when nothing changed, or when the write appended its own).
pub type RowWrite<Id> = (Id, RowStatus, Option<Change>);

/// Applies `write` to each row in its own savepoint, so that a refused row leaves the chunk's
/// transaction usable: a row's own problem (a 4xx) refuses it, a server's stops the chunk.
/// Returns the outcomes in row order and the changes for the kind to append to the feed.
pub fn each_row<Id: ToString>(
    conn: &mut DbConnection,
    rows: &[SourceRow],
    mut write: impl FnMut(&mut DbConnection, &SourceRow) -> Result<RowWrite<Id>, ApiError>,
) -> Result<(Vec<RowOutcome>, Vec<Change>), ApiError> {
    let mut outcomes = Vec::with_capacity(rows.len());
    let mut changes = Vec::new();
    for row in rows {
        match diesel::Connection::transaction(conn, |conn| write(conn, row)) {
            Ok((id, status, change)) => {
                changes.extend(change);
                outcomes.push(RowOutcome::done(row.line, status, id));
            }
            Err(error) if error.status().is_server_error() => return Err(error),
            Err(error) => outcomes.push(RowOutcome::refused_by(row.line, &error)),
        }
    }
    Ok((outcomes, changes))
}

/// A kind of record a service imports (`members`, `households`, later `enrolments`,
/// `attendance`). Implement it on a unit struct and list it in the service's [`ImportHost`].
pub trait ImportKind: Send + Sync {
    /// The kind's name, as `?kind=` takes it.
    fn name(&self) -> &'static str;

    /// The fields a row may have, by their API names; column names and values reach them
    /// through [`columns`] (aliases, the job's mapping, Spanish values).
    fn fields(&self) -> &'static [FieldSpec];

    /// Applies one chunk of rows (in file order) as `principal`, inside the runner's
    /// transaction: each row upserted on its natural key through the same rules, feed events
    /// and kept models as the single-record writes, later rows seeing earlier ones. Returns one
    /// outcome per row. A refused row is an outcome, never an `Err`; an `Err` (a server error)
    /// rolls the chunk back and fails the job. The runner commits the chunk, or rolls it back
    /// for a dry run or a refused atomic job, so the kind just writes.
    fn apply(
        &self,
        conn: &mut DbConnection,
        principal: &Principal,
        rows: Vec<SourceRow>,
    ) -> Result<Vec<RowOutcome>, ApiError>;
}

/// A service that hosts import jobs: the prefix of its job ids (so the gateway routes
/// `/v1/imports/{id}` by it), its scopes, and its kinds.
pub struct ImportHost {
    /// `mem` in the members service: job ids are `mem_<uuidv7>`.
    pub prefix: &'static str,
    /// Reads the service's jobs and their reports.
    pub read_scope: Scope,
    /// Creates and cancels them.
    pub write_scope: Scope,
    pub kinds: &'static [&'static dyn ImportKind],
}

impl ImportHost {
    /// States this service's own scopes on the import operations of its document (the shared
    /// handlers are documented with the members service's): `read_scope` for GET, `write_scope`
    /// for the others; and the schema of the kinds.
    pub fn state_scopes(&self, document: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::SecurityRequirement;
        let requirement = |scope: Scope| vec![SecurityRequirement::new("bearer", [scope.as_str()])];
        // Named by the `kind` parameters (a parameter's schema is not collected on its own).
        document
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .insert(
                "ImportKindName".to_owned(),
                <handlers::ImportKindName as utoipa::PartialSchema>::schema(),
            );
        document
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .insert(
                "ImportFormatName".to_owned(),
                <handlers::ImportFormatName as utoipa::PartialSchema>::schema(),
            );
        for (path, item) in document.paths.paths.iter_mut() {
            if !path.starts_with("/v1/imports") {
                continue;
            }
            if let Some(get) = item.get.as_mut() {
                get.security = Some(requirement(self.read_scope));
            }
            for write in [item.post.as_mut(), item.delete.as_mut()]
                .into_iter()
                .flatten()
            {
                write.security = Some(requirement(self.write_scope));
            }
        }
    }

    /// The kind named `name`, or a 422 listing the kinds this service takes.
    pub fn kind(&self, name: &str) -> Result<&'static dyn ImportKind, ApiError> {
        self.kinds
            .iter()
            .find(|k| k.name() == name)
            .copied()
            .ok_or_else(|| {
                ApiError::bad_parameter(
                    "kind",
                    "unknown_kind",
                    format!(
                        "unknown kind `{name}`; this service imports: {}",
                        self.kinds
                            .iter()
                            .map(|k| k.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
    }
}

/// How a service runs its import jobs (read once at start-up).
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// Where uploads are spooled (`FORMALIZA_IMPORT_DIR`; default: an `imports` folder beside
    /// the SQLite file, or `<temp dir>/formaliza-imports/<service>` on PostgreSQL). Replicas
    /// that should run each other's jobs share it (a volume); a runner only takes jobs whose
    /// file it can see.
    pub dir: PathBuf,
    /// Largest upload (`FORMALIZA_MAX_IMPORT_FILE_BYTES`, default 512 MiB).
    pub max_bytes: u64,
    /// Rows applied per transaction (`FORMALIZA_IMPORT_CHUNK_ROWS`, default 1000).
    pub chunk_rows: usize,
    /// How long a runner holds a job without committing a chunk before another may take it
    /// over (`FORMALIZA_IMPORT_LEASE_SECONDS`, default 60).
    pub lease: Duration,
    /// How often an idle runner looks for queued jobs.
    pub poll: Duration,
}

impl ImportSettings {
    /// Settings for `database_url`'s service `name`, with a spool folder of their own.
    pub fn default_for(name: &str, database_url: &str) -> Self {
        let dir = match crate::db::Backend::of_url(database_url) {
            crate::db::Backend::Sqlite => {
                std::path::Path::new(database_url.trim_start_matches("sqlite://"))
                    .parent()
                    .map(|p| p.join("imports").join(name))
                    .unwrap_or_else(|| PathBuf::from("imports").join(name))
            }
            crate::db::Backend::Postgres => {
                std::env::temp_dir().join("formaliza-imports").join(name)
            }
        };
        Self {
            dir,
            max_bytes: 512 << 20,
            chunk_rows: 1000,
            lease: Duration::from_secs(60),
            poll: Duration::from_millis(500),
        }
    }

    /// [`Self::default_for`], then the environment.
    pub fn from_env(name: &str, database_url: &str) -> Result<Self, ConfigError> {
        let defaults = Self::default_for(name, database_url);
        let chunk_rows = parse_var("FORMALIZA_IMPORT_CHUNK_ROWS", defaults.chunk_rows)?;
        if chunk_rows == 0 {
            return Err(ConfigError(
                "FORMALIZA_IMPORT_CHUNK_ROWS must be at least 1".into(),
            ));
        }
        Ok(Self {
            dir: var("FORMALIZA_IMPORT_DIR")
                .map(|d| PathBuf::from(d).join(name))
                .unwrap_or(defaults.dir),
            max_bytes: parse_var("FORMALIZA_MAX_IMPORT_FILE_BYTES", defaults.max_bytes)?,
            chunk_rows,
            lease: Duration::from_secs(parse_var(
                "FORMALIZA_IMPORT_LEASE_SECONDS",
                defaults.lease.as_secs(),
            )?),
            poll: defaults.poll,
        })
    }
}
