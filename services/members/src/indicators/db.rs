//! The formalisation indicators counted by the database: from the kept model
//! ([`super::periods`]) once built, and from the registrations' and jobs' dated records until
//! then, the same rules as [`crate::registrations::formal::status_on`] and
//! [`crate::jobs::model::formal_job`] written in SQL; the tests hold the two to the same answers.

use chrono::{NaiveDate, TimeDelta};
use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text};

use formaliza_shared::ApiError;
use formaliza_shared::age::AgeBands;
use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::suppression::{self, MinCell};

use super::model::{
    FormalisationFilters, FormalisationShare, OrganisationsCell, OrganisationsGroupBy, WorkersCell,
    WorkersGroupBy,
};
use super::periods;
use crate::jobs::model::JobRole;
use crate::registrations::model::{Registry, RegistryKind};

/// Before any record: the day before a period with no start.
const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};

/// What a question is asked of: the filters and the caller's partner (`None`: everyone's).
#[derive(Debug, Clone)]
pub struct FormalisationQuery {
    pub filters: FormalisationFilters,
    pub partner: Option<String>,
}

/// The registries of one kind, as an SQL list of their stored names.
fn registries(kind: RegistryKind) -> String {
    Registry::ALL
        .iter()
        .filter(|r| r.kind() == kind)
        .map(|r| format!("'{}'", <&str>::from(*r)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The job roles whose job is formal when their economic unit is.
fn unit_roles() -> String {
    [JobRole::Owner, JobRole::SelfEmployed, JobRole::MemberWorker]
        .iter()
        .map(|r| format!("'{}'", <&str>::from(*r)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `{name}`: per organisation, whether it held an active tax registration (`tax = 1`) and an
/// active registry entry (`entity = 1`) on the date `{date}`: a registration's status on a date
/// is its last transition effective on or before it, and an active one past `expires_on` has
/// expired. Organisations holding neither have no row.
fn held_cte(name: &str, date: &str) -> String {
    let (tax, entity) = (
        registries(RegistryKind::Tax),
        registries(RegistryKind::Entity),
    );
    // The last transition on or before the date, per registration, by aggregate rather than
    // a correlated subquery: one pass over the transitions (a subquery per registration took
    // 600 ms at 20,000 organisations on PostgreSQL).
    format!(
        "{name}_last AS (
    SELECT l.registration_id, MAX(l.seq) AS seq
    FROM registration_transitions l
    WHERE l.effective_on <= {date}
    GROUP BY l.registration_id
),
{name} AS (
    SELECT r.organisation_id,
           MAX(CASE WHEN r.registry IN ({tax}) THEN 1 ELSE 0 END) AS tax,
           MAX(CASE WHEN r.registry IN ({entity}) THEN 1 ELSE 0 END) AS entity
    FROM registrations r
    JOIN {name}_last l ON l.registration_id = r.id
    JOIN registration_transitions t ON t.registration_id = l.registration_id AND t.seq = l.seq
    WHERE r.deleted_at IS NULL
      AND r.registry IN ({tax}, {entity})
      AND (r.expires_on IS NULL OR r.expires_on >= {date})
      AND t.to_status = 'active'
    GROUP BY r.organisation_id
)"
    )
}

/// Where the counts come from: the kept model ([`super::periods`]) once it is built, the
/// registrations' and jobs' own records until then (and in the tests that hold the two equal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Kept,
    Records,
}

impl Source {
    /// The kept model when it is complete.
    pub fn of(conn: &mut DbConnection) -> Result<Self, ApiError> {
        Ok(match periods::is_built(conn)? {
            true => Source::Kept,
            false => Source::Records,
        })
    }
}

/// The organisations in scope, by formal status on `$1`; `became_formal` counts those formal
/// on `$1` and not on `$7` (the day before the period). Parameters: `$2` country, `$3` region,
/// `$4` sector, `$5` partner (each `NULL` when not filtered), `$6` in the programme only.
fn organisations_sql(source: Source, group_by: Option<OrganisationsGroupBy>) -> String {
    let key = match group_by {
        None => "CAST(NULL AS TEXT)",
        Some(OrganisationsGroupBy::Country) => "o.country",
        Some(OrganisationsGroupBy::Region) => "o.region",
        Some(OrganisationsGroupBy::Kind) => "o.kind",
        Some(OrganisationsGroupBy::Sector) => "o.sector",
        Some(OrganisationsGroupBy::Partner) => "o.partner_id",
    };
    let group = if group_by.is_some() { "GROUP BY 1" } else { "" };
    // Per organisation: whether formal on `$1` (`formal_now`), in formation on `$1`, formal on
    // `$7` (`formal_before`), as 1 or 0.
    let (with, joins, formal_now, in_formation_now, formal_before) = match source {
        Source::Records => (
            format!(
                "WITH {}, {}",
                held_cte("held", "$1"),
                held_cte("held_before", "$7")
            ),
            "LEFT JOIN held h ON h.organisation_id = o.id
LEFT JOIN held_before b ON b.organisation_id = o.id",
            "COALESCE(h.tax, 0) + COALESCE(h.entity, 0) = 2",
            "COALESCE(h.tax, 0) + COALESCE(h.entity, 0) = 1",
            "COALESCE(b.tax, 0) + COALESCE(b.entity, 0) = 2",
        ),
        // The kept periods are disjoint per organisation: at most one row on each date.
        Source::Kept => (
            String::new(),
            "LEFT JOIN organisation_status_periods h ON h.organisation_id = o.id
     AND h.status_from <= $1 AND (h.status_until IS NULL OR h.status_until > $1)
LEFT JOIN organisation_status_periods b ON b.organisation_id = o.id AND b.status = 'formal'
     AND b.status_from <= $7 AND (b.status_until IS NULL OR b.status_until > $7)",
            "h.status = 'formal'",
            "h.status = 'in_formation'",
            "b.organisation_id IS NOT NULL",
        ),
    };
    format!(
        "{with}
SELECT {key} AS cell_group,
       CAST(COUNT(*) AS BIGINT) AS organisations,
       CAST(COALESCE(SUM(CASE WHEN {formal_now} THEN 1 ELSE 0 END), 0) AS BIGINT) AS formal,
       CAST(COALESCE(SUM(CASE WHEN {in_formation_now} THEN 1 ELSE 0 END), 0) AS BIGINT)
           AS in_formation,
       CAST(COALESCE(SUM(CASE WHEN {formal_now} AND NOT ({formal_before}) THEN 1 ELSE 0 END), 0)
           AS BIGINT) AS became_formal
FROM organisations o
{joins}
WHERE o.deleted_at IS NULL
  AND ($2 IS NULL OR o.country = $2)
  AND ($3 IS NULL OR o.region = $3)
  AND ($4 IS NULL OR o.sector = $4)
  AND ($5 IS NULL OR o.partner_id = $5)
  AND (NOT $6 OR o.in_programme)
{group}"
    )
}

/// The age band of a birth date in `column` on the reference date, given the cutoffs `$7`,
/// `$8`, `$9` ([`AgeBands::born_by`] 15, 30 and 65 years).
fn age_band(column: &str) -> String {
    let [under_15, youth, adult, older, unknown] = AgeBands::NAMES;
    format!(
        "CASE WHEN {column} IS NULL THEN '{unknown}'
                WHEN {column} > $7 THEN '{under_15}'
                WHEN {column} > $8 THEN '{youth}'
                WHEN {column} > $9 THEN '{adult}'
                ELSE '{older}' END"
    )
}

/// The members in scope holding a job on `$1`, and whether one of their jobs there is formal
/// (the ILO rule of [`crate::jobs::model::formal_job`]). Parameters as in
/// [`organisations_sql`] (the filters read the member's own country, region and sector; "in the
/// programme" means a current member of an organisation of the programme), then the age bands'
/// cutoffs `$7`, `$8`, `$9`.
fn workers_sql(source: Source, group_by: Option<WorkersGroupBy>) -> String {
    let key = match group_by {
        None => "CAST(NULL AS TEXT)",
        Some(WorkersGroupBy::Sex) => "w.sex",
        Some(WorkersGroupBy::AgeBand) => "w.age_band",
        Some(WorkersGroupBy::Sector) => "w.sector",
        Some(WorkersGroupBy::Country) => "w.country",
        Some(WorkersGroupBy::Region) => "w.region",
    };
    let group = if group_by.is_some() { "GROUP BY 1" } else { "" };
    match source {
        Source::Records => format!(
            "WITH {held},
held_jobs AS (
    SELECT j.member_id,
           MAX(CASE WHEN j.role = 'employee' AND j.social_security_since <= $1 THEN 1
                    WHEN j.role IN ({unit_roles}) AND h.tax = 1 AND h.entity = 1 THEN 1
                    ELSE 0 END) AS formal
    FROM jobs j
    LEFT JOIN held h ON h.organisation_id = j.organisation_id
    WHERE j.deleted_at IS NULL
      AND j.started_on <= $1 AND (j.ended_on IS NULL OR j.ended_on >= $1)
    GROUP BY j.member_id
)
SELECT {key} AS cell_group,
       CAST(COUNT(*) AS BIGINT) AS workers,
       CAST(COALESCE(SUM(w.formal), 0) AS BIGINT) AS formal
FROM (
    SELECT hj.formal, m.country, m.region, m.sector,
           COALESCE(m.sex, 'unknown') AS sex,
           {age_band} AS age_band
    FROM held_jobs hj
    JOIN members m ON m.id = hj.member_id
    WHERE m.deleted_at IS NULL
      AND ($2 IS NULL OR m.country = $2)
      AND ($3 IS NULL OR m.region = $3)
      AND ($4 IS NULL OR m.sector = $4)
      AND ($5 IS NULL OR m.partner_id = $5)
      AND (NOT $6 OR EXISTS (
              SELECT 1 FROM memberships ms
              JOIN organisations o ON o.id = ms.organisation_id
              WHERE ms.member_id = m.id AND ms.deleted_at IS NULL AND ms.left_on IS NULL
                AND o.deleted_at IS NULL AND o.in_programme))
) w
{group}",
            held = held_cte("held", "$1"),
            unit_roles = unit_roles(),
            age_band = age_band("m.birth_date"),
        ),
        // One row per worker holding a job on the date (their kept periods are disjoint), with
        // the member's attributes on it: one pass over one table.
        Source::Kept => format!(
            "SELECT {key} AS cell_group,
       CAST(COUNT(*) AS BIGINT) AS workers,
       CAST(COALESCE(SUM(CASE WHEN w.formal THEN 1 ELSE 0 END), 0) AS BIGINT) AS formal
FROM (
    SELECT p.formal, p.country, p.region, p.sector,
           COALESCE(p.sex, 'unknown') AS sex,
           {age_band} AS age_band
    FROM worker_periods p
    WHERE p.held_from <= $1 AND (p.held_until IS NULL OR p.held_until > $1)
      AND ($2 IS NULL OR p.country = $2)
      AND ($3 IS NULL OR p.region = $3)
      AND ($4 IS NULL OR p.sector = $4)
      AND ($5 IS NULL OR p.partner_id = $5)
      AND (NOT $6 OR p.in_programme)
) w
{group}",
            age_band = age_band("p.birth_date"),
        ),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, diesel::QueryableByName)]
pub struct OrganisationCounts {
    #[diesel(sql_type = Nullable<Text>)]
    pub cell_group: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub organisations: i64,
    #[diesel(sql_type = BigInt)]
    pub formal: i64,
    #[diesel(sql_type = BigInt)]
    pub in_formation: i64,
    #[diesel(sql_type = BigInt)]
    pub became_formal: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, diesel::QueryableByName)]
pub struct WorkerCounts {
    #[diesel(sql_type = Nullable<Text>)]
    pub cell_group: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub workers: i64,
    #[diesel(sql_type = BigInt)]
    pub formal: i64,
}

/// The organisations' counts on `as_of`, one per group (one without grouping), in group order;
/// `became_formal` counts from `from` (the whole history without it).
pub fn organisation_counts(
    conn: &mut DbConnection,
    source: Source,
    query: &FormalisationQuery,
    group_by: Option<OrganisationsGroupBy>,
    as_of: NaiveDate,
    from: Option<NaiveDate>,
) -> Result<Vec<OrganisationCounts>, ApiError> {
    let filters = &query.filters;
    // Without `from`, before anything was recorded (a date both backends store).
    let before = from.map_or(EARLIEST, |from| from - TimeDelta::days(1));
    let text = db::numbered_parameters(conn, &organisations_sql(source, group_by));
    let mut rows: Vec<OrganisationCounts> =
        formaliza_shared::on_backend!(conn, |c| diesel::sql_query(&text)
            .bind::<Date, _>(as_of)
            .bind::<Nullable<Text>, _>(filters.country.as_deref())
            .bind::<Nullable<Text>, _>(filters.region.as_deref())
            .bind::<Nullable<Text>, _>(filters.sector.as_deref())
            .bind::<Nullable<Text>, _>(query.partner.as_deref())
            .bind::<Bool, _>(filters.in_programme_only)
            .bind::<Date, _>(before)
            .load(c))?;
    rows.sort_by(|a, b| a.cell_group.cmp(&b.cell_group));
    Ok(rows)
}

/// The workers' counts on `as_of`, one per group (one without grouping), in group order.
pub fn worker_counts(
    conn: &mut DbConnection,
    source: Source,
    query: &FormalisationQuery,
    group_by: Option<WorkersGroupBy>,
    as_of: NaiveDate,
) -> Result<Vec<WorkerCounts>, ApiError> {
    let filters = &query.filters;
    let bands = AgeBands { as_of };
    let [c15, c30, c65] = AgeBands::BOUNDS.map(|years| bands.born_by(years).unwrap_or(EARLIEST));
    let text = db::numbered_parameters(conn, &workers_sql(source, group_by));
    let mut rows: Vec<WorkerCounts> =
        formaliza_shared::on_backend!(conn, |c| diesel::sql_query(&text)
            .bind::<Date, _>(as_of)
            .bind::<Nullable<Text>, _>(filters.country.as_deref())
            .bind::<Nullable<Text>, _>(filters.region.as_deref())
            .bind::<Nullable<Text>, _>(filters.sector.as_deref())
            .bind::<Nullable<Text>, _>(query.partner.as_deref())
            .bind::<Bool, _>(filters.in_programme_only)
            .bind::<Date, _>(c15)
            .bind::<Date, _>(c30)
            .bind::<Date, _>(c65)
            .load(c))?;
    rows.sort_by(|a, b| a.cell_group.cmp(&b.cell_group));
    Ok(rows)
}

/// The organisations' cells as published: a cell of fewer than `k` organisations (a small
/// enterprise may be one person) is withheld, and with it as many others as it takes that none
/// can be recomputed from the cells shown and the whole scope's total.
pub fn published_organisations(
    counts: Vec<OrganisationCounts>,
    k: MinCell,
    with_became: bool,
) -> Vec<OrganisationsCell> {
    let sizes: Vec<i64> = counts.iter().map(|c| c.organisations).collect();
    let withheld = suppression::complementary_with(&sizes, k, |n| n < k.get());
    counts
        .into_iter()
        .zip(withheld.cells)
        .map(|(c, hide)| {
            if hide {
                return OrganisationsCell {
                    group: c.cell_group,
                    organisations: None,
                    formal: None,
                    in_formation: None,
                    informal: None,
                    became_formal: None,
                    suppressed: true,
                };
            }
            let informal = c.organisations - c.formal - c.in_formation;
            OrganisationsCell {
                group: c.cell_group,
                organisations: Some(c.organisations),
                formal: Some(FormalisationShare::of(c.formal, c.organisations)),
                in_formation: Some(FormalisationShare::of(c.in_formation, c.organisations)),
                informal: Some(FormalisationShare::of(informal, c.organisations)),
                became_formal: with_became.then_some(c.became_formal),
                suppressed: false,
            }
        })
        .collect()
}

/// The workers' cells as published: the same rule, on people.
pub fn published_workers(counts: Vec<WorkerCounts>, k: MinCell) -> Vec<WorkersCell> {
    let sizes: Vec<i64> = counts.iter().map(|c| c.workers).collect();
    let withheld = suppression::complementary_with(&sizes, k, |n| n < k.get());
    counts
        .into_iter()
        .zip(withheld.cells)
        .map(|(c, hide)| WorkersCell {
            group: c.cell_group,
            workers: (!hide).then_some(c.workers),
            with_formal_job: (!hide).then(|| FormalisationShare::of(c.formal, c.workers)),
            suppressed: hide,
        })
        .collect()
}
