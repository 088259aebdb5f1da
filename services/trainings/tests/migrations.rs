//! Migrations go up, down and up again on both backends: every `down.sql` undoes its `up.sql`.

#![expect(
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use diesel::RunQueryDsl;
use formaliza_shared::db::{self, Backend};
use formaliza_shared::testing::TestDatabase;

const TABLES: [&str; 7] = [
    "courses",
    "sessions",
    "participations",
    "certificates",
    "rm_members",
    "rm_memberships",
    "rm_organisations",
];

fn answering(pool: &db::DbPool) -> Vec<&'static str> {
    let mut conn = pool.get().expect("connection");
    TABLES
        .into_iter()
        .filter(|table| {
            diesel::sql_query(format!("SELECT 1 FROM {table} LIMIT 1"))
                .execute(&mut conn)
                .is_ok()
        })
        .collect()
}

fn up_down_up(backend: Backend) {
    let Some(database) = TestDatabase::create(backend) else {
        return;
    };
    let pool = db::connect(&database.url, 2).expect("pool");
    db::migrate(&pool, formaliza_trainings::migrations()).expect("up");
    assert_eq!(answering(&pool), TABLES);
    db::revert(&pool, formaliza_trainings::migrations()).expect("down");
    assert_eq!(
        answering(&pool),
        Vec::<&str>::new(),
        "tables survived down.sql"
    );
    db::migrate(&pool, formaliza_trainings::migrations()).expect("up again");
    assert_eq!(answering(&pool), TABLES);
}

#[test]
fn sqlite_migrations_go_up_down_up() {
    up_down_up(Backend::Sqlite);
}

#[test]
fn postgres_migrations_go_up_down_up() {
    up_down_up(Backend::Postgres);
}
