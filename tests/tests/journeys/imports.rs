//! Journey: a partner NGO uploads its KoboToolbox household roster through the gateway as an
//! import job, follows it to the end, reads what was refused and downloads the report; another
//! partner cannot see the job; jobs go to the service of their kind, with that service's
//! scopes; a file larger than an ordinary body streams through.

use formaliza_shared::db::Backend;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, wait_until};
use serde_json::{Value, json};

const ROSTER: &[u8] = include_bytes!("../../../services/members/tests/fixtures/kobo_roster.csv");

async fn a_roster_goes_in_as_a_job(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let response = ngo
        .post_raw("/v1/imports?kind=households", "text/csv", ROSTER.to_vec())
        .await;
    let job = response.expect(202).clone();
    let location = response.header("location").unwrap().to_owned();
    assert!(location.starts_with("/v1/imports/mem_"), "{location}");
    let done: Value = wait_until("the import job", || {
        let ngo = &ngo;
        let location = &location;
        async move {
            let job = ngo.get(location).await.expect(200).clone();
            (job["status"] != "queued" && job["status"] != "running").then_some(job)
        }
    })
    .await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert_eq!(
        done["counts"],
        json!({"created": 5, "updated": 0, "unchanged": 0, "refused": 1})
    );
    let refused = ngo.get(&format!("{location}/rows?status=refused")).await;
    assert_eq!(refused.expect(200)["data"][0]["line"], 7);
    let report = ngo.get(&format!("{location}/report.csv")).await;
    assert_eq!(report.status, 200);
    assert_eq!(report.text.lines().count(), 7);
    let households = ngo.get("/v1/households?external_ref=HOG-0417").await;
    assert_eq!(
        households.expect(200)["data"][0]["name"],
        "Familia Quispe Mamani"
    );
    let listed = ngo.get("/v1/imports?kind=households").await;
    assert_eq!(listed.expect(200)["data"][0]["id"], job["id"]);

    // Another partner: the job does not exist for it.
    let other = system
        .client("APRODEH", PARTNER_SCOPES, Some("aprodeh"))
        .await;
    other.get(&location).await.problem(404);
    assert_eq!(
        other.get("/v1/imports").await.expect(200)["data"],
        json!([])
    );

    // A kind is routed to its service and needs that service's scope.
    let members_only = system
        .client(
            "Members clerk",
            "members:read members:write",
            Some("cedepas"),
        )
        .await;
    let response = members_only
        .post_raw(
            "/v1/imports?kind=attendance",
            "text/csv",
            b"a\n1\n".to_vec(),
        )
        .await;
    let problem = response.problem(403);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("trainings:write"),
        "{problem}"
    );
    let response = members_only
        .post_raw("/v1/imports?kind=courses", "text/csv", b"a\n1\n".to_vec())
        .await;
    assert_eq!(response.problem(400)["errors"][0]["field"], "kind");

    // Larger than an ordinary body may be (8 MiB here): streamed through to the service.
    let mut big = String::from("nombres,apellidos,dni,pais,notas\n");
    let notes = "x".repeat(5000);
    for i in 0..2000 {
        big.push_str(&format!(
            "Persona {i},Apellido,{:08},PE,{notes}\n",
            47_000_000 + i
        ));
    }
    assert!(big.len() > 9 << 20);
    let response = ngo
        .post_raw(
            "/v1/imports?kind=members&dry_run=true",
            "text/csv",
            big.into_bytes(),
        )
        .await;
    assert_eq!(
        response.expect(202)["file_bytes"]
            .as_i64()
            .map(|b| b > 9 << 20),
        Some(true)
    );
    system.stop().await;
}

formaliza_shared::backend_tests!(a_roster_goes_in_as_a_job);
