//! Enrolments: reference checks in the members service, and the whole status lifecycle — every
//! legal and every illegal transition.

use formaliza_shared::db::Backend;
use serde_json::{Value, json};

use crate::common::{self, enrol, household, id, member, scheme, transition};

const STATUSES: [&str; 5] = ["applied", "active", "suspended", "ended", "rejected"];

fn allowed(from: &str) -> Vec<&'static str> {
    match from {
        "applied" => vec!["active", "rejected"],
        "active" => vec!["suspended", "ended"],
        "suspended" => vec!["active", "ended"],
        _ => vec![],
    }
}

fn fields(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

async fn references_are_checked(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.partner("cedepas");
    let (other_members, _) = services.partner("aprodeh");
    let sis = scheme(&api, "public_service", "person").await;
    let mutual = scheme(&api, "insurance", "household").await;
    let home = household(&members, "PE-JUN").await;
    let rosa = member(&members, json!({"household_id": home, "sector": "coffee"})).await;
    let strangers_member = member(&other_members, json!({})).await;

    let created = api
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": sis, "member_id": rosa, "affiliation_number": "SIS-4471",
                    "verified_by": "Promotora Rosa", "verified_at": "2026-01-10T15:00:00Z"}),
        )
        .await;
    let enrollment = created.expect(201).clone();
    assert_eq!(enrollment["status"], "applied");
    assert_eq!(
        enrollment["status_since"],
        chrono::Utc::now().date_naive().to_string()
    );
    assert_eq!(enrollment["verified_at"], "2026-01-10T15:00:00Z");
    assert_eq!(enrollment["partner_id"], "cedepas");
    let household_enrollment = enrol(
        &api,
        &mutual,
        json!({"household_id": home}),
        "active",
        "2025-03-01",
    )
    .await;
    let fetched = api
        .get(&format!("/v1/enrollments/{household_enrollment}"))
        .await;
    assert_eq!(
        (
            fetched.expect(200)["status"].clone(),
            fetched.json["status_since"].clone()
        ),
        (json!("active"), json!("2025-03-01"))
    );

    let unknown = uuid::Uuid::now_v7().to_string();
    let cases = [
        (
            json!({"scheme_id": sis, "member_id": unknown}),
            pair("member_id", "unknown_reference"),
        ),
        (
            json!({"scheme_id": sis, "member_id": strangers_member}),
            pair("member_id", "unknown_reference"),
        ),
        (
            json!({"scheme_id": mutual, "household_id": unknown}),
            pair("household_id", "unknown_reference"),
        ),
        (
            json!({"scheme_id": unknown, "member_id": rosa}),
            pair("scheme_id", "unknown_reference"),
        ),
        (
            json!({"scheme_id": "SIS", "member_id": rosa}),
            pair("scheme_id", "unknown_reference"),
        ),
        (
            json!({"scheme_id": mutual, "member_id": rosa}),
            pair("member_id", "wrong_coverage_unit"),
        ),
        (
            json!({"scheme_id": sis, "household_id": home}),
            pair("household_id", "wrong_coverage_unit"),
        ),
        (
            json!({"scheme_id": sis, "member_id": rosa, "household_id": home}),
            pair("member_id", "one_of"),
        ),
        (json!({"scheme_id": sis}), pair("member_id", "one_of")),
        (
            json!({"scheme_id": sis, "member_id": rosa, "status": "suspended"}),
            pair("status", "invalid_initial_status"),
        ),
        (
            json!({"scheme_id": sis, "member_id": rosa, "effective_on": "2999-01-01"}),
            pair("effective_on", "in_future"),
        ),
        (
            json!({"scheme_id": sis, "member_id": rosa, "colour": "red"}),
            pair("colour", "unknown_field"),
        ),
    ];
    for (body, expected) in cases {
        let response = api.post("/v1/enrollments", &body).await;
        let problem = response.problem(422);
        assert_eq!(fields(problem)[0].0, expected.0, "{body}: {problem}");
        if expected.1 != "unknown_field" {
            assert_eq!(fields(problem)[0], expected, "{body}");
        }
    }

    // A closed scheme takes no new enrolments; a scheme with enrolments cannot be deleted.
    api.patch(
        &format!("/v1/schemes/{sis}"),
        None,
        &json!({"active": false}),
    )
    .await
    .expect(200);
    let closed = api
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": sis, "member_id": rosa}),
        )
        .await;
    assert_eq!(
        fields(closed.problem(422)),
        [pair("scheme_id", "scheme_closed")]
    );
    api.delete(&format!("/v1/schemes/{sis}"), None)
        .await
        .problem(409);
    api.patch(
        &format!("/v1/schemes/{mutual}"),
        None,
        &json!({"coverage_unit": "person"}),
    )
    .await
    .problem(409);

    // Another partner neither sees nor changes the enrolment.
    let (_, stranger) = services.partner("aprodeh");
    let enrollment_id = id(&enrollment);
    stranger
        .get(&format!("/v1/enrollments/{enrollment_id}"))
        .await
        .problem(404);
    stranger
        .post(
            &format!("/v1/enrollments/{enrollment_id}/transitions"),
            &json!({"status": "active"}),
        )
        .await
        .problem(404);
    let listed = api.get(&format!("/v1/enrollments?member_id={rosa}")).await;
    assert_eq!(listed.expect(200)["data"][0]["id"], enrollment["id"]);
    assert_eq!(
        api.get("/v1/enrollments?status=active&country=PE")
            .await
            .expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // The enrolments are in the feed.
    let feed = api.get("/v1/feeds/social-protection?after=0").await;
    let enrollment_events = feed.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["resource"] == "enrollment")
        .count();
    assert_eq!(enrollment_events, 2);
}

async fn members_service_down_is_a_503(backend: Backend) {
    // Nothing listens on port 9 of the loopback.
    let Some(services) =
        common::start_pointing_at(backend, Some("http://127.0.0.1:9".into())).await
    else {
        return;
    };
    let (_, api) = services.programme();
    let sis = scheme(&api, "public_service", "person").await;
    let member_id = uuid::Uuid::now_v7().to_string();
    api.post(
        "/v1/enrollments",
        &json!({"scheme_id": sis, "member_id": member_id}),
    )
    .await
    .problem(503);
    // What can be refused without the members service is refused first.
    let unknown_scheme = api
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": member_id, "member_id": member_id}),
        )
        .await;
    assert_eq!(
        fields(unknown_scheme.problem(422)),
        [pair("scheme_id", "unknown_reference")]
    );
    assert_eq!(
        api.get("/v1/enrollments").await.expect(200)["data"],
        json!([])
    );
}

/// Creates an enrolment and walks it to `status` by legal moves, dated from 2025-01-10 on.
async fn enrolment_in(
    api: &formaliza_shared::testing::TestClient,
    scheme: &str,
    member: &str,
    status: &str,
) -> String {
    let id = enrol(
        api,
        scheme,
        json!({"member_id": member}),
        "applied",
        "2025-01-10",
    )
    .await;
    let path: &[&str] = match status {
        "applied" => &[],
        "active" => &["active"],
        "suspended" => &["active", "suspended"],
        "ended" => &["active", "ended"],
        "rejected" => &["rejected"],
        _ => unreachable!(),
    };
    for (i, step) in path.iter().enumerate() {
        let date = format!("2025-0{}-10", i + 2);
        assert_eq!(transition(api, &id, step, &date).await["status"], *step);
    }
    id
}

async fn every_transition_legal_and_illegal(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.programme();
    let sis = scheme(&api, "public_service", "person").await;
    let rosa = member(&members, json!({})).await;
    for from in STATUSES {
        for to in STATUSES {
            let enrollment = enrolment_in(&api, &sis, &rosa, from).await;
            let before = api.get(&format!("/v1/enrollments/{enrollment}")).await;
            let version = before.expect(200)["version"].as_i64().unwrap();
            let response = api
                .post(
                    &format!("/v1/enrollments/{enrollment}/transitions"),
                    &json!({"status": to, "effective_on": "2025-06-01", "reason": "visita de campo"}),
                )
                .await;
            if allowed(from).contains(&to) {
                let body = response.expect(200);
                assert_eq!(body["status"], to, "{from} -> {to}");
                assert_eq!(body["status_since"], "2025-06-01");
                assert_eq!(body["version"], version + 1);
                assert_eq!(
                    response.header("etag").unwrap(),
                    format!("\"{}\"", version + 1)
                );
            } else {
                let problem = response.problem(409);
                assert_eq!(problem["context"]["current_status"], from, "{from} -> {to}");
                assert_eq!(
                    problem["context"]["allowed"],
                    json!(allowed(from)),
                    "{from} -> {to}"
                );
                let after = api.get(&format!("/v1/enrollments/{enrollment}")).await;
                assert_eq!(after.expect(200)["version"], version, "nothing written");
            }
            // Rosa may hold one live enrolment in SIS at a time: clear this one for the next.
            api.delete(&format!("/v1/enrollments/{enrollment}"), None)
                .await
                .expect(204);
        }
    }
}

async fn transitions_are_dated_and_kept(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.programme();
    let sis = scheme(&api, "public_service", "person").await;
    let rosa = member(&members, json!({})).await;
    let enrollment = enrol(
        &api,
        &sis,
        json!({"member_id": rosa}),
        "applied",
        "2025-01-10",
    )
    .await;
    let path = format!("/v1/enrollments/{enrollment}/transitions");

    // A future date is refused; so is a date before the current status.
    let future = api
        .post(
            &path,
            &json!({"status": "active", "effective_on": "2999-12-31"}),
        )
        .await;
    assert_eq!(
        fields(future.problem(422)),
        [pair("effective_on", "in_future")]
    );
    let too_early = api
        .post(
            &path,
            &json!({"status": "active", "effective_on": "2025-01-09"}),
        )
        .await;
    assert_eq!(
        fields(too_early.problem(422)),
        [pair("effective_on", "before_current_status")]
    );
    api.post(&path, &json!({"status": "activated"}))
        .await
        .problem(422);

    // If-Match guards the status moved from; Idempotency-Key replays.
    let stale = api
        .request(actix_web::http::Method::POST, &path)
        .insert_header(("If-Match", "\"7\""));
    api.send(
        stale,
        Some(("application/json", br#"{"status":"active"}"#.to_vec())),
    )
    .await
    .problem(412);
    let body =
        json!({"status": "active", "effective_on": "2025-02-01", "verified_by": "Promotor Juan"});
    let first = api.post_once(&path, "activate-1", &body).await;
    assert_eq!(first.expect(200)["status"], "active");
    assert_eq!(first.json["verified_by"], "Promotor Juan");
    let replay = api.post_once(&path, "activate-1", &body).await;
    assert_eq!(replay.expect(200), first.expect(200));
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    // Today, by default.
    let suspended = api.post(&path, &json!({"status": "suspended"})).await;
    assert_eq!(
        suspended.expect(200)["status_since"],
        chrono::Utc::now().date_naive().to_string()
    );

    let history = api.get(&path).await;
    let steps: Vec<(Value, Value, Value)> = history.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["seq"].clone(),
                t["from_status"].clone(),
                t["to_status"].clone(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (json!(1), json!(null), json!("applied")),
            (json!(2), json!("applied"), json!("active")),
            (json!(3), json!("active"), json!("suspended")),
        ]
    );
    assert_eq!(history.json["data"][1]["effective_on"], "2025-02-01");
    assert_eq!(history.json["data"][1]["recorded_by"], "programme");

    // PATCH changes the evidence, never the status or who is enrolled.
    let item = format!("/v1/enrollments/{enrollment}");
    let patched = api
        .patch(&item, None, &json!({"affiliation_number": "SIS-99"}))
        .await;
    assert_eq!(patched.expect(200)["affiliation_number"], "SIS-99");
    assert_eq!(patched.json["status"], "suspended");
    let status = api.patch(&item, None, &json!({"status": "active"})).await;
    assert_eq!(status.problem(422)["errors"][0]["field"], "status");
    let other = member(&members, json!({})).await;
    let moved = api.patch(&item, None, &json!({"member_id": other})).await;
    assert_eq!(fields(moved.problem(422)), [pair("member_id", "immutable")]);

    api.delete(&item, None).await.expect(204);
    api.get(&item).await.problem(404);
    api.get(&path).await.problem(404);
}

formaliza_shared::backend_tests!(
    references_are_checked,
    members_service_down_is_a_503,
    every_transition_legal_and_illegal,
    transitions_are_dated_and_kept,
);
