-- Schemes: public services (SIS, EsSalud, SUS, pensions) and insurance mechanisms.
CREATE TABLE schemes (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    operator TEXT,
    coverage_unit TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX schemes_partner ON schemes (partner_id, id);
CREATE INDEX schemes_updated ON schemes (updated_at);

-- Enrolments: a member (or a household, for household schemes) in a scheme. `status` and
-- `status_since` mirror the last transition.
CREATE TABLE enrollments (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    scheme_id TEXT NOT NULL REFERENCES schemes (id),
    member_id TEXT,
    household_id TEXT,
    affiliation_number TEXT,
    status TEXT NOT NULL,
    status_since DATE NOT NULL,
    verified_by TEXT,
    verified_at TIMESTAMP,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX enrollments_partner ON enrollments (partner_id, id);
CREATE INDEX enrollments_scheme ON enrollments (scheme_id);
CREATE INDEX enrollments_member ON enrollments (member_id);
CREATE INDEX enrollments_household ON enrollments (household_id);
CREATE INDEX enrollments_updated ON enrollments (updated_at);

-- Every status change, dated: the status on date D is the last transition effective on or before D.
CREATE TABLE enrollment_transitions (
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    seq INTEGER NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    effective_on DATE NOT NULL,
    reason TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (enrollment_id, seq)
);
CREATE INDEX enrollment_transitions_effective ON enrollment_transitions (effective_on);

-- Read model of the members service, fed by its change feed (never written by this API).
CREATE TABLE rm_households (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    country TEXT NOT NULL,
    region TEXT
);
CREATE TABLE rm_members (
    id TEXT PRIMARY KEY,
    household_id TEXT,
    sector TEXT,
    sex TEXT,
    relationship_to_head TEXT,
    data_sharing_consent BOOLEAN NOT NULL,
    given_names TEXT NOT NULL,
    family_names TEXT NOT NULL,
    id_type TEXT,
    id_country TEXT,
    id_number TEXT
);
CREATE INDEX rm_members_household ON rm_members (household_id);
CREATE TABLE rm_organisations (
    id TEXT PRIMARY KEY,
    in_programme BOOLEAN NOT NULL
);
CREATE TABLE rm_memberships (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    left_on DATE
);
CREATE INDEX rm_memberships_member ON rm_memberships (member_id);
