//! Migrations go up, down and up again on both backends: every `down.sql` undoes its `up.sql`.

use formaliza_shared::db::Backend;
use formaliza_shared::testing::migrations_go_up_down_up;

const TABLES: &[&str] = &[
    "schemes",
    "enrollments",
    "enrollment_transitions",
    "rm_households",
    "rm_members",
    "rm_organisations",
    "rm_memberships",
    "coverage_households",
    "coverage_periods",
    "coverage_model",
];

#[test]
fn sqlite_migrations_go_up_down_up() {
    migrations_go_up_down_up(
        Backend::Sqlite,
        formaliza_social_protection::migrations,
        TABLES,
    );
}

#[test]
fn postgres_migrations_go_up_down_up() {
    migrations_go_up_down_up(
        Backend::Postgres,
        formaliza_social_protection::migrations,
        TABLES,
    );
}
