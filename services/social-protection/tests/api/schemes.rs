//! Schemes: the shared resource life (create, get, patch, delete, list), validation, partner
//! scoping, and the feed.

use formaliza_shared::db::Backend;
use serde_json::json;

use crate::common::{self, id};

fn sis() -> serde_json::Value {
    json!({
        "name": "Seguro Integral de Salud (SIS)",
        "country": "PE",
        "kind": "public_service",
        "category": "health",
        "operator": "Ministerio de Salud",
        "coverage_unit": "person"
    })
}

async fn scheme_lifecycle(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (_, api) = services.partner("cedepas");

    let created = api.post("/v1/schemes", &sis()).await;
    let scheme = created.expect(201).clone();
    let scheme_id = id(&scheme);
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/schemes/{scheme_id}").as_str())
    );
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(scheme["active"], true);
    assert_eq!(scheme["partner_id"], "cedepas");
    assert_eq!(scheme["coverage_unit"], "person");

    let patched = api
        .patch(
            &format!("/v1/schemes/{scheme_id}"),
            Some("\"1\""),
            &json!({"active": false, "operator": null}),
        )
        .await;
    let body = patched.expect(200);
    assert_eq!(
        (
            body["active"].clone(),
            body["operator"].clone(),
            body["version"].clone()
        ),
        (json!(false), json!(null), json!(2))
    );
    api.patch(
        &format!("/v1/schemes/{scheme_id}"),
        Some("\"1\""),
        &json!({"active": true}),
    )
    .await
    .problem(412);

    // Lists and filters; another partner sees nothing of it.
    api.post(
        "/v1/schemes",
        &json!({"name": "Fondo mutual Perené", "country": "PE", "kind": "insurance",
        "category": "mutual_fund", "coverage_unit": "household"}),
    )
    .await
    .expect(201);
    let insurance = api.get("/v1/schemes?kind=insurance").await;
    let names: Vec<&str> = insurance.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Fondo mutual Perené"]);
    assert_eq!(
        api.get("/v1/schemes?active=false").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (_, stranger) = services.partner("aprodeh");
    stranger
        .get(&format!("/v1/schemes/{scheme_id}"))
        .await
        .problem(404);
    assert_eq!(
        stranger.get("/v1/schemes").await.expect(200)["data"],
        json!([])
    );

    api.delete(&format!("/v1/schemes/{scheme_id}"), Some("\"2\""))
        .await
        .expect(204);
    api.get(&format!("/v1/schemes/{scheme_id}"))
        .await
        .problem(404);

    let feed = api.get("/v1/feeds/social-protection?after=0").await;
    let ops: Vec<(String, String)> = feed.expect(200)["data"]
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
    let scheme = |op: &str| ("scheme".to_owned(), op.to_owned());
    assert_eq!(
        ops,
        [
            scheme("create"),
            scheme("update"),
            scheme("create"),
            scheme("delete")
        ]
    );
}

async fn bad_schemes_are_refused(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (_, api) = services.programme();
    let bad = api
        .post(
            "/v1/schemes",
            &json!({"name": "S", "country": "peru", "kind": "public_service",
            "category": "health", "coverage_unit": "person"}),
        )
        .await;
    let fields: Vec<&str> = bad.problem(422)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "country"]);
    let mut unknown = sis();
    unknown["premium"] = json!(12);
    assert_eq!(
        api.post("/v1/schemes", &unknown).await.problem(422)["errors"][0]["field"],
        "premium"
    );
    let mut wrong_kind = sis();
    wrong_kind["kind"] = json!("charity");
    assert_eq!(
        api.post("/v1/schemes", &wrong_kind).await.problem(422)["errors"][0]["field"],
        "kind"
    );
    api.get("/v1/schemes?kind=charity").await.problem(400);
    // Scopes: reading needs protection:read, writing protection:write.
    let reader = services.protection.client(Some(common::token(
        "dashboard",
        &[formaliza_shared::Scope::IndicatorsRead],
        None,
    )));
    reader.get("/v1/schemes").await.problem(403);
    services
        .protection
        .client(None)
        .get("/v1/schemes")
        .await
        .problem(401);
}

/// Programme-wide schemes (SIS, EsSalud, …) are reference data: every partner reads them, only
/// the programme changes them; a partner's own scheme stays its own.
async fn programme_schemes_are_read_by_every_partner(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (_, programme) = services.programme();
    let (_, partner) = services.partner("cedepas");
    let (_, other) = services.partner("aprodeh");
    let sis_id = id(programme.post("/v1/schemes", &sis()).await.expect(201));
    let mut mutual = sis();
    mutual["name"] = json!("Fondo mutual de la cooperativa");
    mutual["kind"] = json!("insurance");
    mutual["category"] = json!("mutual_fund");
    let mutual_id = id(partner.post("/v1/schemes", &mutual).await.expect(201));

    assert_eq!(
        partner
            .get(&format!("/v1/schemes/{sis_id}"))
            .await
            .expect(200)["name"],
        "Seguro Integral de Salud (SIS)"
    );
    let listed: Vec<String> = partner.get("/v1/schemes").await.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    assert_eq!(listed, [sis_id.clone(), mutual_id.clone()]);
    let others: Vec<String> = other.get("/v1/schemes").await.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    assert_eq!(others, std::slice::from_ref(&sis_id));
    other
        .get(&format!("/v1/schemes/{mutual_id}"))
        .await
        .problem(404);
    partner
        .patch(
            &format!("/v1/schemes/{sis_id}"),
            None,
            &json!({"active": false}),
        )
        .await
        .problem(403);
    partner
        .delete(&format!("/v1/schemes/{sis_id}"), None)
        .await
        .problem(403);
    assert_eq!(
        programme
            .get(&format!("/v1/schemes/{sis_id}"))
            .await
            .expect(200)["active"],
        true
    );
}

formaliza_shared::backend_tests!(
    scheme_lifecycle,
    bad_schemes_are_refused,
    programme_schemes_are_read_by_every_partner
);
