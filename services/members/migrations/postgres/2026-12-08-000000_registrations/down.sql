DROP INDEX organisations_formal_status;
ALTER TABLE organisations DROP COLUMN formal_status_since;
ALTER TABLE organisations DROP COLUMN formal_status;
DROP TABLE registration_transitions;
DROP TABLE registrations;
