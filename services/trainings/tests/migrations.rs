//! Migrations go up, down and up again on both backends: every `down.sql` undoes its `up.sql`.

use formaliza_shared::db::Backend;
use formaliza_shared::testing::migrations_go_up_down_up;

const TABLES: &[&str] = &[
    "courses",
    "sessions",
    "participations",
    "certificates",
    "rm_members",
    "rm_memberships",
    "rm_organisations",
];

#[test]
fn sqlite_migrations_go_up_down_up() {
    migrations_go_up_down_up(Backend::Sqlite, formaliza_trainings::migrations, TABLES);
}

#[test]
fn postgres_migrations_go_up_down_up() {
    migrations_go_up_down_up(Backend::Postgres, formaliza_trainings::migrations, TABLES);
}
