//! Journey 5: two partner NGOs work side by side. Partner A (CEDEPAS) never sees, changes or
//! references partner B's (APRODEH) records, through any service: B's records answer 404 (their
//! existence does not leak), lists and feeds leave them out, references to them are unknown,
//! A's import cannot take over B's member, and A's indicators count A's records only.

use std::collections::BTreeSet;

use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id, list_ids, pull_feed};
use serde_json::{Value, json};

/// What one partner registers: an organisation, five coffee households with their heads (the
/// first `trained` of them trained and holding a certificate, the first `enrolled` in SIS), and
/// the first head's membership.
struct Records {
    organisation: String,
    households: Vec<String>,
    members: Vec<String>,
    membership: String,
    session: String,
    participation: String,
    certificate: String,
    enrollment: String,
    /// Names and national ID numbers.
    personal: Vec<String>,
}

impl Records {
    fn ids(&self) -> BTreeSet<String> {
        let mut ids: BTreeSet<String> = [
            &self.organisation,
            &self.membership,
            &self.session,
            &self.participation,
            &self.certificate,
            &self.enrollment,
        ]
        .into_iter()
        .cloned()
        .collect();
        ids.extend(self.households.iter().cloned());
        ids.extend(self.members.iter().cloned());
        ids
    }
}

async fn register(
    ngo: &TestClient,
    tag: &str,
    dni_prefix: &str,
    course: &str,
    sis: &str,
    trained: usize,
    enrolled: usize,
) -> Records {
    let organisation = id(ngo
        .post(
            "/v1/organisations",
            &json!({"name": format!("Cooperativa {tag}"), "kind": "cooperative", "legal_status": "registered",
                    "country": "PE", "region": "PE-JUN", "sector": "coffee"}),
        )
        .await
        .expect(201));
    let (mut households, mut members, mut personal) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..5 {
        let home = id(ngo
            .post(
                "/v1/households",
                &json!({"name": format!("Familia {tag} {i}"), "country": "PE", "region": "PE-JUN"}),
            )
            .await
            .expect(201));
        let (given, family, dni) = (
            format!("{tag}given{i}"),
            format!("{tag}family{i}"),
            format!("{dni_prefix}{i:04}"),
        );
        let member = id(ngo
            .post(
                "/v1/members",
                &json!({"given_names": given, "family_names": family, "sex": "female",
                        "national_id": {"type": "pe_dni", "number": dni}, "sector": "coffee",
                        "country": "PE", "region": "PE-JUN", "household_id": home,
                        "relationship_to_head": "head"}),
            )
            .await
            .expect(201));
        personal.extend([given, family, dni]);
        households.push(home);
        members.push(member);
    }
    let membership = id(ngo
        .post(
            "/v1/memberships",
            &json!({"member_id": members[0], "organisation_id": organisation, "role": "president"}),
        )
        .await
        .expect(201));
    let date = day(-5);
    let session = id(ngo
        .post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": format!("{date}T09:00:00Z"),
                    "ends_at": format!("{date}T12:00:00Z"), "country": "PE", "region": "PE-JUN",
                    "host_organisation_id": organisation, "capacity": 10}),
        )
        .await
        .expect(201));
    let mut participations = Vec::new();
    for member in &members[..trained] {
        participations.push(id(ngo
            .post(
                "/v1/participations",
                &json!({"session_id": session, "member_id": member}),
            )
            .await
            .expect(201)));
    }
    let records: Vec<_> = members[..trained]
        .iter()
        .map(|m| json!({"member_id": m, "attendance": "attended"}))
        .collect();
    let sheet = ngo
        .post(
            &format!("/v1/sessions/{session}/attendance"),
            &json!({"records": records}),
        )
        .await;
    let certificate = id(&sheet.expect(200)["certificates_issued"][0]);
    let mut enrollments = Vec::new();
    for member in &members[..enrolled] {
        enrollments.push(id(ngo
            .post(
                "/v1/enrollments",
                &json!({"scheme_id": sis, "member_id": member, "status": "active", "effective_on": day(-100)}),
            )
            .await
            .expect(201)));
    }
    Records {
        organisation,
        households,
        members,
        membership,
        session,
        participation: participations.swap_remove(0),
        certificate,
        enrollment: enrollments.swap_remove(0),
        personal,
    }
}

/// Asserts that `text` mentions none of `b`'s ids, names or national IDs.
#[track_caller]
fn none_of(b: &Records, text: &str, what: &str) {
    for secret in b.ids().iter().chain(&b.personal) {
        assert!(
            !text.contains(secret.as_str()),
            "{what} shows partner B's {secret}: {text}"
        );
    }
}

async fn partners_never_see_each_other(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let a = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let b = system
        .client("APRODEH", PARTNER_SCOPES, Some("aprodeh"))
        .await;
    let programme = system
        .client(
            "Programme office",
            "trainings:read trainings:write protection:read protection:write indicators:read",
            None,
        )
        .await;
    let course = id(programme
        .post(
            "/v1/courses",
            &json!({"title": "Liderazgo", "topic": "leadership", "total_hours": 3,
                    "certificate_hours": 3, "language": "es"}),
        )
        .await
        .expect(201));
    let sis = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "SIS", "country": "PE", "kind": "public_service", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    // A trains one member and enrols one; B trains two and enrols two.
    let mine = register(&a, "Cedepas", "4511", &course, &sis, 1, 1).await;
    let theirs = register(&b, "Aprodeh", "4622", &course, &sis, 2, 2).await;

    // B's records, by id: 404 for A, as if they did not exist; B itself sees them.
    let items = [
        format!("/v1/organisations/{}", theirs.organisation),
        format!("/v1/households/{}", theirs.households[0]),
        format!("/v1/members/{}", theirs.members[0]),
        format!("/v1/memberships/{}", theirs.membership),
        format!("/v1/sessions/{}", theirs.session),
        format!("/v1/participations/{}", theirs.participation),
        format!("/v1/certificates/{}", theirs.certificate),
        format!("/v1/enrollments/{}", theirs.enrollment),
        format!("/v1/enrollments/{}/transitions", theirs.enrollment),
    ];
    for item in &items {
        let hidden = a.get(item).await;
        hidden.problem(404);
        for secret in &theirs.personal {
            assert!(
                !hidden.text.contains(secret.as_str()),
                "{item}: {}",
                hidden.text
            );
        }
        b.get(item).await.expect(200);
    }
    // Nor can A change or delete them.
    a.patch(
        &format!("/v1/members/{}", theirs.members[0]),
        None,
        &json!({"given_names": "Cambiado"}),
    )
    .await
    .problem(404);
    a.delete(&format!("/v1/households/{}", theirs.households[1]), None)
        .await
        .problem(404);
    a.patch(
        &format!("/v1/sessions/{}", theirs.session),
        None,
        &json!({"status": "cancelled"}),
    )
    .await
    .problem(404);
    a.delete(
        &format!("/v1/participations/{}", theirs.participation),
        None,
    )
    .await
    .problem(404);
    a.post(
        &format!("/v1/sessions/{}/attendance", theirs.session),
        &json!({"records": [{"member_id": theirs.members[0], "attendance": "absent"}]}),
    )
    .await
    .problem(404);
    a.post(
        &format!("/v1/enrollments/{}/transitions", theirs.enrollment),
        &json!({"status": "ended"}),
    )
    .await
    .problem(404);
    a.delete(&format!("/v1/certificates/{}", theirs.certificate), None)
        .await
        .problem(404);

    // Lists: A's records, none of B's.
    for list in [
        "/v1/organisations",
        "/v1/households",
        "/v1/members",
        "/v1/memberships",
        "/v1/sessions",
        "/v1/participations",
        "/v1/certificates",
        "/v1/enrollments",
    ] {
        let listed: BTreeSet<String> = list_ids(&a, list).await.into_iter().collect();
        assert!(!listed.is_empty(), "{list} lists nothing of A's");
        assert!(
            listed.is_subset(&mine.ids()),
            "{list} shows records that are not A's: {:?}",
            listed.difference(&mine.ids()).collect::<Vec<_>>()
        );
    }
    let search = a
        .get(&format!("/v1/members?id_number={}", &theirs.personal[2]))
        .await;
    assert_eq!(search.expect(200)["data"], json!([]));
    let by_name = a
        .get(&format!("/v1/members?q={}", &theirs.personal[0]))
        .await;
    assert_eq!(by_name.expect(200)["data"], json!([]));

    // Feeds: A reads only its own records' events, and its cursor still moves past B's.
    for service in ["members", "trainings", "social-protection"] {
        let (events, cursor) = pull_feed(&a, service, 0, 1000).await;
        let text = serde_json::to_string(&events).unwrap();
        none_of(&theirs, &text, &format!("A's {service} feed"));
        assert!(
            events
                .iter()
                .any(|e| mine.ids().contains(e["id"].as_str().unwrap())),
            "A's {service} feed lacks A's own events"
        );
        let (everything, head) = pull_feed(&b, service, 0, 1000).await;
        assert_eq!(
            head,
            everything.last().unwrap()["seq"].as_i64().unwrap(),
            "{service}"
        );
        assert_eq!(
            cursor, head,
            "A's {service} cursor stops before B's last event"
        );
    }

    // A's own export (a partner-scoped export token) carries A's enrolment only.
    let exporter = system
        .client("CEDEPAS export", "enrollments:export", Some("cedepas"))
        .await;
    system.protection_caught_up().await;
    let export = exporter.get("/v1/enrollments/export").await;
    export.expect(200);
    let exported: Vec<Value> = export
        .text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(exported.len(), 1, "{}", export.text);
    assert_eq!(exported[0]["enrollment_id"], mine.enrollment.as_str());
    none_of(&theirs, &export.text, "A's export");

    // References to B's records are unknown to A (422 on the field, like a nonexistent id).
    let refused = a
        .post(
            "/v1/participations",
            &json!({"session_id": mine.session, "member_id": theirs.members[3]}),
        )
        .await;
    let problem = refused.problem(422);
    assert_eq!(
        (
            problem["errors"][0]["field"].clone(),
            problem["errors"][0]["code"].clone()
        ),
        (json!("member_id"), json!("unknown_reference"))
    );
    let refused = a
        .post(
            "/v1/participations",
            &json!({"session_id": theirs.session, "member_id": mine.members[3]}),
        )
        .await;
    assert_eq!(refused.problem(422)["errors"][0]["field"], "session_id");
    let refused = a
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": sis, "member_id": theirs.members[4]}),
        )
        .await;
    let problem = refused.problem(422);
    assert_eq!(
        (
            problem["errors"][0]["field"].clone(),
            problem["errors"][0]["code"].clone()
        ),
        (json!("member_id"), json!("unknown_reference"))
    );
    let refused = a
        .post(
            "/v1/memberships",
            &json!({"member_id": mine.members[2], "organisation_id": theirs.organisation}),
        )
        .await;
    assert_eq!(
        refused.problem(422)["errors"][0]["field"],
        "organisation_id"
    );
    let refused = a
        .post(
            "/v1/members",
            &json!({"given_names": "Nueva", "family_names": "Socia", "country": "PE",
                    "household_id": theirs.households[4]}),
        )
        .await;
    assert_eq!(refused.problem(422)["errors"][0]["field"], "household_id");
    // A session hosted by B's cooperative: `a_session_hosted_by_another_partners_organisation_is_refused`.
    let refused = a
        .post(
            "/v1/certificates",
            &json!({"member_id": theirs.members[1], "course_id": course}),
        )
        .await;
    refused.problem(422);

    // A's spreadsheet carries B's member's national ID: that row fails, B's member is untouched.
    let sheet = format!(
        "given_names,family_names,sex,id_type,id_number,country,region,sector\n\
         Impostora,Falsa,female,pe_dni,{},PE,PE-JUN,coffee\n\
         Nueva,Socia,female,pe_dni,45119999,PE,PE-JUN,coffee\n",
        theirs.personal[2]
    );
    let imported = a
        .post_raw("/v1/members/import", "text/csv", sheet.into_bytes())
        .await;
    let report = imported.expect(200);
    assert_eq!(
        report["summary"],
        json!({"rows": 2, "created": 1, "updated": 0, "unchanged": 0, "failed": 1})
    );
    assert_eq!(report["rows"][0]["status"], "failed");
    assert_eq!(report["rows"][0]["id"], Value::Null);
    assert_eq!(
        (
            report["rows"][0]["errors"][0]["field"].clone(),
            report["rows"][0]["errors"][0]["code"].clone()
        ),
        (json!("id_number"), json!("duplicate"))
    );
    none_of(&theirs, &imported.text, "A's import report");
    // Creating it one by one is refused the same way, without pointing at B's record.
    let duplicate = a
        .post(
            "/v1/members",
            &json!({"given_names": "Impostora", "family_names": "Falsa", "country": "PE",
                    "national_id": {"type": "pe_dni", "number": theirs.personal[2]}}),
        )
        .await;
    assert_eq!(duplicate.problem(409)["errors"][0]["code"], "duplicate");
    none_of(&theirs, &duplicate.text, "A's refused member");
    let untouched = b.get(&format!("/v1/members/{}", theirs.members[0])).await;
    assert_eq!(
        untouched.expect(200)["given_names"],
        theirs.personal[0].as_str()
    );
    assert_eq!(untouched.json["version"], 1);
    assert_eq!(untouched.json["partner_id"], "aprodeh");

    // Indicators: each partner counts its own records; the programme counts everyone's.
    let coverage = "/v1/indicators/coverage?sector=coffee";
    let cell = |indicator: &Value| {
        let cell = &indicator["data"][0];
        (
            cell["households"].clone(),
            cell["public_service"]["count"].clone(),
        )
    };
    let everyone = system.once_caught_up(&programme, coverage).await;
    assert_eq!(cell(&everyone), (json!(10), json!(3)));
    assert_eq!(
        cell(&a.get(coverage).await.expect(200).clone()),
        (json!(5), json!(1))
    );
    assert_eq!(
        cell(&b.get(coverage).await.expect(200).clone()),
        (json!(5), json!(2))
    );
    let training = "/v1/indicators/training";
    let all = system.once_caught_up(&programme, training).await;
    assert_eq!(
        (all["sessions_held"].clone(), all["participants"].clone()),
        (json!(2), json!(3))
    );
    let own = a.get(training).await;
    assert_eq!(
        (
            own.expect(200)["sessions_held"].clone(),
            own.json["participants"].clone(),
            own.json["certificates_issued"].clone()
        ),
        (json!(1), json!(1), json!(1))
    );
    let own = b.get(training).await;
    assert_eq!(
        (
            own.expect(200)["sessions_held"].clone(),
            own.json["participants"].clone(),
            own.json["certificates_issued"].clone()
        ),
        (json!(1), json!(2), json!(2))
    );

    system.stop().await;
}

formaliza_shared::backend_tests!(partners_never_see_each_other);

/// A session's host organisation is a reference like any other: checked in the members service
/// with the caller's token, so another partner's cooperative (or none at all) is refused.
#[actix_rt::test]
async fn a_session_hosted_by_another_partners_organisation_is_refused() {
    let system = TestSystem::start(Backend::Sqlite).await.unwrap();
    let a = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let b = system
        .client("APRODEH", PARTNER_SCOPES, Some("aprodeh"))
        .await;
    let programme = system
        .client("Programme office", "trainings:write", None)
        .await;
    let course = id(programme
        .post(
            "/v1/courses",
            &json!({"title": "Liderazgo", "topic": "leadership", "total_hours": 3,
                    "certificate_hours": 3, "language": "es"}),
        )
        .await
        .expect(201));
    let theirs = id(b
        .post(
            "/v1/organisations",
            &json!({"name": "Cooperativa Aprodeh", "kind": "cooperative", "legal_status": "registered",
                    "country": "PE"}),
        )
        .await
        .expect(201));
    for host in [
        theirs.clone(),
        "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001".to_owned(),
    ] {
        let hosted = a
            .post(
                "/v1/sessions",
                &json!({"course_id": course, "starts_at": "2026-01-10T09:00:00Z",
                        "ends_at": "2026-01-10T12:00:00Z", "country": "PE", "capacity": 10,
                        "host_organisation_id": host}),
            )
            .await;
        let problem = hosted.problem(422);
        assert_eq!(
            (
                problem["errors"][0]["field"].clone(),
                problem["errors"][0]["code"].clone()
            ),
            (json!("host_organisation_id"), json!("unknown_reference"))
        );
    }
    // Nor can a session of A's be moved to B's cooperative afterwards; its own one is fine.
    let ours = id(a
        .post(
            "/v1/organisations",
            &json!({"name": "Cooperativa Cedepas", "kind": "cooperative", "legal_status": "registered",
                    "country": "PE"}),
        )
        .await
        .expect(201));
    let session = id(a
        .post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": "2026-01-10T09:00:00Z",
                    "ends_at": "2026-01-10T12:00:00Z", "country": "PE", "capacity": 10,
                    "host_organisation_id": ours}),
        )
        .await
        .expect(201));
    let moved = a
        .patch(
            &format!("/v1/sessions/{session}"),
            None,
            &json!({"host_organisation_id": theirs}),
        )
        .await;
    assert_eq!(
        moved.problem(422)["errors"][0]["field"],
        "host_organisation_id"
    );
    system.stop().await;
}
