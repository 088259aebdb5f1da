-- Webhook subscriptions: a client's request to be told, at a URL, what its own feed pulls would
-- show (src/webhooks). The client's claims are kept so that delivery reads the feeds as that
-- client, never with more rights.
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    partner_id TEXT,
    scopes TEXT NOT NULL,
    url TEXT NOT NULL,
    services TEXT NOT NULL,
    resources TEXT,
    country TEXT,
    -- The signing secret, sealed with FORMALIZA_WEBHOOK_KEY (ChaCha20-Poly1305); the one it
    -- replaced keeps signing beside it until previous_until.
    secret_sealed TEXT NOT NULL,
    previous_secret_sealed TEXT,
    previous_until TIMESTAMP,
    state TEXT NOT NULL,
    state_reason TEXT,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    -- Delivery: when to try next, since when it has been failing, how many attempts in a row.
    next_attempt_at TIMESTAMP NOT NULL,
    failing_since TIMESTAMP,
    attempts INTEGER NOT NULL,
    last_attempt_at TIMESTAMP,
    last_error TEXT,
    last_delivered_at TIMESTAMP,
    -- The replica delivering it, until when (another takes over after).
    lease_owner TEXT,
    lease_until TIMESTAMP
);
CREATE INDEX webhook_subscriptions_client ON webhook_subscriptions (client_id, id);
CREATE INDEX webhook_subscriptions_due ON webhook_subscriptions (state, next_attempt_at);

-- Per subscription and service: the last feed seq delivered (or passed over by the filters), the
-- batch in flight (retried as it was, so its message id stays the same), and what the last pull
-- saw of the feed's head and of the oldest waiting event (the lag).
CREATE TABLE webhook_cursors (
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    service TEXT NOT NULL,
    delivered_seq BIGINT NOT NULL,
    inflight_last_seq BIGINT,
    head_seq BIGINT NOT NULL,
    oldest_waiting_at TIMESTAMP,
    PRIMARY KEY (subscription_id, service)
);
