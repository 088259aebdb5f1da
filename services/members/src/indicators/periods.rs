//! The kept formalisation model: per organisation, the periods it was `formal` or
//! `in_formation` (`organisation_status_periods`), and per live member, the periods they held a
//! job, split where a formal job starts or ends (`worker_periods`, with the member's attributes
//! the indicator filters and groups by). With them the formalisation indicator on any date is one
//! count over one table ([`super::db`]); deriving it from every registration's transitions and
//! every job took 0.4 s (organisations) and 2–3 s (workers) at 20,000 organisations and 400,000
//! members.
//!
//! What is kept is a function of the base tables, with the rules themselves: an organisation's
//! periods are [`formal::history`] of its registrations' timelines; a worker's follow
//! [`crate::jobs::model::formal_job`] over spans of days instead of one day. It stays exact
//! because every write that can change that function rebuilds the affected rows in the same
//! transaction: registration writes (the organisation, then the workers whose unit it is), job
//! writes (the worker), member writes and erasures (their attributes), membership writes and
//! organisation writes (whether a worker is in the programme).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

use formaliza_shared::ApiError;
use formaliza_shared::db::{DbConnection, DbPool};
use formaliza_shared::ids::{MemberId, OrganisationId};
use formaliza_shared::kept::KeptModel;

use crate::jobs::model::JobRole;
use crate::organisations::model::FormalStatus;
use crate::registrations::formal::{self, Timeline};
use crate::registrations::model::RegistrationStatus;
use crate::schema::{
    jobs, members, memberships, organisation_status_periods, organisations,
    registration_transitions, registrations, worker_periods,
};

/// Members rebuilt per statement: well under either backend's bound-parameter limit.
const CHUNK: usize = 500;

/// Rows per multi-row INSERT of `worker_periods` (11 columns; SQLite binds at most 32,766).
const ROWS_PER_INSERT: usize = 2_000;

/// A span of days `[from, until)`; `until` `None`: not ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Span {
    /// The days from `from` to `last` included (`None`: not ended).
    pub fn through(from: NaiveDate, last: Option<NaiveDate>) -> Self {
        Self {
            from,
            until: last.map(|day| day + TimeDelta::days(1)),
        }
    }

    fn is_empty(self) -> bool {
        self.until.is_some_and(|until| until <= self.from)
    }

    /// The days in both (`None` when none).
    fn meet(self, other: Span) -> Option<Span> {
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let span = Span {
            from: self.from.max(other.from),
            until,
        };
        (!span.is_empty()).then_some(span)
    }
}

/// The days of `spans` as disjoint spans in order, merged where they overlap or touch.
fn union(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|span| !span.is_empty());
    spans.sort_by_key(|span| span.from);
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if let Some(last) = merged.last_mut() {
            match last.until {
                None => continue,
                Some(until) if span.from <= until => {
                    last.until = span.until.map(|end| end.max(until));
                    continue;
                }
                Some(_) => {}
            }
        }
        merged.push(span);
    }
    merged
}

/// What of a job the rule reads.
#[derive(Debug, Clone)]
pub struct JobFacts {
    pub organisation_id: Option<OrganisationId>,
    pub role: JobRole,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub social_security_since: Option<NaiveDate>,
}

/// A worker's kept periods: the days they held any of `jobs`, split into spans during which at
/// least one is formal (`true`) or none is (`false`), in order. `formal_unit` gives the spans an
/// organisation is `formal`. The rule of [`crate::jobs::model::formal_job`], over spans: an
/// employee's job is formal from the employer's registration for social security; an owner's,
/// a self-employed worker's or a member-worker's while their unit is formal; a family worker's
/// never.
pub fn worker_segments<'a>(
    jobs: &[JobFacts],
    formal_unit: impl Fn(&OrganisationId) -> &'a [Span],
) -> Vec<(Span, bool)> {
    let mut held = Vec::with_capacity(jobs.len());
    let mut formal = Vec::new();
    for job in jobs {
        let span = Span::through(job.started_on, job.ended_on);
        held.push(span);
        match job.role {
            JobRole::Employee => formal.extend(job.social_security_since.and_then(|since| {
                span.meet(Span {
                    from: since,
                    until: None,
                })
            })),
            JobRole::Owner | JobRole::SelfEmployed | JobRole::MemberWorker => {
                if let Some(unit) = &job.organisation_id {
                    formal.extend(formal_unit(unit).iter().filter_map(|f| span.meet(*f)));
                }
            }
            JobRole::FamilyWorker => {}
        }
    }
    let formal = union(formal);
    let mut segments = Vec::new();
    for period in union(held) {
        let mut cursor = Some(period.from);
        for f in formal.iter().filter_map(|f| f.meet(period)) {
            let Some(from) = cursor else { break };
            if f.from > from {
                segments.push((
                    Span {
                        from,
                        until: Some(f.from),
                    },
                    false,
                ));
            }
            segments.push((f, true));
            cursor = f.until;
        }
        if let Some(from) = cursor {
            let rest = Span {
                from,
                until: period.until,
            };
            if !rest.is_empty() {
                segments.push((rest, false));
            }
        }
    }
    segments
}

/// An organisation's kept periods: each span it was `formal` or `in_formation`, from its
/// registrations' timelines.
pub fn organisation_periods(registrations: &[Timeline]) -> Vec<(FormalStatus, Span)> {
    let changes = formal::history(registrations);
    changes
        .iter()
        .enumerate()
        .filter(|(_, change)| change.status != FormalStatus::Informal)
        .map(|(n, change)| {
            let until = changes.get(n + 1).map(|next| next.since);
            (
                change.status,
                Span {
                    from: change.since,
                    until,
                },
            )
        })
        .collect()
}

/// The model's lock, marker and build (what every kept model shares).
pub const MODEL: KeptModel = KeptModel {
    name: "formalisation",
    marker: "formalisation_model",
    tables: "organisation_status_periods, worker_periods",
    lock_key: 7469018313,
};

/// Serialises the writers of the model ([`KeptModel::lock`]): a job's writer reads its unit's
/// formal periods while a registration's writer recomputes them and reads the unit's jobs.
pub(crate) fn lock(conn: &mut DbConnection) -> Result<(), ApiError> {
    MODEL.lock(conn)
}

/// After a write to an organisation's registrations (given their timelines now): rebuilds its
/// periods, then the workers whose unit it is.
pub fn recompute_organisation(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    registrations: &[Timeline],
) -> Result<(), ApiError> {
    lock(conn)?;
    write_organisation(conn, organisation_id, registrations)?;
    let workers: Vec<MemberId> = jobs::table
        .filter(jobs::organisation_id.eq(organisation_id))
        .filter(jobs::deleted_at.is_null())
        .filter(jobs::role.eq_any([JobRole::Owner, JobRole::SelfEmployed, JobRole::MemberWorker]))
        .select(jobs::member_id)
        .distinct()
        .load(conn)?;
    rebuild_workers(conn, workers)
}

fn write_organisation(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
    registrations: &[Timeline],
) -> Result<(), ApiError> {
    diesel::delete(
        organisation_status_periods::table
            .filter(organisation_status_periods::organisation_id.eq(organisation_id)),
    )
    .execute(conn)?;
    let rows: Vec<OrganisationPeriodRow> = organisation_periods(registrations)
        .into_iter()
        .map(|(status, span)| OrganisationPeriodRow {
            organisation_id: organisation_id.clone(),
            status: <&str>::from(status).to_owned(),
            status_from: span.from,
            status_until: span.until,
        })
        .collect();
    if !rows.is_empty() {
        formaliza_shared::on_backend!(conn, |c| diesel::insert_into(
            organisation_status_periods::table
        )
        .values(&rows)
        .execute(c))?;
    }
    Ok(())
}

/// A stored period of an organisation's formal status.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = organisation_status_periods, treat_none_as_default_value = false)]
struct OrganisationPeriodRow {
    organisation_id: OrganisationId,
    status: String,
    status_from: NaiveDate,
    status_until: Option<NaiveDate>,
}

/// A stored period of a worker's jobs.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = worker_periods, treat_none_as_default_value = false)]
struct WorkerPeriodRow {
    member_id: MemberId,
    held_from: NaiveDate,
    held_until: Option<NaiveDate>,
    formal: bool,
    partner_id: Option<String>,
    country: String,
    region: Option<String>,
    sector: Option<String>,
    sex: Option<String>,
    birth_date: Option<NaiveDate>,
    in_programme: bool,
}

/// After a write to these members, their jobs or memberships: rebuilds their rows. Takes the
/// model's lock even for none, so that a transaction writing in several steps (an import's
/// chunks) holds it before its first feed append, as every other writer does.
pub fn recompute_workers(conn: &mut DbConnection, members: &[MemberId]) -> Result<(), ApiError> {
    lock(conn)?;
    rebuild_workers(conn, members.to_vec())
}

/// After an organisation changed (deleted, or in or out of the programme): rebuilds the rows of
/// its current members.
pub fn recompute_organisation_members(
    conn: &mut DbConnection,
    organisation_id: &OrganisationId,
) -> Result<(), ApiError> {
    lock(conn)?;
    let members: Vec<MemberId> = memberships::table
        .filter(memberships::organisation_id.eq(organisation_id))
        .filter(memberships::deleted_at.is_null())
        .select(memberships::member_id)
        .distinct()
        .load(conn)?;
    rebuild_workers(conn, members)
}

/// [`recompute_workers`] with the lock held.
fn rebuild_workers(conn: &mut DbConnection, mut members: Vec<MemberId>) -> Result<(), ApiError> {
    members.sort_unstable();
    members.dedup();
    for chunk in members.chunks(CHUNK) {
        rebuild_chunk(conn, chunk)?;
    }
    Ok(())
}

/// A member's attributes, as repeated on their rows.
type Attributes = (
    MemberId,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
);

fn rebuild_chunk(conn: &mut DbConnection, chunk: &[MemberId]) -> Result<(), ApiError> {
    diesel::delete(worker_periods::table.filter(worker_periods::member_id.eq_any(chunk)))
        .execute(conn)?;
    let live: Vec<Attributes> = members::table
        .filter(members::id.eq_any(chunk))
        .filter(members::deleted_at.is_null())
        .select((
            members::id,
            members::partner_id,
            members::country,
            members::region,
            members::sector,
            members::sex,
            members::birth_date,
        ))
        .load(conn)?;
    if live.is_empty() {
        return Ok(());
    }
    let ids: Vec<&MemberId> = live.iter().map(|m| &m.0).collect();
    let job_rows: Vec<(MemberId, JobFactsRow)> = jobs::table
        .filter(jobs::member_id.eq_any(&ids))
        .filter(jobs::deleted_at.is_null())
        .select((
            jobs::member_id,
            (
                jobs::organisation_id,
                jobs::role,
                jobs::started_on,
                jobs::ended_on,
                jobs::social_security_since,
            ),
        ))
        .load(conn)?;
    if job_rows.is_empty() {
        return Ok(());
    }
    let mut by_member: BTreeMap<MemberId, Vec<JobFacts>> = BTreeMap::new();
    for (member, (organisation_id, role, started_on, ended_on, social_security_since)) in job_rows {
        by_member.entry(member).or_default().push(JobFacts {
            organisation_id,
            role,
            started_on,
            ended_on,
            social_security_since,
        });
    }
    let units: BTreeSet<&OrganisationId> = by_member
        .values()
        .flatten()
        .filter(|job| job.role != JobRole::Employee)
        .filter_map(|job| job.organisation_id.as_ref())
        .collect();
    let formal_units = formal_spans(conn, &units.into_iter().cloned().collect::<Vec<_>>())?;
    let in_programme: BTreeSet<MemberId> = memberships::table
        .inner_join(organisations::table)
        .filter(memberships::member_id.eq_any(&ids))
        .filter(memberships::deleted_at.is_null())
        .filter(memberships::left_on.is_null())
        .filter(organisations::deleted_at.is_null())
        .filter(organisations::in_programme.eq(true))
        .select(memberships::member_id)
        .load::<MemberId>(conn)?
        .into_iter()
        .collect();
    let none: &[Span] = &[];
    let mut rows = Vec::new();
    for (id, partner, country, region, sector, sex, birth_date) in live {
        let Some(jobs) = by_member.get(&id) else {
            continue;
        };
        let segments = worker_segments(jobs, |unit| {
            formal_units.get(unit).map_or(none, Vec::as_slice)
        });
        let in_programme = in_programme.contains(&id);
        for (span, formal) in segments {
            rows.push(WorkerPeriodRow {
                member_id: id.clone(),
                held_from: span.from,
                held_until: span.until,
                formal,
                partner_id: partner.clone(),
                country: country.clone(),
                region: region.clone(),
                sector: sector.clone(),
                sex: sex.clone(),
                birth_date,
                in_programme,
            });
        }
    }
    match conn {
        // One COPY stream however many rows (a full rebuild writes hundreds of thousands).
        DbConnection::Pg(pg) => {
            diesel::copy_from(worker_periods::table)
                .from_insertable(&rows)
                .execute(pg)?;
        }
        DbConnection::Sqlite(sqlite) => {
            for batch in rows.chunks(ROWS_PER_INSERT) {
                diesel::insert_into(worker_periods::table)
                    .values(batch)
                    .execute(sqlite)?;
            }
        }
    }
    Ok(())
}

type JobFactsRow = (
    Option<OrganisationId>,
    JobRole,
    NaiveDate,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// The kept spans during which each of `units` was `formal`.
fn formal_spans(
    conn: &mut DbConnection,
    units: &[OrganisationId],
) -> Result<BTreeMap<OrganisationId, Vec<Span>>, ApiError> {
    let mut spans: BTreeMap<OrganisationId, Vec<Span>> = BTreeMap::new();
    for chunk in units.chunks(CHUNK) {
        let rows: Vec<(OrganisationId, NaiveDate, Option<NaiveDate>)> =
            organisation_status_periods::table
                .filter(organisation_status_periods::organisation_id.eq_any(chunk))
                .filter(organisation_status_periods::status.eq(<&str>::from(FormalStatus::Formal)))
                .select((
                    organisation_status_periods::organisation_id,
                    organisation_status_periods::status_from,
                    organisation_status_periods::status_until,
                ))
                .load(conn)?;
        for (unit, from, until) in rows {
            spans.entry(unit).or_default().push(Span { from, until });
        }
    }
    Ok(spans)
}

/// Whether the kept model is complete (see the migration that made it).
pub fn is_built(conn: &mut DbConnection) -> Result<bool, ApiError> {
    MODEL.is_built(conn)
}

/// Rebuilds the whole kept model from the base tables and marks it complete: for data written
/// around the service (a bulk load straight into the tables, a restored backup), as
/// `formaliza-members rebuild-formalisation`.
pub fn rebuild_all(conn: &mut DbConnection) -> Result<(), ApiError> {
    MODEL.build(conn, true, rebuild).map(drop)
}

/// At start-up: builds the kept model unless it is built already.
pub fn ensure_built(pool: &DbPool) -> Result<(), ApiError> {
    MODEL.ensure_built(pool, rebuild)
}

/// Every organisation's registration timelines, in one pass over the two tables.
fn all_timelines(
    conn: &mut DbConnection,
) -> Result<BTreeMap<OrganisationId, Vec<Timeline>>, ApiError> {
    let registrations: Vec<(
        String,
        OrganisationId,
        crate::registrations::model::Registry,
        Option<NaiveDate>,
    )> = registrations::table
        .filter(registrations::deleted_at.is_null())
        .order(registrations::id.asc())
        .select((
            registrations::id,
            registrations::organisation_id,
            registrations::registry,
            registrations::expires_on,
        ))
        .load(conn)?;
    let mut transitions: BTreeMap<String, Vec<(NaiveDate, RegistrationStatus)>> = BTreeMap::new();
    let rows: Vec<(String, NaiveDate, RegistrationStatus)> = registration_transitions::table
        .order((
            registration_transitions::registration_id.asc(),
            registration_transitions::seq.asc(),
        ))
        .select((
            registration_transitions::registration_id,
            registration_transitions::effective_on,
            registration_transitions::to_status,
        ))
        .load(conn)?;
    for (registration, date, status) in rows {
        transitions
            .entry(registration)
            .or_default()
            .push((date, status));
    }
    let mut timelines: BTreeMap<OrganisationId, Vec<Timeline>> = BTreeMap::new();
    for (id, organisation, registry, expires_on) in registrations {
        timelines.entry(organisation).or_default().push(Timeline {
            kind: registry.kind(),
            expires_on,
            transitions: transitions.remove(&id).unwrap_or_default(),
        });
    }
    Ok(timelines)
}

/// Every organisation's and every worker's rows from the base tables (under the lock).
fn rebuild(conn: &mut DbConnection) -> Result<(), ApiError> {
    diesel::delete(organisation_status_periods::table).execute(conn)?;
    diesel::delete(worker_periods::table).execute(conn)?;
    for (organisation, registrations) in all_timelines(conn)? {
        write_organisation(conn, &organisation, &registrations)?;
    }
    let workers: Vec<MemberId> = jobs::table
        .filter(jobs::deleted_at.is_null())
        .select(jobs::member_id)
        .distinct()
        .load(conn)?;
    rebuild_workers(conn, workers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::model::formal_job;
    use formaliza_shared::ids::RecordId;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default() + TimeDelta::days(n)
    }

    fn span(from: i64, until: Option<i64>) -> Span {
        Span {
            from: day(from),
            until: until.map(day),
        }
    }

    #[test]
    fn union_merges_spans_that_overlap_or_touch() {
        assert_eq!(
            union(vec![
                span(10, Some(20)),
                span(0, Some(5)),
                span(5, Some(7)),
                span(15, Some(25)),
                span(30, None),
                span(40, Some(50)),
                span(60, Some(60)),
            ]),
            [span(0, Some(7)), span(10, Some(25)), span(30, None)]
        );
    }

    /// Every combination of roles, dates and unit periods: the spans say on each day what the
    /// day-by-day rule says.
    #[test]
    fn worker_segments_follow_the_rule_day_by_day() {
        let unit = OrganisationId::generate();
        let formal_unit = [span(20, Some(40)), span(60, None)];
        let roles = [
            JobRole::Employee,
            JobRole::MemberWorker,
            JobRole::Owner,
            JobRole::SelfEmployed,
            JobRole::FamilyWorker,
        ];
        let ends = [None, Some(9), Some(30), Some(70)];
        let since = [None, Some(0), Some(25), Some(80)];
        let mut jobs = Vec::new();
        for role in roles {
            for start in [0, 15, 35] {
                for end in ends {
                    for ss in since {
                        for organisation in [None, Some(unit.clone())] {
                            jobs.push(JobFacts {
                                organisation_id: organisation,
                                role,
                                started_on: day(start),
                                ended_on: end.filter(|e| *e >= start).map(day),
                                social_security_since: ss.map(day),
                            });
                        }
                    }
                }
            }
        }
        // Each job alone, and pairs of them (a worker with two jobs).
        let mut workers: Vec<Vec<JobFacts>> = jobs.iter().map(|j| vec![j.clone()]).collect();
        for (n, a) in jobs.iter().enumerate().step_by(7) {
            for b in jobs.iter().skip(n).step_by(11) {
                workers.push(vec![a.clone(), b.clone()]);
            }
        }
        for worker in workers {
            let segments = worker_segments(&worker, |_| &formal_unit);
            for d in -1..100 {
                let date = day(d);
                let held: Vec<&JobFacts> = worker
                    .iter()
                    .filter(|j| j.started_on <= date && j.ended_on.is_none_or(|e| e >= date))
                    .collect();
                let unit_status = |job: &JobFacts| {
                    job.organisation_id.as_ref().map(|_| {
                        if formal_unit
                            .iter()
                            .any(|s| s.meet(Span::through(date, Some(date))).is_some())
                        {
                            FormalStatus::Formal
                        } else {
                            FormalStatus::Informal
                        }
                    })
                };
                let expected = (!held.is_empty()).then(|| {
                    held.iter()
                        .any(|j| formal_job(j.role, j.social_security_since, unit_status(j), date))
                });
                let covering: Vec<bool> = segments
                    .iter()
                    .filter(|(s, _)| s.meet(Span::through(date, Some(date))).is_some())
                    .map(|(_, formal)| *formal)
                    .collect();
                assert!(covering.len() <= 1, "{worker:?} on {date}: {segments:?}");
                assert_eq!(covering.first().copied(), expected, "{worker:?} on {date}");
            }
        }
    }
}
