//! Registration of members to sessions, with the members service really running (in-process,
//! port 0) for the reference check: unknown and hidden members, the members service down or
//! hanging, duplicates, cancelled sessions, and capacity under 50 concurrent registrations.

use std::time::{Duration, Instant};

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys, TestService};
use serde_json::{Value, json};

use super::common::{ALL_SCOPES, Programme, id_of, start};

fn token(partner: &str) -> String {
    TestKeys::trusted().token(&format!("ngo-{partner}"), ALL_SCOPES, Some(partner))
}

async fn member(members: &TestClient, given: &str, family: &str) -> String {
    id_of(
        members
            .post(
                "/v1/members",
                &json!({"given_names": given, "family_names": family, "country": "PE", "region": "PE-JUN"}),
            )
            .await
            .expect(201),
    )
}

async fn session(trainings: &TestClient, capacity: i64) -> String {
    let course = id_of(
        trainings
            .post(
                "/v1/courses",
                &json!({"title": "Cooperativismo", "topic": "cooperativism", "total_hours": 8, "certificate_hours": 6, "language": "es"}),
            )
            .await
            .expect(201),
    );
    id_of(
        trainings
            .post(
                "/v1/sessions",
                &json!({"course_id": course, "starts_at": "2026-03-14T14:00:00Z", "ends_at": "2026-03-14T18:00:00Z", "country": "PE", "capacity": capacity}),
            )
            .await
            .expect(201),
    )
}

async fn registrations_check_the_member_in_the_members_service(backend: Backend) {
    let Some(Programme { members, trainings }) = start(backend).await else {
        return;
    };
    let cedepas = token("cedepas");
    let people = members.client(Some(cedepas.clone()));
    let api = trainings.client(Some(cedepas.clone()));
    let maria = member(&people, "María Elena", "Quispe Mamani").await;
    let session = session(&api, 10).await;

    let created = api
        .post_once(
            "/v1/participations",
            "reg-1",
            &json!({"session_id": session, "member_id": maria}),
        )
        .await;
    let participation = created.expect(201).clone();
    let id = id_of(&participation);
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/participations/{id}").as_str())
    );
    assert_eq!(participation["attendance"], Value::Null);
    assert_eq!(participation["hours"], Value::Null);
    assert_eq!(participation["partner_id"], "cedepas");
    // Names never leave the members service through this one.
    assert!(
        !created.text.contains("Quispe") && !created.text.contains("M. E."),
        "{}",
        created.text
    );
    let replay = api
        .post_once(
            "/v1/participations",
            "reg-1",
            &json!({"session_id": session, "member_id": maria}),
        )
        .await;
    assert_eq!(replay.expect(201)["id"], id.as_str());
    assert_eq!(
        api.get(&format!("/v1/sessions/{session}"))
            .await
            .expect(200)["registered"],
        1
    );

    let duplicate = api
        .post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": maria}),
        )
        .await;
    assert_eq!(
        duplicate.problem(409)["context"]["existing_id"],
        id.as_str()
    );

    // Unknown member, malformed id, another partner's member: 422 on member_id.
    for unknown in ["0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001", "nope"] {
        let refused = api
            .post(
                "/v1/participations",
                &json!({"session_id": session, "member_id": unknown}),
            )
            .await;
        let problem = refused.problem(422);
        assert_eq!(problem["errors"][0]["field"], "member_id");
        assert_eq!(problem["errors"][0]["code"], "unknown_reference");
    }
    let stranger = member(&members.client(Some(token("aprodeh"))), "Juan", "Pari").await;
    let hidden = api
        .post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": stranger}),
        )
        .await;
    assert_eq!(hidden.problem(422)["errors"][0]["field"], "member_id");
    // Unknown session.
    let no_session = api
        .post(
            "/v1/participations",
            &json!({"session_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001", "member_id": maria}),
        )
        .await;
    assert_eq!(no_session.problem(422)["errors"][0]["field"], "session_id");
    api.post(
        "/v1/participations",
        &json!({"session_id": session, "member_id": maria, "partner_id": "x"}),
    )
    .await
    .problem(422);
    // A token that may not read members cannot register them.
    let trainings_only = trainings.client(Some(TestKeys::trusted().token(
        "ngo-cedepas",
        &[Scope::TrainingsWrite],
        Some("cedepas"),
    )));
    let ana = member(&people, "Ana", "Mamani").await;
    trainings_only
        .post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": ana}),
        )
        .await
        .problem(403);

    // Cancelled sessions take no registrations.
    api.patch(
        &format!("/v1/sessions/{session}"),
        None,
        &json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    api.post(
        "/v1/participations",
        &json!({"session_id": session, "member_id": ana}),
    )
    .await
    .problem(409);
    api.patch(
        &format!("/v1/sessions/{session}"),
        None,
        &json!({"status": "scheduled"}),
    )
    .await
    .expect(200);

    // Removing a registration frees its seat; the session cannot go while members remain.
    api.delete(&format!("/v1/sessions/{session}"), None)
        .await
        .problem(409);
    assert_eq!(
        api.delete(&format!("/v1/participations/{id}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        api.get(&format!("/v1/sessions/{session}"))
            .await
            .expect(200)["registered"],
        0
    );

    // The members service down: a fast 503, never a hang or a 500.
    members.stop().await;
    let started = Instant::now();
    let down = api
        .post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": ana}),
        )
        .await;
    down.problem(503);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        api.get(&format!("/v1/sessions/{session}"))
            .await
            .expect(200)["registered"],
        0
    );
}

async fn a_hanging_members_service_is_a_503_at_the_timeout(backend: Backend) {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let _hold = std::thread::spawn(move || {
        let _connections: Vec<_> = listener.incoming().take(4).collect();
    });
    let Some(trainings) = TestService::start_with(formaliza_trainings::spec(), backend, |config| {
        config.upstreams.members = Some(format!("http://{address}"));
        config.upstreams.timeout = Duration::from_millis(300);
    })
    .await
    else {
        return;
    };
    let api = trainings.client(Some(token("cedepas")));
    let session = session(&api, 5).await;
    let started = Instant::now();
    api.post(
        "/v1/participations",
        &json!({"session_id": session, "member_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001"}),
    )
    .await
    .problem(503);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
}

async fn fifty_concurrent_registrations_fill_twenty_seats(backend: Backend) {
    let Some(Programme { members, trainings }) = start(backend).await else {
        return;
    };
    let cedepas = token("cedepas");
    let people = members.client(Some(cedepas.clone()));
    let api = trainings.client(Some(cedepas));
    let mut ids = Vec::new();
    for i in 0..50 {
        ids.push(member(&people, &format!("Socio {i}"), "Huamán").await);
    }
    let session = session(&api, 20).await;

    let attempts = ids.iter().map(|member| {
        let api = api.clone();
        let body = json!({"session_id": session, "member_id": member});
        async move { api.post("/v1/participations", &body).await }
    });
    let responses = futures_util::future::join_all(attempts).await;
    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    statuses.sort_unstable();
    let created = statuses.iter().filter(|s| **s == 201).count();
    let full = statuses.iter().filter(|s| **s == 409).count();
    assert_eq!((created, full), (20, 30), "{statuses:?}");
    for refused in responses.iter().filter(|r| r.status == 409) {
        assert_eq!(refused.problem(409)["context"]["capacity"], 20);
    }
    assert_eq!(
        api.get(&format!("/v1/sessions/{session}"))
            .await
            .expect(200)["registered"],
        20
    );
    let listed = api
        .get(&format!(
            "/v1/participations?session_id={session}&limit=500"
        ))
        .await;
    assert_eq!(listed.expect(200)["data"].as_array().unwrap().len(), 20);
    // The capacity cannot drop below the registrations.
    let lower = api
        .patch(
            &format!("/v1/sessions/{session}"),
            None,
            &json!({"capacity": 19}),
        )
        .await;
    assert_eq!(lower.problem(409)["errors"][0]["field"], "capacity");
}

formaliza_shared::backend_tests!(
    registrations_check_the_member_in_the_members_service,
    a_hanging_members_service_is_a_503_at_the_timeout,
    fifty_concurrent_registrations_fill_twenty_seats
);
