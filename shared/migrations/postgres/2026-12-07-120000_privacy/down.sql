DROP TABLE access_records;
DROP INDEX feed_events_resource;
DELETE FROM feed_events WHERE op = 'erase';
ALTER TABLE feed_events DROP CONSTRAINT feed_events_op_check;
ALTER TABLE feed_events ADD CONSTRAINT feed_events_op_check
    CHECK (op IN ('create', 'update', 'delete'));
