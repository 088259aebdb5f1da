DROP TABLE programme_reported_values;
DROP FUNCTION programme_reported_values_immutable();
DROP TABLE programme_indicators;
