-- The privacy rule needs each member's partner (who may read them in the members service).
-- The read model is filled again from the start of the members feed so that every member has it.
ALTER TABLE rm_members ADD COLUMN partner_id TEXT;
UPDATE feed_checkpoints SET last_seq = 0 WHERE consumer = 'social-protection.members';
