//! Journey 1: a partner NGO registers a coffee cooperative and its families, imports the
//! cooperative's members from its spreadsheet, and trains them in a course from the programme's
//! catalogue; the attendance sheets earn certificates, an employer verifies one without an
//! account, and the training indicator counts it all.

use std::collections::{BTreeMap, BTreeSet};

use formaliza_shared::db::Backend;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id, list_ids};
use serde_json::{Value, json};

const HEADER: &str = "given_names,family_names,sex,birth_date,id_type,id_number,country,region,sector,work_status,household_id,relationship_to_head,data_sharing_consent,organisation_id,role";

async fn a_cooperative_is_trained_and_certified(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let programme = system
        .client("Programme office", "trainings:read trainings:write", None)
        .await;

    // The cooperative and two families.
    let created = ngo
        .post(
            "/v1/organisations",
            &json!({"name": "Cooperativa Agraria Cafetalera Perené", "kind": "cooperative",
                    "legal_status": "registered", "country": "PE", "region": "PE-JUN", "sector": "coffee"}),
        )
        .await;
    let cooperative = created.expect(201).clone();
    let coop = id(&cooperative);
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/organisations/{coop}").as_str())
    );
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(cooperative["partner_id"], "cedepas");
    assert_eq!(cooperative["in_programme"], true);
    let mut families = Vec::new();
    for name in ["Familia Quispe", "Familia Huamán"] {
        let household = ngo
            .post(
                "/v1/households",
                &json!({"name": name, "country": "PE", "region": "PE-JUN", "district": "Pichanaqui"}),
            )
            .await;
        assert_eq!(household.expect(201)["partner_id"], "cedepas");
        families.push(id(&household.json));
    }
    let (quispe, huaman) = (&families[0], &families[1]);

    // The cooperative's spreadsheet: three good rows and one with an impossible birth date and
    // a seven-digit DNI.
    let sheet = format!(
        "{HEADER}\n\
         María Elena,Quispe Mamani,female,1986-04-12,pe_dni,45871236,PE,PE-JUN,coffee,self_employed,{quispe},head,sí,{coop},president\n\
         Juan,Quispe Pari,male,2001-09-30,pe_dni,45871237,PE,PE-JUN,coffee,unpaid_family_worker,{quispe},child,no,{coop},\n\
         Rosa,Huamán Soto,female,1979-01-15,pe_dni,40112233,PE,PE-JUN,coffee,self_employed,{huaman},head,yes,{coop},treasurer\n\
         Luis,Condori,male,1990-02-30,pe_dni,4011223,PE,PE-JUN,coffee,self_employed,{huaman},spouse,no,{coop},\n"
    );
    let imported = ngo
        .post_raw("/v1/members/import", "text/csv", sheet.clone().into_bytes())
        .await;
    let report = imported.expect(200).clone();
    assert_eq!(
        report["summary"],
        json!({"rows": 4, "created": 3, "updated": 0, "unchanged": 0, "failed": 1})
    );
    assert_eq!(report["dry_run"], false);
    assert_eq!(report["format"], "csv");
    let rows = report["rows"].as_array().unwrap();
    let outcome: Vec<_> = rows
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcome,
        [
            (2, "created"),
            (3, "created"),
            (4, "created"),
            (5, "failed")
        ]
    );
    let bad: BTreeSet<_> = rows[3]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(bad, BTreeSet::from(["birth_date", "id_number"]));
    assert_eq!(rows[3]["id"], Value::Null);
    let (maria, juan, rosa) = (id(&rows[0]), id(&rows[1]), id(&rows[2]));

    // The members and their memberships are there to list.
    let mut in_coop = list_ids(&ngo, &format!("/v1/members?organisation_id={coop}")).await;
    in_coop.sort();
    let mut expected = vec![maria.clone(), juan.clone(), rosa.clone()];
    expected.sort();
    assert_eq!(in_coop, expected);
    let family: BTreeSet<_> = list_ids(&ngo, &format!("/v1/members?household_id={quispe}"))
        .await
        .into_iter()
        .collect();
    assert_eq!(family, BTreeSet::from([maria.clone(), juan.clone()]));
    let memberships = ngo
        .get(&format!("/v1/memberships?organisation_id={coop}"))
        .await;
    let roles: BTreeMap<_, _> = memberships.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["member_id"].as_str().unwrap().to_owned(),
                m["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        BTreeMap::from([
            (maria.clone(), "president".to_owned()),
            (juan.clone(), "member".to_owned()),
            (rosa.clone(), "treasurer".to_owned()),
        ])
    );
    let fetched = ngo.get(&format!("/v1/members/{maria}")).await;
    let record = fetched.expect(200);
    assert_eq!(record["given_names"], "María Elena");
    assert_eq!(
        record["national_id"],
        json!({"type": "pe_dni", "number": "45871236", "country": "PE"})
    );
    assert_eq!(record["household_id"], quispe.as_str());
    assert_eq!(record["relationship_to_head"], "head");
    assert_eq!(record["data_sharing_consent"], true);
    assert_eq!(record["partner_id"], "cedepas");
    assert_eq!(fetched.header("etag"), Some("\"1\""));

    // The upload retried over a flaky connection: nothing is duplicated.
    let retried = ngo
        .post_raw("/v1/members/import", "text/csv", sheet.into_bytes())
        .await;
    assert_eq!(
        retried.expect(200)["summary"],
        json!({"rows": 4, "created": 0, "updated": 0, "unchanged": 3, "failed": 1})
    );
    let memberships = ngo
        .get(&format!("/v1/memberships?organisation_id={coop}"))
        .await;
    assert_eq!(memberships.expect(200)["data"].as_array().unwrap().len(), 3);

    // The programme's catalogue: a 6-hour course, certificate at 5 hours. Partners schedule it
    // but cannot change it.
    let course = programme
        .post(
            "/v1/courses",
            &json!({"title": "Derechos laborales para productores de café", "topic": "labor_rights",
                    "sector": "coffee", "total_hours": 6, "certificate_hours": 5, "language": "es"}),
        )
        .await;
    assert_eq!(course.expect(201)["partner_id"], Value::Null);
    let course = id(&course.json);
    assert_eq!(
        ngo.get(&format!("/v1/courses/{course}")).await.expect(200)["certificate_hours"],
        5.0
    );
    ngo.patch(
        &format!("/v1/courses/{course}"),
        None,
        &json!({"certificate_hours": 1}),
    )
    .await
    .problem(403);

    // Before any training, the indicator is empty.
    let period = format!("/v1/indicators/training?from={}&to={}", day(-30), day(0));
    let before = system.once_caught_up(&ngo, &period).await;
    assert_eq!(
        (
            before["sessions_held"].clone(),
            before["participants"].clone(),
            before["certificates_issued"].clone()
        ),
        (json!(0), json!(0), json!(0))
    );

    // Two 3-hour workshops hosted by the cooperative; all three registered in both.
    let mut sessions = Vec::new();
    for days_ago in [20, 13] {
        let date = day(-days_ago);
        let created = ngo
            .post(
                "/v1/sessions",
                &json!({"course_id": course, "starts_at": format!("{date}T14:00:00Z"),
                        "ends_at": format!("{date}T17:00:00Z"), "country": "PE", "region": "PE-JUN",
                        "venue": "Local comunal de Alto Kimiriki", "host_organisation_id": coop,
                        "capacity": 20}),
            )
            .await;
        let session = created.expect(201);
        assert_eq!(session["hours"], 3.0);
        assert_eq!(session["partner_id"], "cedepas");
        sessions.push(id(session));
    }
    for session in &sessions {
        for member in [&maria, &juan, &rosa] {
            let body = json!({"session_id": session, "member_id": member});
            let key = format!("registration-{session}-{member}");
            let registered = ngo.post_once("/v1/participations", &key, &body).await;
            let participation = registered.expect(201);
            assert_eq!(participation["partner_id"], "cedepas");
            assert_eq!(participation["attendance"], Value::Null);
            assert!(
                registered
                    .header("location")
                    .is_some_and(|l| l.starts_with("/v1/participations/"))
            );
            // A retry over a flaky connection takes no second seat.
            let retried = ngo.post_once("/v1/participations", &key, &body).await;
            assert_eq!(retried.expect(201)["id"], registered.json["id"]);
        }
        assert_eq!(
            ngo.get(&format!("/v1/sessions/{session}"))
                .await
                .expect(200)["registered"],
            3
        );
    }

    // First sign-in sheet: María 3 h, Juan left after 2 h, Rosa absent. Nobody reaches 5 h.
    let first_sheet = json!({"records": [
        {"member_id": maria, "attendance": "attended"},
        {"member_id": juan, "attendance": "attended", "hours": 2},
        {"member_id": rosa, "attendance": "absent"}
    ]});
    let attendance = format!("/v1/sessions/{}/attendance", sessions[0]);
    let first = ngo
        .post_once(&attendance, "sheet-perene-1", &first_sheet)
        .await;
    let result = first.expect(200);
    let hours: Vec<_> = result["participations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["hours"].as_f64().unwrap())
        .collect();
    assert_eq!(hours, [3.0, 2.0, 0.0]);
    assert_eq!(result["certificates_issued"], json!([]));
    // The upload is retried after a dropped connection: the first answer, nothing recorded twice.
    let retried = ngo
        .post_once(&attendance, "sheet-perene-1", &first_sheet)
        .await;
    assert_eq!(retried.expect(200), first.expect(200));
    assert_eq!(retried.header("idempotent-replayed"), Some("true"));
    // Second sheet: everyone attended; María (6 h) and Juan (5 h) earn the certificate.
    let second = ngo
        .post(
            &format!("/v1/sessions/{}/attendance", sessions[1]),
            &json!({"records": [
                {"member_id": maria, "attendance": "attended"},
                {"member_id": juan, "attendance": "attended"},
                {"member_id": rosa, "attendance": "attended"}
            ]}),
        )
        .await;
    let issued: BTreeSet<_> = second.expect(200)["certificates_issued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["member_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(issued, BTreeSet::from([maria.clone(), juan.clone()]));

    // The partner finds María's certificate.
    let certificates = ngo
        .get(&format!("/v1/certificates?member_id={maria}"))
        .await;
    let certificate = certificates.expect(200)["data"][0].clone();
    assert_eq!(certificate["course_id"], course.as_str());
    assert_eq!(certificate["attended_hours"], 6.0);
    assert_eq!(certificate["issued_on"], day(0));
    assert_eq!(certificate["partner_id"], "cedepas");
    let code = certificate["code"].as_str().unwrap().to_owned();
    assert_eq!(
        ngo.get("/v1/certificates").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        ngo.get(&format!("/v1/certificates?member_id={rosa}"))
            .await
            .expect(200)["data"],
        json!([])
    );

    // An employer checks the code, with no account: course, date and initials, nothing else.
    let public = system.anonymous();
    let verified = public.get(&format!("/v1/certificates/verify/{code}")).await;
    let shown = verified.expect(200).clone();
    let fields: BTreeSet<_> = shown.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        fields,
        BTreeSet::from(
            ["valid", "course_title", "issued_on", "holder_initials"].map(str::to_owned)
        )
    );
    assert_eq!(shown["valid"], true);
    assert_eq!(
        shown["course_title"],
        "Derechos laborales para productores de café"
    );
    assert_eq!(shown["issued_on"], day(0));
    assert_eq!(shown["holder_initials"], "M. E. Q. M.");
    assert_eq!(verified.header("cache-control"), Some("no-store"));
    for secret in [
        "María", "Quispe", "Mamani", "45871236", "1986", &maria, "cedepas", &coop,
    ] {
        assert!(
            !verified.text.contains(secret),
            "the public check shows {secret}: {}",
            verified.text
        );
    }
    public
        .get("/v1/certificates/verify/00000000000040008000000000000000")
        .await
        .problem(404);
    // The certificate records themselves need a token.
    public.get("/v1/certificates").await.problem(401);

    // The training indicator counts the two workshops, once the members read model is current.
    let after = system.once_caught_up(&ngo, &period).await;
    assert_eq!(after["sessions_held"], 2);
    assert_eq!(after["hours_delivered"], 6.0);
    // María 3 + 3, Juan 2 + 3, Rosa 0 + 3.
    assert_eq!(after["participant_hours"], 14.0);
    assert_eq!(after["participants"], 3);
    assert_eq!(
        after["participants_by_sex"],
        json!({"female": 2, "male": 1, "unknown": 0})
    );
    // Juan (born 2001) is 15–29.
    assert_eq!(
        after["participants_by_age"],
        json!({"youth": 1, "not_youth": 2, "unknown": 0})
    );
    assert_eq!(after["completion_rate"].as_f64(), Some(2.0 / 3.0));
    assert_eq!(after["certificates_issued"], 2);
    assert_eq!(after["outside_organisations"], 0);
    assert_eq!(after["suppressed"], false);
    // The cooperative's members only: here, all of them.
    let cooperative_only = ngo.get(&format!("{period}&organisation_id={coop}")).await;
    assert_eq!(cooperative_only.expect(200)["participants"], 3);
    assert_eq!(cooperative_only.json["participant_hours"], 14.0);
    for leak in ["María", "Quispe", "45871236", &maria] {
        assert!(
            !after.to_string().contains(leak),
            "{leak} in the indicator: {after}"
        );
    }

    system.stop().await;
}

formaliza_shared::backend_tests!(a_cooperative_is_trained_and_certified);
