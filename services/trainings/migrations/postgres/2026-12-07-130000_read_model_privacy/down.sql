ALTER TABLE rm_members DROP COLUMN data_sharing_consent;
ALTER TABLE rm_members DROP COLUMN partner_id;
