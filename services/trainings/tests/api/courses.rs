//! Courses and sessions through HTTP, on SQLite and (when configured) PostgreSQL: the shared
//! resource conventions (ETags, merge patch, idempotency, feed, partner scoping, problems).

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys, TestService};
use serde_json::{Value, json};

const READ_WRITE: &[Scope] = &[Scope::TrainingsRead, Scope::TrainingsWrite];

fn partner(service: &TestService, partner_id: &str) -> TestClient {
    service.client(Some(TestKeys::trusted().token(
        &format!("ngo-{partner_id}"),
        READ_WRITE,
        Some(partner_id),
    )))
}

fn labour_rights() -> Value {
    json!({
        "title": "Derechos laborales para productores de café",
        "topic": "labor_rights",
        "sector": "coffee",
        "description": "Contratos, jornada y seguridad social.",
        "total_hours": 16,
        "certificate_hours": 12,
        "language": "es"
    })
}

fn workshop(course_id: &str) -> Value {
    json!({
        "course_id": course_id,
        "starts_at": "2026-03-14T14:00:00Z",
        "ends_at": "2026-03-14T18:00:00Z",
        "country": "PE",
        "region": "PE-JUN",
        "district": "Pichanaqui",
        "venue": "Local comunal de Alto Kimiriki",
        "facilitator": "Rosa Huamán",
        "capacity": 25
    })
}

fn id_of(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

async fn courses_follow_the_resource_conventions(backend: Backend) {
    let Some(service) = TestService::start(formaliza_trainings::spec(), backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");

    let created = api
        .post_once("/v1/courses", "course-1", &labour_rights())
        .await;
    let course = created.expect(201).clone();
    let id = id_of(&course);
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/courses/{id}").as_str())
    );
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(course["total_hours"], 16.0);
    assert_eq!(course["certificate_hours"], 12.0);
    assert_eq!(course["topic"], "labor_rights");
    assert_eq!(course["partner_id"], "cedepas");
    // A retry with the same key replays; another body with it is refused.
    let replay = api
        .post_once("/v1/courses", "course-1", &labour_rights())
        .await;
    assert_eq!(replay.expect(201)["id"], id.as_str());
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    let mut other = labour_rights();
    other["title"] = json!("Otro");
    api.post_once("/v1/courses", "course-1", &other)
        .await
        .problem(422);

    // Every field error at once; unknown fields refused.
    let bad = api
        .post(
            "/v1/courses",
            &json!({"title": "x", "topic": "labor_rights", "total_hours": 4, "certificate_hours": 6, "language": "Spanish"}),
        )
        .await;
    let fields: Vec<_> = bad.problem(422)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["title", "certificate_hours", "language"]);
    let mut unknown = labour_rights();
    unknown["price"] = json!(10);
    assert_eq!(
        api.post("/v1/courses", &unknown).await.problem(422)["errors"][0]["code"],
        "unknown_field"
    );
    let mut topic = labour_rights();
    topic["topic"] = json!("astrology");
    api.post("/v1/courses", &topic).await.problem(422);

    let patched = api
        .patch(
            &format!("/v1/courses/{id}"),
            Some("\"1\""),
            &json!({"certificate_hours": 10.5, "description": null}),
        )
        .await;
    let body = patched.expect(200);
    assert_eq!(body["certificate_hours"], 10.5);
    assert_eq!(body["description"], Value::Null);
    assert_eq!(patched.header("etag"), Some("\"2\""));
    let stale = api
        .patch(
            &format!("/v1/courses/{id}"),
            Some("\"1\""),
            &json!({"title": "Otro título"}),
        )
        .await;
    assert_eq!(stale.problem(412)["context"]["current_version"], 2);
    api.patch(
        &format!("/v1/courses/{id}"),
        None,
        &json!({"certificate_hours": 20}),
    )
    .await
    .problem(422);

    api.post("/v1/courses", &json!({"title": "Cooperativismo básico", "topic": "cooperativism", "total_hours": 8, "certificate_hours": 8, "language": "qu"}))
        .await
        .expect(201);
    let listed = api.get("/v1/courses?topic=cooperativism").await;
    let data = listed.expect(200)["data"].as_array().unwrap().clone();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["language"], "qu");
    let page = api.get("/v1/courses?limit=1").await;
    let cursor = page.expect(200)["next_cursor"].as_str().unwrap().to_owned();
    let next = api
        .get(&format!("/v1/courses?limit=1&cursor={cursor}"))
        .await;
    assert_eq!(next.expect(200)["data"][0]["topic"], "cooperativism");
    api.get("/v1/courses?topic=astrology").await.problem(400);
    api.get("/v1/courses?colour=red").await.problem(400);

    // Another partner sees nothing of it.
    let other = partner(&service, "aprodeh");
    other.get(&format!("/v1/courses/{id}")).await.problem(404);
    assert_eq!(
        other.get("/v1/courses").await.expect(200)["data"],
        json!([])
    );

    assert_eq!(
        api.delete(&format!("/v1/courses/{id}"), Some("\"2\""))
            .await
            .status,
        204
    );
    api.get(&format!("/v1/courses/{id}")).await.problem(404);

    let feed = api.get("/v1/feeds/trainings").await;
    let events: Vec<_> = feed.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["resource"].as_str().unwrap().to_owned(),
                e["op"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("course", "create"),
        ("course", "update"),
        ("course", "create"),
        ("course", "delete"),
    ];
    assert_eq!(events, expected.map(|(r, o)| (r.to_owned(), o.to_owned())));
}

async fn sessions_deliver_visible_courses(backend: Backend) {
    let Some(service) = TestService::start(formaliza_trainings::spec(), backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let course = id_of(api.post("/v1/courses", &labour_rights()).await.expect(201));

    let created = api.post("/v1/sessions", &workshop(&course)).await;
    let session = created.expect(201).clone();
    let id = id_of(&session);
    assert_eq!(session["hours"], 4.0);
    assert_eq!(session["status"], "scheduled");
    assert_eq!(session["open_to_outside_organisations"], false);
    assert_eq!(session["registered"], 0);
    assert_eq!(session["capacity"], 25);

    // Validation: every field at once; the course must exist and be the caller's.
    let mut bad = workshop("0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001");
    bad["ends_at"] = json!("2026-03-14T13:00:00Z");
    bad["region"] = json!("BO-L");
    bad["capacity"] = json!(0);
    let fields: Vec<_> = api.post("/v1/sessions", &bad).await.problem(422)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["ends_at", "region", "capacity"]);
    let unknown_course = api
        .post(
            "/v1/sessions",
            &workshop("0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001"),
        )
        .await;
    assert_eq!(
        unknown_course.problem(422)["errors"][0]["field"],
        "course_id"
    );
    let other = partner(&service, "aprodeh");
    assert_eq!(
        other
            .post("/v1/sessions", &workshop(&course))
            .await
            .problem(422)["errors"][0]["code"],
        "unknown_reference"
    );
    let mut timestamp = workshop(&course);
    timestamp["starts_at"] = json!("14/03/2026");
    api.post("/v1/sessions", &timestamp).await.problem(422);
    let mut too_many_hours = workshop(&course);
    too_many_hours["hours"] = json!(5);
    assert_eq!(
        api.post("/v1/sessions", &too_many_hours).await.problem(422)["errors"][0]["code"],
        "exceeds_duration"
    );

    let patched = api
        .patch(
            &format!("/v1/sessions/{id}"),
            Some("\"1\""),
            &json!({"status": "completed", "hours": 3.5, "open_to_outside_organisations": true}),
        )
        .await;
    let body = patched.expect(200);
    assert_eq!(body["status"], "completed");
    assert_eq!(body["hours"], 3.5);
    api.patch(
        &format!("/v1/sessions/{id}"),
        None,
        &json!({"status": "postponed"}),
    )
    .await
    .problem(422);
    api.patch(
        &format!("/v1/sessions/{id}"),
        None,
        &json!({"registered": 3}),
    )
    .await
    .problem(422);

    // Hours that were the whole session follow its times; explicit hours stay.
    let second_workshop = id_of(
        api.post("/v1/sessions", &workshop(&course))
            .await
            .expect(201),
    );
    let shorter = api
        .patch(
            &format!("/v1/sessions/{second_workshop}"),
            None,
            &json!({"ends_at": "2026-03-14T16:00:00Z"}),
        )
        .await;
    assert_eq!(shorter.expect(200)["hours"], 2.0);
    let shortened = api
        .patch(
            &format!("/v1/sessions/{id}"),
            None,
            &json!({"ends_at": "2026-03-14T17:30:00Z"}),
        )
        .await;
    assert_eq!(shortened.expect(200)["hours"], 3.5);
    api.patch(
        &format!("/v1/sessions/{id}"),
        None,
        &json!({"ends_at": "2026-03-14T17:00:00Z", "hours": 3.75}),
    )
    .await
    .problem(422);
    assert_eq!(
        api.delete(&format!("/v1/sessions/{second_workshop}"), None)
            .await
            .status,
        204
    );

    // Filters.
    let second = id_of(
        api.post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": "2026-05-02T09:00:00Z", "ends_at": "2026-05-02T12:00:00Z", "country": "BO", "region": "BO-L", "capacity": 10}),
        )
        .await
        .expect(201),
    );
    let in_bolivia = api.get("/v1/sessions?country=BO").await;
    assert_eq!(in_bolivia.expect(200)["data"][0]["id"], second.as_str());
    let march = api.get("/v1/sessions?from=2026-03-01&to=2026-03-31").await;
    let march = march.expect(200)["data"].as_array().unwrap().clone();
    assert_eq!(march.len(), 1);
    assert_eq!(march[0]["id"], id.as_str());
    let completed = api.get("/v1/sessions?status=completed").await;
    assert_eq!(completed.expect(200)["data"].as_array().unwrap().len(), 1);
    other.get(&format!("/v1/sessions/{id}")).await.problem(404);

    // A course with sessions cannot go; without, it can.
    api.delete(&format!("/v1/courses/{course}"), None)
        .await
        .problem(409);
    assert_eq!(
        api.delete(&format!("/v1/sessions/{id}"), None).await.status,
        204
    );
    assert_eq!(
        api.delete(&format!("/v1/sessions/{second}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        api.delete(&format!("/v1/courses/{course}"), None)
            .await
            .status,
        204
    );

    // Scopes: a read-only token cannot write; no token is 401.
    let reader = service.client(Some(TestKeys::trusted().token(
        "dashboard",
        &[Scope::TrainingsRead],
        None,
    )));
    reader
        .post("/v1/courses", &labour_rights())
        .await
        .problem(403);
    service.client(None).get("/v1/sessions").await.problem(401);
    let members_only = service.client(Some(TestKeys::trusted().token(
        "x",
        &[Scope::MembersRead],
        None,
    )));
    members_only.get("/v1/courses").await.problem(403);
}

async fn programme_courses_are_a_catalogue_for_every_partner(backend: Backend) {
    let Some(service) = TestService::start(formaliza_trainings::spec(), backend).await else {
        return;
    };
    let programme = service.client(Some(TestKeys::trusted().token(
        "programme",
        READ_WRITE,
        None,
    )));
    let course = id_of(
        programme
            .post("/v1/courses", &labour_rights())
            .await
            .expect(201),
    );
    assert_eq!(
        programme
            .get(&format!("/v1/courses/{course}"))
            .await
            .expect(200)["partner_id"],
        Value::Null
    );

    // A partner reads it, lists it beside its own, and schedules sessions of it…
    let api = partner(&service, "cedepas");
    api.get(&format!("/v1/courses/{course}")).await.expect(200);
    let own = id_of(api.post("/v1/courses", &labour_rights()).await.expect(201));
    let listed: Vec<_> = api.get("/v1/courses").await.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(listed, [course.clone(), own.clone()]);
    let session = api.post("/v1/sessions", &workshop(&course)).await;
    assert_eq!(session.expect(201)["partner_id"], "cedepas");
    // …but cannot change it; another partner's course stays invisible.
    api.patch(
        &format!("/v1/courses/{course}"),
        None,
        &json!({"title": "Mío"}),
    )
    .await
    .problem(403);
    api.delete(&format!("/v1/courses/{course}"), None)
        .await
        .problem(403);
    let other = partner(&service, "aprodeh");
    other.get(&format!("/v1/courses/{own}")).await.problem(404);
    assert_eq!(
        other
            .post("/v1/sessions", &workshop(&own))
            .await
            .problem(422)["errors"][0]["field"],
        "course_id"
    );
}

formaliza_shared::backend_tests!(
    programme_courses_are_a_catalogue_for_every_partner,
    courses_follow_the_resource_conventions,
    sessions_deliver_visible_courses
);
