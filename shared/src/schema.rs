//! Tables every service has.

diesel::table! {
    feed_counter (id) {
        id -> Integer,
        last_seq -> BigInt,
    }
}

diesel::table! {
    feed_events (seq) {
        seq -> BigInt,
        resource -> Text,
        resource_id -> Text,
        op -> Text,
        version -> BigInt,
        occurred_at -> Timestamp,
        actor -> Text,
        partner_id -> Nullable<Text>,
        request_id -> Nullable<Text>,
        data -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (principal, idempotency_key) {
        principal -> Text,
        idempotency_key -> Text,
        request_digest -> Text,
        status -> Integer,
        location -> Nullable<Text>,
        etag -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    feed_checkpoints (consumer) {
        consumer -> Text,
        last_seq -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Who read personal data: one row per answer that showed identifying fields to a client
    /// outside the records' partner, and per export.
    access_records (id) {
        id -> Text,
        client_id -> Text,
        partner_id -> Nullable<Text>,
        occurred_at -> Timestamp,
        method -> Text,
        endpoint -> Text,
        filters -> Nullable<Text>,
        records -> BigInt,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    /// The columns of a service's read model of members that the privacy rule reads (each
    /// service that keeps one has at least these).
    rm_members (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        data_sharing_consent -> Bool,
    }
}

diesel::table! {
    /// Import jobs this service runs for its own records (`POST /v1/imports`).
    import_jobs (id) {
        id -> Text,
        kind -> Text,
        format -> Text,
        status -> Text,
        dry_run -> Bool,
        atomic -> Bool,
        partner_id -> Nullable<Text>,
        principal -> Text,
        scopes -> Text,
        rows_total -> Nullable<BigInt>,
        rows_done -> BigInt,
        created -> BigInt,
        updated -> BigInt,
        unchanged -> BigInt,
        refused -> BigInt,
        error -> Nullable<Text>,
        mapping -> Nullable<Text>,
        column_map -> Nullable<Text>,
        file_path -> Text,
        file_bytes -> BigInt,
        idempotency_key -> Nullable<Text>,
        body_digest -> Text,
        request_id -> Nullable<Text>,
        cancel_requested -> Bool,
        runner -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The result of each row of an import job.
    import_rows (job_id, line) {
        job_id -> Text,
        line -> BigInt,
        status -> Text,
        record_id -> Nullable<Text>,
        errors -> Nullable<Text>,
    }
}
