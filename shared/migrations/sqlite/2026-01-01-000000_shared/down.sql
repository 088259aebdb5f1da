DROP TABLE feed_checkpoints;
DROP TABLE idempotency_keys;
DROP TABLE feed_events;
DROP TABLE feed_counter;
