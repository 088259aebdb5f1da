DROP TABLE coverage_model;
DROP TABLE coverage_periods;
DROP TABLE coverage_households;
