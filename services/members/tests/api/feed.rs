//! The change feed under concurrent writers, read by the shared consumer: every change exactly
//! once, in commit order, even with two consumer replicas racing.

use std::collections::BTreeMap;
use std::time::Duration;

use diesel::prelude::*;
use formaliza_shared::consumer::{FeedApplier, FeedConsumer, StaticToken};
use formaliza_shared::db::{self, Backend, DbConnection, DbPool};
use formaliza_shared::feed::FeedEvent;
use formaliza_shared::testing::{TestDatabase, TestKeys, TestService};
use formaliza_shared::{ApiError, Scope};
use serde_json::json;

/// A read model that records each event; the primary key on `seq` makes a second application
/// of the same event fail the transaction.
struct Recorder;

impl FeedApplier for Recorder {
    fn apply(&self, conn: &mut DbConnection, event: &FeedEvent) -> Result<(), ApiError> {
        diesel::sql_query(
            "INSERT INTO received (seq, resource_id, op, version) VALUES ($1, $2, $3, $4)",
        )
        .bind::<diesel::sql_types::BigInt, _>(event.seq)
        .bind::<diesel::sql_types::Text, _>(&event.id)
        .bind::<diesel::sql_types::Text, _>(
            serde_json::to_value(event.op)?.as_str().unwrap_or_default(),
        )
        .bind::<diesel::sql_types::BigInt, _>(event.version)
        .execute(conn)?;
        Ok(())
    }
}

#[derive(QueryableByName)]
struct Received {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    seq: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    resource_id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    op: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    version: i64,
}

fn read_model(backend: Backend) -> Option<(TestDatabase, DbPool)> {
    let database = TestDatabase::create(backend)?;
    let pool = db::connect(&database.url, 4).unwrap();
    db::migrate(&pool, formaliza_members::migrations()).unwrap();
    let mut conn = pool.get().unwrap();
    diesel::sql_query("CREATE TABLE received (seq BIGINT PRIMARY KEY, resource_id TEXT NOT NULL, op TEXT NOT NULL, version BIGINT NOT NULL)")
        .execute(&mut conn)
        .unwrap();
    Some((database, pool))
}

async fn concurrent_writers_and_a_consumer(backend: Backend) {
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let Some((_read_database, read_pool)) = read_model(backend) else {
        return;
    };
    let token = TestKeys::trusted().token(
        "trainings-service",
        &[Scope::MembersRead, Scope::MembersWrite],
        None,
    );
    let api = service.client(Some(token.clone()));
    let feed_url = service.url("/v1/feeds/members");
    let consumer = |batch| {
        FeedConsumer::new(
            "trainings.members",
            feed_url.clone(),
            read_pool.clone(),
            StaticToken(token.clone()),
            Recorder,
        )
        .with_batch(batch)
    };
    let (replica_a, replica_b) = (consumer(7), consumer(11));

    // Eight writers, each creating households and changing them, while two consumer replicas poll.
    const WRITERS: usize = 8;
    const PER_WRITER: usize = 12;
    let writers = (0..WRITERS).map(|writer| {
        let api = api.clone();
        async move {
            for i in 0..PER_WRITER {
                let created = api.post("/v1/households", &json!({"name": format!("Familia {writer}-{i}"), "country": "PE", "region": "PE-SAM"})).await;
                let id = created.expect(201)["id"].as_str().unwrap().to_owned();
                api.patch(&format!("/v1/households/{id}"), Some("\"1\""), &json!({"locality": "Moyobamba"})).await.expect(200);
                if i % 4 == 0 {
                    assert_eq!(api.delete(&format!("/v1/households/{id}"), Some("\"2\"")).await.status, 204);
                }
            }
        }
    });
    let polling = async {
        for _ in 0..40 {
            let (a, b) = tokio::join!(replica_a.poll_once(), replica_b.poll_once());
            a.unwrap();
            b.unwrap();
            actix_rt::time::sleep(Duration::from_millis(5)).await;
        }
    };
    tokio::join!(futures_util::future::join_all(writers), polling);
    replica_a.catch_up().await.unwrap();
    replica_b.catch_up().await.unwrap();

    let expected = WRITERS * PER_WRITER * 2 + WRITERS * PER_WRITER.div_ceil(4);
    let received: Vec<Received> = {
        let mut conn = read_pool.get().unwrap();
        diesel::sql_query("SELECT seq, resource_id, op, version FROM received ORDER BY seq")
            .load(&mut conn)
            .unwrap()
    };
    // Gap-free: exactly 1..=N, each once (the primary key refused any repeat).
    assert_eq!(
        received.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=expected as i64).collect::<Vec<_>>()
    );
    // In commit order: each household's events arrive create → update → delete with rising versions.
    let mut per_household: BTreeMap<&str, Vec<(&str, i64)>> = BTreeMap::new();
    for event in &received {
        per_household
            .entry(&event.resource_id)
            .or_default()
            .push((&event.op, event.version));
    }
    assert_eq!(per_household.len(), WRITERS * PER_WRITER);
    for events in per_household.values() {
        match events.as_slice() {
            [("create", 1), ("update", 2)] | [("create", 1), ("update", 2), ("delete", 3)] => {}
            other => panic!("out of order: {other:?}"),
        }
    }
    let checkpoint = {
        let mut conn = read_pool.get().unwrap();
        formaliza_shared::consumer::checkpoint(&mut conn, "trainings.members").unwrap()
    };
    assert_eq!(checkpoint.last_seq, expected as i64);
}

formaliza_shared::backend_tests!(concurrent_writers_and_a_consumer);
