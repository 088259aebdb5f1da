//! The privacy promises, tried by walking everything a token can obtain: a member who did not
//! consent is in no byte that a ministry or a dashboard can get from any endpoint; an erased
//! member is in no byte that anyone can get, the feeds stay gap-free and the indicators keep
//! counting the household; and reads of personal data by outsiders leave access records that
//! the programme's data-protection officer can list.

use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use formaliza_tests::walk::{self, Walked};
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id, pull_feed};
use serde_json::{Value, json};

/// One partner's programme: Ana consented to data sharing, Luis did not. Both coffee
/// producers in one household, trained and certified, enrolled in SIS with an affiliation
/// number.
struct Programme {
    ngo: TestClient,
    programme: TestClient,
    household: String,
    ana: String,
    luis: String,
    luis_enrollment: String,
    /// What identifies Luis: his id, names, DNI, phone, affiliation number.
    luis_identity: Vec<String>,
    spec: Value,
}

async fn programme(system: &TestSystem) -> Programme {
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let programme = system
        .client(
            "Programme office",
            "members:read trainings:read trainings:write protection:read protection:write enrollments:export indicators:read",
            None,
        )
        .await;
    let household = id(ngo
        .post(
            "/v1/households",
            &json!({"name": "Familia Huamán", "country": "PE", "region": "PE-JUN"}),
        )
        .await
        .expect(201));
    let person = |given: &str, family: &str, dni: &str, phone: &str, consent: bool| {
        json!({"given_names": given, "family_names": family, "sex": "male", "birth_date": "1990-04-02",
               "phone": phone, "national_id": {"type": "pe_dni", "number": dni}, "sector": "coffee",
               "country": "PE", "region": "PE-JUN", "district": "Pichanaqui",
               "household_id": household, "data_sharing_consent": consent})
    };
    let ana = id(ngo
        .post(
            "/v1/members",
            &person(
                "Anacleta",
                "Huamancusi",
                "47330001",
                "+51 964 330 001",
                true,
            ),
        )
        .await
        .expect(201));
    let luis = id(ngo
        .post(
            "/v1/members",
            &person(
                "Luisberto",
                "Quispehuaman",
                "47330002",
                "+51 964 330 002",
                false,
            ),
        )
        .await
        .expect(201));
    let course = id(programme
        .post(
            "/v1/courses",
            &json!({"title": "Derechos laborales", "topic": "labor_rights", "total_hours": 3,
                    "certificate_hours": 3, "language": "es"}),
        )
        .await
        .expect(201));
    let date = day(-7);
    let session = id(ngo
        .post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": format!("{date}T09:00:00Z"),
                    "ends_at": format!("{date}T12:00:00Z"), "country": "PE", "region": "PE-JUN", "capacity": 10}),
        )
        .await
        .expect(201));
    for member in [&ana, &luis] {
        ngo.post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": member}),
        )
        .await
        .expect(201);
    }
    ngo.post(
        &format!("/v1/sessions/{session}/attendance"),
        &json!({"records": [{"member_id": ana, "attendance": "attended"},
                            {"member_id": luis, "attendance": "attended"}]}),
    )
    .await
    .expect(200);
    let sis = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "SIS", "country": "PE", "kind": "public_service", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    for (member, number) in [(&ana, "SIS-AF-330001"), (&luis, "SIS-AF-330002")] {
        ngo.post(
            "/v1/enrollments",
            &json!({"scheme_id": sis, "member_id": member, "status": "active",
                    "effective_on": day(-30), "affiliation_number": number}),
        )
        .await
        .expect(201);
    }
    let luis_enrollment = ngo
        .get(&format!("/v1/enrollments?member_id={luis}"))
        .await
        .expect(200)["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    system.read_models_caught_up().await;
    let spec = ngo.get("/openapi.json").await.expect(200).clone();
    Programme {
        luis_identity: vec![
            luis.clone(),
            "Luisberto".into(),
            "Quispehuaman".into(),
            "47330002".into(),
            "+51 964 330 002".into(),
            "SIS-AF-330002".into(),
        ],
        ngo,
        programme,
        household,
        ana,
        luis,
        luis_enrollment,
        spec,
    }
}

#[track_caller]
fn shows_none_of(walked: &Walked, secrets: &[String], who: &str) {
    assert!(walked.answers.len() > 20, "{who} obtained almost nothing");
    for secret in secrets {
        let found = walked.containing(secret);
        assert!(
            found.is_empty(),
            "{who} obtains {secret}:\n{}",
            found.join("\n")
        );
    }
}

async fn a_member_who_did_not_consent_reaches_no_ministry_and_no_dashboard(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let p = programme(&system).await;
    let ministry = system
        .client(
            "Ministerio de Trabajo",
            "protection:read trainings:read enrollments:export indicators:read",
            None,
        )
        .await;
    let dashboard = system
        .client("Observatorio (dashboard)", "indicators:read", None)
        .await;
    let walked = walk::everything(&ministry, &p.spec).await;
    shows_none_of(&walked, &p.luis_identity, "the ministry");
    shows_none_of(
        &walk::everything(&dashboard, &p.spec).await,
        &p.luis_identity,
        "the dashboard",
    );
    // What the ministry may see, it does see: Ana consented; Luis is there as a pseudonym.
    assert!(!walked.containing(&p.ana).is_empty());
    assert!(!walked.containing("SIS-AF-330001").is_empty());
    let luis = ministry
        .get(&format!("/v1/enrollments/{}", p.luis_enrollment))
        .await;
    let luis = luis.expect(200);
    assert_eq!(luis["member_id"], Value::Null);
    assert_eq!(luis["affiliation_number"], Value::Null);
    assert_eq!(luis["member_pseudonym"].as_str().unwrap().len(), 64);
    // The partner that registered Luis, and the programme office, see who he is.
    for client in [&p.ngo, &p.programme] {
        let seen = client
            .get(&format!("/v1/enrollments/{}", p.luis_enrollment))
            .await;
        assert_eq!(seen.expect(200)["member_id"], p.luis.as_str());
    }
    system.stop().await;
}

async fn an_erased_member_is_gone_from_every_answer(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let p = programme(&system).await;
    let coverage = "/v1/indicators/coverage?sector=coffee";
    let before = p.programme.get(coverage).await.expect(200)["data"].clone();
    let certificate = p
        .ngo
        .get(&format!("/v1/certificates?member_id={}", p.luis))
        .await
        .expect(200)["data"][0]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let public = system.anonymous();
    let verified = public
        .get(&format!("/v1/certificates/verify/{certificate}"))
        .await;
    assert_eq!(verified.expect(200)["holder_initials"], "L. Q.");

    // Only the programme office or the partner that registered him may erase him.
    let other = system
        .client("APRODEH", PARTNER_SCOPES, Some("aprodeh"))
        .await;
    let request =
        json!({"reason": "Pedido en la oficina de Pichanaqui, 2026-12-01, formulario 118"});
    other
        .post(&format!("/v1/members/{}/erasure", p.luis), &request)
        .await
        .problem(404);
    p.ngo
        .post(
            &format!("/v1/members/{}/erasure", p.luis),
            &json!({"reason": ""}),
        )
        .await
        .problem(422);
    let erased = p
        .ngo
        .post(&format!("/v1/members/{}/erasure", p.luis), &request)
        .await;
    let erased = erased.expect(200).clone();
    assert_eq!(erased["given_names"], "");
    assert_eq!(erased["national_id"], Value::Null);
    assert_eq!(erased["phone"], Value::Null);
    assert_eq!(erased["birth_date"], Value::Null);
    assert!(erased["erased_at"].is_string());
    assert_eq!(erased["household_id"], p.household.as_str());
    // Again: nothing changes; a change to an erased member is refused.
    let head = system.members_feed_head().await;
    p.ngo
        .post(&format!("/v1/members/{}/erasure", p.luis), &request)
        .await
        .expect(200);
    assert_eq!(system.members_feed_head().await, head);
    p.ngo
        .patch(
            &format!("/v1/members/{}", p.luis),
            None,
            &json!({"given_names": "Luisberto"}),
        )
        .await
        .problem(409);

    // The members feed: no gap, the earlier events redacted, an `erase` event last.
    let (events, _) = pull_feed(&p.ngo, "members", 0, 1000).await;
    let seqs: Vec<i64> = events.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    let luis_events: Vec<&Value> = events
        .iter()
        .filter(|e| e["id"] == p.luis.as_str())
        .collect();
    assert_eq!(luis_events.last().unwrap()["op"], "erase");
    assert!(luis_events.len() >= 2);

    system.read_models_caught_up().await;
    // Social protection: the affiliation number is gone from the enrolment and its events.
    let enrolment = p
        .programme
        .get(&format!("/v1/enrollments/{}", p.luis_enrollment))
        .await;
    assert_eq!(enrolment.expect(200)["affiliation_number"], Value::Null);
    let (protection, _) = pull_feed(&p.programme, "social-protection", 0, 1000).await;
    assert!(
        protection
            .iter()
            .any(|e| e["op"] == "erase" && e["id"] == p.luis_enrollment.as_str())
    );
    // Trainings: the certificate stands, without initials.
    let verified = public
        .get(&format!("/v1/certificates/verify/{certificate}"))
        .await;
    let verified = verified.expect(200);
    assert_eq!(verified["valid"], true);
    assert_eq!(verified["holder_initials"], Value::Null);
    // The household still counts.
    assert_eq!(p.programme.get(coverage).await.expect(200)["data"], before);
    // And nobody, not even the programme office or his partner, obtains anything of him any
    // more but his id.
    let gone: Vec<String> = p.luis_identity[1..].to_vec();
    for (who, client) in [
        ("the programme office", &p.programme),
        ("the partner", &p.ngo),
    ] {
        let walked = walk::everything(client, &p.spec).await;
        shows_none_of(&walked, &gone, who);
    }
    system.stop().await;
}

async fn reads_of_personal_data_by_outsiders_leave_access_records(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let p = programme(&system).await;
    let (ministry_id, ministry) = system
        .client_with_id(
            "Ministerio de Trabajo",
            "protection:read enrollments:export",
            None,
        )
        .await;
    let (programme_id, programme) = system
        .client_with_id("Programme office (audited)", "members:read", None)
        .await;
    let auditor = system
        .client("Data-protection officer", "audit:read", None)
        .await;

    // The partner reading its own members leaves nothing; the programme office reading the
    // partner's members, the ministry reading Ana's enrolment (she consented) and exporting do.
    p.ngo.get("/v1/members").await.expect(200);
    programme.get("/v1/members").await.expect(200);
    ministry.get("/v1/enrollments").await.expect(200);
    ministry
        .get("/v1/enrollments/export?status=active")
        .await
        .expect(200);

    let records = |service: &str, query: &str| {
        let auditor = auditor.clone();
        let path = format!("/v1/audit/{service}/access{query}");
        async move { auditor.get(&path).await.expect(200)["data"].clone() }
    };
    let members = records("members", &format!("?client_id={programme_id}")).await;
    assert_eq!(members.as_array().unwrap().len(), 1, "{members}");
    assert_eq!(members[0]["endpoint"], "/v1/members");
    assert_eq!(members[0]["records"], 2);
    assert!(members[0]["request_id"].is_string());
    let protection = records("social-protection", &format!("?client_id={ministry_id}")).await;
    let endpoints: Vec<(&str, i64)> = protection
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["endpoint"].as_str().unwrap(),
                r["records"].as_i64().unwrap(),
            )
        })
        .collect();
    // Only Ana's enrolment showed who; the export counts every row it read.
    assert_eq!(
        endpoints,
        [("/v1/enrollments", 1), ("/v1/enrollments/export", 2)]
    );
    assert_eq!(protection[1]["filters"], "status=active");
    // The partner's own reads left none.
    let everyone = records("members", "").await;
    assert!(
        everyone
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["partner_id"].is_null())
    );
    // Time filters and scope.
    assert!(
        records("members", "?from=2099-01-01T00:00:00Z")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    p.ngo.get("/v1/audit/members/access").await.problem(403);
    let partner_auditor = system
        .client("A partner's auditor", "audit:read", Some("cedepas"))
        .await;
    partner_auditor
        .get("/v1/audit/members/access")
        .await
        .problem(403);
    system.stop().await;
}

formaliza_shared::backend_tests!(
    a_member_who_did_not_consent_reaches_no_ministry_and_no_dashboard,
    an_erased_member_is_gone_from_every_answer,
    reads_of_personal_data_by_outsiders_leave_access_records,
);
