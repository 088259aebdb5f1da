//! The trainings service's tables.

diesel::table! {
    courses (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        title -> Text,
        topic -> Text,
        sector -> Nullable<Text>,
        description -> Nullable<Text>,
        total_minutes -> BigInt,
        certificate_minutes -> BigInt,
        language -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        course_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        minutes -> BigInt,
        country -> Text,
        region -> Nullable<Text>,
        district -> Nullable<Text>,
        venue -> Nullable<Text>,
        facilitator -> Nullable<Text>,
        host_organisation_id -> Nullable<Text>,
        capacity -> BigInt,
        registered -> BigInt,
        status -> Text,
        open_to_outside_organisations -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    participations (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        session_id -> Text,
        member_id -> Text,
        member_initials -> Nullable<Text>,
        attendance -> Nullable<Text>,
        attended_minutes -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    certificates (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        member_id -> Text,
        course_id -> Text,
        code -> Text,
        holder_initials -> Text,
        attended_minutes -> BigInt,
        issued_on -> Date,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    rm_members (id) {
        id -> Text,
        sex -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        household_id -> Nullable<Text>,
        partner_id -> Nullable<Text>,
        data_sharing_consent -> Bool,
        id_type -> Nullable<Text>,
        id_country -> Nullable<Text>,
        id_number -> Nullable<Text>,
        initials -> Nullable<Text>,
    }
}

diesel::table! {
    rm_memberships (id) {
        id -> Text,
        member_id -> Text,
        organisation_id -> Text,
    }
}

diesel::table! {
    rm_organisations (id) {
        id -> Text,
        in_programme -> Bool,
    }
}

diesel::joinable!(sessions -> courses (course_id));
diesel::joinable!(participations -> sessions (session_id));
diesel::joinable!(certificates -> courses (course_id));
diesel::allow_tables_to_appear_in_same_query!(
    courses,
    sessions,
    participations,
    certificates,
    rm_members,
    rm_memberships,
    rm_organisations
);
