DROP TABLE programme_reported_values;
DROP TABLE programme_indicators;
