//! The coverage indicator on a fixture of 1,000 coffee-producer households built through the
//! members and social-protection APIs: 576 hold an active public-service enrolment and 428 an
//! insurance one at the reference date, beside ended, suspended, rejected, still-applied,
//! later-effective and deleted enrolments that must not count, a deleted member, and non-coffee
//! households outside the scope. Expect exactly 57.6% and 42.8%.

use std::future::Future;

use chrono::{Datelike, NaiveDate, TimeDelta, Utc};
use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use serde_json::{Value, json};

use crate::common::{self, enrol, household, id, member, transition};

const HOUSEHOLDS: usize = 1000;
const PUBLIC: usize = 576;
const INSURED: usize = 428;

/// Runs `futures` a few at a time (several writers, like real partners).
async fn in_parallel<T, F: Future<Output = T>>(futures: Vec<F>) -> Vec<T> {
    let mut results = Vec::with_capacity(futures.len());
    let mut futures = futures.into_iter().peekable();
    while futures.peek().is_some() {
        let chunk: Vec<F> = futures.by_ref().take(8).collect();
        results.extend(futures_util::future::join_all(chunk).await);
    }
    results
}

fn days_ago(days: i64) -> String {
    (Utc::now().date_naive() - TimeDelta::days(days)).to_string()
}

struct Dates {
    long_ago: String,
    before_as_of: String,
    as_of: String,
    after_as_of: String,
}

fn dates() -> Dates {
    Dates {
        long_ago: days_ago(700),
        before_as_of: days_ago(180),
        as_of: days_ago(150),
        after_as_of: days_ago(60),
    }
}

async fn coverage(api: &TestClient, query: &str) -> Value {
    api.get(&format!("/v1/indicators/coverage?{query}"))
        .await
        .expect(200)
        .clone()
}

/// (group, households, public count, public %, insurance count, insurance %) of each cell.
fn cells(indicator: &Value) -> Vec<(Value, Value, Value, Value, Value, Value)> {
    indicator["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["group"].clone(),
                c["households"].clone(),
                c["public_service"]["count"].clone(),
                c["public_service"]["percentage"].clone(),
                c["insurance"]["count"].clone(),
                c["insurance"]["percentage"].clone(),
            )
        })
        .collect()
}

fn row(
    group: Value,
    households: i64,
    public: i64,
    public_pct: f64,
    insured: i64,
    insured_pct: f64,
) -> (Value, Value, Value, Value, Value, Value) {
    (
        group,
        json!(households),
        json!(public),
        json!(public_pct),
        json!(insured),
        json!(insured_pct),
    )
}

async fn coffee_families_coverage_is_exact(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.programme();
    let d = dates();

    // Organisations: one in the programme, one invited from outside.
    let coop = |name: &str, in_programme: bool| {
        json!({"name": name, "kind": "cooperative", "legal_status": "registered",
               "in_programme": in_programme, "country": "PE", "region": "PE-JUN", "sector": "coffee"})
    };
    let coop_a = id(members
        .post(
            "/v1/organisations",
            &coop("Cooperativa Valle del Perené", true),
        )
        .await
        .expect(201));
    let coop_b = id(members
        .post("/v1/organisations", &coop("Cooperativa Invitada", false))
        .await
        .expect(201));

    // 1,000 coffee households (the last three in another region), each with a head; heads
    // alternate female/male; households 0..700 in the programme's cooperative, the rest in the
    // invited one; households 400..500 also have a spouse working in another sector.
    let homes: Vec<String> = in_parallel(
        (0..HOUSEHOLDS)
            .map(|i| {
                household(
                    &members,
                    if i >= HOUSEHOLDS - 3 {
                        "PE-SAM"
                    } else {
                        "PE-JUN"
                    },
                )
            })
            .collect(),
    )
    .await;
    let heads: Vec<String> = in_parallel(
        homes
            .iter()
            .enumerate()
            .map(|(i, home)| {
                let sex = if i % 2 == 0 { "female" } else { "male" };
                member(
                    &members,
                    json!({"household_id": home, "sector": "coffee", "sex": sex, "relationship_to_head": "head"}),
                )
            })
            .collect(),
    )
    .await;
    let spouses: Vec<String> = in_parallel(
        (400..500)
            .map(|i| {
                member(
                    &members,
                    json!({"household_id": homes[i], "sector": "other", "relationship_to_head": "spouse"}),
                )
            })
            .collect(),
    )
    .await;
    in_parallel(
        heads
            .iter()
            .enumerate()
            .map(|(i, head)| {
                let organisation = if i < 700 { &coop_a } else { &coop_b };
                let members = &members;
                async move {
                    members
                        .post(
                            "/v1/memberships",
                            &json!({"member_id": head, "organisation_id": organisation, "role": "member"}),
                        )
                        .await
                        .expect(201);
                }
            })
            .collect(),
    )
    .await;
    // Non-coffee households (out of scope for `sector=coffee`), all with public coverage.
    let builders: Vec<(String, String)> = in_parallel(
        (0..50)
            .map(|_| async {
                let home = household(&members, "PE-JUN").await;
                let head = member(
                    &members,
                    json!({"household_id": home, "sector": "construction", "relationship_to_head": "head"}),
                )
                .await;
                (home, head)
            })
            .collect(),
    )
    .await;

    let scheme = |name: &str, kind: &str, category: &str, unit: &str| json!({"name": name, "country": "PE", "kind": kind, "category": category, "coverage_unit": unit});
    let sis = id(api
        .post(
            "/v1/schemes",
            &scheme("SIS", "public_service", "health", "person"),
        )
        .await
        .expect(201));
    let juntos = id(api
        .post(
            "/v1/schemes",
            &scheme(
                "Programa Juntos",
                "public_service",
                "social_assistance",
                "household",
            ),
        )
        .await
        .expect(201));
    let mutual = id(api
        .post(
            "/v1/schemes",
            &scheme(
                "Fondo mutual cafetalero",
                "insurance",
                "mutual_fund",
                "household",
            ),
        )
        .await
        .expect(201));
    let micro = id(api
        .post(
            "/v1/schemes",
            &scheme(
                "Microseguro agrario",
                "insurance",
                "micro_insurance",
                "person",
            ),
        )
        .await
        .expect(201));

    let person = |m: &String| json!({"member_id": m});
    let home_of = |h: &String| json!({"household_id": h});
    let api = &api;
    let d = &d;

    // Public service, counted at the reference date (576 households):
    // heads 0..400 in SIS since long ago (0..20 suspended only after the reference date);
    // spouses of 400..500 in SIS, applied then active; households 500..576 in Juntos.
    in_parallel(
        (0..400)
            .map(|i| {
                let who = person(&heads[i]);
                let sis = &sis;
                async move {
                    let e = enrol(api, sis, who, "active", &d.long_ago).await;
                    if i < 20 {
                        transition(api, &e, "suspended", &d.after_as_of).await;
                    }
                }
            })
            .collect(),
    )
    .await;
    in_parallel(
        spouses
            .iter()
            .map(|spouse| {
                let who = person(spouse);
                let sis = &sis;
                async move {
                    let e = enrol(api, sis, who, "applied", &d.long_ago).await;
                    transition(api, &e, "active", &d.before_as_of).await;
                }
            })
            .collect(),
    )
    .await;
    in_parallel(
        (500..PUBLIC)
            .map(|i| enrol(api, &juntos, home_of(&homes[i]), "active", &d.before_as_of))
            .collect(),
    )
    .await;

    // Public-service enrolments that must not count, on households 576..636.
    in_parallel(
        (PUBLIC..PUBLIC + 60)
            .map(|i| {
                let who = person(&heads[i]);
                let sis = &sis;
                async move {
                    match (i - PUBLIC) / 10 {
                        // Ended before the reference date.
                        0 => {
                            let e = enrol(api, sis, who, "active", &d.long_ago).await;
                            transition(api, &e, "ended", &d.before_as_of).await;
                        }
                        // Suspended before it.
                        1 => {
                            let e = enrol(api, sis, who, "active", &d.long_ago).await;
                            transition(api, &e, "suspended", &d.before_as_of).await;
                        }
                        // Rejected.
                        2 => {
                            let e = enrol(api, sis, who, "applied", &d.long_ago).await;
                            transition(api, &e, "rejected", &d.before_as_of).await;
                        }
                        // Only applied.
                        3 => {
                            enrol(api, sis, who, "applied", &d.long_ago).await;
                        }
                        // Active only after the reference date.
                        4 => {
                            let e = enrol(api, sis, who, "applied", &d.long_ago).await;
                            transition(api, &e, "active", &d.after_as_of).await;
                        }
                        // Deleted.
                        _ => {
                            let e = enrol(api, sis, who, "active", &d.long_ago).await;
                            api.delete(&format!("/v1/enrollments/{e}"), None)
                                .await
                                .expect(204);
                        }
                    }
                }
            })
            .collect(),
    )
    .await;

    // Insurance, counted (428 households): 300..500 in the mutual fund, heads 500..728 in the
    // micro-insurance.
    in_parallel(
        (300..500)
            .map(|i| enrol(api, &mutual, home_of(&homes[i]), "active", &d.long_ago))
            .collect(),
    )
    .await;
    in_parallel(
        (500..300 + INSURED)
            .map(|i| enrol(api, &micro, person(&heads[i]), "active", &d.before_as_of))
            .collect(),
    )
    .await;
    // Insurance that must not count, on households 728..768.
    in_parallel(
        (728..768)
            .map(|i| {
                let (home, head) = (home_of(&homes[i]), person(&heads[i]));
                let (mutual, micro) = (&mutual, &micro);
                async move {
                    match (i - 728) / 10 {
                        0 => {
                            let e = enrol(api, mutual, home, "active", &d.long_ago).await;
                            transition(api, &e, "ended", &d.before_as_of).await;
                        }
                        1 => {
                            let e = enrol(api, micro, head, "applied", &d.long_ago).await;
                            transition(api, &e, "rejected", &d.before_as_of).await;
                        }
                        2 => {
                            enrol(api, mutual, home, "active", &d.after_as_of).await;
                        }
                        _ => {
                            let e = enrol(api, micro, head, "active", &d.long_ago).await;
                            transition(api, &e, "suspended", &d.before_as_of).await;
                        }
                    }
                }
            })
            .collect(),
    )
    .await;

    // Non-coffee households: covered, but out of the coffee scope.
    in_parallel(
        builders
            .iter()
            .map(|(_, head)| enrol(api, &sis, person(head), "active", &d.long_ago))
            .collect(),
    )
    .await;
    // A coffee household whose only member, enrolled everywhere, was deleted: out of scope.
    let gone_home = household(&members, "PE-JUN").await;
    let gone = member(
        &members,
        json!({"household_id": gone_home, "sector": "coffee", "relationship_to_head": "head"}),
    )
    .await;
    enrol(api, &sis, person(&gone), "active", &d.long_ago).await;
    enrol(api, &mutual, home_of(&gone_home), "active", &d.long_ago).await;
    members
        .delete(&format!("/v1/members/{gone}"), None)
        .await
        .expect(204);

    // Before the read model catches up, nothing is in scope, and the response says so.
    let stale = coverage(api, &format!("sector=coffee&as_of={}", d.as_of)).await;
    assert_eq!(stale["read_model"]["last_seq"], 0);
    assert_eq!(stale["data"][0]["suppressed"], true);
    assert!(services.catch_up().await > 2000);

    // The headline figures.
    let coffee = coverage(api, &format!("sector=coffee&as_of={}", d.as_of)).await;
    assert_eq!(
        cells(&coffee),
        [row(json!(null), 1000, 576, 57.6, 428, 42.8)]
    );
    assert!(coffee["read_model"]["last_seq"].as_i64().unwrap() > 2000);
    assert!(coffee["read_model"]["updated_at"].is_string());
    assert_eq!(coffee["filters"]["sector"], "coffee");
    let text = coffee.to_string();
    assert!(
        !text.contains("Rosa") && !text.contains(&heads[0]),
        "no personal data"
    );

    // Today: the 20 suspensions and the 10 late activations after the reference date count.
    let today = coverage(api, "sector=coffee").await;
    assert_eq!(
        cells(&today),
        [row(json!(null), 1000, 566, 56.6, 438, 43.8)]
    );
    assert_eq!(today["as_of"], Utc::now().date_naive().to_string());

    // Without the sector filter, the 50 builders' households are in scope (and covered).
    let everyone = coverage(api, &format!("as_of={}", d.as_of)).await;
    assert_eq!(
        cells(&everyone),
        [row(json!(null), 1050, 626, 59.6, 428, 40.8)]
    );

    // Breakdowns; the three households of PE-SAM are a suppressed cell.
    let by_sex = coverage(
        api,
        &format!("sector=coffee&as_of={}&group_by=head_sex", d.as_of),
    )
    .await;
    assert_eq!(
        cells(&by_sex),
        [
            row(json!("female"), 500, 288, 57.6, 214, 42.8),
            row(json!("male"), 500, 288, 57.6, 214, 42.8),
        ]
    );
    let by_region = coverage(
        api,
        &format!("sector=coffee&as_of={}&group_by=region", d.as_of),
    )
    .await;
    // PE-SAM has 3 coffee households: withheld. Showing PE-JUN's 997 would give them away
    // (1000 in scope, minus 997), and there is no other region to withhold with it, so both go.
    for (cell, region) in by_region["data"]
        .as_array()
        .unwrap()
        .iter()
        .zip(["PE-JUN", "PE-SAM"])
    {
        assert_eq!(
            cell,
            &json!({"group": region, "households": null, "public_service": null, "insurance": null, "suppressed": true})
        );
    }
    let by_country = coverage(
        api,
        &format!("sector=coffee&as_of={}&group_by=country", d.as_of),
    )
    .await;
    assert_eq!(
        cells(&by_country),
        [row(json!("PE"), 1000, 576, 57.6, 428, 42.8)]
    );
    let by_organisation = coverage(
        api,
        &format!("sector=coffee&as_of={}&group_by=organisation", d.as_of),
    )
    .await;
    let mut expected = vec![
        row(json!(coop_a), 700, 576, 82.3, 400, 57.1),
        row(json!(coop_b), 300, 0, 0.0, 28, 9.3),
    ];
    expected.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
    assert_eq!(cells(&by_organisation), expected);
    let in_programme = coverage(
        api,
        &format!("sector=coffee&as_of={}&in_programme_only=true", d.as_of),
    )
    .await;
    assert_eq!(
        cells(&in_programme),
        [row(json!(null), 700, 576, 82.3, 400, 57.1)]
    );
    let invited = coverage(
        api,
        &format!("sector=coffee&as_of={}&organisation_id={coop_b}", d.as_of),
    )
    .await;
    assert_eq!(cells(&invited), [row(json!(null), 300, 0, 0.0, 28, 9.3)]);
    let bolivia = coverage(api, &format!("country=BO&as_of={}", d.as_of)).await;
    assert_eq!(bolivia["data"][0]["suppressed"], true);

    // The monthly series ends on the reference date with the same figures; before anything
    // was active, nobody is covered.
    let from = NaiveDate::parse_from_str(&days_ago(760), "%Y-%m-%d").unwrap();
    let series = api
        .get(&format!(
            "/v1/indicators/coverage/series?sector=coffee&from={from}&to={}&interval=month",
            d.as_of
        ))
        .await;
    let points = series.expect(200)["data"].as_array().unwrap();
    let last = points.last().unwrap();
    assert_eq!(last["as_of"], d.as_of);
    assert_eq!(
        (
            last["public_service"]["percentage"].clone(),
            last["insurance"]["percentage"].clone()
        ),
        (json!(57.6), json!(42.8))
    );
    assert_eq!(points[0]["public_service"]["count"], 0);
    assert_eq!(points[0]["households"], 1000);
    let first_end =
        NaiveDate::parse_from_str(points[0]["as_of"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_eq!(first_end.month(), from.month());
    assert!(points.len() >= 20);

    // Only `indicators:read` is needed; it is needed.
    let dashboard = services.protection.client(Some(common::token(
        "dashboard",
        &[formaliza_shared::Scope::IndicatorsRead],
        None,
    )));
    assert_eq!(
        coverage(&dashboard, &format!("sector=coffee&as_of={}", d.as_of)).await["data"][0]["households"],
        1000
    );
    let writer = services.protection.client(Some(common::token(
        "ngo",
        &[formaliza_shared::Scope::ProtectionWrite],
        None,
    )));
    writer.get("/v1/indicators/coverage").await.problem(403);
    api.get("/v1/indicators/coverage?group_by=caste")
        .await
        .problem(400);
    api.get("/v1/indicators/coverage?as_of=yesterday")
        .await
        .problem(400);
    api.get("/v1/indicators/coverage?sector=coffee&name=Rosa")
        .await
        .problem(400);
    for filter in ["country", "region", "organisation_id"] {
        api.get(&format!("/v1/indicators/coverage?{filter}=PE%00"))
            .await
            .problem(400);
    }
    api.get(&format!(
        "/v1/indicators/coverage/series?from={}&to={from}",
        d.as_of
    ))
    .await
    .problem(400);
}

/// Five households whose heads have been in SIS for over a year. Recording today that one of
/// them ended months ago changes the figures from that date on, and not before; a head moving
/// into another household takes the coverage along.
async fn a_backdated_transition_changes_earlier_answers(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.programme();
    let mut heads = Vec::new();
    for _ in 0..6 {
        let home = household(&members, "PE-CUS").await;
        heads.push(
            member(
                &members,
                json!({"household_id": home, "relationship_to_head": "head"}),
            )
            .await,
        );
    }
    services.catch_up().await;
    let sis = common::scheme(&api, "public_service", "person").await;
    let mut enrolments = Vec::new();
    for head in &heads[..5] {
        enrolments.push(
            enrol(
                &api,
                &sis,
                json!({"member_id": head}),
                "active",
                &days_ago(400),
            )
            .await,
        );
    }
    let public = |indicator: &Value| indicator["data"][0]["public_service"]["count"].clone();
    let in_region = |days: i64| format!("region=PE-CUS&as_of={}", days_ago(days));

    let before = coverage(&api, &in_region(100)).await;
    assert_eq!(before["data"][0]["households"], 6);
    assert_eq!(public(&before), 5);

    // Recorded today, effective 200 days ago.
    transition(&api, &enrolments[0], "ended", &days_ago(200)).await;
    assert_eq!(public(&coverage(&api, &in_region(100)).await), 4);
    assert_eq!(public(&coverage(&api, &in_region(200)).await), 4);
    assert_eq!(public(&coverage(&api, &in_region(201)).await), 5);
    assert_eq!(public(&coverage(&api, &in_region(300)).await), 5);
    let by_region = coverage(&api, &format!("group_by=region&{}", in_region(100))).await;
    assert_eq!(
        cells(&by_region),
        [row(json!("PE-CUS"), 6, 4, 66.7, 0, 0.0)]
    );

    // The second head moves into the sixth household, leaving their own empty: one household
    // fewer in scope, still four covered.
    let moved = &heads[1];
    let last_home = members
        .get(&format!("/v1/members/{}", heads[5]))
        .await
        .expect(200)["household_id"]
        .clone();
    members
        .patch(
            &format!("/v1/members/{moved}"),
            None,
            &json!({"household_id": last_home, "relationship_to_head": "spouse"}),
        )
        .await
        .expect(200);
    services.catch_up().await;
    let after_move = coverage(&api, &in_region(100)).await;
    assert_eq!(after_move["data"][0]["households"], 5);
    assert_eq!(public(&after_move), 4);

    // All of it answered from the kept coverage model, not from the enrolments' histories.
    let mut conn = services.protection.pool.get().unwrap();
    assert!(formaliza_social_protection::indicators::periods::is_built(&mut conn).unwrap());
}

formaliza_shared::backend_tests!(
    coffee_families_coverage_is_exact,
    a_backdated_transition_changes_earlier_answers
);
