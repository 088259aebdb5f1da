-- An erasure redacts a record's earlier events and appends an `erase` event.
ALTER TABLE feed_events DROP CONSTRAINT feed_events_op_check;
ALTER TABLE feed_events ADD CONSTRAINT feed_events_op_check
    CHECK (op IN ('create', 'update', 'delete', 'erase'));
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
