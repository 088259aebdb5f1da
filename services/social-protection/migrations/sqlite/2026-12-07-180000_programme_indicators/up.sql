-- The programme's indicator catalogue (issue 19): each indicator's definition over one computed
-- measure (`measure` and its `filters`, the measure's own query parameters as JSON), baseline
-- and targets. Values are stored in thousandths (57.6 % is 57600), as integers on both backends.
CREATE TABLE programme_indicators (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    code TEXT NOT NULL,
    name_es TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_es TEXT,
    description_en TEXT,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL,
    measure TEXT NOT NULL,
    filters TEXT NOT NULL,
    baseline_value BIGINT,
    baseline_date DATE,
    baseline_source TEXT,
    -- `[{"value": thousandths, "due_on": "YYYY-MM-DD"}, …]` by due date: always read and written
    -- whole with the indicator.
    targets TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX programme_indicators_code ON programme_indicators (code) WHERE deleted_at IS NULL;
CREATE INDEX programme_indicators_partner ON programme_indicators (partner_id, id);
CREATE INDEX programme_indicators_updated ON programme_indicators (updated_at);

-- Values reported to donors and ministries: never changed once recorded (a correction is a new
-- row naming the one it corrects, at most one each), with the live computation for the
-- reference date frozen beside the reported figure when it was recorded.
CREATE TABLE programme_reported_values (
    id TEXT PRIMARY KEY,
    partner_id TEXT,
    indicator_id TEXT NOT NULL REFERENCES programme_indicators (id),
    value BIGINT NOT NULL,
    reference_date DATE NOT NULL,
    reported_on DATE NOT NULL,
    reported_to TEXT NOT NULL,
    source TEXT,
    note TEXT,
    corrects TEXT REFERENCES programme_reported_values (id),
    live_value BIGINT,
    live_suppressed BOOLEAN NOT NULL,
    live_computed_at TIMESTAMP NOT NULL,
    recorded_by TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE UNIQUE INDEX programme_reported_values_corrects ON programme_reported_values (corrects)
    WHERE corrects IS NOT NULL;
CREATE INDEX programme_reported_values_indicator ON programme_reported_values (indicator_id, reference_date);
CREATE INDEX programme_reported_values_updated ON programme_reported_values (updated_at);

-- Immutable below the API too: an UPDATE or DELETE of a reported value fails.
CREATE TRIGGER programme_reported_values_no_update BEFORE UPDATE ON programme_reported_values
BEGIN
    SELECT RAISE(ABORT, 'reported values are immutable: record a correction instead');
END;
CREATE TRIGGER programme_reported_values_no_delete BEFORE DELETE ON programme_reported_values
BEGIN
    SELECT RAISE(ABORT, 'reported values are immutable: record a correction instead');
END;
