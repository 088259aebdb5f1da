-- The person-level coverage indicator breaks members down by age band on the reference date,
-- so the read model keeps each member's birth date (used only to place a member in an age
-- band; never shown). This service has no copy of birth dates to backfill from: the members
-- service holds them, and its feed carries them in every member event. So the read model reads
-- the members feed again from the start, as it did when the partner was added: replaying is
-- safe (each event replaces the row it concerns; the kept coverage model is recomputed for the
-- households touched), and `read_model.last_seq` in the indicators says how far it has got
-- while it catches up.
ALTER TABLE rm_members ADD COLUMN birth_date DATE;
UPDATE feed_checkpoints SET last_seq = 0 WHERE consumer = 'social-protection.members';
