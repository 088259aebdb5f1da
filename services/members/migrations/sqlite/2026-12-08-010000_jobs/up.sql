-- Workers' jobs: a member's work in an organisation (or on their own account), with the
-- employer's registration of the worker for social security.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    member_id TEXT NOT NULL REFERENCES members (id),
    organisation_id TEXT REFERENCES organisations (id),
    role TEXT NOT NULL,
    occupation TEXT,
    contract TEXT NOT NULL,
    started_on DATE NOT NULL,
    ended_on DATE,
    social_security_registry TEXT,
    social_security_since DATE,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX jobs_partner ON jobs (partner_id, id);
CREATE INDEX jobs_member ON jobs (member_id);
CREATE INDEX jobs_organisation ON jobs (organisation_id);
CREATE INDEX jobs_updated ON jobs (updated_at);
