//! Journey 4: a third-party dashboard holds a token with `indicators:read` only. It reads the
//! coverage and training indicators, which carry aggregates and no personal data (small cells
//! withheld), and is refused everything else with a 403 problem.

use formaliza_shared::db::Backend;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id};
use serde_json::{Value, json};

async fn a_dashboard_reads_aggregates_only(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let programme = system
        .client("Programme office", "protection:write trainings:write", None)
        .await;
    let dashboard = system
        .client("Observatorio del café (dashboard)", "indicators:read", None)
        .await;

    // Five coffee families (three headed by women), three of them in SIS; all five heads
    // trained in one 3-hour workshop that earns the certificate.
    let (mut homes, mut heads, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..5 {
        let home = id(ngo
            .post(
                "/v1/households",
                &json!({"name": format!("Familia Ccori {i}"), "country": "PE", "region": "PE-CAJ"}),
            )
            .await
            .expect(201));
        let (given, family, dni, phone) = (
            format!("Eulalia{i}"),
            format!("Ccorimanya{i}"),
            format!("4290{i:04}"),
            format!("+51 976 555 0{i}0"),
        );
        let head = id(ngo
            .post(
                "/v1/members",
                &json!({"given_names": given, "family_names": family,
                        "sex": if i < 3 { "female" } else { "male" }, "birth_date": "1980-05-01",
                        "phone": phone, "national_id": {"type": "pe_dni", "number": dni},
                        "sector": "coffee", "country": "PE", "region": "PE-CAJ",
                        "household_id": home, "relationship_to_head": "head"}),
            )
            .await
            .expect(201));
        names.extend([given, family, dni, phone]);
        homes.push(home);
        heads.push(head);
    }
    let sis = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "SIS", "country": "PE", "kind": "public_service", "category": "health",
                    "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    for head in &heads[..3] {
        ngo.post(
            "/v1/enrollments",
            &json!({"scheme_id": sis, "member_id": head, "status": "active", "effective_on": day(-100)}),
        )
        .await
        .expect(201);
    }
    let course = id(programme
        .post(
            "/v1/courses",
            &json!({"title": "Cooperativismo", "topic": "cooperativism", "total_hours": 3,
                    "certificate_hours": 3, "language": "es"}),
        )
        .await
        .expect(201));
    let date = day(-7);
    let session = id(ngo
        .post(
            "/v1/sessions",
            &json!({"course_id": course, "starts_at": format!("{date}T09:00:00Z"),
                    "ends_at": format!("{date}T12:00:00Z"), "country": "PE", "region": "PE-CAJ",
                    "capacity": 10}),
        )
        .await
        .expect(201));
    let mut records = Vec::new();
    for head in &heads {
        ngo.post(
            "/v1/participations",
            &json!({"session_id": session, "member_id": head}),
        )
        .await
        .expect(201);
        records.push(json!({"member_id": head, "attendance": "attended"}));
    }
    let sheet = ngo
        .post(
            &format!("/v1/sessions/{session}/attendance"),
            &json!({"records": records}),
        )
        .await;
    assert_eq!(
        sheet.expect(200)["certificates_issued"]
            .as_array()
            .unwrap()
            .len(),
        5
    );

    // What nobody may read from an indicator.
    let mut personal = names.clone();
    personal.extend(heads.iter().cloned());
    personal.extend(homes.iter().cloned());
    personal.push("1980-05-01".to_owned());
    let assert_anonymous = |body: &Value| {
        let text = body.to_string();
        for secret in &personal {
            assert!(!text.contains(secret.as_str()), "{secret} in {text}");
        }
        for field in [
            "given_names",
            "family_names",
            "national_id",
            "member_id",
            "phone",
            "birth_date",
        ] {
            assert!(!text.contains(field), "{field} in {text}");
        }
    };

    // Coverage: five families, three covered.
    let coverage = system
        .once_caught_up(&dashboard, "/v1/indicators/coverage?sector=coffee")
        .await;
    assert_eq!(
        coverage["data"],
        json!([{"group": null, "households": 5,
                "public_service": {"count": 3, "percentage": 60.0},
                "insurance": {"count": 0, "percentage": 0.0}, "suppressed": false}])
    );
    assert_anonymous(&coverage);
    let series = dashboard
        .get(&format!(
            "/v1/indicators/coverage/series?sector=coffee&from={}&to={}",
            day(-60),
            day(0)
        ))
        .await;
    let last = series.expect(200)["data"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["as_of"], day(0));
    assert_eq!(last["public_service"]["count"], 3);
    assert_anonymous(&series.json);

    // Training: five participants, but the split by sex counts fewer than five people on each
    // side and is withheld (an empty cell, counting nobody, is shown).
    let training = system
        .once_caught_up(&dashboard, "/v1/indicators/training")
        .await;
    assert_eq!(training["sessions_held"], 1);
    assert_eq!(training["hours_delivered"], 3.0);
    assert_eq!(training["participants"], 5);
    assert_eq!(training["certificates_issued"], 5);
    assert_eq!(training["completion_rate"], 1.0);
    assert_eq!(
        training["participants_by_sex"],
        json!({"female": null, "male": null, "unknown": 0})
    );
    assert_eq!(training["suppressed"], true);
    assert_anonymous(&training);

    // Everything else is refused at the gateway, as a problem, before any service is asked.
    let (member, home) = (&heads[0], &homes[0]);
    let reads = [
        "/v1/members".to_owned(),
        format!("/v1/members/{member}"),
        format!("/v1/members?household_id={home}"),
        "/v1/households".to_owned(),
        format!("/v1/households/{home}"),
        "/v1/organisations".to_owned(),
        "/v1/memberships".to_owned(),
        "/v1/enrollments".to_owned(),
        format!("/v1/enrollments?member_id={member}"),
        "/v1/schemes".to_owned(),
        "/v1/courses".to_owned(),
        "/v1/sessions".to_owned(),
        "/v1/participations".to_owned(),
        "/v1/certificates".to_owned(),
        "/v1/enrollments/export".to_owned(),
        "/v1/enrollments/export?format=csv".to_owned(),
        "/v1/feeds/members".to_owned(),
        "/v1/feeds/trainings".to_owned(),
        "/v1/feeds/social-protection".to_owned(),
    ];
    for path in &reads {
        let refused = dashboard.get(path).await;
        refused.problem(403);
        assert!(
            !names
                .iter()
                .any(|name| refused.text.contains(name.as_str())),
            "{path}: {}",
            refused.text
        );
    }
    let member_body = json!({"given_names": "X", "family_names": "Y", "country": "PE"});
    dashboard
        .post("/v1/members", &member_body)
        .await
        .problem(403);
    dashboard
        .post_raw(
            "/v1/members/import",
            "text/csv",
            b"given_names,family_names,country\nX,Y,PE\n".to_vec(),
        )
        .await
        .problem(403);
    dashboard
        .patch(
            &format!("/v1/households/{home}"),
            None,
            &json!({"name": "Otra"}),
        )
        .await
        .problem(403);
    dashboard
        .delete(&format!("/v1/members/{member}"), None)
        .await
        .problem(403);
    dashboard
        .post(
            "/v1/enrollments",
            &json!({"scheme_id": sis, "member_id": member}),
        )
        .await
        .problem(403);
    dashboard
        .post(
            &format!("/v1/sessions/{session}/attendance"),
            &json!({"records": [{"member_id": member, "attendance": "absent"}]}),
        )
        .await
        .problem(403);
    dashboard
        .post("/v1/schemes", &json!({"name": "X"}))
        .await
        .problem(403);
    // Nothing was touched.
    let unchanged = ngo.get(&format!("/v1/members/{member}")).await;
    assert_eq!(unchanged.expect(200)["version"], 1);
    assert_eq!(
        ngo.get(&format!("/v1/households/{home}")).await.expect(200)["name"],
        "Familia Ccori 0"
    );
    // And without a token, not even the indicators.
    system
        .anonymous()
        .get("/v1/indicators/coverage")
        .await
        .problem(401);

    system.stop().await;
}

formaliza_shared::backend_tests!(a_dashboard_reads_aggregates_only);
