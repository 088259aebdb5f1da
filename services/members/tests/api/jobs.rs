//! Workers' jobs, on SQLite and (when configured) PostgreSQL: the references, the employer's
//! social-security registration, partner scoping, and jobs ending with their member.

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys, TestService};
use serde_json::{Value, json};

const READ_WRITE: &[Scope] = &[Scope::MembersRead, Scope::MembersWrite];

fn partner(service: &TestService, partner_id: &str) -> TestClient {
    service.client(Some(TestKeys::trusted().token(
        &format!("ngo-{partner_id}"),
        READ_WRITE,
        Some(partner_id),
    )))
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

async fn jobs_link_members_to_their_work(backend: Backend) {
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let other = partner(&service, "aprodeh");
    let taller = id(api
        .post(
            "/v1/organisations",
            &json!({"name": "Taller de Confecciones Sumaq", "kind": "small_enterprise",
                    "legal_status": "informal", "country": "PE", "sector": "textile"}),
        )
        .await
        .expect(201));
    let rosa = id(api
        .post(
            "/v1/members",
            &json!({"given_names": "Rosa", "family_names": "Huamán Ccori", "sex": "female",
                    "country": "PE", "national_id": {"type": "pe_dni", "number": "41234567"}}),
        )
        .await
        .expect(201));

    let job = api
        .post(
            "/v1/jobs",
            &json!({"member_id": rosa, "organisation_id": taller, "role": "employee",
                    "occupation": "Costurera", "contract": "verbal", "started_on": "2025-03-01"}),
        )
        .await;
    let job = job.expect(201).clone();
    assert_eq!(
        (&job["contract"], &job["social_security_since"]),
        (&json!("verbal"), &Value::Null)
    );
    // The employer registers her in the electronic payroll: the job becomes formal from then.
    let path = format!("/v1/jobs/{}", id(&job));
    let registered = api
        .patch(
            &path,
            Some("\"1\""),
            &json!({"contract": "written", "social_security_registry": "pe_t_registro",
                    "social_security_since": "2026-01-02"}),
        )
        .await;
    assert_eq!(
        registered.expect(200)["social_security_since"],
        "2026-01-02"
    );
    let before_start = api
        .patch(
            &path,
            Some("\"2\""),
            &json!({"social_security_since": "2025-01-01"}),
        )
        .await;
    assert_eq!(
        before_start.problem(422)["errors"][0]["code"],
        "before_start"
    );

    // Held on a day, and by partner.
    assert_eq!(
        api.get("/v1/jobs?held_on=2025-06-01").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        api.get("/v1/jobs?held_on=2025-02-28").await.expect(200)["data"],
        json!([])
    );
    assert_eq!(other.get("/v1/jobs").await.expect(200)["data"], json!([]));
    let stranger = other
        .post(
            "/v1/jobs",
            &json!({"member_id": rosa, "role": "self_employed", "started_on": "2024-01-01"}),
        )
        .await;
    assert_eq!(stranger.problem(422)["errors"][0]["field"], "member_id");

    // The organisation stays while it employs; the member's deletion ends her jobs.
    api.delete(&format!("/v1/organisations/{taller}"), None)
        .await
        .problem(409);
    api.delete(&format!("/v1/members/{rosa}"), None)
        .await
        .expect(204);
    api.get(&path).await.problem(404);
    let feed = api.get("/v1/feeds/members").await;
    let deleted_job = feed.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["resource"] == "job" && e["op"] == "delete" && e["id"] == job["id"]);
    assert!(deleted_job, "the job's end is in the feed");
}

formaliza_shared::backend_tests!(jobs_link_members_to_their_work);
