-- Courses: what is taught (hours kept in whole minutes).
CREATE TABLE courses (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    title TEXT NOT NULL,
    topic TEXT NOT NULL,
    sector TEXT,
    description TEXT,
    total_minutes BIGINT NOT NULL,
    certificate_minutes BIGINT NOT NULL,
    language TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX courses_partner ON courses (partner_id, id);
CREATE INDEX courses_updated ON courses (updated_at);

-- Sessions: workshops and events where a course is delivered.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    course_id TEXT NOT NULL REFERENCES courses (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    minutes BIGINT NOT NULL,
    country TEXT NOT NULL,
    region TEXT,
    district TEXT,
    venue TEXT,
    facilitator TEXT,
    host_organisation_id TEXT,
    capacity BIGINT NOT NULL,
    -- Live registrations, kept in step with participations: the capacity check is one
    -- conditional UPDATE (registered < capacity), so concurrent registrations cannot overbook.
    registered BIGINT NOT NULL,
    status TEXT NOT NULL,
    open_to_outside_organisations BOOLEAN NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX sessions_partner ON sessions (partner_id, id);
CREATE INDEX sessions_course ON sessions (course_id);
CREATE INDEX sessions_starts ON sessions (starts_at);
CREATE INDEX sessions_updated ON sessions (updated_at);

-- Participations: a member registered to a session, with attendance once recorded.
CREATE TABLE participations (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    member_id TEXT NOT NULL,
    member_initials TEXT,
    attendance TEXT,
    attended_minutes BIGINT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX participations_session_member ON participations (session_id, member_id)
    WHERE deleted_at IS NULL;
CREATE INDEX participations_member ON participations (member_id);
CREATE INDEX participations_partner ON participations (partner_id, id);
CREATE INDEX participations_updated ON participations (updated_at);

-- Certificates: one per member and course, with an unguessable public verification code.
CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    member_id TEXT NOT NULL,
    course_id TEXT NOT NULL REFERENCES courses (id),
    code TEXT NOT NULL,
    holder_initials TEXT NOT NULL,
    attended_minutes BIGINT NOT NULL,
    issued_on DATE NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX certificates_code ON certificates (code);
CREATE UNIQUE INDEX certificates_member_course ON certificates (member_id, course_id)
    WHERE deleted_at IS NULL;
CREATE INDEX certificates_partner ON certificates (partner_id, id);
CREATE INDEX certificates_updated ON certificates (updated_at);

-- Read model of the members service (fed by its change feed): only what indicators need.
CREATE TABLE rm_members (
    id TEXT PRIMARY KEY,
    sex TEXT,
    birth_date DATE,
    household_id TEXT
);
CREATE TABLE rm_memberships (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    organisation_id TEXT NOT NULL
);
CREATE INDEX rm_memberships_member ON rm_memberships (member_id);
CREATE TABLE rm_organisations (
    id TEXT PRIMARY KEY,
    in_programme BOOLEAN NOT NULL
);
