//! Computes coverage, as DESIGN.md defines it: the status of an enrolment on date D is its last
//! transition effective on or before D; scope and membership come from the current records (a
//! deleted member neither puts a household in scope nor gives it coverage; a member's enrolment
//! counts for the household the member belongs to now; a household enrolment counts for that
//! household).
//!
//! Two ways to the same figures: questions about the whole programme, a country, a region or a
//! partner (the dashboards' usual ones) are counted from the kept coverage model
//! ([`super::periods`]), for any date, in tens of milliseconds at 100,000 households; the
//! others (sector, organisation, programme membership, breakdowns by organisation or sex of the
//! head) are derived from the enrolments' histories and the read model ([`COVERAGE_SQL`]), which
//! takes over half a second there.
//!
//! Members are counted too (`unit=person`, [`PERSON_COVERAGE_SQL`], always the general way: the
//! kept model holds households only). The members in scope are the current members of a
//! household (the household indicator's population, one by one), narrowed by the same filters:
//! their household's country, region and partner, their own sector, their own current
//! membership (of the organisation, of any organisation in the programme). A member is covered
//! on D by their own enrolment active on D, or by one of their household's active on D (a
//! scheme whose coverage unit is the household covers everyone in it).

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text};

use formaliza_shared::ApiError;
use formaliza_shared::age::AgeBands;
use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::suppression::{self, MinCell, percentage};

use super::model::{CoverageCell, CoverageFilters, CoverageGroupBy, CoverageShare, CoverageUnit};
use super::periods;

/// What the caller asked for.
#[derive(Debug, Clone, Default)]
pub struct CoverageQuery {
    pub filters: CoverageFilters,
    /// Only this partner's households (a partner-scoped token).
    pub partner: Option<String>,
    pub group_by: Option<CoverageGroupBy>,
    /// Households or members.
    pub unit: CoverageUnit,
}

impl CoverageQuery {
    /// The question on `as_of`, as the coverage cache keys its answers: everything that
    /// changes the cells.
    pub fn question(&self, as_of: NaiveDate) -> String {
        format!(
            "{as_of} {:?} {:?} {:?} {:?}",
            self.unit, self.filters, self.partner, self.group_by
        )
    }
}

/// The common head of the coverage queries: memberships current on the date and each
/// enrolment's status on it. Parameters: `$1` the date, `$7` in-programme organisations only.
macro_rules! coverage_ctes {
    () => {
        "
WITH
-- Memberships current on the date (in-programme organisations only, when asked).
current_memberships AS (
    SELECT ms.member_id, ms.organisation_id
    FROM rm_memberships ms
    LEFT JOIN rm_organisations o ON o.id = ms.organisation_id
    WHERE (ms.left_on IS NULL OR ms.left_on > $1)
      AND (NOT $7 OR COALESCE(o.in_programme, FALSE))
),
-- Each enrolment's status on the date. An enrolment's `status` and `status_since` mirror its
-- last transition, and transitions never go back in time, so on or after `status_since` (the
-- usual question: today) the status is the current one, and only enrolments changed after the
-- date need their history: the last transition effective on or before it.
enrolment_status AS (
    SELECT e.member_id, e.household_id, e.scheme_id, e.status
    FROM enrollments e
    WHERE e.deleted_at IS NULL AND e.status_since <= $1
    UNION ALL
    SELECT e.member_id, e.household_id, e.scheme_id, t.to_status
    FROM enrollments e
    JOIN enrollment_transitions t ON t.enrollment_id = e.id
    WHERE e.deleted_at IS NULL AND e.status_since > $1 AND t.effective_on <= $1
      AND NOT EXISTS (SELECT 1 FROM enrollment_transitions later
                      WHERE later.enrollment_id = t.enrollment_id AND later.seq > t.seq
                        AND later.effective_on <= $1)
),
"
    };
}

/// The households in scope, per group, and how many of them are covered: one query, so the
/// database does the counting and only the cells travel (at 100,000 households, loading the
/// rows to count them here took most of a second).
///
/// Parameters: `$1` the date, `$2` country, `$3` region, `$4` sector, `$5` organisation, `$6`
/// partner (each `NULL` when not filtered), `$7` in-programme organisations only.
const COVERAGE_SQL: &str = concat!(
    coverage_ctes!(),
    "
-- Households with a member in the sector, in the organisation, in the programme, as asked.
scope AS (
    SELECT h.id, h.country, h.region
    FROM rm_households h
    WHERE ($2 IS NULL OR h.country = $2)
      AND ($3 IS NULL OR h.region = $3)
      AND ($6 IS NULL OR h.partner_id = $6)
      AND EXISTS (SELECT 1 FROM rm_members m
                  WHERE m.household_id = h.id AND ($4 IS NULL OR m.sector = $4))
      AND ($5 IS NULL OR EXISTS (
              SELECT 1 FROM rm_members m
              JOIN current_memberships cm ON cm.member_id = m.id
              WHERE m.household_id = h.id AND cm.organisation_id = $5))
      AND (NOT $7 OR EXISTS (
              SELECT 1 FROM rm_members m
              JOIN current_memberships cm ON cm.member_id = m.id
              WHERE m.household_id = h.id))
),
-- Households actively enrolled, per scheme kind: a member's enrolment counts for the household
-- the member belongs to now, a household's for that household.
covered AS (
    SELECT CASE WHEN es.member_id IS NULL THEN es.household_id ELSE m.household_id END
               AS household_id,
           MAX(CASE WHEN s.kind = 'public_service' THEN 1 ELSE 0 END) AS public_service,
           MAX(CASE WHEN s.kind = 'insurance' THEN 1 ELSE 0 END) AS insurance
    FROM enrolment_status es
    JOIN schemes s ON s.id = es.scheme_id AND s.deleted_at IS NULL
    LEFT JOIN rm_members m ON m.id = es.member_id
    WHERE es.status = 'active'
    GROUP BY 1
)
"
);

/// The members in scope, per group, and how many of them are covered (see the module's notes
/// for the rule). Parameters as in [`COVERAGE_SQL`], and `$8`, `$9`, `$10` the latest birth
/// dates of someone 15, 30 and 65 years old on the date ([`AgeBands::born_by`]), which place each
/// member in an age band.
const PERSON_COVERAGE_SQL: &str = concat!(
    coverage_ctes!(),
    "
-- Current members of a household, in the sector, the organisation, the programme, as asked.
scope AS (
    SELECT m.id, m.household_id, h.country, h.region, COALESCE(m.sex, 'unknown') AS sex,
           CASE WHEN m.birth_date IS NULL THEN 'unknown'
                WHEN m.birth_date > $8 THEN 'under_15'
                WHEN m.birth_date > $9 THEN '15_29'
                WHEN m.birth_date > $10 THEN '30_64'
                ELSE '65_plus' END AS age_band
    FROM rm_members m
    JOIN rm_households h ON h.id = m.household_id
    WHERE ($2 IS NULL OR h.country = $2)
      AND ($3 IS NULL OR h.region = $3)
      AND ($6 IS NULL OR h.partner_id = $6)
      AND ($4 IS NULL OR m.sector = $4)
      AND ($5 IS NULL OR EXISTS (
              SELECT 1 FROM current_memberships cm
              WHERE cm.member_id = m.id AND cm.organisation_id = $5))
      AND (NOT $7 OR EXISTS (
              SELECT 1 FROM current_memberships cm WHERE cm.member_id = m.id))
),
-- Active enrolments per scheme kind, each for the members it covers: a member's own, and a
-- household's for every member of that household now.
coverage_of AS (
    SELECT es.member_id, s.kind
    FROM enrolment_status es
    JOIN schemes s ON s.id = es.scheme_id AND s.deleted_at IS NULL
    WHERE es.status = 'active' AND es.member_id IS NOT NULL
    UNION ALL
    SELECT m.id, s.kind
    FROM enrolment_status es
    JOIN schemes s ON s.id = es.scheme_id AND s.deleted_at IS NULL
    JOIN rm_members m ON m.household_id = es.household_id
    WHERE es.status = 'active' AND es.member_id IS NULL
),
covered AS (
    SELECT member_id,
           MAX(CASE WHEN kind = 'public_service' THEN 1 ELSE 0 END) AS public_service,
           MAX(CASE WHEN kind = 'insurance' THEN 1 ELSE 0 END) AS insurance
    FROM coverage_of
    GROUP BY member_id
)
"
);

/// The group of a household or member in scope (`sc`), and any join it needs; `None` for a
/// grouping that does not apply to the unit (refused before: see
/// [`CoverageGroupBy::applies_to`]).
fn grouping(
    unit: CoverageUnit,
    group_by: Option<CoverageGroupBy>,
) -> Option<(&'static str, &'static str)> {
    if group_by.is_some_and(|g| !g.applies_to(unit)) {
        return None;
    }
    Some(match group_by {
        None => ("CAST(NULL AS TEXT)", ""),
        Some(CoverageGroupBy::Country) => ("sc.country", ""),
        Some(CoverageGroupBy::Region) => ("sc.region", ""),
        Some(CoverageGroupBy::Sex) => ("sc.sex", ""),
        Some(CoverageGroupBy::AgeBand) => ("sc.age_band", ""),
        Some(CoverageGroupBy::HeadSex) => (
            "COALESCE((SELECT COALESCE(m.sex, 'unknown') FROM rm_members m
                       WHERE m.household_id = sc.id AND m.relationship_to_head = 'head'
                       ORDER BY m.id LIMIT 1), 'unknown')",
            "",
        ),
        // A household counts once in each organisation of its members (in the asked one only).
        Some(CoverageGroupBy::Organisation) => (
            "ho.organisation_id",
            "LEFT JOIN (SELECT DISTINCT m.household_id, cm.organisation_id
                        FROM rm_members m JOIN current_memberships cm ON cm.member_id = m.id
                        WHERE $5 IS NULL OR cm.organisation_id = $5) ho
                 ON ho.household_id = sc.id",
        ),
    })
}

/// The 400 for a grouping that does not apply to the unit counted.
pub fn group_by_not_for(unit: CoverageUnit) -> ApiError {
    let (unit, groupings) = match unit {
        CoverageUnit::Household => ("households", "country, region, organisation, head_sex"),
        CoverageUnit::Person => ("members (unit=person)", "country, region, sex, age_band"),
    };
    ApiError::bad_parameter(
        "group_by",
        "not_for_unit",
        format!("{unit} are grouped by one of: {groupings}"),
    )
}

fn coverage_sql(unit: CoverageUnit, group_by: Option<CoverageGroupBy>) -> Result<String, ApiError> {
    let (key, join) = grouping(unit, group_by).ok_or_else(|| group_by_not_for(unit))?;
    let group = if group_by.is_some() { "GROUP BY 1" } else { "" };
    let (ctes, counted) = match unit {
        CoverageUnit::Household => (COVERAGE_SQL, "c.household_id"),
        CoverageUnit::Person => (PERSON_COVERAGE_SQL, "c.member_id"),
    };
    Ok(format!(
        "{ctes}
SELECT {key} AS cell_group,
       CAST(COUNT(*) AS BIGINT) AS in_scope,
       CAST(COALESCE(SUM(c.public_service), 0) AS BIGINT) AS with_public_service,
       CAST(COALESCE(SUM(c.insurance), 0) AS BIGINT) AS with_insurance
FROM scope sc
{join}
LEFT JOIN covered c ON {counted} = sc.id
{group}"
    ))
}

/// The counts of one cell, before suppression.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct CellCounts {
    #[diesel(sql_type = Nullable<Text>)]
    pub cell_group: Option<String>,
    /// Households or members in scope.
    #[diesel(sql_type = BigInt)]
    pub in_scope: i64,
    #[diesel(sql_type = BigInt)]
    pub with_public_service: i64,
    #[diesel(sql_type = BigInt)]
    pub with_insurance: i64,
}

/// The indicator on `as_of`, one cell per group (one cell without grouping), ordered by group:
/// from the kept coverage model when it can answer, from the enrolments' histories otherwise.
pub fn cells(
    conn: &mut DbConnection,
    query: &CoverageQuery,
    as_of: NaiveDate,
    k: MinCell,
) -> Result<Vec<CoverageCell>, ApiError> {
    let counts = match kept_counts(conn, query, as_of)? {
        Some(counts) => counts,
        None => general_counts(conn, query, as_of)?,
    };
    Ok(published(counts, k, query.unit))
}

/// The whole scope's cell on each of `points` (no grouping), as the series publishes it: from
/// the kept coverage model when it can answer, from the enrolments' histories otherwise.
pub fn series_cells(
    conn: &mut DbConnection,
    query: &CoverageQuery,
    points: &[NaiveDate],
    k: MinCell,
) -> Result<Vec<CoverageCell>, ApiError> {
    let counts = match kept_series(conn, query, points)? {
        Some(counts) => counts,
        None => {
            let mut counts = Vec::with_capacity(points.len());
            for as_of in points {
                counts.extend(general_counts(conn, query, *as_of)?);
            }
            counts
        }
    };
    Ok(published_series(counts, k, query.unit))
}

/// The cells as published: those of fewer than `k` households (or members) withheld, and with
/// them as many others as it takes that none can be recomputed from the cells shown and the
/// whole scope's total (see [`formaliza_shared::suppression`]).
pub fn published(counts: Vec<CellCounts>, k: MinCell, unit: CoverageUnit) -> Vec<CoverageCell> {
    let in_scope: Vec<i64> = counts.iter().map(|c| c.in_scope).collect();
    // A cell of fewer than k households or members, empty ones included, is withheld.
    let withheld = suppression::complementary_with(&in_scope, k, |n| n < k.get());
    counts
        .into_iter()
        .zip(withheld.cells)
        .map(|(c, hide)| shown_or_withheld(c, hide, unit))
        .collect()
}

/// A series as published: the households (or members) in scope are the same at every point
/// (scope comes from the current records), so a point withheld means every point is.
pub fn published_series(
    points: Vec<CellCounts>,
    k: MinCell,
    unit: CoverageUnit,
) -> Vec<CoverageCell> {
    let withheld = points.iter().any(|p| p.in_scope < k.get());
    points
        .into_iter()
        .map(|c| shown_or_withheld(c, withheld, unit))
        .collect()
}

fn shown_or_withheld(counts: CellCounts, withheld: bool, unit: CoverageUnit) -> CoverageCell {
    if withheld {
        return withheld_cell(unit, counts.cell_group);
    }
    cell(
        unit,
        counts.cell_group,
        counts.in_scope,
        counts.with_public_service,
        counts.with_insurance,
    )
}

/// The cell counts computed from the enrolments' histories and the read model ([`COVERAGE_SQL`],
/// [`PERSON_COVERAGE_SQL`]): any question.
pub fn general_counts(
    conn: &mut DbConnection,
    query: &CoverageQuery,
    as_of: NaiveDate,
) -> Result<Vec<CellCounts>, ApiError> {
    let filters = &query.filters;
    let text = db::numbered_parameters(conn, &coverage_sql(query.unit, query.group_by)?);
    if let DbConnection::Pg(pg) = conn {
        // PostgreSQL underestimates the active enrolments (tens of thousands where it expects a
        // few thousand) and then probes members by index once per enrolment: a second and more
        // at 100,000 households. Hash joins are the right plan for this whole-table count;
        // `SET LOCAL` keeps the setting to this (snapshot) transaction.
        diesel::sql_query("SET LOCAL enable_nestloop = off").execute(pg)?;
    }
    let question = diesel::sql_query(&text)
        .bind::<Date, _>(as_of)
        .bind::<Nullable<Text>, _>(filters.country.as_deref())
        .bind::<Nullable<Text>, _>(filters.region.as_deref())
        .bind::<Nullable<Text>, _>(filters.sector.as_deref())
        .bind::<Nullable<Text>, _>(filters.organisation_id.as_deref())
        .bind::<Nullable<Text>, _>(query.partner.as_deref())
        .bind::<Bool, _>(filters.in_programme_only);
    let mut rows: Vec<CellCounts> = match query.unit {
        CoverageUnit::Household => formaliza_shared::on_backend!(conn, |c| question.load(c))?,
        CoverageUnit::Person => {
            let bands = AgeBands { as_of };
            let [by_15, by_30, by_65] = AgeBands::BOUNDS.map(|years| bands.born_by(years));
            let (Some(by_15), Some(by_30), Some(by_65)) = (by_15, by_30, by_65) else {
                return Err(ApiError::bad_parameter(
                    "as_of",
                    "out_of_range",
                    "date out of range",
                ));
            };
            let question = question
                .bind::<Date, _>(by_15)
                .bind::<Date, _>(by_30)
                .bind::<Date, _>(by_65);
            formaliza_shared::on_backend!(conn, |c| question.load(c))?
        }
    };
    sort_cells(&mut rows, query.group_by);
    Ok(rows)
}

/// Cells in group order: age bands youngest first (then `unknown`), other groups by value.
fn sort_cells(rows: &mut [CellCounts], group_by: Option<CoverageGroupBy>) {
    if group_by == Some(CoverageGroupBy::AgeBand) {
        rows.sort_by_key(|row| {
            AgeBands::NAMES
                .iter()
                .position(|band| row.cell_group.as_deref() == Some(*band))
        });
    } else {
        rows.sort_by(|a, b| a.cell_group.cmp(&b.cell_group));
    }
}

/// Whether the kept coverage model holds what `query` filters and groups by: the households'
/// country, region and partner. Sectors, organisations and heads of household are only in the
/// read model.
fn kept_model_answers(query: &CoverageQuery) -> bool {
    let filters = &query.filters;
    query.unit == CoverageUnit::Household
        && filters.sector.is_none()
        && filters.organisation_id.is_none()
        && !filters.in_programme_only
        && matches!(
            query.group_by,
            None | Some(CoverageGroupBy::Country | CoverageGroupBy::Region)
        )
}

/// The households in scope and the covered ones, per group, from the kept coverage model
/// ([`super::periods`]): a count over two tables of one row per household and one per coverage
/// period, each read without a join. Parameters: `$1` the date, `$2` country, `$3` region, `$4`
/// partner (each `NULL` when not filtered). `{key}` is the group of a row `k`, `{cell}` and
/// `{group}` the grouping of the cells.
const KEPT_SQL: &str = "
SELECT {cell} AS cell_group,
       CAST(COALESCE(SUM(households), 0) AS BIGINT) AS in_scope,
       CAST(COALESCE(SUM(with_public_service), 0) AS BIGINT) AS with_public_service,
       CAST(COALESCE(SUM(with_insurance), 0) AS BIGINT) AS with_insurance
FROM (
    SELECT {key} AS cell_group, COUNT(*) AS households,
           0 AS with_public_service, 0 AS with_insurance
    FROM coverage_households k
    WHERE k.in_scope
      AND ($2 IS NULL OR k.country = $2)
      AND ($3 IS NULL OR k.region = $3)
      AND ($4 IS NULL OR k.partner_id = $4)
    GROUP BY 1
    UNION ALL
    -- A household's periods of one kind do not overlap: one row per covered household and kind.
    SELECT {key}, 0,
           SUM(CASE WHEN k.kind = 'public_service' THEN 1 ELSE 0 END),
           SUM(CASE WHEN k.kind = 'insurance' THEN 1 ELSE 0 END)
    FROM coverage_periods k
    WHERE k.in_scope
      AND k.covered_from <= $1 AND (k.covered_until IS NULL OR k.covered_until > $1)
      AND ($2 IS NULL OR k.country = $2)
      AND ($3 IS NULL OR k.region = $3)
      AND ($4 IS NULL OR k.partner_id = $4)
    GROUP BY 1
) cells
{group}";

fn kept_sql(group_by: Option<CoverageGroupBy>) -> String {
    let key = match group_by {
        Some(CoverageGroupBy::Country) => "k.country",
        Some(CoverageGroupBy::Region) => "k.region",
        _ => "CAST(NULL AS TEXT)",
    };
    // Without grouping, one cell even when no household is in scope.
    let (cell, group) = match group_by {
        Some(_) => ("cells.cell_group", "GROUP BY cells.cell_group"),
        None => ("CAST(NULL AS TEXT)", ""),
    };
    KEPT_SQL
        .replace("{key}", key)
        .replace("{cell}", cell)
        .replace("{group}", group)
}

/// The cell counts from the kept coverage model, or `None` when it cannot answer `query` (see
/// [`kept_model_answers`]) or is not built yet. Equal to [`general_counts`] whenever it answers.
pub fn kept_counts(
    conn: &mut DbConnection,
    query: &CoverageQuery,
    as_of: NaiveDate,
) -> Result<Option<Vec<CellCounts>>, ApiError> {
    if !kept_model_answers(query) || !periods::is_built(conn)? {
        return Ok(None);
    }
    let filters = &query.filters;
    let text = db::numbered_parameters(conn, &kept_sql(query.group_by));
    let mut rows: Vec<CellCounts> =
        formaliza_shared::on_backend!(conn, |c| diesel::sql_query(&text)
            .bind::<Date, _>(as_of)
            .bind::<Nullable<Text>, _>(filters.country.as_deref())
            .bind::<Nullable<Text>, _>(filters.region.as_deref())
            .bind::<Nullable<Text>, _>(query.partner.as_deref())
            .load(c))?;
    rows.sort_by(|a, b| a.cell_group.cmp(&b.cell_group));
    Ok(Some(rows))
}

/// The changes of the number of covered households, per scheme kind and day, from the kept
/// model: +1 where a period starts, −1 where it ends. A household's periods of one kind never
/// overlap, so the households covered on D are the sum of the changes on or before D. Parameters
/// as in [`KEPT_SQL`], without the date.
const KEPT_CHANGES_SQL: &str = "
SELECT kind, day, CAST(SUM(change) AS BIGINT) AS change
FROM (
    SELECT k.kind, k.covered_from AS day, 1 AS change
    FROM coverage_periods k
    WHERE k.in_scope
      AND ($1 IS NULL OR k.country = $1)
      AND ($2 IS NULL OR k.region = $2)
      AND ($3 IS NULL OR k.partner_id = $3)
    UNION ALL
    SELECT k.kind, k.covered_until, -1
    FROM coverage_periods k
    WHERE k.in_scope AND k.covered_until IS NOT NULL
      AND ($1 IS NULL OR k.country = $1)
      AND ($2 IS NULL OR k.region = $2)
      AND ($3 IS NULL OR k.partner_id = $3)
) changes
GROUP BY kind, day
ORDER BY day";

/// The households in scope, from the kept model (parameters as in [`KEPT_CHANGES_SQL`]).
const KEPT_SCOPE_SQL: &str = "
SELECT CAST(COUNT(*) AS BIGINT) AS households
FROM coverage_households k
WHERE k.in_scope
  AND ($1 IS NULL OR k.country = $1)
  AND ($2 IS NULL OR k.region = $2)
  AND ($3 IS NULL OR k.partner_id = $3)";

#[derive(QueryableByName)]
struct CoverageChange {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = BigInt)]
    change: i64,
}

#[derive(QueryableByName)]
struct ScopeCount {
    #[diesel(sql_type = BigInt)]
    households: i64,
}

/// One ungrouped cell per date of `points` (ascending), from the kept model in one pass: the
/// monthly series asked for up to 240 dates one query each. `None` when the kept model cannot
/// answer `query` or is not built; equal, date by date, to [`kept_counts`].
pub fn kept_series(
    conn: &mut DbConnection,
    query: &CoverageQuery,
    points: &[NaiveDate],
) -> Result<Option<Vec<CellCounts>>, ApiError> {
    if query.group_by.is_some() || !kept_model_answers(query) || !periods::is_built(conn)? {
        return Ok(None);
    }
    let scope_sql = db::numbered_parameters(conn, KEPT_SCOPE_SQL);
    let changes_sql = db::numbered_parameters(conn, KEPT_CHANGES_SQL);
    let filters = &query.filters;
    let (country, region, partner) = (
        filters.country.as_deref(),
        filters.region.as_deref(),
        query.partner.as_deref(),
    );
    let scope: ScopeCount = formaliza_shared::on_backend!(conn, |c| diesel::sql_query(&scope_sql)
        .bind::<Nullable<Text>, _>(country)
        .bind::<Nullable<Text>, _>(region)
        .bind::<Nullable<Text>, _>(partner)
        .get_result(c))?;
    let changes: Vec<CoverageChange> =
        formaliza_shared::on_backend!(conn, |c| diesel::sql_query(&changes_sql)
            .bind::<Nullable<Text>, _>(country)
            .bind::<Nullable<Text>, _>(region)
            .bind::<Nullable<Text>, _>(partner)
            .load(c))?;
    let mut changes = changes.into_iter().peekable();
    let (mut public_service, mut insurance) = (0, 0);
    let mut cells = Vec::with_capacity(points.len());
    for &point in points {
        while let Some(change) = changes.next_if(|c| c.day <= point) {
            match change.kind.as_str() {
                "public_service" => public_service += change.change,
                "insurance" => insurance += change.change,
                _ => {}
            }
        }
        cells.push(CellCounts {
            cell_group: None,
            in_scope: scope.households,
            with_public_service: public_service,
            with_insurance: insurance,
        });
    }
    Ok(Some(cells))
}

/// The count of households or members in scope, in the field that says which.
fn counted(unit: CoverageUnit, count: Option<i64>) -> (Option<Option<i64>>, Option<Option<i64>>) {
    match unit {
        CoverageUnit::Household => (Some(count), None),
        CoverageUnit::Person => (None, Some(count)),
    }
}

/// A withheld cell: its group, no counts.
fn withheld_cell(unit: CoverageUnit, group: Option<String>) -> CoverageCell {
    let (households, members) = counted(unit, None);
    CoverageCell {
        group,
        households,
        members,
        public_service: None,
        insurance: None,
        suppressed: true,
    }
}

/// A cell with its counts (suppression is [`published`]'s).
pub fn cell(
    unit: CoverageUnit,
    group: Option<String>,
    in_scope: i64,
    public: i64,
    insured: i64,
) -> CoverageCell {
    let (households, members) = counted(unit, Some(in_scope));
    CoverageCell {
        group,
        households,
        members,
        public_service: Some(CoverageShare {
            count: public,
            percentage: percentage(public, in_scope),
        }),
        insurance: Some(CoverageShare {
            count: insured,
            percentage: percentage(insured, in_scope),
        }),
        suppressed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(group: &str, households: i64) -> CellCounts {
        CellCounts {
            cell_group: Some(group.into()),
            in_scope: households,
            with_public_service: households / 2,
            with_insurance: 0,
        }
    }

    #[test]
    fn small_cells_are_suppressed_with_a_complement() {
        let k = MinCell::default();
        let single = published(vec![counts("all", 4)], k, CoverageUnit::Household);
        assert!(single[0].suppressed);
        assert_eq!(single[0].households, Some(None));
        assert_eq!(single[0].members, None);
        assert_eq!(
            published(vec![counts("all", 5)], k, CoverageUnit::Household)[0].households,
            Some(Some(5))
        );
        let people = published(vec![counts("all", 5)], k, CoverageUnit::Person);
        assert_eq!(
            (people[0].households, people[0].members),
            (None, Some(Some(5)))
        );
        // PE-CUS alone would be the total minus the others: PE-SAM, the smallest, goes too.
        let regions = published(
            vec![
                counts("PE-CUS", 3),
                counts("PE-JUN", 40),
                counts("PE-SAM", 6),
                counts("PE-CAJ", 9),
            ],
            k,
            CoverageUnit::Household,
        );
        let hidden: Vec<bool> = regions.iter().map(|c| c.suppressed).collect();
        assert_eq!(hidden, [true, false, true, false]);
        assert_eq!(regions[1].households, Some(Some(40)));
    }

    proptest::proptest! {
        /// Random programmes: households spread over regions, each covered or not. In the
        /// answer grouped by region, no withheld cell's households can be recomputed from the
        /// cells shown and the whole scope's total (visible in the same question without
        /// grouping): either nothing is withheld, or at least two cells are, counting k or more
        /// households together; so whatever subtraction tells of the withheld cells' coverage
        /// is about k households or more, never about a small cell alone.
        #[test]
        fn no_withheld_region_can_be_recomputed(
            regions in proptest::collection::vec((1i64..40, 0u8..=100, 0u8..=100), 1..8),
            k in 3i64..8,
        ) {
            let k = MinCell::new(k).unwrap();
            let counts: Vec<CellCounts> = regions
                .iter()
                .enumerate()
                .map(|(i, (households, public, insured))| CellCounts {
                    cell_group: Some(format!("R{i}")),
                    in_scope: *households,
                    with_public_service: households * i64::from(*public) / 100,
                    with_insurance: households * i64::from(*insured) / 100,
                })
                .collect();
            let total: i64 = counts.iter().map(|c| c.in_scope).sum();
            let cells = published(counts.clone(), k, CoverageUnit::Household);
            let withheld: Vec<&CellCounts> = counts
                .iter()
                .zip(&cells)
                .filter(|(_, cell)| cell.suppressed)
                .map(|(c, _)| c)
                .collect();
            for (c, cell) in counts.iter().zip(&cells) {
                if c.in_scope < k.get() {
                    proptest::prop_assert!(cell.suppressed, "{c:?} shown");
                }
                if !cell.suppressed {
                    proptest::prop_assert_eq!(cell.households, Some(Some(c.in_scope)));
                }
            }
            if !withheld.is_empty() && total >= k.get() {
                let hidden: i64 = withheld.iter().map(|c| c.in_scope).sum();
                proptest::prop_assert!(withheld.len() >= 2, "one withheld cell is total minus the rest: {counts:?}");
                proptest::prop_assert!(hidden >= k.get(), "withheld cells count {hidden} households together");
            }
        }
    }

    #[test]
    fn households_and_members_are_different_questions() {
        let households = CoverageQuery::default();
        let members = CoverageQuery {
            unit: CoverageUnit::Person,
            ..CoverageQuery::default()
        };
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        assert_ne!(households.question(as_of), members.question(as_of));
    }

    #[test]
    fn a_grouping_for_the_other_unit_is_refused() {
        let person = CoverageUnit::Person;
        assert!(coverage_sql(person, Some(CoverageGroupBy::HeadSex)).is_err());
        assert!(coverage_sql(person, Some(CoverageGroupBy::Organisation)).is_err());
        assert!(coverage_sql(CoverageUnit::Household, Some(CoverageGroupBy::AgeBand)).is_err());
        assert!(coverage_sql(person, Some(CoverageGroupBy::Sex)).is_ok());
    }

    #[test]
    fn a_series_is_withheld_whole_or_not_at_all() {
        let k = MinCell::default();
        let withheld = published_series(
            vec![counts("a", 4), counts("b", 4)],
            k,
            CoverageUnit::Household,
        );
        assert!(withheld.iter().all(|c| c.suppressed));
        let shown = published_series(
            vec![counts("a", 8), counts("b", 8)],
            k,
            CoverageUnit::Person,
        );
        assert!(shown.iter().all(|c| !c.suppressed));
    }
}
