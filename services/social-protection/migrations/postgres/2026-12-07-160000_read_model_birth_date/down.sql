ALTER TABLE rm_members DROP COLUMN birth_date;
