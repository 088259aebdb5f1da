//! The background consumer (as `build()` starts it) keeps the read model current: creations,
//! changes and deletions in the members service reach the indicators on their own.

use std::time::{Duration, Instant};

use formaliza_shared::Scope;
use formaliza_shared::consumer::StaticToken;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use serde_json::{Value, json};

use crate::common::{self, household, member};

/// Polls the coverage indicator until `done` holds (10 s at most).
async fn until(api: &TestClient, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let indicator = api
            .get("/v1/indicators/coverage?sector=coffee")
            .await
            .expect(200)
            .clone();
        if done(&indicator) {
            return indicator;
        }
        assert!(
            Instant::now() < deadline,
            "read model never caught up: {indicator}"
        );
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn the_consumer_follows_the_members_feed(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.programme();
    let feed_token = common::token("social-protection", &[Scope::MembersRead], None);
    let follow = |url: Option<&str>| {
        formaliza_shared::consumer::follow_members(
            formaliza_social_protection::read_model::CONSUMER,
            url,
            services.protection.pool.clone(),
            Some(Box::new(StaticToken(feed_token.clone()))),
            formaliza_social_protection::read_model::MembersReadModel,
            Duration::from_millis(20),
            "nothing",
        )
    };
    let consumer = follow(Some(&services.members.base_url)).unwrap();
    assert!(follow(None).is_none(), "no members service, no consumer");

    let mut heads = Vec::new();
    for _ in 0..6 {
        let home = household(&members, "PE-JUN").await;
        heads.push(
            member(
                &members,
                json!({"household_id": home, "sector": "coffee", "relationship_to_head": "head"}),
            )
            .await,
        );
    }
    let six = until(&api, |i| i["data"][0]["households"] == 6).await;
    assert!(six["read_model"]["last_seq"].as_i64().unwrap() >= 12);

    // A change of sector and a deletion take households out of the coffee scope.
    members
        .patch(
            &format!("/v1/members/{}", heads[0]),
            None,
            &json!({"sector": "textile"}),
        )
        .await
        .expect(200);
    members
        .delete(&format!("/v1/members/{}", heads[1]), None)
        .await
        .expect(204);
    until(&api, |i| {
        i["data"][0]["households"] == 4 || i["data"][0]["suppressed"] == true
    })
    .await;
    let four = api.get("/v1/indicators/coverage?sector=coffee").await;
    assert_eq!(
        four.expect(200)["data"][0]["suppressed"],
        true,
        "4 households: suppressed"
    );
    consumer.abort();
}

formaliza_shared::backend_tests!(the_consumer_follows_the_members_feed);
