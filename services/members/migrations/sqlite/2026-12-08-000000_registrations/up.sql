-- An organisation's registrations with the state (tax, business or cooperative registry,
-- operating licence, REMYPE), each with its dated transitions; the organisation's formal status
-- is derived from them and kept on its row (with the date it was reached) for lists and
-- indicators.
CREATE TABLE registrations (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    registry TEXT NOT NULL,
    number TEXT NOT NULL,
    tax_regime TEXT,
    issued_by TEXT,
    expires_on DATE,
    status TEXT NOT NULL,
    status_since DATE NOT NULL,
    evidence TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
-- One organisation per registry number.
CREATE UNIQUE INDEX registrations_number ON registrations (registry, number) WHERE deleted_at IS NULL;
CREATE INDEX registrations_organisation ON registrations (organisation_id);
CREATE INDEX registrations_partner ON registrations (partner_id, id);
CREATE INDEX registrations_updated ON registrations (updated_at);

-- Every status change, dated: the status on date D is the last transition effective on or before D.
CREATE TABLE registration_transitions (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    seq INTEGER NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    effective_on DATE NOT NULL,
    reason TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (registration_id, seq)
);

ALTER TABLE organisations ADD COLUMN formal_status TEXT NOT NULL DEFAULT 'informal';
ALTER TABLE organisations ADD COLUMN formal_status_since DATE;
CREATE INDEX organisations_formal_status ON organisations (formal_status);
