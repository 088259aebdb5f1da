//! The social-protection service's tables, its read model of the members service, and the kept
//! coverage model derived from both.

diesel::table! {
    schemes (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        name -> Text,
        country -> Text,
        kind -> Text,
        category -> Text,
        operator -> Nullable<Text>,
        coverage_unit -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    enrollments (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        scheme_id -> Text,
        member_id -> Nullable<Text>,
        household_id -> Nullable<Text>,
        affiliation_number -> Nullable<Text>,
        status -> Text,
        status_since -> Date,
        verified_by -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    enrollment_transitions (enrollment_id, seq) {
        enrollment_id -> Text,
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
    rm_households (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        country -> Text,
        region -> Nullable<Text>,
    }
}

diesel::table! {
    rm_members (id) {
        id -> Text,
        household_id -> Nullable<Text>,
        sector -> Nullable<Text>,
        sex -> Nullable<Text>,
        relationship_to_head -> Nullable<Text>,
        data_sharing_consent -> Bool,
        partner_id -> Nullable<Text>,
        given_names -> Text,
        family_names -> Text,
        id_type -> Nullable<Text>,
        id_country -> Nullable<Text>,
        id_number -> Nullable<Text>,
        birth_date -> Nullable<Date>,
    }
}

diesel::table! {
    rm_organisations (id) {
        id -> Text,
        in_programme -> Bool,
    }
}

diesel::table! {
    rm_memberships (id) {
        id -> Text,
        member_id -> Text,
        organisation_id -> Text,
        left_on -> Nullable<Date>,
    }
}

diesel::table! {
    coverage_households (household_id) {
        household_id -> Text,
        partner_id -> Nullable<Text>,
        country -> Text,
        region -> Nullable<Text>,
        in_scope -> Bool,
    }
}

diesel::table! {
    coverage_periods (household_id, kind, covered_from) {
        household_id -> Text,
        kind -> Text,
        covered_from -> Date,
        covered_until -> Nullable<Date>,
        in_scope -> Bool,
        partner_id -> Nullable<Text>,
        country -> Nullable<Text>,
        region -> Nullable<Text>,
    }
}

diesel::table! {
    coverage_model (id) {
        id -> Integer,
        built -> Bool,
    }
}

diesel::table! {
    programme_indicators (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        code -> Text,
        name_es -> Text,
        name_en -> Text,
        description_es -> Nullable<Text>,
        description_en -> Nullable<Text>,
        unit -> Text,
        direction -> Text,
        measure -> Text,
        filters -> Text,
        baseline_value -> Nullable<BigInt>,
        baseline_date -> Nullable<Date>,
        baseline_source -> Nullable<Text>,
        targets -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    programme_reported_values (id) {
        id -> Text,
        partner_id -> Nullable<Text>,
        indicator_id -> Text,
        value -> BigInt,
        reference_date -> Date,
        reported_on -> Date,
        reported_to -> Text,
        source -> Nullable<Text>,
        note -> Nullable<Text>,
        corrects -> Nullable<Text>,
        live_value -> Nullable<BigInt>,
        live_suppressed -> Bool,
        live_computed_at -> Timestamp,
        recorded_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(enrollments -> schemes (scheme_id));
diesel::joinable!(enrollment_transitions -> enrollments (enrollment_id));
diesel::joinable!(programme_reported_values -> programme_indicators (indicator_id));
diesel::allow_tables_to_appear_in_same_query!(
    schemes,
    enrollments,
    enrollment_transitions,
    rm_households,
    rm_members,
    rm_organisations,
    rm_memberships,
    coverage_households,
    coverage_periods,
    coverage_model,
    programme_indicators,
    programme_reported_values,
);
