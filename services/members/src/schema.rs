//! The members service's tables.

diesel::table! {
    organisations (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        name -> Text,
        name_key -> Text,
        kind -> Text,
        legal_status -> Text,
        parent_id -> Nullable<Text>,
        in_programme -> Bool,
        country -> Text,
        region -> Nullable<Text>,
        district -> Nullable<Text>,
        sector -> Nullable<Text>,
        registration_number -> Nullable<Text>,
        founded_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        formal_status -> Text,
        formal_status_since -> Nullable<Date>,
    }
}

diesel::table! {
    households (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        name -> Nullable<Text>,
        name_key -> Text,
        country -> Text,
        region -> Nullable<Text>,
        district -> Nullable<Text>,
        locality -> Nullable<Text>,
        external_ref -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    members (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        household_id -> Nullable<Text>,
        given_names -> Text,
        family_names -> Text,
        name_key -> Text,
        sex -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        id_type -> Nullable<Text>,
        id_country -> Nullable<Text>,
        id_number -> Nullable<Text>,
        id_complement -> Nullable<Text>,
        id_issued_in -> Nullable<Text>,
        phone -> Nullable<Text>,
        sector -> Nullable<Text>,
        work_status -> Nullable<Text>,
        relationship_to_head -> Nullable<Text>,
        country -> Text,
        region -> Nullable<Text>,
        district -> Nullable<Text>,
        data_sharing_consent -> Bool,
        consent_recorded_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        erased_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    erasures (id) {
        id -> Text,
        member_id -> Text,
        partner_id -> Nullable<Text>,
        actor -> Text,
        reason -> Text,
        erased_at -> Timestamp,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    memberships (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        member_id -> Text,
        organisation_id -> Text,
        role -> Text,
        joined_on -> Nullable<Date>,
        left_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    registrations (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        organisation_id -> Text,
        registry -> Text,
        number -> Text,
        tax_regime -> Nullable<Text>,
        issued_by -> Nullable<Text>,
        expires_on -> Nullable<Date>,
        status -> Text,
        status_since -> Date,
        evidence -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    registration_transitions (registration_id, seq) {
        registration_id -> Text,
        seq -> Integer,
        from_status -> Nullable<Text>,
        to_status -> Text,
        effective_on -> Date,
        reason -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        member_id -> Text,
        organisation_id -> Nullable<Text>,
        role -> Text,
        occupation -> Nullable<Text>,
        contract -> Text,
        started_on -> Date,
        ended_on -> Nullable<Date>,
        social_security_registry -> Nullable<Text>,
        social_security_since -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    organisation_status_periods (organisation_id, status_from) {
        organisation_id -> Text,
        status -> Text,
        status_from -> Date,
        status_until -> Nullable<Date>,
    }
}

diesel::table! {
    worker_periods (member_id, held_from) {
        member_id -> Text,
        held_from -> Date,
        held_until -> Nullable<Date>,
        formal -> Bool,
        partner_id -> Nullable<Text>,
        country -> Text,
        region -> Nullable<Text>,
        sector -> Nullable<Text>,
        sex -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        in_programme -> Bool,
    }
}

diesel::table! {
    formalisation_model (id) {
        id -> Integer,
        built -> Bool,
    }
}

diesel::joinable!(members -> households (household_id));
diesel::joinable!(jobs -> members (member_id));
diesel::joinable!(jobs -> organisations (organisation_id));
diesel::joinable!(registrations -> organisations (organisation_id));
diesel::joinable!(registration_transitions -> registrations (registration_id));
diesel::joinable!(memberships -> members (member_id));
diesel::joinable!(memberships -> organisations (organisation_id));
diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    households,
    members,
    memberships,
    registrations,
    registration_transitions,
    jobs,
    organisation_status_periods,
    worker_periods,
    formalisation_model,
);
