//! What a partner's integration meets in its first week, end to end through the gateway: real
//! reference data, identity keys that neither merge two people nor split one, one live
//! enrolment per person and scheme (even under concurrent requests), and retries that get the
//! first answer whatever happened since.

use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id};
use serde_json::{Value, json};

/// The field errors of a 422, as `(field, code)` pairs.
fn field_errors(problem: &Value) -> Vec<(String, String)> {
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

fn member(given: &str, national_id: Value) -> Value {
    json!({"given_names": given, "family_names": "Mamani Quispe", "sex": "female",
           "national_id": national_id, "sector": "coffee", "country": "BO", "region": "BO-L"})
}

async fn countries_and_regions_are_iso_3166(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let programme = system
        .client(
            "Programme office",
            "protection:read protection:write trainings:read trainings:write indicators:read",
            None,
        )
        .await;
    for (country, region, field, code) in [
        ("QQ", None, "country", "unknown_country"),
        ("XX", None, "country", "unknown_country"),
        ("pe", None, "country", "invalid_format"),
        ("PE", Some("PE-XXX"), "region", "unknown_region"),
        ("PE", Some("QQ-ABC"), "region", "unknown_region"),
        ("PE", Some("BO-L"), "region", "region_country_mismatch"),
    ] {
        let household = ngo
            .post(
                "/v1/households",
                &json!({"name": "Familia", "country": country, "region": region}),
            )
            .await;
        let problem = household.problem(422);
        assert!(
            field_errors(problem).contains(&(field.to_owned(), code.to_owned())),
            "household in {country}/{region:?}: {problem}"
        );
        let person = ngo
            .post(
                "/v1/members",
                &json!({"given_names": "Ana", "family_names": "Rojas", "country": country, "region": region}),
            )
            .await;
        assert!(
            field_errors(person.problem(422)).contains(&(field.to_owned(), code.to_owned())),
            "member in {country}/{region:?}"
        );
    }
    let organisation = ngo
        .post(
            "/v1/organisations",
            &json!({"name": "Cooperativa", "kind": "cooperative", "legal_status": "informal", "country": "ZZ"}),
        )
        .await;
    assert!(
        field_errors(organisation.problem(422))
            .contains(&("country".into(), "unknown_country".into()))
    );
    let scheme = programme
        .post(
            "/v1/schemes",
            &json!({"name": "Seguro", "country": "QQ", "kind": "insurance", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await;
    assert!(
        field_errors(scheme.problem(422)).contains(&("country".into(), "unknown_country".into()))
    );
    // A query parameter is a 400, as every bad parameter is.
    let indicator = programme.get("/v1/indicators/coverage?country=QQ").await;
    assert!(
        field_errors(indicator.problem(400))
            .contains(&("country".into(), "unknown_country".into()))
    );
    // Real codes of any country pass: a Colombian partner's household, a Lima one.
    for (country, region) in [("CO", "CO-ANT"), ("PE", "PE-LMA"), ("BO", "BO-N")] {
        ngo.post(
            "/v1/households",
            &json!({"name": "Familia", "country": country, "region": region}),
        )
        .await
        .expect(201);
    }
    system.stop().await;
}

async fn identity_keys_neither_merge_nor_split_people(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CIPCA Bolivia", PARTNER_SCOPES, Some("cipca"))
        .await;
    // Two Bolivians with CI 5550001: SEGIP gave the second the complement 1B.
    let first = id(ngo
        .post(
            "/v1/members",
            &member(
                "Juana",
                json!({"type": "bo_ci", "number": "5550001", "issued_in": "LP"}),
            ),
        )
        .await
        .expect(201));
    let second = ngo
        .post(
            "/v1/members",
            &member(
                "Julia",
                json!({"type": "bo_ci", "number": "5550001-1B", "issued_in": "LP"}),
            ),
        )
        .await;
    let second = id(second.expect(201));
    assert_ne!(first, second);
    // Either of them twice is one person: 409, pointing at the one registered.
    for (national_id, existing) in [
        (json!({"type": "bo_ci", "number": "5550001"}), &first),
        (
            json!({"type": "bo_ci", "number": "5550001", "complement": "1b"}),
            &second,
        ),
    ] {
        let again = ngo.post("/v1/members", &member("Otra", national_id)).await;
        assert_eq!(
            again.problem(409)["context"]["existing_id"],
            existing.as_str()
        );
    }
    // A carné de extranjería is one card however its leading zeros are written.
    ngo.post(
        "/v1/members",
        &member("Carla", json!({"type": "pe_ce", "number": "1234567"})),
    )
    .await
    .expect(201);
    let padded = ngo
        .post(
            "/v1/members",
            &member("Carla", json!({"type": "pe_ce", "number": "000001234567"})),
        )
        .await;
    padded.problem(409);

    // An import upserts on the same key: each row updates its own person, neither overwrites
    // the other, and a third number creates a third person.
    let csv = "given_names,family_names,sex,id_type,id_number,id_complement,country,region,sector\n\
               Juana Rosa,Mamani Quispe,female,bo_ci,5550001,,BO,BO-L,coffee\n\
               Julia Ines,Mamani Quispe,female,bo_ci,5550001,1B,BO,BO-L,coffee\n\
               Jimena,Mamani Quispe,female,bo_ci,5550001,2C,BO,BO-L,coffee\n";
    let report = ngo
        .post_raw("/v1/members/import", "text/csv", csv.as_bytes().to_vec())
        .await;
    let report = report.expect(200);
    let statuses: Vec<&str> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["updated", "updated", "created"], "{report}");
    let juana = ngo.get(&format!("/v1/members/{first}")).await;
    assert_eq!(juana.expect(200)["given_names"], "Juana Rosa");
    let julia = ngo.get(&format!("/v1/members/{second}")).await;
    let julia = julia.expect(200);
    assert_eq!(julia["given_names"], "Julia Ines");
    assert_eq!(julia["national_id"]["complement"], "1B");
    system.stop().await;
}

async fn enrol(
    client: &TestClient,
    scheme: &str,
    member: &str,
) -> formaliza_shared::testing::TestResponse {
    client
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": scheme, "member_id": member, "status": "active", "effective_on": day(-10)}),
        )
        .await
}

async fn one_live_enrolment_per_person_and_scheme(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let programme = system
        .client("Programme office", "protection:read protection:write", None)
        .await;
    let sis = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "SIS", "country": "PE", "kind": "public_service", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    let essalud = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "EsSalud", "country": "PE", "kind": "public_service", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    let mut people = Vec::new();
    for (i, dni) in ["46110001", "46110002"].iter().enumerate() {
        people.push(id(ngo
            .post(
                "/v1/members",
                &json!({"given_names": format!("Persona {i}"), "family_names": "Quispe", "country": "PE",
                        "national_id": {"type": "pe_dni", "number": dni}}),
            )
            .await
            .expect(201)));
    }
    let rosa = &people[0];
    let first = id(enrol(&ngo, &sis, rosa).await.expect(201));
    let twice = enrol(&ngo, &sis, rosa).await;
    let problem = twice.problem(409);
    assert_eq!(
        problem["context"]["existing_id"],
        first.as_str(),
        "{problem}"
    );
    assert_eq!(
        field_errors(problem),
        [("member_id".into(), "already_enrolled".into())]
    );
    // Another scheme is another enrolment.
    enrol(&ngo, &essalud, rosa).await.expect(201);
    // Suspended is still live; ended is not.
    for status in ["suspended", "ended"] {
        ngo.post(
            &format!("/v1/enrollments/{first}/transitions"),
            &json!({"status": status}),
        )
        .await
        .expect(200);
    }
    let renewed = id(enrol(&ngo, &sis, rosa).await.expect(201));
    assert_ne!(renewed, first);

    // Twelve requests at once for the same person and scheme: exactly one wins, and every other
    // names it.
    let luis = people[1].clone();
    let attempts = (0..12).map(|_| {
        let (ngo, sis, luis) = (ngo.clone(), sis.clone(), luis.clone());
        async move { enrol(&ngo, &sis, &luis).await }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let winners: Vec<String> = answers
        .iter()
        .filter(|a| a.status == 201)
        .map(|a| id(&a.json))
        .collect();
    assert_eq!(winners.len(), 1, "{answers:?}");
    for answer in answers.iter().filter(|a| a.status != 201) {
        assert_eq!(
            answer.problem(409)["context"]["existing_id"],
            winners[0].as_str()
        );
    }
    let listed = ngo
        .get(&format!("/v1/enrollments?member_id={luis}&scheme_id={sis}"))
        .await;
    assert_eq!(listed.expect(200)["data"].as_array().unwrap().len(), 1);
    system.stop().await;
}

async fn a_retry_gets_the_first_answer_whatever_changed_since(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let programme = system
        .client(
            "Programme office",
            "protection:read protection:write trainings:read trainings:write",
            None,
        )
        .await;
    let sis = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "SIS", "country": "PE", "kind": "public_service", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    let course = id(programme
        .post(
            "/v1/courses",
            &json!({"title": "Cooperativismo", "topic": "cooperativism", "total_hours": 2,
                    "certificate_hours": 2, "language": "es"}),
        )
        .await
        .expect(201));
    let date = day(-2);
    let session = id(ngo
        .post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": format!("{date}T09:00:00Z"),
                    "ends_at": format!("{date}T11:00:00Z"), "country": "PE", "capacity": 5}),
        )
        .await
        .expect(201));
    let rosa = id(ngo
        .post(
            "/v1/members",
            &json!({"given_names": "Rosa", "family_names": "Quispe", "country": "PE",
                    "national_id": {"type": "pe_dni", "number": "46220001"}}),
        )
        .await
        .expect(201));
    let enrolment =
        json!({"scheme_id": sis, "member_id": rosa, "status": "active", "effective_on": day(-5)});
    let registration = json!({"session_id": session, "member_id": rosa});
    let enrolled = ngo
        .post_once("/v1/enrollments", "enrol-rosa", &enrolment)
        .await;
    let enrolled = enrolled.expect(201).clone();
    let registered = ngo
        .post_once("/v1/participations", "register-rosa", &registration)
        .await;
    let registered = registered.expect(201).clone();
    // Since then: the scheme closed, Rosa was deleted, and then the members service went down.
    programme
        .patch(
            &format!("/v1/schemes/{sis}"),
            None,
            &json!({"active": false}),
        )
        .await
        .expect(200);
    ngo.delete(&format!("/v1/participations/{}", id(&registered)), None)
        .await
        .expect(204);
    ngo.delete(&format!("/v1/enrollments/{}", id(&enrolled)), None)
        .await
        .expect(204);
    ngo.delete(&format!("/v1/members/{rosa}"), None)
        .await
        .expect(204);
    let fresh = ngo
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": sis, "member_id": rosa}),
        )
        .await;
    fresh.problem(422);
    system.stop_service("members").await;
    let unavailable = ngo
        .post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": rosa}),
        )
        .await;
    assert!(matches!(unavailable.status, 502 | 503), "{unavailable:?}");

    // The retries still get their first answers, marked as replays.
    let again = ngo
        .post_once("/v1/enrollments", "enrol-rosa", &enrolment)
        .await;
    assert_eq!(again.expect(201), &enrolled);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let again = ngo
        .post_once("/v1/participations", "register-rosa", &registration)
        .await;
    assert_eq!(again.expect(201), &registered);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    // The same key with another body is refused before anything is checked.
    let other = ngo
        .post_once("/v1/enrollments", "enrol-rosa", &json!({"scheme_id": sis}))
        .await;
    assert_eq!(
        field_errors(other.problem(422)),
        [("Idempotency-Key".into(), "reused_key".into())]
    );
    system.stop().await;
}

async fn a_retried_upload_gets_the_first_report_and_writes_nothing(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let upload = |key: &'static str, file: String| {
        let ngo = ngo.clone();
        async move {
            let request = ngo
                .request(actix_web::http::Method::POST, "/v1/members/import")
                .insert_header(("Idempotency-Key", key));
            ngo.send(request, Some(("text/csv", file.into_bytes())))
                .await
        }
    };
    let roster = "given_names,family_names,id_type,id_number,country\n\
                  Luis,Condori,pe_dni,46330001,PE\n\
                  Ana,Condori,pe_dni,46330002,PE\n"
        .to_owned();
    let feed_before = system.members_feed_head().await;
    let first = upload("roster-1", roster.clone()).await;
    let report = first.expect(200).clone();
    assert_eq!(report["summary"]["created"], 2);
    let feed_after = system.members_feed_head().await;
    assert!(feed_after > feed_before);
    // The connection dropped before the client saw the report: it uploads again.
    let retry = upload("roster-1", roster.clone()).await;
    assert_eq!(retry.expect(200), &report);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        system.members_feed_head().await,
        feed_after,
        "nothing written twice"
    );
    // Another file under the same key is refused; a new key imports it (upserting).
    let edited = roster.replace("Ana", "Ana María");
    let reused = upload("roster-1", edited.clone()).await;
    assert_eq!(
        field_errors(reused.problem(422)),
        [("Idempotency-Key".into(), "reused_key".into())]
    );
    let second = upload("roster-2", edited).await;
    let second = second.expect(200);
    assert_eq!(second["summary"]["updated"], 1, "{second}");
    assert_eq!(second["summary"]["unchanged"], 1, "{second}");
    system.stop().await;
}

formaliza_shared::backend_tests!(
    a_retry_gets_the_first_answer_whatever_changed_since,
    a_retried_upload_gets_the_first_report_and_writes_nothing,
    countries_and_regions_are_iso_3166,
    identity_keys_neither_merge_nor_split_people,
    one_live_enrolment_per_person_and_scheme,
);
