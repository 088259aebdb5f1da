-- The privacy rule needs each member's partner (who may read them in the members service) and
-- consent to data sharing. The read model is filled again from the start of the members feed so
-- that every member has them.
ALTER TABLE rm_members ADD COLUMN partner_id TEXT;
ALTER TABLE rm_members ADD COLUMN data_sharing_consent BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE feed_checkpoints SET last_seq = 0 WHERE consumer = 'trainings.members';
