//! Attendance (one by one and a whole sign-in sheet), the certificates it earns, the explicit
//! issue call, and the public verification that reveals nothing beyond the holder's initials.

use std::collections::BTreeSet;

use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys};
use serde_json::json;

use super::common::{ALL_SCOPES, Programme, id_of};

async fn member(members: &TestClient, given: &str, family: &str, dni: &str) -> String {
    id_of(
        members
            .post(
                "/v1/members",
                &json!({"given_names": given, "family_names": family, "sex": "female", "birth_date": "1990-02-01",
                        "national_id": {"type": "pe_dni", "number": dni},
                        "phone": "+51 964 123 456", "country": "PE", "region": "PE-JUN"}),
            )
            .await
            .expect(201),
    )
}

async fn session(api: &TestClient, course: &str, day: u32) -> String {
    id_of(
        api.post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": format!("2026-03-{day:02}T14:00:00Z"), "ends_at": format!("2026-03-{day:02}T17:00:00Z"), "country": "PE", "capacity": 10}),
        )
        .await
        .expect(201),
    )
}

async fn register(api: &TestClient, session: &str, member: &str) -> String {
    id_of(
        api.post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": member}),
        )
        .await
        .expect(201),
    )
}

async fn attendance_earns_certificates_that_anyone_can_verify(backend: Backend) {
    let Some(Programme { members, trainings }) = super::common::start(backend).await else {
        return;
    };
    let token = TestKeys::trusted().token("ngo-cedepas", ALL_SCOPES, Some("cedepas"));
    let people = members.client(Some(token.clone()));
    let api = trainings.client(Some(token));

    // 6 hours in two 3-hour sessions; 5 attended hours earn the certificate.
    let course = id_of(
        api.post(
            "/v1/courses",
            &json!({"title": "Derechos laborales", "topic": "labor_rights", "total_hours": 6, "certificate_hours": 5, "language": "es"}),
        )
        .await
        .expect(201),
    );
    let (first, second) = (
        session(&api, &course, 10).await,
        session(&api, &course, 17).await,
    );
    let maria = member(&people, "María Elena", "Quispe Mamani", "45871236").await;
    let juan = member(&people, "Juan", "Pari", "45871237").await;
    let rosa = member(&people, "Rosa", "Huamán", "45871238").await;
    let outsider = member(&people, "Luis", "Condori", "45871239").await;
    let maria_first = register(&api, &first, &maria).await;
    for member in [&juan, &rosa] {
        register(&api, &first, member).await;
    }
    for member in [&maria, &juan, &rosa] {
        register(&api, &second, member).await;
    }

    // One by one: María attended the first session (3 h by default): no certificate yet.
    let marked = api
        .patch(
            &format!("/v1/participations/{maria_first}"),
            Some("\"1\""),
            &json!({"attendance": "attended"}),
        )
        .await;
    assert_eq!(marked.expect(200)["hours"], 3.0);
    assert_eq!(
        api.get("/v1/certificates").await.expect(200)["data"],
        json!([])
    );
    // Hours beyond the session, hours without attendance, moving a registration: refused.
    let too_long = api
        .patch(
            &format!("/v1/participations/{maria_first}"),
            None,
            &json!({"hours": 4}),
        )
        .await;
    assert_eq!(
        too_long.problem(422)["errors"][0]["code"],
        "exceeds_session"
    );
    api.patch(
        &format!("/v1/participations/{maria_first}"),
        None,
        &json!({"session_id": second}),
    )
    .await
    .problem(422);

    // A sheet with a member not registered, or listed twice, fails as a whole.
    let bad_sheet = api
        .post(
            &format!("/v1/sessions/{first}/attendance"),
            &json!({"records": [
                {"member_id": juan, "attendance": "attended"},
                {"member_id": outsider, "attendance": "attended"},
                {"member_id": juan, "attendance": "absent"}
            ]}),
        )
        .await;
    let errors: Vec<_> = bad_sheet.problem(422)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "records[1].member_id".to_owned(),
                "not_registered".to_owned()
            ),
            ("records[2].member_id".to_owned(), "duplicate".to_owned())
        ]
    );
    api.post(
        &format!("/v1/sessions/{first}/attendance"),
        &json!({"records": []}),
    )
    .await
    .problem(422);

    // The first session's sheet: Juan 2 h, Rosa absent.
    let sheet = api
        .post_once(
            &format!("/v1/sessions/{first}/attendance"),
            "sheet-1",
            &json!({"records": [
                {"member_id": juan, "attendance": "attended", "hours": 2},
                {"member_id": rosa, "attendance": "absent", "hours": 3}
            ]}),
        )
        .await;
    let result = sheet.expect(200).clone();
    assert_eq!(result["participations"].as_array().unwrap().len(), 2);
    assert_eq!(result["participations"][1]["hours"], 0.0);
    assert_eq!(result["certificates_issued"], json!([]));
    // The second session's sheet: María reaches 6 h and earns it; Juan reaches 5 h and earns it.
    let sheet = api
        .post(
            &format!("/v1/sessions/{second}/attendance"),
            &json!({"records": [
                {"member_id": maria, "attendance": "attended"},
                {"member_id": juan, "attendance": "attended"},
                {"member_id": rosa, "attendance": "attended", "hours": 1}
            ]}),
        )
        .await;
    let issued = sheet.expect(200)["certificates_issued"]
        .as_array()
        .unwrap()
        .clone();
    let holders: BTreeSet<_> = issued
        .iter()
        .map(|c| c["member_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(holders, BTreeSet::from([maria.clone(), juan.clone()]));
    let maria_certificate = issued
        .iter()
        .find(|c| c["member_id"] == maria.as_str())
        .unwrap()
        .clone();
    assert_eq!(maria_certificate["attended_hours"], 6.0);
    assert_eq!(maria_certificate["course_id"], course.as_str());
    let code = maria_certificate["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 32);
    assert_ne!(
        code,
        issued
            .iter()
            .find(|c| c["member_id"] == juan.as_str())
            .unwrap()["code"]
    );
    // Replaying the first sheet changes nothing.
    let replay = api
        .post_once(
            &format!("/v1/sessions/{first}/attendance"),
            "sheet-1",
            &json!({"records": [
                {"member_id": juan, "attendance": "attended", "hours": 2},
                {"member_id": rosa, "attendance": "absent", "hours": 3}
            ]}),
        )
        .await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));

    // The explicit call checks the same rule: Rosa has 1 of 5 hours; María already holds one.
    let short = api
        .post(
            "/v1/certificates",
            &json!({"member_id": rosa, "course_id": course}),
        )
        .await;
    let problem = short.problem(422);
    assert_eq!(problem["errors"][0]["code"], "hours_not_reached");
    assert_eq!(problem["context"]["attended_hours"], 1.0);
    api.post(
        "/v1/certificates",
        &json!({"member_id": maria, "course_id": course}),
    )
    .await
    .problem(409);
    let never_registered = api
        .post(
            "/v1/certificates",
            &json!({"member_id": outsider, "course_id": course}),
        )
        .await;
    assert_eq!(
        never_registered.problem(422)["errors"][0]["code"],
        "not_registered"
    );
    // Rosa's second session is corrected to 3 h.
    let rosa_second = api
        .get(&format!(
            "/v1/participations?session_id={second}&member_id={rosa}"
        ))
        .await;
    let rosa_second = id_of(&rosa_second.expect(200)["data"][0]);
    let changed = api
        .patch(
            &format!("/v1/participations/{rosa_second}"),
            None,
            &json!({"hours": 3}),
        )
        .await;
    changed.expect(200);
    // 3 h of 5: still short.
    assert_eq!(
        api.get(&format!("/v1/certificates?member_id={rosa}"))
            .await
            .expect(200)["data"],
        json!([])
    );
    // The requirement is lowered to 3 h: nothing is issued by itself, the explicit call issues it.
    api.patch(
        &format!("/v1/courses/{course}"),
        None,
        &json!({"certificate_hours": 3}),
    )
    .await
    .expect(200);
    let rosa_certificate = api
        .post_once(
            "/v1/certificates",
            "issue-rosa",
            &json!({"member_id": rosa, "course_id": course}),
        )
        .await;
    assert_eq!(rosa_certificate.expect(201)["attended_hours"], 3.0);
    assert!(
        rosa_certificate
            .header("location")
            .unwrap()
            .starts_with("/v1/certificates/")
    );

    // The public check: no token, only course title, date and initials.
    let public = trainings.client(None);
    let verified = public.get(&format!("/v1/certificates/verify/{code}")).await;
    let body = verified.expect(200).clone();
    let keys: BTreeSet<_> = body.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        BTreeSet::from(
            ["valid", "course_title", "issued_on", "holder_initials"].map(str::to_owned)
        )
    );
    assert_eq!(body["valid"], true);
    assert_eq!(body["course_title"], "Derechos laborales");
    assert_eq!(body["holder_initials"], "M. E. Q. M.");
    for secret in [
        &maria,
        "María",
        "Quispe",
        "Mamani",
        "1990",
        "964",
        "45871236",
        "cedepas",
        &course,
        maria_certificate["id"].as_str().unwrap(),
    ] {
        assert!(
            !verified.text.contains(secret),
            "the check leaks {secret}: {}",
            verified.text
        );
    }
    assert_eq!(verified.header("cache-control"), Some("no-store"));
    // However typed.
    let typed = format!("{}-{}", &code[..16].to_uppercase(), &code[16..]);
    public
        .get(&format!("/v1/certificates/verify/{typed}"))
        .await
        .expect(200);
    // Unknown, malformed, revoked: 404.
    public
        .get("/v1/certificates/verify/00000000000040008000000000000000")
        .await
        .problem(404);
    public
        .get("/v1/certificates/verify/nope")
        .await
        .problem(404);
    let certificate_id = maria_certificate["id"].as_str().unwrap();
    // The certificate itself needs a token and the owner.
    public
        .get(&format!("/v1/certificates/{certificate_id}"))
        .await
        .problem(401);
    let other = trainings.client(Some(TestKeys::trusted().token(
        "ngo-aprodeh",
        ALL_SCOPES,
        Some("aprodeh"),
    )));
    other
        .get(&format!("/v1/certificates/{certificate_id}"))
        .await
        .problem(404);
    assert_eq!(
        api.get(&format!("/v1/certificates/{certificate_id}"))
            .await
            .expect(200)["code"],
        code.as_str()
    );
    assert_eq!(
        api.delete(&format!("/v1/certificates/{certificate_id}"), None)
            .await
            .status,
        204
    );
    public
        .get(&format!("/v1/certificates/verify/{code}"))
        .await
        .problem(404);
    // Revoked, it can be issued again by the explicit call (the rule still holds).
    let again = api
        .post(
            "/v1/certificates",
            &json!({"member_id": maria, "course_id": course}),
        )
        .await;
    assert_ne!(again.expect(201)["code"], code.as_str());

    // The feed tells the story, certificates included.
    let feed = api.get("/v1/feeds/trainings?limit=1000").await;
    let kinds: BTreeSet<_> = feed.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["resource"].as_str().unwrap(),
                e["op"].as_str().unwrap()
            )
        })
        .collect();
    for expected in [
        "course create",
        "session create",
        "participation create",
        "participation update",
        "certificate create",
        "certificate delete",
    ] {
        assert!(
            kinds.contains(expected),
            "{expected} missing from {kinds:?}"
        );
    }
}

/// Attendance in two sessions of a course recorded at the same moment: together the hours
/// reach the requirement, so exactly one certificate is issued, never none and never two.
async fn concurrent_attendance_issues_one_certificate(backend: Backend) {
    let Some(Programme { members, trainings }) = super::common::start(backend).await else {
        return;
    };
    let token = TestKeys::trusted().token("ministry", ALL_SCOPES, None);
    let people = members.client(Some(token.clone()));
    let api = trainings.client(Some(token));
    let course = id_of(
        api.post(
            "/v1/courses",
            &json!({"title": "Liderazgo", "topic": "leadership", "total_hours": 6, "certificate_hours": 5, "language": "es"}),
        )
        .await
        .expect(201),
    );
    for round in 0..4 {
        let maria = member(&people, "María", "Quispe", &format!("4587{round:04}")).await;
        let (first, second) = (
            session(&api, &course, 10 + round).await,
            session(&api, &course, 20 + round).await,
        );
        let registrations = [
            register(&api, &first, &maria).await,
            register(&api, &second, &maria).await,
        ];
        let marks = registrations.iter().map(|id| {
            let api = api.clone();
            let path = format!("/v1/participations/{id}");
            async move {
                api.patch(&path, None, &json!({"attendance": "attended"}))
                    .await
            }
        });
        for marked in futures_util::future::join_all(marks).await {
            marked.expect(200);
        }
        let certificates = api
            .get(&format!("/v1/certificates?member_id={maria}"))
            .await;
        let certificates = certificates.expect(200)["data"].as_array().unwrap().clone();
        assert_eq!(certificates.len(), 1, "round {round}: {certificates:?}");
        assert_eq!(certificates[0]["attended_hours"], 6.0);
    }
}

formaliza_shared::backend_tests!(
    attendance_earns_certificates_that_anyone_can_verify,
    concurrent_attendance_issues_one_certificate
);
