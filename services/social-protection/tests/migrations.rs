//! Migrations go up, down and up again on both backends: every `down.sql` undoes its `up.sql`.

#![expect(
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use diesel::RunQueryDsl;
use formaliza_shared::db::{self, Backend};
use formaliza_shared::testing::TestDatabase;

fn tables_answer(pool: &db::DbPool) -> bool {
    let mut conn = pool.get().expect("connection");
    [
        "schemes",
        "enrollments",
        "enrollment_transitions",
        "rm_households",
        "rm_members",
        "rm_organisations",
        "rm_memberships",
        "feed_events",
        "idempotency_keys",
        "feed_checkpoints",
    ]
    .iter()
    .all(|table| {
        diesel::sql_query(format!("SELECT 1 FROM {table} LIMIT 1"))
            .execute(&mut conn)
            .is_ok()
    })
}

fn up_down_up(backend: Backend) {
    let Some(database) = TestDatabase::create(backend) else {
        return;
    };
    let pool = db::connect(&database.url, 2).expect("pool");
    db::migrate(&pool, formaliza_social_protection::migrations()).expect("up");
    assert!(tables_answer(&pool));
    db::revert(&pool, formaliza_social_protection::migrations()).expect("down");
    let mut conn = pool.get().expect("connection");
    assert!(
        diesel::sql_query("SELECT 1 FROM enrollments")
            .execute(&mut conn)
            .is_err(),
        "enrollments survived down.sql"
    );
    assert!(
        diesel::sql_query("SELECT 1 FROM feed_events")
            .execute(&mut conn)
            .is_err(),
        "feed_events survived down.sql"
    );
    drop(conn);
    db::migrate(&pool, formaliza_social_protection::migrations()).expect("up again");
    assert!(tables_answer(&pool));
}

#[test]
fn sqlite_migrations_go_up_down_up() {
    up_down_up(Backend::Sqlite);
}

#[test]
fn postgres_migrations_go_up_down_up() {
    up_down_up(Backend::Postgres);
}
