-- The change feed: gap-free, commit-ordered. `feed_counter` is locked by each writing
-- transaction until it commits, so sequence numbers are handed out in commit order.
CREATE TABLE feed_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL
);
INSERT INTO feed_counter (id, last_seq) VALUES (1, 0);

CREATE TABLE feed_events (
    seq BIGINT PRIMARY KEY,
    resource TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    version BIGINT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    partner_id TEXT,
    request_id TEXT,
    data TEXT
);
CREATE INDEX feed_events_partner_seq ON feed_events (partner_id, seq);

-- Responses to POSTs sent with an Idempotency-Key, replayed on retry.
CREATE TABLE idempotency_keys (
    principal TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    status INTEGER NOT NULL,
    location TEXT,
    etag TEXT,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (principal, idempotency_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- How far each consumer of another service's feed has applied it.
CREATE TABLE feed_checkpoints (
    consumer TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
