-- The shared privacy rule reads a member's partner and consent from `rm_members`, which the
-- trainings and social-protection services keep as a read model of the members feed. Here it is
-- a view of the members table itself, so that the same rule decides how memberships and jobs
-- name their member to a reader without members:read (the bus).
CREATE VIEW rm_members AS SELECT id, partner_id, data_sharing_consent FROM members;
