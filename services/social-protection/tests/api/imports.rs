//! `kind=enrolments` import jobs: an affiliation list as an NGO keeps it (Spanish headers, `;`,
//! scheme names, national IDs, `DD/MM/YYYY`) enrols the people the importer may read, once; a
//! second import of a changed list moves statuses through the lifecycle.

use std::time::{Duration, Instant};

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use serde_json::{Value, json};

use crate::common::{self, id, member};

/// Uploads a CSV and waits for the job to end.
async fn import(api: &TestClient, csv: &str) -> Value {
    let job = api
        .post_raw(
            "/v1/imports?kind=enrolments",
            "text/csv",
            csv.as_bytes().to_vec(),
        )
        .await
        .expect(202)
        .clone();
    let path = format!("/v1/imports/{}", job["id"].as_str().unwrap());
    assert!(path.starts_with("/v1/imports/spr_"), "{path}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let job = api.get(&path).await.expect(200).clone();
        if ["succeeded", "failed", "cancelled"].contains(&job["status"].as_str().unwrap()) {
            return job;
        }
        assert!(Instant::now() < deadline, "never finished: {job}");
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn rows(api: &TestClient, job: &Value) -> Vec<Value> {
    api.get(&format!(
        "/v1/imports/{}/rows?limit=100",
        job["id"].as_str().unwrap()
    ))
    .await
    .expect(200)["data"]
        .as_array()
        .unwrap()
        .clone()
}

async fn an_affiliation_list_enrols_people_once(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (programme_members, programme) = services.programme();
    let (members, api) = services.partner("cedepas");
    let (other_members, _) = services.partner("ayuda");
    let sis = id(programme
        .post(
            "/v1/schemes",
            &json!({"name": "SIS", "country": "PE", "kind": "public_service",
                    "category": "health", "coverage_unit": "person"}),
        )
        .await
        .expect(201));
    let dni = |n: &str| json!({"national_id": {"type": "pe_dni", "number": n}});
    let rosa = member(&members, dni("45000001")).await;
    let juan = member(&members, dni("45000002")).await;
    // Another partner's member: not this partner's to enrol.
    member(&other_members, dni("45000003")).await;
    drop(programme_members);
    services.catch_up().await;

    let list = "esquema;DNI;Número de afiliación;Estado;Fecha de afiliación\n\
                SIS;45000001;SIS-1;activa;14/03/2025\n\
                SIS;45000002;;solicitada;01/02/2026\n\
                SIS;45000003;;activa;01/01/2026\n\
                SIS;99999999;;activa;01/01/2026\n\
                Seguro Fantasma;45000001;;activa;01/01/2026\n";
    let job = import(&api, list).await;
    assert_eq!(job["status"], "succeeded", "{job}");
    let results = rows(&api, &job).await;
    assert_eq!(
        job["counts"],
        json!({"created": 2, "updated": 0, "unchanged": 0, "refused": 3}),
        "{results:?}"
    );
    let refused: Vec<(&str, &str)> = results
        .iter()
        .filter(|r| r["status"] == "refused")
        .map(|r| {
            (
                r["errors"][0]["field"].as_str().unwrap(),
                r["errors"][0]["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        refused,
        [
            ("id_number", "unknown_reference"),
            ("id_number", "unknown_reference"),
            ("scheme", "unknown_reference"),
        ]
    );
    // The rows echo the national ID numbers the partner typed: a ministry's token (enrolments,
    // not members) sees neither the job nor its rows; the programme office does.
    let ministry = services.protection.client(Some(common::token(
        "ministry",
        &[Scope::ProtectionRead, Scope::EnrollmentsExport],
        None,
    )));
    let job_path = format!("/v1/imports/{}", job["id"].as_str().unwrap());
    for path in [
        job_path.clone(),
        format!("{job_path}/rows"),
        format!("{job_path}/report.csv"),
    ] {
        ministry.get(&path).await.problem(404);
        programme.get(&path).await.expect(200);
    }
    assert_eq!(
        ministry.get("/v1/imports").await.expect(200)["data"],
        json!([])
    );
    assert_eq!(
        programme.get("/v1/imports").await.expect(200)["data"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    let enrolments = api
        .get(&format!("/v1/enrollments?scheme_id={sis}"))
        .await
        .expect(200)["data"]
        .as_array()
        .unwrap()
        .clone();
    let of = |member: &str| {
        enrolments
            .iter()
            .find(|e| e["member_id"] == member)
            .unwrap_or_else(|| panic!("{member} not enrolled: {enrolments:?}"))
            .clone()
    };
    assert_eq!(of(&rosa)["status"], "active");
    assert_eq!(of(&rosa)["status_since"], "2025-03-14");
    assert_eq!(of(&rosa)["affiliation_number"], "SIS-1");
    assert_eq!(of(&juan)["status"], "applied");

    // The same list again changes nothing: no new events in the feed.
    let head = |api: &TestClient| {
        let api = api.clone();
        async move {
            api.get("/v1/feeds/social-protection?limit=1")
                .await
                .header("x-feed-head")
                .map(str::to_owned)
        }
    };
    let before = head(&api).await;
    let again = import(&api, list).await;
    assert_eq!(
        again["counts"],
        json!({"created": 0, "updated": 0, "unchanged": 2, "refused": 3}),
        "{again}"
    );
    assert_eq!(head(&api).await, before);

    // Juan's application granted, Rosa's number corrected; a move the lifecycle refuses is
    // refused on its row.
    let changed = "scheme_id,id_number,affiliation_number,status,effective_on\n\
                   {sis},45000001,SIS-1B,,\n\
                   {sis},45000002,,active,2026-03-01\n";
    let changed = changed.replace("{sis}", &sis);
    let job = import(&api, &changed).await;
    assert_eq!(
        job["counts"],
        json!({"created": 0, "updated": 2, "unchanged": 0, "refused": 0}),
        "{job}"
    );
    let juan_now = api
        .get(&format!(
            "/v1/enrollments/{}",
            of(&juan)["id"].as_str().unwrap()
        ))
        .await
        .expect(200)
        .clone();
    assert_eq!(juan_now["status"], "active");
    assert_eq!(juan_now["status_since"], "2026-03-01");
    let back =
        format!("scheme_id,member_id,status,effective_on\n{sis},{juan},applied,2026-04-01\n");
    let job = import(&api, &back).await;
    assert_eq!(job["counts"]["refused"], 1, "{job}");
    assert_eq!(rows(&api, &job).await[0]["status"], "refused");
}

formaliza_shared::backend_tests!(an_affiliation_list_enrols_people_once);
