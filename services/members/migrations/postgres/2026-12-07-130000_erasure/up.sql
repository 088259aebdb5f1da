-- A member's erasure (Ley 29733 in Peru, the constitutional right to data protection in
-- Bolivia): when it happened on the record, and who asked for it and why in a log of its own.
ALTER TABLE members ADD COLUMN erased_at TIMESTAMP;
CREATE TABLE erasures (
    id TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    partner_id TEXT,
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    erased_at TIMESTAMP NOT NULL,
    request_id TEXT
);
CREATE INDEX erasures_member ON erasures (member_id);
