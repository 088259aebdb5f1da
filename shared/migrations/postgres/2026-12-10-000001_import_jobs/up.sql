-- Import jobs (issue 21): an uploaded file spooled to disk and applied in the background, a
-- chunk of rows per transaction together with the rows' results and the job's progress, so
-- that a job stopped by a restart resumes exactly where its last chunk committed.
CREATE TABLE import_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('csv', 'xlsx', 'ndjson')),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    dry_run BOOLEAN NOT NULL,
    atomic BOOLEAN NOT NULL,
    partner_id TEXT,
    -- The client that created the job (`sub`) and its scopes: the rows are written as it.
    principal TEXT NOT NULL,
    scopes TEXT NOT NULL,
    rows_total BIGINT,
    rows_done BIGINT NOT NULL DEFAULT 0,
    created BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,
    refused BIGINT NOT NULL DEFAULT 0,
    error TEXT,
    mapping TEXT,
    column_map TEXT,
    file_path TEXT NOT NULL,
    file_bytes BIGINT NOT NULL,
    idempotency_key TEXT,
    body_digest TEXT NOT NULL,
    request_id TEXT,
    cancel_requested BOOLEAN NOT NULL DEFAULT FALSE,
    -- Which runner holds the job, until when (a runner renews it with every chunk; a job whose
    -- lease ran out was left by a process that died, and another runner resumes it).
    runner TEXT,
    lease_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    started_at TIMESTAMP,
    finished_at TIMESTAMP
);
CREATE INDEX import_jobs_status ON import_jobs (status, created_at);
CREATE INDEX import_jobs_partner ON import_jobs (partner_id, id);

CREATE TABLE import_rows (
    job_id TEXT NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    line BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('created', 'updated', 'unchanged', 'refused')),
    record_id TEXT,
    errors TEXT,
    PRIMARY KEY (job_id, line)
);
CREATE INDEX import_rows_status ON import_rows (job_id, status, line);
