//! The writes of the planner's decisions: batched, a chunk at a time in a handful of
//! statements; or, for a chunk whose batched write met a concurrent writer, row by row, each
//! row planned again against what that writer left. Both take [`Planner`]'s decisions.

use std::collections::HashMap;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::feed::{self, Actor, Change, Op};
use formaliza_shared::ids::MemberId;
use formaliza_shared::resource::{self, Resource};
use formaliza_shared::{ApiError, Principal};

use super::parse::{ParsedRow, Prepared, prepare};
use super::plan::{Planned, Planner, RowDecision};
use super::report::{RowResult, RowStatus, done, failed};
use crate::indicators::periods;
use crate::members::db::{self as members_db, MemberRow};
use crate::memberships::db::{self as memberships_db, MembershipRow};

/// Rows written per transaction when not atomic (bounds lock time and memory); also the rows
/// looked up and written together, atomic or not.
const CHUNK: usize = 500;

/// How the whole import commits.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mode {
    /// Decide every row, write nothing.
    pub(super) dry_run: bool,
    /// One transaction: one refused row and nothing is written.
    pub(super) atomic: bool,
}

/// Why an all-or-nothing transaction ended without committing.
enum Abort {
    /// On purpose: a dry run, or an atomic import with a bad row. The results stand.
    Rollback,
    Failed(ApiError),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Failed(error.into())
    }
}

/// Validates, plans and writes the rows: one transaction when atomic or a dry run, otherwise
/// one per chunk. The result of every row, in file order.
pub(super) fn import(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: Vec<ParsedRow>,
    mode: Mode,
) -> Result<Vec<RowResult>, ApiError> {
    let prepared: Vec<(u64, Prepared)> = rows
        .into_iter()
        .map(|(row, parsed)| (row, prepare(parsed)))
        .collect();
    let mut results = Vec::with_capacity(prepared.len());
    if mode.atomic || mode.dry_run {
        let outcome = db::write(conn, |conn| {
            write_rows(conn, principal, prepared, !mode.dry_run, &mut results)
                .map_err(Abort::Failed)?;
            let failed = results.iter().any(|r| r.status == RowStatus::Failed);
            if mode.dry_run || failed {
                Err(Abort::Rollback)
            } else {
                Ok(())
            }
        });
        return match outcome {
            Ok(()) | Err(Abort::Rollback) => Ok(results),
            Err(Abort::Failed(error)) => Err(error),
        };
    }
    let mut prepared = prepared.into_iter().peekable();
    while prepared.peek().is_some() {
        let chunk: Vec<_> = prepared.by_ref().take(CHUNK).collect();
        db::write(conn, |conn| {
            write_rows(conn, principal, chunk, true, &mut results)
        })?;
    }
    Ok(results)
}

/// Validates, plans and writes the rows inside the caller's transaction (an import job's
/// chunk: the job's runner commits or rolls it back). The result of every row, in file order.
pub(super) fn apply(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: Vec<ParsedRow>,
) -> Result<Vec<RowResult>, ApiError> {
    let prepared: Vec<(u64, Prepared)> = rows
        .into_iter()
        .map(|(row, parsed)| (row, prepare(parsed)))
        .collect();
    let mut results = Vec::with_capacity(prepared.len());
    write_rows(conn, principal, prepared, true, &mut results)?;
    Ok(results)
}

/// Writes the prepared rows of one transaction, `CHUNK` rows at a time, and appends their
/// changes to the feed in row order. A dry run (`write` false) decides every row the same way
/// but writes nothing.
fn write_rows(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: Vec<(u64, Prepared)>,
    write: bool,
    results: &mut Vec<RowResult>,
) -> Result<(), ApiError> {
    let mut changes = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        write_chunk(conn, principal, chunk, write, results, &mut changes)?;
    }
    if write {
        feed::append(conn, &Actor::of(principal), &changes)?;
    }
    Ok(())
}

/// Writes one chunk in batches: a few lookups, decisions in memory, then a handful of
/// statements. Should a batched write still hit a constraint or a version check (another
/// request wrote meanwhile), the chunk's writes are rolled back to a savepoint and the chunk is
/// written again row by row, so every row still gets its own result.
fn write_chunk(
    conn: &mut DbConnection,
    principal: &Principal,
    chunk: Vec<(u64, Prepared)>,
    write: bool,
    results: &mut Vec<RowResult>,
    changes: &mut Vec<Change>,
) -> Result<(), ApiError> {
    let batched = diesel::Connection::transaction(conn, |conn| {
        let batch = ChunkWrites::plan(conn, principal, &chunk)?;
        if write {
            batch.execute(conn)?;
        }
        Ok::<_, ApiError>(batch)
    });
    match batched {
        Ok(batch) => {
            results.extend(batch.results);
            changes.extend(batch.changes);
            Ok(())
        }
        // Decisions never fail the chunk; only a write can, and a 4xx there means a
        // concurrent writer.
        Err(error) if !error.status().is_server_error() => {
            log::info!("bulk import: writing a chunk row by row after a conflict: {error}");
            write_one_by_one(conn, principal, chunk, results, changes)
        }
        Err(error) => Err(error),
    }
}

/// The feed event of the member a decision writes, if it writes it.
fn member_change(decision: &RowDecision) -> Result<Option<Change>, ApiError> {
    let op = match decision.status {
        RowStatus::Created => Op::Create,
        RowStatus::Updated => Op::Update,
        RowStatus::Unchanged | RowStatus::Failed => return Ok(None),
    };
    Ok(Some(resource::change(&decision.member, op)?))
}

/// A chunk planned row by row in memory: each row's result, the feed changes in row order,
/// and the writes that carry them out, made together once every row is decided.
#[derive(Default)]
struct ChunkWrites {
    results: Vec<RowResult>,
    changes: Vec<Change>,
    /// Updates of members stored before the chunk, in row order: (version replaced, new row).
    updates: Vec<(i64, MemberRow)>,
    /// New members, in their final state (a later row updating one changes it here).
    inserts: Vec<MemberRow>,
    /// Where each new member is in `inserts`, by id.
    inserted: HashMap<MemberId, usize>,
    memberships: Vec<MembershipRow>,
}

impl ChunkWrites {
    fn plan(
        conn: &mut DbConnection,
        principal: &Principal,
        chunk: &[(u64, Prepared)],
    ) -> Result<Self, ApiError> {
        let mut planner = Planner::load(conn, principal, chunk)?;
        let mut batch = Self {
            results: Vec::with_capacity(chunk.len()),
            changes: Vec::with_capacity(chunk.len()),
            ..Self::default()
        };
        for (row, prepared) in chunk {
            match planner.decide(prepared)? {
                Planned::Write(decision) => {
                    batch.add(&decision, principal.partner_id.as_deref())?;
                    batch
                        .results
                        .push(done(*row, decision.status, decision.member.id));
                }
                Planned::Refused(errors) => batch.results.push(failed(*row, errors)),
            }
        }
        Ok(batch)
    }

    /// Takes a decision's writes and feed events, in the order the row-by-row write makes them.
    fn add(&mut self, decision: &RowDecision, owner: Option<&str>) -> Result<(), ApiError> {
        self.changes.extend(member_change(decision)?);
        let member = &decision.member;
        match (decision.status, decision.previous.as_ref()) {
            (RowStatus::Created, _) => {
                self.inserted.insert(member.id.clone(), self.inserts.len());
                self.inserts.push(member.clone());
            }
            (RowStatus::Updated, Some(previous)) => match self.inserted.get(&member.id) {
                Some(&index) => self.inserts[index] = member.clone(),
                None => self.updates.push((previous.version, member.clone())),
            },
            _ => {}
        }
        if let Some(membership) = &decision.membership {
            let row = MembershipRow::new_membership(
                membership.id.clone(),
                owner,
                membership.command.clone(),
                db::now(),
            );
            self.changes.push(resource::change(&row, Op::Create)?);
            self.memberships.push(row);
        }
        Ok(())
    }

    /// Updates first: a member stepping down as head frees the household for a new member
    /// inserted after it. New members hold their final state, so the inserts meet the end
    /// state of the chunk, which the decisions kept valid.
    fn execute(&self, conn: &mut DbConnection) -> Result<(), ApiError> {
        for (previous_version, row) in &self.updates {
            members_db::write_over(conn, *previous_version, row)?;
        }
        members_db::insert_rows(conn, &self.inserts)?;
        memberships_db::insert_rows(conn, &self.memberships)?;
        // Members stored before the chunk may hold jobs: their kept periods follow their new
        // attributes and memberships (new members hold none yet).
        let changed: Vec<MemberId> = self
            .updates
            .iter()
            .map(|(_, row)| row.id.clone())
            .chain(self.memberships.iter().map(|m| m.member_id.clone()))
            .filter(|id| !self.inserted.contains_key(id))
            .collect();
        periods::recompute_workers(conn, &changed)
    }
}

/// Writes each row in its own savepoint, planned against what the database holds by then, so
/// one failure leaves the others.
fn write_one_by_one(
    conn: &mut DbConnection,
    principal: &Principal,
    rows: Vec<(u64, Prepared)>,
    results: &mut Vec<RowResult>,
    changes: &mut Vec<Change>,
) -> Result<(), ApiError> {
    for entry in rows {
        let row = entry.0;
        if let Prepared::Failed(errors) = entry.1 {
            results.push(failed(row, errors));
            continue;
        }
        let outcome = diesel::Connection::transaction(conn, |conn| {
            let mut planner = Planner::load(conn, principal, std::slice::from_ref(&entry))?;
            match planner.decide(&entry.1)? {
                Planned::Write(decision) => write_row(conn, principal, *decision).map(Ok),
                Planned::Refused(errors) => Ok(Err(errors)),
            }
        });
        let result = match outcome {
            Ok(Ok((status, id, row_changes))) => {
                changes.extend(row_changes);
                done(row, status, id)
            }
            Ok(Err(errors)) => failed(row, errors),
            Err(error) if error.status().is_server_error() => return Err(error),
            Err(error) => failed(row, formaliza_shared::imports::row_errors(&error)),
        };
        results.push(result);
    }
    Ok(())
}

/// Writes one planned row inside the current transaction: the member as the plan leaves it
/// (an update only over the version the plan read), and its membership through the
/// membership's own insert, which checks its references again. Returns the row's status, its
/// member and its feed changes.
fn write_row(
    conn: &mut DbConnection,
    principal: &Principal,
    decision: RowDecision,
) -> Result<(RowStatus, MemberId, Vec<Change>), ApiError> {
    let mut changes = Vec::new();
    changes.extend(member_change(&decision)?);
    match (decision.status, &decision.previous) {
        (RowStatus::Created, _) => {
            members_db::insert_rows(conn, std::slice::from_ref(&decision.member))?;
        }
        (RowStatus::Updated, Some(previous)) => {
            members_db::write_over(conn, previous.version, &decision.member)?;
            periods::recompute_workers(conn, std::slice::from_ref(&decision.member.id))?;
        }
        _ => {}
    }
    if let Some(membership) = decision.membership {
        let membership = MembershipRow::insert(conn, principal, membership.id, membership.command)?;
        changes.push(resource::change(&membership, Op::Create)?);
    }
    Ok((decision.status, decision.member.id, changes))
}
