ALTER TABLE rm_members DROP COLUMN partner_id;
