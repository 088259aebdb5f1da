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
