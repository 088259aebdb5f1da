-- Attendance sheets imported as jobs name people by national ID, and a registration keeps the
-- member's initials for certificates: the read model keeps both, filled again from the start of
-- the members feed so that every member has them.
ALTER TABLE rm_members ADD COLUMN id_type TEXT;
ALTER TABLE rm_members ADD COLUMN id_country TEXT;
ALTER TABLE rm_members ADD COLUMN id_number TEXT;
ALTER TABLE rm_members ADD COLUMN initials TEXT;
CREATE INDEX rm_members_id_number ON rm_members (id_number);
UPDATE feed_checkpoints SET last_seq = 0 WHERE consumer = 'trainings.members';
