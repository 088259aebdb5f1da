DROP INDEX rm_members_id_number;
ALTER TABLE rm_members DROP COLUMN initials;
ALTER TABLE rm_members DROP COLUMN id_number;
ALTER TABLE rm_members DROP COLUMN id_country;
ALTER TABLE rm_members DROP COLUMN id_type;
