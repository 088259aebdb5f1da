-- The kept coverage model: what the coverage indicator needs, precomputed per household and kept
-- exact by every write that changes it (see src/indicators/periods.rs), so that the common
-- questions cost one pass over two small tables instead of a replay of every enrolment's history.

-- Households of the read model, with whether they are in scope (at least one current member) and
-- the attributes the indicator filters and groups by.
CREATE TABLE coverage_households (
    household_id TEXT PRIMARY KEY,
    partner_id TEXT,
    country TEXT NOT NULL,
    region TEXT,
    in_scope BOOLEAN NOT NULL
);

-- Per household and scheme kind, the maximal periods [covered_from, covered_until) during which
-- at least one enrolment counting for the household was active (`covered_until` NULL: still is).
-- The household's scope and attributes are repeated here, so that counting the covered
-- households on a date reads this table alone.
CREATE TABLE coverage_periods (
    household_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    covered_from DATE NOT NULL,
    covered_until DATE,
    in_scope BOOLEAN NOT NULL,
    partner_id TEXT,
    country TEXT,
    region TEXT,
    PRIMARY KEY (household_id, kind, covered_from)
);

-- Whether the two tables above are complete. An empty database is; one with data is rebuilt at
-- start-up (or by `formaliza-social-protection rebuild-coverage`), and until then the indicator
-- is computed from the enrolments themselves.
CREATE TABLE coverage_model (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    built BOOLEAN NOT NULL
);
INSERT INTO coverage_model (id, built)
SELECT 1, NOT EXISTS (SELECT 1 FROM enrollments) AND NOT EXISTS (SELECT 1 FROM rm_households);
