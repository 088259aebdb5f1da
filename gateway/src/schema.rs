//! The gateway's tables.

diesel::table! {
    api_clients (client_id) {
        client_id -> Text,
        name -> Text,
        secret_hash -> Text,
        scopes -> Text,
        partner_id -> Nullable<Text>,
        enabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        algorithm -> Text,
        private_key -> Text,
        public_key -> Text,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        client_id -> Text,
        partner_id -> Nullable<Text>,
        scopes -> Text,
        url -> Text,
        services -> Text,
        resources -> Nullable<Text>,
        country -> Nullable<Text>,
        secret_sealed -> Text,
        previous_secret_sealed -> Nullable<Text>,
        previous_until -> Nullable<Timestamp>,
        state -> Text,
        state_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        next_attempt_at -> Timestamp,
        failing_since -> Nullable<Timestamp>,
        attempts -> Integer,
        last_attempt_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        last_delivered_at -> Nullable<Timestamp>,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_cursors (subscription_id, service) {
        subscription_id -> Text,
        service -> Text,
        delivered_seq -> BigInt,
        inflight_last_seq -> Nullable<BigInt>,
        head_seq -> BigInt,
        oldest_waiting_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(webhook_cursors -> webhook_subscriptions (subscription_id));
diesel::allow_tables_to_appear_in_same_query!(webhook_subscriptions, webhook_cursors);

diesel::table! {
    published_questions (id) {
        id -> Text,
        slug -> Text,
        title_es -> Text,
        title_en -> Text,
        path -> Text,
        query -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        deleted_by -> Nullable<Text>,
        deleted_at -> Nullable<Timestamp>,
    }
}
