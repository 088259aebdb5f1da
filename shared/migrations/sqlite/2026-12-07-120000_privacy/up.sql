-- An erasure redacts a record's earlier events and appends an `erase` event. SQLite cannot
-- change a CHECK constraint in place: the table is copied.
CREATE TABLE feed_events_with_erase (
    seq BIGINT PRIMARY KEY,
    resource TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'erase')),
    version BIGINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    partner_id TEXT,
    request_id TEXT,
    data TEXT
);
INSERT INTO feed_events_with_erase SELECT * FROM feed_events;
DROP TABLE feed_events;
ALTER TABLE feed_events_with_erase RENAME TO feed_events;
CREATE INDEX feed_events_partner_seq ON feed_events (partner_id, seq);
-- Finding a record's events, to redact them.
CREATE INDEX feed_events_resource ON feed_events (resource_id);

-- Who read personal data (exports, and identifying fields shown outside a record's partner).
CREATE TABLE access_records (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    partner_id TEXT,
    occurred_at TIMESTAMP NOT NULL,
    method TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    filters TEXT,
    records BIGINT NOT NULL,
    request_id TEXT
);
CREATE INDEX access_records_client ON access_records (client_id, id);
CREATE INDEX access_records_occurred_at ON access_records (occurred_at);
