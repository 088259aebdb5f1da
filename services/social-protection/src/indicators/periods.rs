//! The kept coverage model: per household and scheme kind, the periods during which the household
//! was covered (`coverage_periods`), and per household whether it is in scope and where it is
//! (`coverage_households`). With them the coverage indicator on any date is one count over two
//! small tables ([`super::compute`]); deriving it from every enrolment's history took over a
//! second at 100,000 households.
//!
//! What is kept about a household is a function of the base tables (enrolments, their
//! transitions, schemes, the members read model), with the semantics of the indicator itself:
//! an enrolment's status on a date is its last transition effective on or before that date; a
//! member's enrolment counts for the household the member belongs to now, a household's for that
//! household; deleted enrolments, deleted schemes and absent members count for nobody. It stays
//! exact because every write that can change that function for a household rebuilds the
//! household's rows in the same transaction ([`recompute`]): enrolment writes (the enrollee's
//! household), scheme deletes and kind changes (the households of its enrolments), and pages of
//! the members feed (households changed, and the old and new household of each member that
//! arrived, moved or left).

use diesel::prelude::*;
use diesel::sql_types::Text;

use formaliza_shared::ApiError;
use formaliza_shared::db::{self, DbConnection, DbPool};
use formaliza_shared::kept::KeptModel;

use crate::schema::{coverage_households, coverage_periods, enrollments, rm_members};

/// Households rebuilt per statement: well under either backend's bound-parameter limit.
const CHUNK: usize = 500;

/// Which households a rebuild statement covers.
#[derive(Clone, Copy)]
enum Households<'a> {
    All,
    These(&'a [String]),
}

impl<'a> Households<'a> {
    /// The condition selecting them on `column`; their ids are bound as `$1…$n`.
    fn condition(self, column: &str) -> String {
        match self {
            Households::All => format!("{column} IS NOT NULL"),
            Households::These(ids) => {
                let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
                format!("{column} IN ({})", placeholders.join(", "))
            }
        }
    }

    fn ids(self) -> &'a [String] {
        match self {
            Households::All => &[],
            Households::These(ids) => ids,
        }
    }
}

/// The households' rows of `coverage_households`, from the read model.
fn households_sql(households: Households<'_>) -> String {
    format!(
        "INSERT INTO coverage_households (household_id, partner_id, country, region, in_scope)
SELECT h.id, h.partner_id, h.country, h.region,
       EXISTS (SELECT 1 FROM rm_members m WHERE m.household_id = h.id)
FROM rm_households h
WHERE {}",
        households.condition("h.id")
    )
}

/// The households' rows of `coverage_periods`, from the enrolments (after their
/// `coverage_households` rows, whose scope and attributes they repeat).
fn periods_sql(households: Households<'_>) -> String {
    format!(
        "INSERT INTO coverage_periods
    (household_id, kind, covered_from, covered_until, in_scope, partner_id, country, region)
WITH
-- Live enrolments in live schemes, with the household each counts for.
counted AS (
    SELECT e.id, e.household_id, s.kind
    FROM enrollments e
    JOIN schemes s ON s.id = e.scheme_id AND s.deleted_at IS NULL
    WHERE e.deleted_at IS NULL AND e.member_id IS NULL AND {household_enrolments}
    UNION ALL
    SELECT e.id, m.household_id, s.kind
    FROM rm_members m
    JOIN enrollments e ON e.member_id = m.id
    JOIN schemes s ON s.id = e.scheme_id AND s.deleted_at IS NULL
    WHERE e.deleted_at IS NULL AND {member_households}
),
-- A transition decides the status on D when it is effective on or before D and no later one
-- is: from its effective date until the earliest effective date of the transitions after it.
spans AS (
    SELECT c.household_id, c.kind, t.to_status, t.effective_on AS span_from,
           MIN(t.effective_on) OVER (PARTITION BY t.enrollment_id ORDER BY t.seq
                                     ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)
               AS span_until
    FROM counted c
    JOIN enrollment_transitions t ON t.enrollment_id = c.id
),
-- Active spans (open-ended ones end on a sentinel, so that they sort and compare last).
active AS (
    SELECT household_id, kind, span_from, COALESCE(span_until, '9999-12-31') AS span_until
    FROM spans
    WHERE to_status = 'active' AND (span_until IS NULL OR span_until > span_from)
),
-- Spans merged per household and kind where they overlap or touch: a new period starts where a
-- span begins after every earlier one has ended.
reach AS (
    SELECT household_id, kind, span_from, span_until,
           MAX(span_until) OVER (PARTITION BY household_id, kind ORDER BY span_from, span_until
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached
    FROM active
),
numbered AS (
    SELECT household_id, kind, span_from, span_until,
           SUM(CASE WHEN reached >= span_from THEN 0 ELSE 1 END)
               OVER (PARTITION BY household_id, kind ORDER BY span_from, span_until
                     ROWS UNBOUNDED PRECEDING) AS period
    FROM reach
)
SELECT p.household_id, p.kind, MIN(p.span_from), NULLIF(MAX(p.span_until), '9999-12-31'),
       COALESCE(h.in_scope, FALSE), h.partner_id, h.country, h.region
FROM numbered p
LEFT JOIN coverage_households h ON h.household_id = p.household_id
GROUP BY p.household_id, p.kind, p.period, h.in_scope, h.partner_id, h.country, h.region",
        household_enrolments = households.condition("e.household_id"),
        member_households = households.condition("m.household_id"),
    )
}

/// Runs `sql` with `ids` bound as `$1…$n`.
fn execute(conn: &mut DbConnection, sql: &str, ids: &[String]) -> Result<usize, ApiError> {
    let sql = db::numbered_parameters(conn, sql);
    Ok(formaliza_shared::on_backend!(conn, |c| {
        let mut query = diesel::sql_query(&sql).into_boxed();
        for id in ids {
            query = query.bind::<Text, _>(id.as_str());
        }
        query.execute(c)
    })?)
}

/// The model's lock, marker and build (what every kept model shares).
pub const MODEL: KeptModel = KeptModel {
    name: "coverage",
    marker: "coverage_model",
    tables: "coverage_households, coverage_periods",
    lock_key: 7469018312,
};

/// Serialises the writers of the model ([`KeptModel::lock`]): an enrolment's writer reads which
/// household its member belongs to while the members feed may be moving that member. Enrolment
/// writes already queue on the feed counter; this adds the members-feed consumer to that queue.
pub fn lock(conn: &mut DbConnection) -> Result<(), ApiError> {
    MODEL.lock(conn)
}

/// Rebuilds the kept rows of `households` (ids, in any order, repeats allowed) from the base
/// tables. Call it inside the write transaction that changed them, after the change.
pub fn recompute(conn: &mut DbConnection, households: &[String]) -> Result<(), ApiError> {
    if households.is_empty() {
        return Ok(());
    }
    lock(conn)?;
    rebuild_these(conn, households.to_vec())
}

/// [`recompute`] with the lock held.
fn rebuild_these(conn: &mut DbConnection, mut households: Vec<String>) -> Result<(), ApiError> {
    households.sort_unstable();
    households.dedup();
    for chunk in households.chunks(CHUNK) {
        rebuild(conn, Households::These(chunk))?;
    }
    Ok(())
}

fn rebuild(conn: &mut DbConnection, households: Households<'_>) -> Result<(), ApiError> {
    match households {
        Households::All => {
            diesel::delete(coverage_periods::table).execute(conn)?;
            diesel::delete(coverage_households::table).execute(conn)?;
        }
        Households::These(ids) => {
            diesel::delete(
                coverage_periods::table.filter(coverage_periods::household_id.eq_any(ids)),
            )
            .execute(conn)?;
            diesel::delete(
                coverage_households::table.filter(coverage_households::household_id.eq_any(ids)),
            )
            .execute(conn)?;
        }
    }
    execute(conn, &households_sql(households), households.ids())?;
    execute(conn, &periods_sql(households), households.ids())?;
    Ok(())
}

/// The household an enrolment counts for now: its member's (`None` for a member the read model
/// does not hold, or holds without a household), or its own.
fn household_of(
    conn: &mut DbConnection,
    member_id: Option<&str>,
    household_id: Option<&str>,
) -> Result<Option<String>, ApiError> {
    match member_id {
        Some(member) => Ok(rm_members::table
            .find(member)
            .select(rm_members::household_id)
            .first::<Option<String>>(conn)
            .optional()?
            .flatten()),
        None => Ok(household_id.map(str::to_owned)),
    }
}

/// After a write to the enrolment of `member_id` or `household_id`: recomputes the household it
/// counts for.
pub fn recompute_enrollee(
    conn: &mut DbConnection,
    member_id: Option<&str>,
    household_id: Option<&str>,
) -> Result<(), ApiError> {
    // Before reading where the member lives: see [`lock`].
    lock(conn)?;
    let household = household_of(conn, member_id, household_id)?;
    rebuild_these(conn, household.into_iter().collect())
}

/// After a scheme was deleted or changed kind: recomputes the households of its live enrolments.
pub fn recompute_scheme(conn: &mut DbConnection, scheme_id: &str) -> Result<(), ApiError> {
    lock(conn)?;
    let mut households: Vec<String> = enrollments::table
        .filter(enrollments::scheme_id.eq(scheme_id))
        .filter(enrollments::deleted_at.is_null())
        .filter(enrollments::member_id.is_null())
        .filter(enrollments::household_id.is_not_null())
        .select(enrollments::household_id.assume_not_null())
        .load(conn)?;
    let members = enrollments::table
        .filter(enrollments::scheme_id.eq(scheme_id))
        .filter(enrollments::deleted_at.is_null())
        .select(enrollments::member_id);
    let of_members: Vec<Option<String>> = rm_members::table
        .filter(rm_members::id.nullable().eq_any(members))
        .select(rm_members::household_id)
        .load(conn)?;
    households.extend(of_members.into_iter().flatten());
    rebuild_these(conn, households)
}

/// Whether the kept model is complete (see the migration that made it).
pub fn is_built(conn: &mut DbConnection) -> Result<bool, ApiError> {
    MODEL.is_built(conn)
}

/// Rebuilds the whole kept model from the base tables and marks it complete: for data written
/// around the service (a bulk load straight into the tables), as
/// `formaliza-social-protection rebuild-coverage`.
pub fn rebuild_all(conn: &mut DbConnection) -> Result<(), ApiError> {
    MODEL
        .build(conn, true, |conn| rebuild(conn, Households::All))
        .map(drop)
}

/// At start-up: builds the kept model unless it is built already (a database migrated with data
/// in it, or marked unbuilt by a bulk load).
pub fn ensure_built(pool: &DbPool) -> Result<(), ApiError> {
    MODEL.ensure_built(pool, |conn| rebuild(conn, Households::All))
}
