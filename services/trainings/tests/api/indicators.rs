//! Training indicators against a small fixture counted by hand, with member attributes taken
//! from the read model fed by the members service's change feed (the members service really
//! running, in-process).
//!
//! The fixture (all in 2026):
//!
//! | member | sex    | born       | organisation        |
//! |--------|--------|------------|---------------------|
//! | A      | female | 2000-06-01 | O1 (in programme)   |
//! | B      | male   | 1980-01-01 | O2 (outside)        |
//! | C      | female | 1996-03-20 | O2 (outside)        |
//! | D      | —      | —          | —                   |
//! | E      | female | 2005-01-01 | O3 (outside)        |
//! | F      | male   | 2008-05-05 | O1 (in programme)   |
//!
//! Course K1 (labor_rights, certificate at 4 h), K2 (cooperativism, certificate at 4 h).
//! S1 K1 2026-03-14 PE-JUN 3 h: A attended, B attended 2 h, E absent.
//! S2 K1 2026-04-20 PE-JUN 3 h: A, B, C, D attended (A reaches 6 h, B 5 h: certificates).
//! S3 K2 2026-03-20 BO-L 4 h: F attended (certificate).
//! S4 K2 2026-03-25 PE-CUS 4 h: A attended, then the session was cancelled (not counted).
//! S5 K1 2026-05-10 PE-JUN: A registered, no attendance (not held).
//! C is 29 until 2026-03-20, so 30 at S2: not youth.

use std::time::{Duration, Instant};

use formaliza_shared::Scope;
use formaliza_shared::consumer::StaticToken;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{self, TestClient, TestDatabase, TestKeys, TestService};
use serde_json::{Value, json};

use super::common::{ALL_SCOPES, Programme, id_of};

fn feed_token() -> String {
    TestKeys::trusted().token("trainings-service", &[Scope::MembersRead], None)
}

async fn organisation(people: &TestClient, name: &str, in_programme: bool) -> String {
    id_of(
        people
            .post(
                "/v1/organisations",
                &json!({"name": name, "kind": "cooperative", "legal_status": "registered", "in_programme": in_programme, "country": "PE"}),
            )
            .await
            .expect(201),
    )
}

async fn member(
    people: &TestClient,
    name: &str,
    sex: Option<&str>,
    born: Option<&str>,
    organisation: Option<&str>,
) -> String {
    let id = id_of(
        people
            .post(
                "/v1/members",
                &json!({"given_names": name, "family_names": "Fixture", "sex": sex, "birth_date": born, "country": "PE"}),
            )
            .await
            .expect(201),
    );
    if let Some(organisation) = organisation {
        people
            .post(
                "/v1/memberships",
                &json!({"member_id": id, "organisation_id": organisation, "role": "member"}),
            )
            .await
            .expect(201);
    }
    id
}

async fn course(api: &TestClient, topic: &str) -> String {
    id_of(
        api.post(
            "/v1/courses",
            &json!({"title": format!("Curso {topic}"), "topic": topic, "total_hours": 6, "certificate_hours": 4, "language": "es"}),
        )
        .await
        .expect(201),
    )
}

async fn session(api: &TestClient, course: &str, day: &str, hours: u32, region: &str) -> String {
    id_of(
        api.post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": format!("{day}T09:00:00Z"), "ends_at": format!("{day}T{:02}:00:00Z", 9 + hours),
                    "country": &region[..2], "region": region, "capacity": 30}),
        )
        .await
        .expect(201),
    )
}

async fn sheet(api: &TestClient, session: &str, members: &[&str], lines: Value) {
    for member in members {
        api.post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": member}),
        )
        .await
        .expect(201);
    }
    if lines != json!([]) {
        api.post(
            &format!("/v1/sessions/{session}/attendance"),
            &json!({"records": lines}),
        )
        .await
        .expect(200);
    }
}

struct Fixture {
    members: TestService,
    trainings: TestService,
    o2: String,
}

async fn fixture(backend: Backend) -> Option<Fixture> {
    let Programme { members, trainings } = super::common::start(backend).await?;
    let token = TestKeys::trusted().token("ministry", ALL_SCOPES, None);
    let people = members.client(Some(token.clone()));
    let api = trainings.client(Some(token));

    let o1 = organisation(&people, "Cooperativa Valle del Perené", true).await;
    let o2 = organisation(&people, "Cooperativa invitada", false).await;
    let o3 = organisation(&people, "Asociación invitada", false).await;
    let a = member(&people, "A", Some("female"), Some("2000-06-01"), Some(&o1)).await;
    let b = member(&people, "B", Some("male"), Some("1980-01-01"), Some(&o2)).await;
    let c = member(&people, "C", Some("female"), Some("1996-03-20"), Some(&o2)).await;
    let d = member(&people, "D", None, None, None).await;
    let e = member(&people, "E", Some("female"), Some("2005-01-01"), Some(&o3)).await;
    let f = member(&people, "F", Some("male"), Some("2008-05-05"), Some(&o1)).await;

    let k1 = course(&api, "labor_rights").await;
    let k2 = course(&api, "cooperativism").await;
    let s1 = session(&api, &k1, "2026-03-14", 3, "PE-JUN").await;
    let s2 = session(&api, &k1, "2026-04-20", 3, "PE-JUN").await;
    let s3 = session(&api, &k2, "2026-03-20", 4, "BO-L").await;
    let s4 = session(&api, &k2, "2026-03-25", 4, "PE-CUS").await;
    let s5 = session(&api, &k1, "2026-05-10", 3, "PE-JUN").await;
    sheet(
        &api,
        &s1,
        &[&a, &b, &e],
        json!([
            {"member_id": a, "attendance": "attended"},
            {"member_id": b, "attendance": "attended", "hours": 2},
            {"member_id": e, "attendance": "absent"}
        ]),
    )
    .await;
    sheet(
        &api,
        &s2,
        &[&a, &b, &c, &d],
        json!([
            {"member_id": a, "attendance": "attended"},
            {"member_id": b, "attendance": "attended"},
            {"member_id": c, "attendance": "attended"},
            {"member_id": d, "attendance": "attended"}
        ]),
    )
    .await;
    sheet(
        &api,
        &s3,
        &[&f],
        json!([{"member_id": f, "attendance": "attended"}]),
    )
    .await;
    sheet(
        &api,
        &s4,
        &[&a],
        json!([{"member_id": a, "attendance": "attended"}]),
    )
    .await;
    api.patch(
        &format!("/v1/sessions/{s4}"),
        None,
        &json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    sheet(&api, &s5, &[&a], json!([])).await;

    // Feed the read model.
    let consumer = formaliza_trainings::read_model::consumer(
        trainings.pool.clone(),
        &members.base_url,
        StaticToken(feed_token()),
    );
    assert!(consumer.catch_up().await.unwrap() > 0);
    Some(Fixture {
        members,
        trainings,
        o2,
    })
}

fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

async fn indicators_match_the_hand_counted_fixture(backend: Backend) {
    let Some(Fixture {
        members,
        trainings,
        o2,
    }) = fixture(backend).await
    else {
        return;
    };
    let analyst = trainings.client(Some(TestKeys::trusted().token(
        "analyst",
        &[Scope::TrainingsRead],
        None,
    )));
    let get = |query: String| {
        let analyst = analyst.clone();
        async move {
            analyst
                .get(&format!("/v1/indicators/training?{query}"))
                .await
                .expect(200)
                .clone()
        }
    };

    let all = get(format!("from=2026-01-01&to={}", today())).await;
    assert_eq!(all["sessions_held"], 3);
    assert_eq!(all["hours_delivered"], 10.0);
    assert_eq!(all["participant_hours"], 21.0);
    assert_eq!(all["participants"], 5);
    assert_eq!(
        all["participants_by_sex"],
        json!({"female": 2, "male": 2, "unknown": 1})
    );
    assert_eq!(
        all["participants_by_age"],
        json!({"youth": 2, "not_youth": 2, "unknown": 1})
    );
    assert_eq!(all["completion_rate"], 0.6);
    assert_eq!(all["certificates_issued"], 3);
    assert_eq!(all["outside_organisations"], 1);
    assert_eq!(all["suppressed"], false);
    assert!(all["read_model"]["last_seq"].as_i64().unwrap() > 0);
    assert!(all["read_model"]["updated_at"].is_string());
    // Aggregates only: no member id, name or birth date anywhere.
    let text = all.to_string();
    for leak in ["Fixture", "2000-06-01", "given_names", "member_id"] {
        assert!(!text.contains(leak), "{leak} in {text}");
    }

    let peru = get("country=PE".into()).await;
    assert_eq!(peru["sessions_held"], 2);
    assert_eq!(peru["hours_delivered"], 6.0);
    assert_eq!(peru["participant_hours"], 17.0);
    assert_eq!(peru["participants"], 4);
    assert_eq!(
        peru["participants_by_sex"],
        json!({"female": 2, "male": 1, "unknown": 1})
    );
    assert_eq!(
        peru["participants_by_age"],
        json!({"youth": 1, "not_youth": 2, "unknown": 1})
    );
    assert_eq!(peru["completion_rate"], 0.5);
    assert_eq!(peru["certificates_issued"], 2);

    let cooperativism = get("topic=cooperativism".into()).await;
    assert_eq!(cooperativism["sessions_held"], 1);
    assert_eq!(cooperativism["hours_delivered"], 4.0);
    assert_eq!(cooperativism["participants"], 1);
    assert_eq!(cooperativism["outside_organisations"], 0);

    let outside = get(format!("organisation_id={o2}")).await;
    assert_eq!(outside["sessions_held"], 2);
    // The id in another case is the same organisation (it used to match nothing).
    let shouted = get(format!("organisation_id={}", o2.to_uppercase())).await;
    assert_eq!(shouted["sessions_held"], 2);
    assert_eq!(shouted["scope"]["organisation_id"], o2.as_str());
    assert_eq!(outside["participant_hours"], 8.0);
    assert_eq!(outside["participants"], 2);
    assert_eq!(
        outside["participants_by_sex"],
        json!({"female": 1, "male": 1, "unknown": 0})
    );
    assert_eq!(
        outside["participants_by_age"],
        json!({"youth": 0, "not_youth": 2, "unknown": 0})
    );
    assert_eq!(outside["completion_rate"], 0.5);
    assert_eq!(outside["outside_organisations"], 1);

    // March: S1 and S3 (S4 was cancelled); the certificates were issued today, not in March.
    let march = get("from=2026-03-01&to=2026-03-31".into()).await;
    assert_eq!(march["sessions_held"], 2);
    assert_eq!(march["hours_delivered"], 7.0);
    assert_eq!(march["participants"], 3);
    assert_eq!(
        march["participants_by_age"],
        json!({"youth": 2, "not_youth": 1, "unknown": 0})
    );
    assert_eq!(march["completion_rate"], 1.0);
    assert_eq!(march["scope"]["from"], "2026-03-01");
    let region = get("region=PE-JUN&from=2026-04-01".into()).await;
    assert_eq!(region["sessions_held"], 1);
    assert_eq!(region["participants"], 4);

    let empty = get("from=2030-01-01".into()).await;
    assert_eq!(empty["sessions_held"], 0);
    assert_eq!(empty["participants"], 0);
    assert_eq!(empty["completion_rate"], Value::Null);

    // indicators:read alone: small cells withheld.
    let dashboard = trainings.client(Some(TestKeys::trusted().token(
        "dashboard",
        &[Scope::IndicatorsRead],
        None,
    )));
    let public = dashboard.get("/v1/indicators/training").await;
    let body = public.expect(200);
    assert_eq!(body["participants"], 5);
    assert_eq!(body["participants_by_sex"]["female"], Value::Null);
    assert_eq!(body["outside_organisations"], Value::Null);
    assert_eq!(body["sessions_held"], 3);
    assert_eq!(body["suppressed"], true);
    // A partner counts its own sessions only (none here).
    let partner = trainings.client(Some(TestKeys::trusted().token(
        "ngo",
        &[Scope::TrainingsRead],
        Some("aprodeh"),
    )));
    assert_eq!(
        partner.get("/v1/indicators/training").await.expect(200)["sessions_held"],
        0
    );

    // Bad parameters and scopes.
    for bad in [
        "from=2026-13-01",
        "country=peru",
        "region=PE-XXX",
        "topic=astrology",
        "organisation_id=x",
        // Empty is not "no filter" (it used to filter everything out): found by schemathesis.
        "organisation_id=",
        "from=2026-05-01&to=2026-04-01",
        "colour=red",
    ] {
        analyst
            .get(&format!("/v1/indicators/training?{bad}"))
            .await
            .problem(400);
    }
    let members_only = trainings.client(Some(TestKeys::trusted().token(
        "x",
        &[Scope::MembersRead],
        None,
    )));
    members_only
        .get("/v1/indicators/training")
        .await
        .problem(403);
    trainings
        .client(None)
        .get("/v1/indicators/training")
        .await
        .problem(401);

    // The read model follows the members service: D gets a sex, B is deleted.
    let ministry = members.client(Some(
        TestKeys::trusted().token("ministry", ALL_SCOPES, None),
    ));
    let d = ministry.get("/v1/members?q=D").await.expect(200)["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ministry
        .patch(&format!("/v1/members/{d}"), None, &json!({"sex": "male"}))
        .await
        .expect(200);
    let b = ministry.get("/v1/members?q=B").await.expect(200)["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        ministry
            .delete(&format!("/v1/members/{b}"), None)
            .await
            .status,
        204
    );
    let consumer = formaliza_trainings::read_model::consumer(
        trainings.pool.clone(),
        &members.base_url,
        StaticToken(feed_token()),
    );
    consumer.catch_up().await.unwrap();
    let after = get(format!("from=2026-01-01&to={}", today())).await;
    assert_eq!(
        after["participants_by_sex"],
        json!({"female": 2, "male": 2, "unknown": 1})
    );
    assert_eq!(
        after["participants_by_age"],
        json!({"youth": 2, "not_youth": 1, "unknown": 2})
    );
    assert_eq!(after["outside_organisations"], 1);
    assert!(
        after["read_model"]["last_seq"].as_i64().unwrap()
            > all["read_model"]["last_seq"].as_i64().unwrap()
    );
}

/// `build` starts the consumer by itself when the members service and a feed token are configured.
async fn build_feeds_the_read_model_in_the_background(backend: Backend) {
    let Some(members) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let Some(database) = TestDatabase::create(backend) else {
        return;
    };
    let mut config = testing::service_config(&database);
    config.upstreams.members = Some(members.base_url.clone());
    let running = formaliza_trainings::build_with(
        config,
        Some(Box::new(StaticToken(feed_token()))),
        formaliza_shared::consumer::POLL_INTERVAL,
    )
    .unwrap();
    let port = running.port;
    actix_rt::spawn(running.server);
    let people = members.client(Some(
        TestKeys::trusted().token("ministry", ALL_SCOPES, None),
    ));
    member(&people, "A", Some("female"), Some("2000-06-01"), None).await;

    let api = TestClient::new(
        &format!("http://127.0.0.1:{port}"),
        Some(TestKeys::trusted().token("analyst", &[Scope::TrainingsRead], None)),
    );
    let started = Instant::now();
    loop {
        let seen = api.get("/v1/indicators/training").await.expect(200)["read_model"]["last_seq"]
            .as_i64()
            .unwrap();
        if seen >= 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the read model was never fed"
        );
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    running.handle.stop(true).await;
}

formaliza_shared::backend_tests!(
    indicators_match_the_hand_counted_fixture,
    build_feeds_the_read_model_in_the_background
);
