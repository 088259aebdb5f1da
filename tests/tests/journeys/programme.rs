//! Journey: the programme office defines an indicator over the formalisation measure and
//! reports a figure to a donor; an enterprise becomes formal since; a dashboard sees the
//! reported figure with what the records said then, the live value now, and whether the
//! indicator is on track; the reported figure can never be changed, only corrected.

use formaliza_shared::db::Backend;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id, pull_feed, town_enterprises};
use serde_json::json;

const OFFICE_SCOPES: &str = "members:read members:write protection:read protection:write \
                             indicators:read programme:write";

async fn a_reported_figure_beside_the_records(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let office = system
        .client("Oficina del programa", OFFICE_SCOPES, None)
        .await;
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let dashboard = system
        .client("Tablero del donante", "indicators:read", None)
        .await;

    let enterprises = town_enterprises(&ngo).await;

    // Only the programme office writes the catalogue: the gateway refuses the others' tokens.
    let indicator = json!({
        "code": "ORG-FORMAL-PE",
        "name": {"es": "Empresas formalizadas en el Perú", "en": "Formal enterprises in Peru"},
        "unit": "percent",
        "definition": {"measure": "formal_organisations", "filters": {"country": "PE"}},
        "baseline": {"value": 0.0, "date": day(-400), "source": "Línea de base"},
        "targets": [{"value": 30.0, "due_on": day(365)}]
    });
    ngo.post("/v1/programme/indicators", &indicator)
        .await
        .problem(403);
    dashboard
        .post("/v1/programme/indicators", &indicator)
        .await
        .problem(403);
    let indicator_id = id(office
        .post("/v1/programme/indicators", &indicator)
        .await
        .expect(201));

    // Reported to the donor for yesterday: none of the five formal, as the records say.
    let reported = office
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": indicator_id, "value": 0.0, "reference_date": day(-1),
                    "reported_to": "Informe trimestral al donante"}),
        )
        .await
        .expect(201)
        .clone();
    assert_eq!(reported["live_at_recording"]["value"], 0.0, "{reported}");
    let reported_id = id(&reported);

    // The workshop registers with SUNAT and SUNARP, backdated: formal since 120 days ago.
    let warmi = &enterprises[0];
    ngo.post(
        "/v1/registrations",
        &json!({"organisation_id": warmi, "registry": "pe_ruc", "number": "20131312955",
                "tax_regime": "pe_rmt", "effective_on": day(-200)}),
    )
    .await
    .expect(201);
    ngo.post(
        "/v1/registrations",
        &json!({"organisation_id": warmi, "registry": "pe_sunarp", "number": "11012345",
                "effective_on": day(-120)}),
    )
    .await
    .expect(201);

    // The dashboard: 20 % now (1 of 5), the reported 0 % with the records' 0 % frozen beside
    // it, and on track (15.7 % expected on the line from 0 % to 30 %).
    let overview = dashboard.get("/v1/programme/indicators").await;
    let status = &overview.expect(200)["data"][0];
    assert_eq!(status["live"], json!({"value": 20.0, "suppressed": false}));
    assert_eq!(status["last_reported"]["id"], reported_id);
    assert_eq!(status["last_reported"]["live_at_recording"]["value"], 0.0);
    assert_eq!(status["next_target"]["value"], 30.0);
    assert_eq!(status["assessment"]["status"], "on_track");
    let progress = dashboard
        .get(&format!(
            "/v1/programme/indicators/{indicator_id}/progress?from={}&to={}",
            day(-60),
            day(0)
        ))
        .await;
    let progress = progress.expect(200);
    let live = progress["live"].as_array().unwrap();
    assert_eq!(live.last().unwrap()["value"], 20.0);
    assert_eq!(progress["reported_values"][0]["value"], 0.0);

    // Reported is reported: no change, no deletion, through the gateway as at the service.
    let path = format!("/v1/programme/reported-values/{reported_id}");
    let patch = office.patch(&path, None, &json!({"value": 20.0})).await;
    assert_eq!(patch.status, 405, "{}", patch.text);
    assert_eq!(office.delete(&path, None).await.status, 405);
    // The backdated registration shows up as a correction, never as an edit.
    let corrected = office
        .post(
            "/v1/programme/reported-values",
            &json!({"indicator_id": indicator_id, "value": 20.0, "reference_date": day(-1),
                    "reported_to": "Informe trimestral al donante (fe de erratas)",
                    "corrects": reported_id}),
        )
        .await
        .expect(201)
        .clone();
    assert_eq!(corrected["live_at_recording"]["value"], 20.0);
    let original = dashboard.get(&path).await;
    assert_eq!(original.expect(200)["superseded_by"], corrected["id"]);

    // Every catalogue change is on the social-protection feed.
    let (events, _) = pull_feed(&office, "social-protection", 0, 100).await;
    let programme_events: Vec<(String, String)> = events
        .iter()
        .filter(|e| e["resource"] == "programme_indicator" || e["resource"] == "reported_value")
        .map(|e| {
            (
                e["resource"].as_str().unwrap().to_owned(),
                e["op"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let event = |resource: &str| (resource.to_owned(), "create".to_owned());
    assert_eq!(
        programme_events,
        [
            event("programme_indicator"),
            event("reported_value"),
            event("reported_value")
        ]
    );
}

formaliza_shared::backend_tests!(a_reported_figure_beside_the_records);
