-- The kept formalisation model: what the formalisation indicator needs, precomputed per
-- organisation and per worker and kept exact by every write that changes it (see
-- src/indicators/periods.rs), so that a question on a new date is one pass over one table instead
-- of a replay of every registration's transitions and every job.

-- Per organisation, the periods [status_from, status_until) during which it was `formal` or
-- `in_formation` (`status_until` NULL: still is); no row while `informal`.
CREATE TABLE organisation_status_periods (
    organisation_id TEXT NOT NULL,
    status TEXT NOT NULL,
    status_from DATE NOT NULL,
    status_until DATE,
    PRIMARY KEY (organisation_id, status_from)
);

-- Per live member, the periods [held_from, held_until) during which they held at least one job,
-- split where a formal job starts or ends (`formal`: at least one of the jobs held is formal),
-- so that at most one row covers any date. The member's attributes the indicator filters and
-- groups by are repeated here, so that counting on a date reads this table alone.
CREATE TABLE worker_periods (
    member_id TEXT NOT NULL,
    held_from DATE NOT NULL,
    held_until DATE,
    formal BOOLEAN NOT NULL,
    partner_id TEXT,
    country TEXT NOT NULL,
    region TEXT,
    sector TEXT,
    sex TEXT,
    birth_date DATE,
    in_programme BOOLEAN NOT NULL,
    PRIMARY KEY (member_id, held_from)
);

-- Whether the two tables above are complete. An empty database is; one with registrations or
-- jobs is built at start-up (or by `formaliza-members rebuild-formalisation`), and until then the
-- indicator is counted from the registrations and jobs themselves.
CREATE TABLE formalisation_model (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    built BOOLEAN NOT NULL
);
INSERT INTO formalisation_model (id, built)
SELECT 1, NOT EXISTS (SELECT 1 FROM registrations) AND NOT EXISTS (SELECT 1 FROM jobs);
