//! Migrations go up, down and up again on both backends: every `down.sql` undoes its `up.sql`.

#![expect(clippy::unwrap_used, reason = "a test fails loudly")]

use diesel::RunQueryDsl;
use formaliza_shared::db::{self, Backend};
use formaliza_shared::testing::{TestDatabase, migrations_go_up_down_up};

const TABLES: &[&str] = &[
    "organisations",
    "households",
    "members",
    "memberships",
    "registrations",
    "registration_transitions",
    "jobs",
    "rm_members",
];

#[test]
fn sqlite_migrations_go_up_down_up() {
    migrations_go_up_down_up(Backend::Sqlite, formaliza_members::migrations, TABLES);
}

#[test]
fn postgres_migrations_go_up_down_up() {
    migrations_go_up_down_up(Backend::Postgres, formaliza_members::migrations, TABLES);
}

/// The identity-key migration keeps every member and rewrites only what changes meaning: a carné
/// de extranjería's leading zeros. Afterwards a Bolivian CI with a complement is another person
/// than the same number without one, and the same key twice is still refused.
fn identity_keys_carry_over(backend: Backend) {
    let Some(database) = TestDatabase::create(backend) else {
        return;
    };
    let pool = db::connect(&database.url, 1).unwrap();
    db::migrate(&pool, formaliza_members::migrations()).unwrap();
    db::revert_from(&pool, formaliza_members::migrations(), "20261207000000").unwrap();
    let insert = |id: &str,
                  id_type: &str,
                  country: &str,
                  number: &str,
                  complement: Option<&str>| {
        let complement = complement.map_or("NULL".to_owned(), |c| format!("'{c}'"));
        let sql = format!(
            "INSERT INTO members (id, given_names, family_names, name_key, id_type, id_country, \
             id_number, id_complement, country, data_sharing_consent, version, created_at, updated_at) \
             VALUES ('{id}', 'A', 'B', 'a b', '{id_type}', '{country}', '{number}', {complement}, \
             '{country}', FALSE, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        );
        diesel::sql_query(sql).execute(&mut pool.get().unwrap())
    };
    insert("m-ce-padded", "pe_ce", "PE", "000001234567", None).unwrap();
    insert("m-ce-long", "pe_ce", "PE", "000123456789", None).unwrap();
    insert("m-ci", "bo_ci", "BO", "5550001", None).unwrap();
    db::migrate(&pool, formaliza_members::migrations()).unwrap();

    let number = |id: &str| -> String {
        #[derive(diesel::QueryableByName)]
        struct Number {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id_number: String,
        }
        diesel::sql_query(format!("SELECT id_number FROM members WHERE id = '{id}'"))
            .get_result::<Number>(&mut pool.get().unwrap())
            .unwrap()
            .id_number
    };
    assert_eq!(number("m-ce-padded"), "001234567");
    assert_eq!(number("m-ce-long"), "123456789");
    assert_eq!(number("m-ci"), "5550001");
    insert("m-ci-1b", "bo_ci", "BO", "5550001", Some("1B")).unwrap();
    assert!(insert("m-ci-again", "bo_ci", "BO", "5550001", None).is_err());
    assert!(insert("m-ci-1b-again", "bo_ci", "BO", "5550001", Some("1B")).is_err());
    assert!(insert("m-ce-again", "pe_ce", "PE", "001234567", None).is_err());
}

#[test]
fn sqlite_identity_keys_carry_over() {
    identity_keys_carry_over(Backend::Sqlite);
}

#[test]
fn postgres_identity_keys_carry_over() {
    identity_keys_carry_over(Backend::Postgres);
}
