//! An organisation's registrations and the formal status that follows from them, on SQLite and
//! (when configured) PostgreSQL: numbers checked per registry, one organisation per number,
//! dated transitions with backdating, and the status history.

use chrono::{TimeDelta, Utc};
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

fn day(offset: i64) -> String {
    (Utc::now().date_naive() + TimeDelta::days(offset)).to_string()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap().to_owned()
}

async fn enterprise(api: &TestClient, name: &str, country: &str) -> String {
    id(api
        .post(
            "/v1/organisations",
            &json!({"name": name, "kind": "small_enterprise", "legal_status": "informal",
                    "country": country, "sector": "textile"}),
        )
        .await
        .expect(201))
}

async fn organisation(api: &TestClient, id: &str) -> Value {
    api.get(&format!("/v1/organisations/{id}"))
        .await
        .expect(200)
        .clone()
}

async fn an_enterprise_becomes_formal_step_by_step(backend: Backend) {
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let confecciones = enterprise(&api, "Confecciones Warmi Away", "PE").await;
    let informal = organisation(&api, &confecciones).await;
    assert_eq!(
        (&informal["formal_status"], &informal["formal_status_since"]),
        (&json!("informal"), &Value::Null)
    );

    // The tax registration, backdated: in formation from that day.
    let ruc = api
        .post(
            "/v1/registrations",
            &json!({"organisation_id": confecciones, "registry": "pe_ruc",
                    "number": "2013131295-5", "tax_regime": "pe_rmt",
                    "effective_on": day(-200), "evidence": "Ficha RUC"}),
        )
        .await;
    let ruc = ruc.expect(201).clone();
    assert_eq!(ruc["number"], "20131312955");
    assert_eq!(
        (&ruc["status"], &ruc["status_since"]),
        (&json!("active"), &json!(day(-200)))
    );
    let in_formation = organisation(&api, &confecciones).await;
    assert_eq!(in_formation["formal_status"], "in_formation");
    assert_eq!(in_formation["formal_status_since"], day(-200));
    assert_eq!(in_formation["version"], 2);

    // A licence does not make it formal; the SUNARP entry does.
    api.post(
        "/v1/registrations",
        &json!({"organisation_id": confecciones, "registry": "pe_municipal_licence",
                "number": "LF-0481-2025", "issued_by": "Municipalidad Distrital de Pichanaqui",
                "expires_on": day(-10), "effective_on": day(-150)}),
    )
    .await
    .expect(201);
    assert_eq!(
        organisation(&api, &confecciones).await["formal_status"],
        "in_formation"
    );
    let licences = api
        .get(&format!(
            "/v1/registrations?organisation_id={confecciones}&registry=pe_municipal_licence"
        ))
        .await;
    let licence = licences.expect(200)["data"][0].clone();
    assert_eq!(
        (&licence["status"], &licence["status_since"]),
        (&json!("expired"), &json!(day(-9)))
    );
    let sunarp = api
        .post(
            "/v1/registrations",
            &json!({"organisation_id": confecciones, "registry": "pe_sunarp",
                    "number": "11012345", "effective_on": day(-100)}),
        )
        .await
        .expect(201)
        .clone();
    let formal = organisation(&api, &confecciones).await;
    assert_eq!(
        (&formal["formal_status"], &formal["formal_status_since"]),
        (&json!("formal"), &json!(day(-100)))
    );

    // A suspension of the RUC, backdated but not before the status it leaves.
    let ruc_path = format!("/v1/registrations/{}", id(&ruc));
    let too_early = api
        .post(
            &format!("{ruc_path}/transitions"),
            &json!({"status": "suspended", "effective_on": day(-201)}),
        )
        .await;
    assert_eq!(
        too_early.problem(422)["errors"][0]["code"],
        "before_current_status"
    );
    let future = api
        .post(
            &format!("{ruc_path}/transitions"),
            &json!({"status": "suspended", "effective_on": day(1)}),
        )
        .await;
    assert_eq!(future.problem(422)["errors"][0]["code"], "in_future");
    let suspended = api
        .post(
            &format!("{ruc_path}/transitions"),
            &json!({"status": "suspended", "effective_on": day(-30),
                    "reason": "Suspensión temporal de actividades"}),
        )
        .await;
    assert_eq!(suspended.expect(200)["status"], "suspended");
    assert_eq!(
        organisation(&api, &confecciones).await["formal_status"],
        "in_formation"
    );
    let illegal = api
        .post(
            &format!("{ruc_path}/transitions"),
            &json!({"status": "expired"}),
        )
        .await;
    assert_eq!(
        illegal.problem(409)["context"]["allowed"],
        json!(["active", "cancelled"])
    );
    api.post(
        &format!("{ruc_path}/transitions"),
        &json!({"status": "active", "effective_on": day(-5)}),
    )
    .await
    .expect(200);

    let history = api
        .get(&format!("/v1/organisations/{confecciones}/status-history"))
        .await;
    assert_eq!(
        history.expect(200)["data"],
        json!([
            {"status": "in_formation", "since": day(-200)},
            {"status": "formal", "since": day(-100)},
            {"status": "in_formation", "since": day(-30)},
            {"status": "formal", "since": day(-5)},
        ])
    );
    let transitions = api.get(&format!("{ruc_path}/transitions")).await;
    let moves: Vec<(Value, Value)> = transitions.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["to_status"].clone(), t["effective_on"].clone()))
        .collect();
    assert_eq!(
        moves,
        [
            (json!("active"), json!(day(-200))),
            (json!("suspended"), json!(day(-30))),
            (json!("active"), json!(day(-5))),
        ]
    );

    // Deleting the SUNARP entry (recorded in error) takes formality away again, and the
    // organisation cannot be deleted while registrations remain.
    api.delete(&format!("/v1/registrations/{}", id(&sunarp)), None)
        .await
        .expect(204);
    assert_eq!(
        organisation(&api, &confecciones).await["formal_status"],
        "in_formation"
    );
    api.delete(&format!("/v1/organisations/{confecciones}"), None)
        .await
        .problem(409);

    // The feed says each organisation change with its derived status.
    let feed = api.get("/v1/feeds/members").await;
    let statuses: Vec<Value> = feed.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["resource"] == "organisation")
        .map(|e| e["data"]["formal_status"].clone())
        .collect();
    assert_eq!(
        statuses,
        [
            json!("informal"),
            json!("in_formation"),
            json!("formal"),
            json!("in_formation"),
            json!("formal"),
            json!("in_formation"),
        ]
    );
}

async fn numbers_are_checked_and_held_by_one_organisation(backend: Backend) {
    let Some(service) = TestService::start(formaliza_members::spec(), backend).await else {
        return;
    };
    let a = partner(&service, "cedepas");
    let b = partner(&service, "aprodeh");
    let peruvian = enterprise(&a, "Panadería Santa Rosa", "PE").await;
    let bolivian = enterprise(&b, "Metalmecánica Illimani", "BO").await;

    let wrong_digit = a
        .post(
            "/v1/registrations",
            &json!({"organisation_id": peruvian, "registry": "pe_ruc", "number": "20131312956"}),
        )
        .await;
    let problem = wrong_digit.problem(422);
    assert_eq!(
        (
            &problem["errors"][0]["field"],
            &problem["errors"][0]["code"]
        ),
        (&json!("number"), &json!("invalid_number"))
    );
    let wrong_country = a
        .post(
            "/v1/registrations",
            &json!({"organisation_id": peruvian, "registry": "bo_nit", "number": "1020703023"}),
        )
        .await;
    assert_eq!(
        wrong_country.problem(422)["errors"][0]["code"],
        "wrong_country"
    );
    let not_a_cooperative = b
        .post(
            "/v1/registrations",
            &json!({"organisation_id": bolivian, "registry": "bo_afcoop", "number": "RES-0192"}),
        )
        .await;
    assert_eq!(
        not_a_cooperative.problem(422)["errors"][0]["code"],
        "cooperatives_only"
    );
    let another_partners = b
        .post(
            "/v1/registrations",
            &json!({"organisation_id": peruvian, "registry": "pe_ruc", "number": "20131312955"}),
        )
        .await;
    assert_eq!(
        another_partners.problem(422)["errors"][0]["field"],
        "organisation_id"
    );

    let first = a
        .post(
            "/v1/registrations",
            &json!({"organisation_id": peruvian, "registry": "pe_ruc", "number": "20131312955"}),
        )
        .await
        .expect(201)
        .clone();
    let other = enterprise(&a, "Panadería San Martín", "PE").await;
    let twice = a
        .post(
            "/v1/registrations",
            &json!({"organisation_id": other, "registry": "pe_ruc", "number": "20131312955"}),
        )
        .await;
    let problem = twice.problem(409);
    assert_eq!(problem["context"]["existing_id"], first["id"]);
    assert_eq!(problem["errors"][0]["code"], "already_registered");
    // Another partner learns the number is taken, not which record holds it.
    let elsewhere = enterprise(&b, "Textiles Andinos", "PE").await;
    let hidden = b
        .post(
            "/v1/registrations",
            &json!({"organisation_id": elsewhere, "registry": "pe_ruc", "number": "20131312955"}),
        )
        .await;
    assert_eq!(hidden.problem(409)["context"], Value::Null);
    assert_eq!(
        b.get("/v1/registrations").await.expect(200)["data"],
        json!([])
    );

    // The number, registry and organisation are fixed; the regime may change.
    let path = format!("/v1/registrations/{}", id(&first));
    let renumbered = a
        .patch(&path, Some("\"1\""), &json!({"number": "20100070970"}))
        .await;
    assert_eq!(renumbered.problem(422)["errors"][0]["code"], "immutable");
    let regime = a
        .patch(&path, Some("\"1\""), &json!({"tax_regime": "pe_general"}))
        .await;
    assert_eq!(regime.expect(200)["tax_regime"], "pe_general");
    // The formal status is derived, never written.
    let patched = a
        .patch(
            &format!("/v1/organisations/{peruvian}"),
            None,
            &json!({"formal_status": "formal"}),
        )
        .await;
    assert_eq!(patched.problem(422)["errors"][0]["field"], "formal_status");
    assert_eq!(
        organisation(&a, &peruvian).await["formal_status"],
        "in_formation"
    );
}

formaliza_shared::backend_tests!(
    an_enterprise_becomes_formal_step_by_step,
    numbers_are_checked_and_held_by_one_organisation,
);
