//! The runner: one thread per service that claims import jobs and applies them.
//!
//! A job is claimed with a lease (`runner`, `lease_until`) by a compare-and-set `UPDATE`, so two
//! replicas never run the same job; a job whose lease ran out was left by a process that died,
//! and the next runner to look takes it over. Rows are applied a chunk at a time: the chunk's
//! writes, its rows' results and the job's progress (`rows_done`, the counts, the renewed
//! lease) are one transaction, which commits only if this runner still holds the job at the
//! `rows_done` it started the chunk from. After a crash the job resumes at `rows_done`: every
//! row is written exactly once.
//!
//! `atomic` and `dry_run` jobs apply the whole file in one transaction (rolled back for a dry
//! run, or for an atomic job with a refused row); a crash leaves nothing written, and the job
//! runs again from the start. Their lease is renewed from a second connection on PostgreSQL;
//! SQLite has one writer, which the whole-file transaction holds, so there it runs out after
//! [`super::ImportSettings::lease`] and a restarted process resumes the job then.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use diesel::prelude::*;

use super::jobs::{JobRow, JobStatus, RowRecord};
use super::source::{self, Format, Source, SourceItem};
use super::{ImportHost, ImportKind, ImportSettings, RowOutcome, RowStatus};
use crate::db::{self, DbConnection, DbPool};
use crate::error::ApiError;
use crate::schema::{import_jobs, import_rows};

/// The running runner: stop it, or wake it when a job was queued.
pub struct RunnerHandle {
    signal: Arc<Signal>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

#[derive(Default)]
struct Signal {
    stop: AtomicBool,
    woken: Mutex<bool>,
    bell: Condvar,
}

impl Signal {
    /// Waits up to `timeout` for a wake-up or a stop.
    fn wait(&self, timeout: std::time::Duration) {
        let woken = self.woken.lock().unwrap_or_else(|e| e.into_inner());
        let (mut woken, _) = self
            .bell
            .wait_timeout_while(woken, timeout, |w| {
                !*w && !self.stop.load(Ordering::Relaxed)
            })
            .unwrap_or_else(|e| e.into_inner());
        *woken = false;
    }

    fn ring(&self) {
        *self.woken.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.bell.notify_all();
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl RunnerHandle {
    /// A job was queued: look now rather than at the next poll.
    pub fn wake(&self) {
        self.signal.ring();
    }

    /// Stops the runner between two chunks and waits for its thread: a job it was running
    /// stays `running` with its lease given back, for the next runner to resume at once.
    pub fn stop_and_wait(&self) {
        self.signal.stop.store(true, Ordering::Relaxed);
        self.signal.ring();
        let thread = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(thread) = thread
            && thread.join().is_err()
        {
            log::error!("the import runner panicked");
        }
    }
}

impl Drop for RunnerHandle {
    fn drop(&mut self) {
        self.stop_and_wait();
    }
}

/// Starts the service's runner thread.
pub fn spawn(
    pool: DbPool,
    host: &'static ImportHost,
    settings: ImportSettings,
) -> std::io::Result<RunnerHandle> {
    std::fs::create_dir_all(&settings.dir)?;
    let signal = Arc::new(Signal::default());
    let runner = Runner {
        id: format!("{}-{}", host.prefix, uuid::Uuid::now_v7().simple()),
        pool,
        host,
        settings,
        signal: signal.clone(),
    };
    let thread = std::thread::Builder::new()
        .name(format!("imports-{}", host.prefix))
        .spawn(move || runner.run())?;
    Ok(RunnerHandle {
        signal,
        thread: Mutex::new(Some(thread)),
    })
}

struct Runner {
    id: String,
    pool: DbPool,
    host: &'static ImportHost,
    settings: ImportSettings,
    signal: Arc<Signal>,
}

/// Why a chunk's transaction did not commit.
enum Abort {
    /// Another runner holds the job now (this one's lease ran out): leave it.
    LostLease,
    /// Rolled back on purpose (dry run, or an atomic job with a refused row): the results stand.
    Rollback(Vec<RowOutcome>),
    Failed(ApiError),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Failed(error.into())
    }
}

impl From<ApiError> for Abort {
    fn from(error: ApiError) -> Self {
        Abort::Failed(error)
    }
}

/// What one chunk adds to a job's counts.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    rows: i64,
    created: i64,
    updated: i64,
    unchanged: i64,
    refused: i64,
}

impl Tally {
    fn of(outcomes: &[RowOutcome]) -> Self {
        let mut tally = Tally {
            rows: i64::try_from(outcomes.len()).unwrap_or(i64::MAX),
            ..Tally::default()
        };
        for outcome in outcomes {
            match outcome.status {
                RowStatus::Created => tally.created += 1,
                RowStatus::Updated => tally.updated += 1,
                RowStatus::Unchanged => tally.unchanged += 1,
                RowStatus::Refused => tally.refused += 1,
            }
        }
        tally
    }
}

impl Runner {
    fn run(self) {
        log::info!("import runner {} started", self.id);
        while !self.signal.stopped() {
            match self.claim() {
                Ok(Some(job)) => {
                    let id = job.id.clone();
                    if let Err(error) = self.run_job(job) {
                        log::error!("import job {id}: {error}");
                        if let Err(error) =
                            self.finish(&id, JobStatus::Failed, Some(error.detail()))
                        {
                            log::error!("import job {id}: cannot record its failure: {error}");
                        }
                    }
                }
                Ok(None) => self.signal.wait(self.settings.poll),
                Err(error) => {
                    log::warn!("import runner: cannot look for jobs: {error}");
                    self.signal.wait(self.settings.poll * 4);
                }
            }
        }
    }

    fn conn(&self) -> Result<db::DbPooled, ApiError> {
        self.pool.get()
    }

    fn lease_until(&self) -> chrono::NaiveDateTime {
        db::now() + chrono::TimeDelta::from_std(self.settings.lease).unwrap_or_default()
    }

    /// The oldest job this runner may take (queued, or running with a lapsed lease) whose file
    /// it can see, claimed.
    fn claim(&self) -> Result<Option<JobRow>, ApiError> {
        let mut conn = self.conn()?;
        let now = db::now();
        let takeable = import_jobs::status
            .eq(JobStatus::Queued.as_str())
            .or(import_jobs::status
                .eq(JobStatus::Running.as_str())
                .and(import_jobs::lease_until.lt(now)));
        let candidates: Vec<(String, String)> = import_jobs::table
            .filter(takeable)
            .order(import_jobs::created_at.asc())
            .select((import_jobs::id, import_jobs::file_path))
            .limit(20)
            .load(&mut conn)?;
        for (id, file) in candidates {
            if !Path::new(&file).exists() {
                continue;
            }
            let claimed = diesel::update(import_jobs::table.find(&id).filter(takeable))
                .set((
                    import_jobs::status.eq(JobStatus::Running.as_str()),
                    import_jobs::runner.eq(Some(&self.id)),
                    import_jobs::lease_until.eq(Some(self.lease_until())),
                ))
                .execute(&mut conn)?;
            if claimed == 1 {
                diesel::update(
                    import_jobs::table
                        .find(&id)
                        .filter(import_jobs::started_at.is_null()),
                )
                .set(import_jobs::started_at.eq(Some(now)))
                .execute(&mut conn)?;
                let job = import_jobs::table
                    .find(&id)
                    .select(JobRow::as_select())
                    .first(&mut conn)?;
                return Ok(Some(job));
            }
        }
        Ok(None)
    }

    fn run_job(&self, job: JobRow) -> Result<(), ApiError> {
        log::info!(
            "import job {}: {} {} rows from row {}{}{}",
            job.id,
            job.kind,
            job.format,
            job.rows_done,
            if job.dry_run { ", dry run" } else { "" },
            if job.atomic { ", atomic" } else { "" },
        );
        let kind = self.host.kind(&job.kind)?;
        let format = Format::of_name(&job.format)
            .ok_or_else(|| ApiError::bad_request(format!("unknown format {}", job.format)))?;
        let path = Path::new(&job.file_path);
        let inspection = source::inspect(path, format)?;
        let source = source::open(path, format, &inspection, kind.fields(), &job.mapping())?;
        {
            let mut conn = self.conn()?;
            diesel::update(import_jobs::table.find(&job.id))
                .set((
                    import_jobs::rows_total
                        .eq(Some(i64::try_from(inspection.rows).unwrap_or(i64::MAX))),
                    import_jobs::column_map.eq(Some(serde_json::to_string(&source.columns)?)),
                ))
                .execute(&mut conn)?;
        }
        if job.atomic || job.dry_run {
            self.run_whole(&job, kind, source)
        } else {
            self.run_chunks(&job, kind, source)
        }
    }

    /// Whether the job was asked to stop.
    fn cancel_requested(&self, conn: &mut DbConnection, id: &str) -> Result<bool, ApiError> {
        Ok(import_jobs::table
            .find(id)
            .select(import_jobs::cancel_requested)
            .first(conn)?)
    }

    /// One transaction per chunk, from `rows_done` on.
    fn run_chunks(
        &self,
        job: &JobRow,
        kind: &dyn ImportKind,
        mut source: Source,
    ) -> Result<(), ApiError> {
        let principal = job.principal();
        let mut done = job.rows_done;
        // Rows committed before a restart are not read again.
        for _ in source
            .by_ref()
            .take(usize::try_from(done).unwrap_or(usize::MAX))
        {}
        // A connection of its own for the whole job, outside the requests' queue (as the bus
        // publisher's): a long job must not hold one of the pool's turns.
        let mut conn = self.pool.dedicated()?;
        loop {
            if self.signal.stopped() {
                self.give_back(&mut conn, &job.id)?;
                return Ok(());
            }
            if self.cancel_requested(&mut conn, &job.id)? {
                return self.finish(&job.id, JobStatus::Cancelled, None);
            }
            let chunk: Vec<SourceItem> = source.by_ref().take(self.settings.chunk_rows).collect();
            if chunk.is_empty() {
                return self.finish(&job.id, JobStatus::Succeeded, None);
            }
            let written = db::write(&mut conn, |conn| {
                let outcomes = apply(conn, kind, &principal, chunk)?;
                let tally = Tally::of(&outcomes);
                store_rows(conn, &job.id, &outcomes)?;
                self.advance(conn, &job.id, done, tally)?;
                Ok::<_, Abort>(tally.rows)
            });
            match written {
                Ok(rows) => done += rows,
                Err(Abort::LostLease) => {
                    log::warn!("import job {}: another runner took it over", job.id);
                    return Ok(());
                }
                Err(Abort::Rollback(_)) => return Ok(()),
                Err(Abort::Failed(error)) => return Err(error),
            }
        }
    }

    /// The whole file in one transaction; its results stored after it (with it, for an atomic
    /// job that commits).
    fn run_whole(
        &self,
        job: &JobRow,
        kind: &dyn ImportKind,
        source: Source,
    ) -> Result<(), ApiError> {
        let principal = job.principal();
        let mut conn = self.pool.dedicated()?;
        let renewing = AtomicBool::new(true);
        let outcome = std::thread::scope(|scope| {
            if matches!(conn, DbConnection::Pg(_)) {
                scope.spawn(|| self.renew_lease(&job.id, &renewing));
            }
            let outcome = db::write(&mut conn, |conn| {
                let mut all = Vec::new();
                let mut rows = source;
                loop {
                    let chunk: Vec<SourceItem> =
                        rows.by_ref().take(self.settings.chunk_rows).collect();
                    if chunk.is_empty() {
                        break;
                    }
                    all.extend(apply(conn, kind, &principal, chunk)?);
                    if self.signal.stopped() {
                        return Err(Abort::LostLease);
                    }
                }
                let tally = Tally::of(&all);
                if job.dry_run || tally.refused > 0 {
                    return Err(Abort::Rollback(all));
                }
                renewing.store(false, Ordering::Relaxed);
                store_rows(conn, &job.id, &all)?;
                self.advance(conn, &job.id, 0, tally)?;
                Ok(())
            });
            renewing.store(false, Ordering::Relaxed);
            outcome
        });
        match outcome {
            Ok(()) => self.finish(&job.id, JobStatus::Succeeded, None),
            Err(Abort::Rollback(all)) => {
                let tally = Tally::of(&all);
                let advanced = db::write(&mut conn, |conn| {
                    store_rows(conn, &job.id, &all)?;
                    self.advance(conn, &job.id, 0, tally)
                });
                match advanced {
                    Ok(()) if job.dry_run => self.finish(&job.id, JobStatus::Succeeded, None),
                    Ok(()) => self.finish(
                        &job.id,
                        JobStatus::Failed,
                        Some(&format!(
                            "{} row(s) refused; nothing written (atomic): fix them and send the file again",
                            tally.refused
                        )),
                    ),
                    Err(Abort::Failed(error)) => Err(error),
                    Err(_) => Ok(()),
                }
            }
            Err(Abort::LostLease) => {
                if self.signal.stopped() {
                    self.give_back(&mut conn, &job.id)?;
                }
                Ok(())
            }
            Err(Abort::Failed(error)) => Err(ApiError::new(
                error.status(),
                "import-failed",
                "Import failed",
                format!("nothing written: {}", error.detail()),
            )),
        }
    }

    /// Keeps a whole-file job's lease while its transaction runs (PostgreSQL).
    fn renew_lease(&self, id: &str, renewing: &AtomicBool) {
        let step = self.settings.lease / 3;
        let mut since = std::time::Instant::now();
        while renewing.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(100).min(step));
            if since.elapsed() < step {
                continue;
            }
            since = std::time::Instant::now();
            let renewed = self.conn().and_then(|mut conn| {
                diesel::update(
                    import_jobs::table
                        .find(id)
                        .filter(import_jobs::runner.eq(&self.id)),
                )
                .set(import_jobs::lease_until.eq(Some(self.lease_until())))
                .execute(&mut conn)
                .map_err(ApiError::from)
            });
            if let Err(error) = renewed {
                log::warn!("import job {id}: cannot renew its lease: {error}");
            }
        }
    }

    /// Adds a chunk to the job's progress and renews the lease, if this runner still holds the
    /// job where it left it.
    fn advance(
        &self,
        conn: &mut DbConnection,
        id: &str,
        done: i64,
        tally: Tally,
    ) -> Result<(), Abort> {
        let advanced = diesel::update(
            import_jobs::table
                .find(id)
                .filter(import_jobs::runner.eq(&self.id))
                .filter(import_jobs::rows_done.eq(done)),
        )
        .set((
            import_jobs::rows_done.eq(import_jobs::rows_done + tally.rows),
            import_jobs::created.eq(import_jobs::created + tally.created),
            import_jobs::updated.eq(import_jobs::updated + tally.updated),
            import_jobs::unchanged.eq(import_jobs::unchanged + tally.unchanged),
            import_jobs::refused.eq(import_jobs::refused + tally.refused),
            import_jobs::lease_until.eq(Some(self.lease_until())),
        ))
        .execute(conn)?;
        if advanced == 1 {
            Ok(())
        } else {
            Err(Abort::LostLease)
        }
    }

    /// Leaves a job for another runner at once (this one is stopping).
    fn give_back(&self, conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
        diesel::update(
            import_jobs::table
                .find(id)
                .filter(import_jobs::runner.eq(&self.id)),
        )
        .set((
            import_jobs::runner.eq(None::<String>),
            import_jobs::lease_until.eq(Some(db::now())),
        ))
        .execute(conn)?;
        log::info!("import job {id}: left for the next runner (stopping)");
        Ok(())
    }

    /// Ends a job this runner holds, and removes its spooled file.
    fn finish(&self, id: &str, status: JobStatus, error: Option<&str>) -> Result<(), ApiError> {
        let mut conn = self.conn()?;
        let file: Option<String> = import_jobs::table
            .find(id)
            .select(import_jobs::file_path)
            .first(&mut conn)
            .optional()?;
        let ended = diesel::update(
            import_jobs::table
                .find(id)
                .filter(import_jobs::runner.eq(&self.id)),
        )
        .set((
            import_jobs::status.eq(status.as_str()),
            import_jobs::error.eq(error),
            import_jobs::finished_at.eq(Some(db::now())),
            import_jobs::runner.eq(None::<String>),
            import_jobs::lease_until.eq(None::<chrono::NaiveDateTime>),
        ))
        .execute(&mut conn)?;
        if ended == 1 {
            log::info!("import job {id}: {}", status.as_str());
            if let Some(file) = file
                && let Err(error) = std::fs::remove_file(&file)
            {
                log::warn!("import job {id}: cannot remove {file}: {error}");
            }
        }
        Ok(())
    }
}

/// One chunk through the kind, rows that could not be read refused beside it.
fn apply(
    conn: &mut DbConnection,
    kind: &dyn ImportKind,
    principal: &crate::Principal,
    chunk: Vec<SourceItem>,
) -> Result<Vec<RowOutcome>, ApiError> {
    let mut good = Vec::with_capacity(chunk.len());
    let mut outcomes = Vec::new();
    for item in chunk {
        match item {
            Ok(row) => good.push(row),
            Err(bad) => outcomes.push(RowOutcome::refused(bad.line, vec![bad.error])),
        }
    }
    if !good.is_empty() {
        outcomes.extend(kind.apply(conn, principal, good)?);
    }
    Ok(outcomes)
}

/// Stores a chunk's row results.
fn store_rows(
    conn: &mut DbConnection,
    job_id: &str,
    outcomes: &[RowOutcome],
) -> Result<(), ApiError> {
    let records: Vec<RowRecord> = outcomes
        .iter()
        .map(|outcome| {
            Ok(RowRecord {
                job_id: job_id.to_owned(),
                line: i64::try_from(outcome.line).unwrap_or(i64::MAX),
                status: outcome.status.as_str().to_owned(),
                record_id: outcome.record_id.clone(),
                errors: if outcome.errors.is_empty() {
                    None
                } else {
                    Some(serde_json::to_string(&outcome.errors)?)
                },
            })
        })
        .collect::<Result<_, ApiError>>()?;
    for batch in records.chunks(db::ROWS_PER_INSERT) {
        crate::on_backend!(conn, |c| diesel::insert_into(import_rows::table)
            .values(batch)
            .execute(c))?;
    }
    Ok(())
}
