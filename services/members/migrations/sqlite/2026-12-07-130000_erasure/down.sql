DROP TABLE erasures;
ALTER TABLE members DROP COLUMN erased_at;
