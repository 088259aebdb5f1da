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
