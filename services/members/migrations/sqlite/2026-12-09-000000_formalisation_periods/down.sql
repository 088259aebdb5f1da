DROP TABLE formalisation_model;
DROP TABLE worker_periods;
DROP TABLE organisation_status_periods;
