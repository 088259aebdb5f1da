//! The programme's indicator framework: the catalogue's life and its checks, reported values
//! that never change and keep the live value frozen beside them, corrections, suppression,
//! progress, the on-track overview, and the measures relayed from the members and trainings
//! services (and a 503 when one is down).

use chrono::{Datelike, TimeDelta, Utc};
use diesel::RunQueryDsl;
use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use serde_json::{Value, json};

use crate::common::{self, enrol, household, id, member, scheme, token};

fn days_ago(days: i64) -> String {
    (Utc::now().date_naive() - TimeDelta::days(days)).to_string()
}

fn coffee_public_services() -> Value {
    json!({
        "code": "PS-CAFE",
        "name": {"es": "Familias cafetaleras con acceso a servicios públicos",
                 "en": "Coffee producers' families with access to public services"},
        "description": {"es": "Hogares con un miembro en el café y una afiliación activa.", "en": null},
        "unit": "percent",
        "definition": {"measure": "coverage_public_service", "filters": {"sector": "coffee"}},
        "baseline": {"value": 20.0, "date": days_ago(400), "source": "Línea de base (encuesta)"},
        "targets": [{"value": 60.0, "due_on": days_ago(-400)}]
    })
}

/// Five coffee households with a head each, `covered` of them enrolled in SIS since a year
/// ago; the read model caught up. The households' ids.
async fn coffee_households(services: &common::Services, covered: usize) -> (Vec<String>, String) {
    let (members, api) = services.programme();
    let mut homes = Vec::new();
    let mut heads = Vec::new();
    for _ in 0..5 {
        let home = household(&members, "PE-JUN").await;
        heads.push(
            member(
                &members,
                json!({"household_id": home, "sector": "coffee", "relationship_to_head": "head"}),
            )
            .await,
        );
        homes.push(home);
    }
    let sis = scheme(&api, "public_service", "person").await;
    for head in heads.iter().take(covered) {
        enrol(
            &api,
            &sis,
            json!({"member_id": head}),
            "active",
            &days_ago(365),
        )
        .await;
    }
    services.catch_up().await;
    (heads, sis)
}

fn feed_ops(feed: &Value, resource: &str) -> Vec<String> {
    feed["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["resource"] == resource)
        .map(|e| e["op"].as_str().unwrap().to_owned())
        .collect()
}

fn error_fields(problem: &Value) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = problem["errors"]
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
    fields.sort();
    fields
}

async fn catalogue_lifecycle(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (_, api) = services.programme();

    let created = api
        .post("/v1/programme/indicators", &coffee_public_services())
        .await;
    let indicator = created.expect(201).clone();
    let indicator_id = id(&indicator);
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/programme/indicators/{indicator_id}").as_str())
    );
    assert_eq!(indicator["code"], "PS-CAFE");
    assert_eq!(indicator["direction"], "increase");
    assert_eq!(
        indicator["definition"],
        json!({"measure": "coverage_public_service", "filters": {"sector": "coffee"}})
    );
    assert_eq!(indicator["baseline"]["value"], 20.0);
    assert_eq!(
        indicator["name"]["en"],
        "Coffee producers' families with access to public services"
    );

    // Codes are unique.
    let duplicate = api
        .post("/v1/programme/indicators", &coffee_public_services())
        .await;
    duplicate.problem(409);

    // A definition is checked against the measures that exist: every error at once.
    let mut bad = coffee_public_services();
    bad["code"] = json!("PS-OTRO");
    bad["definition"] = json!({"measure": "formal_organisations", "filters": {"topic": "business", "sector": "cafe"}});
    bad["unit"] = json!("count");
    bad["targets"] = json!([{"value": 150.0, "due_on": days_ago(-30)}]);
    let refused = api.post("/v1/programme/indicators", &bad).await;
    assert_eq!(
        error_fields(refused.problem(422)),
        [
            (
                "definition.filters.sector".to_owned(),
                "invalid_value".to_owned()
            ),
            (
                "definition.filters.topic".to_owned(),
                "unknown_filter".to_owned()
            ),
            ("unit".to_owned(), "unit_mismatch".to_owned()),
        ]
    );
    bad["definition"] = json!({"measure": "coverage_happiness"});
    let unknown = api.post("/v1/programme/indicators", &bad).await;
    assert_eq!(
        error_fields(unknown.problem(422)),
        [(
            "definition.measure".to_owned(),
            "unknown_measure".to_owned()
        )]
    );
    let mut extra = coffee_public_services();
    extra["code"] = json!("PS-EXTRA");
    extra["colour"] = json!("green");
    api.post("/v1/programme/indicators", &extra)
        .await
        .problem(422);

    // Written by the programme office only: not a partner, not a dashboard.
    let (_, partner) = services.partner("cedepas");
    let mut theirs = coffee_public_services();
    theirs["code"] = json!("PS-CEDEPAS");
    partner
        .post("/v1/programme/indicators", &theirs)
        .await
        .problem(403);
    let dashboard =
        services
            .protection
            .client(Some(token("dashboard", &[Scope::IndicatorsRead], None)));
    dashboard
        .post("/v1/programme/indicators", &theirs)
        .await
        .problem(403);
    // Read by both.
    assert_eq!(
        dashboard
            .get(&format!("/v1/programme/indicators/{indicator_id}"))
            .await
            .expect(200)["code"],
        "PS-CAFE"
    );
    assert_eq!(
        partner
            .get(&format!("/v1/programme/indicators/{indicator_id}"))
            .await
            .expect(200)["code"],
        "PS-CAFE"
    );

    // A malformed id is a 400 naming it, at this depth too.
    let malformed = api.get("/v1/programme/indicators/not-an-id/progress").await;
    assert!(
        malformed.problem(400)["detail"]
            .as_str()
            .unwrap()
            .contains("not-an-id")
    );

    // Targets changed by merge patch, kept by due date.
    let patched = api
        .patch(
            &format!("/v1/programme/indicators/{indicator_id}"),
            Some("\"1\""),
            &json!({"targets": [{"value": 80.0, "due_on": days_ago(-800)}, {"value": 50.0, "due_on": days_ago(-200)}]}),
        )
        .await;
    let body = patched.expect(200);
    assert_eq!(body["version"], 2);
    assert_eq!(body["targets"][0]["value"], 50.0);
    assert_eq!(body["targets"][1]["value"], 80.0);
    partner
        .patch(
            &format!("/v1/programme/indicators/{indicator_id}"),
            None,
            &json!({"direction": "decrease"}),
        )
        .await
        .problem(403);

    api.delete(
        &format!("/v1/programme/indicators/{indicator_id}"),
        Some("\"2\""),
    )
    .await
    .expect(204);
    api.get(&format!("/v1/programme/indicators/{indicator_id}"))
        .await
        .problem(404);
    // The code is free again.
    api.post("/v1/programme/indicators", &coffee_public_services())
        .await
        .expect(201);

    let feed = api.get("/v1/feeds/social-protection?after=0").await;
    assert_eq!(
        feed_ops(feed.expect(200), "programme_indicator"),
        ["create", "update", "delete", "create"]
    );
}

async fn reported_values_are_immutable_and_keep_the_live_value_frozen(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.programme();
    let (heads, sis) = coffee_households(&services, 2).await;
    let indicator = id(api
        .post("/v1/programme/indicators", &coffee_public_services())
        .await
        .expect(201));

    // Reported 57.6 % for a month ago; the records say 2 of 5 then: 40 %.
    let reference_date = days_ago(30);
    let recorded = api
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": indicator, "value": 57.6, "reference_date": reference_date,
                    "reported_to": "Informe semestral al donante", "source": "Registros del programa",
                    "note": "Presentado al comité directivo"}),
        )
        .await;
    let reported = recorded.expect(201).clone();
    let reported_id = id(&reported);
    assert_eq!(reported["value"], 57.6);
    assert_eq!(reported["reported_on"], Utc::now().date_naive().to_string());
    assert_eq!(reported["live_at_recording"]["value"], 40.0);
    assert_eq!(reported["live_at_recording"]["suppressed"], false);
    assert_eq!(reported["difference"], 17.6);
    assert_eq!(reported["superseded_by"], Value::Null);
    assert_eq!(reported["recorded_by"], "programme");

    // Never changed, never deleted: no such routes.
    let path = format!("/v1/programme/reported-values/{reported_id}");
    let patch = api
        .patch(&path, Some("\"1\""), &json!({"value": 40.0}))
        .await;
    assert_eq!(patch.status, 405);
    assert_eq!(patch.content_type(), "application/problem+json");
    assert_eq!(api.delete(&path, Some("\"1\"")).await.status, 405);
    // Nor below the API: the table refuses.
    let pool = services.protection.pool.clone();
    let changed = formaliza_shared::db::run(&pool, |conn| {
        Ok(diesel::sql_query("UPDATE programme_reported_values SET value = 1").execute(conn)?)
    })
    .await;
    assert!(changed.is_err());
    let deleted = formaliza_shared::db::run(&pool, |conn| {
        Ok(diesel::sql_query("DELETE FROM programme_reported_values").execute(conn)?)
    })
    .await;
    assert!(deleted.is_err());

    // The records move on (a third household backdated before the reference date, and a
    // fourth today): the frozen value does not, the live series does.
    enrol(
        &api,
        &sis,
        json!({"member_id": heads[2]}),
        "active",
        &days_ago(45),
    )
    .await;
    enrol(
        &api,
        &sis,
        json!({"member_id": heads[3]}),
        "active",
        &days_ago(0),
    )
    .await;
    let again = api.get(&path).await.expect(200).clone();
    assert_eq!(again["live_at_recording"], reported["live_at_recording"]);
    assert_eq!(again["value"], 57.6);

    let progress = api
        .get(&format!(
            "/v1/programme/indicators/{indicator}/progress?from={}&to={}",
            days_ago(90),
            days_ago(0)
        ))
        .await
        .expect(200)
        .clone();
    let live = progress["live"].as_array().unwrap();
    let last = live.last().unwrap();
    assert_eq!(last["as_of"], days_ago(0));
    assert_eq!(last["value"], 80.0);
    assert_eq!(last["suppressed"], false);
    assert_eq!(live[0]["value"], 40.0);
    assert_eq!(progress["reported_values"][0]["id"], reported_id);
    assert_eq!(progress["indicator"]["targets"][0]["value"], 60.0);
    // 80 % today is above the line from 20 % to 60 %.
    assert_eq!(progress["assessment"]["status"], "on_track");

    // A correction is a new entry naming the one it corrects.
    let corrected = api
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": indicator, "value": 60.0, "reference_date": reference_date,
                    "reported_to": "Informe semestral al donante (fe de erratas)",
                    "corrects": reported_id}),
        )
        .await
        .expect(201)
        .clone();
    assert_eq!(corrected["corrects"], reported_id);
    // Computed now, with the backdated enrolment: 3 of 5.
    assert_eq!(corrected["live_at_recording"]["value"], 60.0);
    assert_eq!(corrected["difference"], 0.0);
    let original = api.get(&path).await.expect(200).clone();
    assert_eq!(original["superseded_by"], corrected["id"]);
    assert_eq!(original["version"], 1);
    // Corrected once: correct the correction.
    let twice = api
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": indicator, "value": 61.0, "reference_date": reference_date,
                    "reported_to": "Otro informe", "corrects": reported_id}),
        )
        .await;
    twice.problem(409);

    // The overview names the correction as the last reported value.
    let overview = api
        .get("/v1/programme/indicators")
        .await
        .expect(200)
        .clone();
    let status = &overview["data"][0];
    assert_eq!(status["code"], "PS-CAFE");
    assert_eq!(status["live"], json!({"value": 80.0, "suppressed": false}));
    assert_eq!(status["last_reported"]["id"], corrected["id"]);
    assert_eq!(status["next_target"]["value"], 60.0);
    assert_eq!(status["assessment"]["status"], "on_track");

    // The list shows which are superseded.
    let listed = api
        .get(&format!(
            "/v1/programme/reported-values?indicator_id={indicator}"
        ))
        .await
        .expect(200)
        .clone();
    let superseded: Vec<bool> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| !v["superseded_by"].is_null())
        .collect();
    assert_eq!(superseded, [true, false]);

    // Bad values: every field error at once; an unknown indicator; a percentage over 100.
    let refused = api
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": "nope", "value": -1.0, "reference_date": days_ago(-3),
                    "reported_to": "x"}),
        )
        .await;
    assert_eq!(
        error_fields(refused.problem(422)),
        [
            ("indicator_id".to_owned(), "unknown_reference".to_owned()),
            ("reference_date".to_owned(), "in_future".to_owned()),
            ("reported_on".to_owned(), "before_reference_date".to_owned()),
            ("reported_to".to_owned(), "required".to_owned()),
            ("value".to_owned(), "out_of_range".to_owned()),
        ]
    );
    let over = api
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": indicator, "value": 120.0, "reference_date": days_ago(1),
                    "reported_to": "Ministerio de Trabajo"}),
        )
        .await;
    assert_eq!(
        error_fields(over.problem(422)),
        [("value".to_owned(), "out_of_range".to_owned())]
    );
    // A dashboard cannot record.
    let dashboard =
        services
            .protection
            .client(Some(token("dashboard", &[Scope::IndicatorsRead], None)));
    dashboard
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": indicator, "value": 50.0, "reference_date": days_ago(1),
                    "reported_to": "Ministerio de Trabajo"}),
        )
        .await
        .problem(403);
    // An indicator with reported values stays in the catalogue.
    api.delete(&format!("/v1/programme/indicators/{indicator}"), None)
        .await
        .problem(409);

    let feed = api.get("/v1/feeds/social-protection?after=0").await;
    assert_eq!(
        feed_ops(feed.expect(200), "reported_value"),
        ["create", "create"]
    );
    drop(members);
}

async fn a_suppressed_measure_is_never_computed_around(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (members, api) = services.programme();
    coffee_households(&services, 2).await;
    // Three textile households: fewer than 5, so the textile figure is withheld.
    let sis = scheme(&api, "public_service", "household").await;
    for _ in 0..3 {
        let home = household(&members, "PE-JUN").await;
        member(
            &members,
            json!({"household_id": home, "sector": "textile", "relationship_to_head": "head"}),
        )
        .await;
        enrol(
            &api,
            &sis,
            json!({"household_id": home}),
            "active",
            &days_ago(100),
        )
        .await;
    }
    services.catch_up().await;
    let mut textile = coffee_public_services();
    textile["code"] = json!("PS-TEXTIL");
    textile["definition"]["filters"] = json!({"sector": "textile"});
    let indicator = id(api
        .post("/v1/programme/indicators", &textile)
        .await
        .expect(201));

    let reported = api
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": indicator, "value": 100.0, "reference_date": days_ago(10),
                    "reported_to": "Ministerio de la Producción"}),
        )
        .await
        .expect(201)
        .clone();
    assert_eq!(
        reported["live_at_recording"]["value"],
        Value::Null,
        "withheld, not computed around"
    );
    assert_eq!(reported["live_at_recording"]["suppressed"], true);
    assert_eq!(reported["difference"], Value::Null);

    let overview = api
        .get("/v1/programme/indicators")
        .await
        .expect(200)
        .clone();
    let status = &overview["data"][0];
    assert_eq!(status["live"], json!({"value": null, "suppressed": true}));
    assert_eq!(status["assessment"]["status"], "unknown");

    let progress = api
        .get(&format!(
            "/v1/programme/indicators/{indicator}/progress?from={}&to={}",
            days_ago(70),
            days_ago(0)
        ))
        .await
        .expect(200)
        .clone();
    assert!(
        progress["live"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["value"].is_null() && p["suppressed"] == true)
    );
}

/// A formalisation indicator and a training indicator over the programme's whole scope.
fn relayed_indicators() -> [Value; 3] {
    let start = Utc::now().date_naive().with_day(1).unwrap() - TimeDelta::days(400);
    [
        json!({"code": "ORG-FORMAL", "name": {"es": "Organizaciones formales", "en": "Formal organisations"},
               "unit": "percent", "definition": {"measure": "formal_organisations", "filters": {"country": "PE"}}}),
        json!({"code": "CAP-MUJERES", "name": {"es": "Mujeres capacitadas", "en": "Women trained"},
               "unit": "count", "direction": "increase",
               "definition": {"measure": "training_participants", "filters": {"sex": "female", "from": start.to_string()}},
               "baseline": {"value": 0, "date": start.to_string()},
               "targets": [{"value": 300, "due_on": days_ago(-365)}]}),
        json!({"code": "CERT", "name": {"es": "Certificados emitidos", "en": "Certificates issued"},
               "unit": "count", "definition": {"measure": "certificates_issued"}}),
    ]
}

async fn formalisation_and_training_are_relayed(backend: Backend) {
    let Some(services) = common::start_with_trainings(backend, None).await else {
        return;
    };
    let (_, api) = services.programme();
    let ids: Vec<String> = {
        let mut ids = Vec::new();
        for indicator in relayed_indicators() {
            ids.push(id(api
                .post("/v1/programme/indicators", &indicator)
                .await
                .expect(201)));
        }
        ids
    };
    // The programme token reads the members and trainings indicators too (indicators:read):
    // no organisations yet (withheld: fewer than 5), nobody trained yet (0, shown).
    let overview = api
        .get("/v1/programme/indicators")
        .await
        .expect(200)
        .clone();
    let live: Vec<Value> = overview["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["live"].clone())
        .collect();
    assert_eq!(
        live,
        [
            json!({"value": null, "suppressed": true}),
            json!({"value": 0.0, "suppressed": false}),
            json!({"value": 0.0, "suppressed": false}),
        ]
    );
    // 0 trained against a line from 0 to 300: behind.
    assert_eq!(overview["data"][1]["assessment"]["status"], "off_track");

    // Progress: the members' series, and the trainings' figure at each month end.
    for indicator in &ids {
        let progress = api
            .get(&format!(
                "/v1/programme/indicators/{indicator}/progress?from={}&to={}",
                days_ago(80),
                days_ago(0)
            ))
            .await
            .expect(200)
            .clone();
        let points = progress["live"].as_array().unwrap().len();
        assert!((3..=4).contains(&points), "{points} points");
    }

    // Recording freezes the relayed figure.
    let reported = api
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": ids[1], "value": 12, "reference_date": days_ago(1),
                    "reported_to": "Ministerio de Trabajo y Promoción del Empleo"}),
        )
        .await
        .expect(201)
        .clone();
    assert_eq!(reported["live_at_recording"]["value"], 0.0);
    assert_eq!(reported["difference"], 12.0);
}

async fn a_service_that_is_down_is_a_503(backend: Backend) {
    // Nothing listens on port 9 of the loopback.
    let Some(services) =
        common::start_with_trainings(backend, Some("http://127.0.0.1:9".into())).await
    else {
        return;
    };
    let (_, api) = services.programme();
    let training = id(api
        .post("/v1/programme/indicators", &relayed_indicators()[1])
        .await
        .expect(201));
    let overview = api.get("/v1/programme/indicators").await;
    let problem = overview.problem(503);
    assert!(problem["detail"].as_str().unwrap().contains("trainings"));
    api.get(&format!("/v1/programme/indicators/{training}/progress"))
        .await
        .problem(503);
    // Nothing is recorded without the live value beside it.
    api.post(
        "/v1/programme/reported-values",
        &json!({"indicator_id": training, "value": 12, "reference_date": days_ago(1),
                "reported_to": "Ministerio de Trabajo"}),
    )
    .await
    .problem(503);
    let listed = api
        .get("/v1/programme/reported-values")
        .await
        .expect(200)
        .clone();
    assert_eq!(listed["data"], json!([]));
}

/// The caller's partner scoping applies to the live value.
async fn a_partner_sees_its_own_figures(backend: Backend) {
    let Some(services) = common::start(backend).await else {
        return;
    };
    let (_, api) = services.programme();
    coffee_households(&services, 3).await;
    api.post("/v1/programme/indicators", &coffee_public_services())
        .await
        .expect(201);
    let programme: TestClient = api;
    let everyone = programme
        .get("/v1/programme/indicators")
        .await
        .expect(200)
        .clone();
    assert_eq!(everyone["data"][0]["live"]["value"], 60.0);
    let (_, partner) = services.partner("cedepas");
    let theirs = partner
        .get("/v1/programme/indicators")
        .await
        .expect(200)
        .clone();
    // The households are the programme's, none the partner's: nothing to show.
    assert_eq!(
        theirs["data"][0]["live"],
        json!({"value": null, "suppressed": true})
    );
}

formaliza_shared::backend_tests!(
    catalogue_lifecycle,
    reported_values_are_immutable_and_keep_the_live_value_frozen,
    a_suppressed_measure_is_never_computed_around,
    formalisation_and_training_are_relayed,
    a_service_that_is_down_is_a_503,
    a_partner_sees_its_own_figures
);
