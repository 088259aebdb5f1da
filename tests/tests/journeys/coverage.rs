//! Journey 2: the programme publishes two schemes, a partner records its families' (backdated)
//! enrolments, and the coverage indicator of coffee producers' families moves exactly: at each
//! reference date it counts the enrolments active on that date, and nothing else.
//!
//! Six coffee households H0..H5 (a head each, heads alternately women and men; H2's head has a
//! husband) and one construction household. With D = today:
//!
//! | enrolment | who          | scheme (kind)            | active from | then        |
//! |-----------|--------------|--------------------------|-------------|-------------|
//! | E0        | head of H0   | SIS (public_service)     | D-400       |             |
//! | E1        | head of H1   | SIS                      | D-400       | ended D-10  |
//! | E2        | head of H2   | SIS                      | D-30        |             |
//! | F3        | H3 itself    | mutual fund (insurance)  | D-400       |             |
//! | F0        | H0 itself    | mutual fund              | D-200       |             |
//! | EB        | the builder  | SIS                      | D-400       |             |

use formaliza_shared::db::Backend;
use formaliza_shared::testing::TestClient;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id};
use serde_json::{Value, json};

/// The whole-scope cell: (households, public count, public %, insurance count, insurance %).
fn figures(indicator: &Value) -> (Value, Value, Value, Value, Value) {
    let cell = &indicator["data"][0];
    assert_eq!(
        indicator["data"].as_array().unwrap().len(),
        1,
        "{indicator}"
    );
    assert_eq!(cell["suppressed"], false, "{indicator}");
    (
        cell["households"].clone(),
        cell["public_service"]["count"].clone(),
        cell["public_service"]["percentage"].clone(),
        cell["insurance"]["count"].clone(),
        cell["insurance"]["percentage"].clone(),
    )
}

fn expected(
    households: i64,
    public: i64,
    public_pct: f64,
    insured: i64,
    insured_pct: f64,
) -> (Value, Value, Value, Value, Value) {
    (
        json!(households),
        json!(public),
        json!(public_pct),
        json!(insured),
        json!(insured_pct),
    )
}

async fn coverage(client: &TestClient, query: &str) -> Value {
    client
        .get(&format!("/v1/indicators/coverage?{query}"))
        .await
        .expect(200)
        .clone()
}

async fn enrol(ngo: &TestClient, scheme: &str, who: Value, effective_on: &str) -> String {
    let mut body = json!({"scheme_id": scheme, "status": "active", "effective_on": effective_on});
    for (key, value) in who.as_object().unwrap() {
        body[key] = value.clone();
    }
    let created = ngo.post("/v1/enrollments", &body).await;
    let enrollment = created.expect(201);
    assert_eq!(enrollment["status"], "active");
    assert_eq!(enrollment["status_since"], effective_on);
    assert_eq!(enrollment["partner_id"], "cedepas");
    assert_eq!(created.header("etag"), Some("\"1\""));
    id(enrollment)
}

async fn enrolments_move_the_coverage_indicator(backend: Backend) {
    let Some(system) = TestSystem::start(backend).await else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let programme = system
        .client(
            "Programme office",
            "protection:read protection:write indicators:read",
            None,
        )
        .await;

    // The families, registered by the partner.
    let mut homes = Vec::new();
    let mut heads = Vec::new();
    for (i, sector) in ["coffee"; 6]
        .into_iter()
        .chain(["construction"])
        .enumerate()
    {
        let home = ngo
            .post(
                "/v1/households",
                &json!({"name": format!("Familia {i}"), "country": "PE", "region": "PE-JUN"}),
            )
            .await;
        let home = id(home.expect(201));
        let head = ngo
            .post(
                "/v1/members",
                &json!({"given_names": format!("Socia {i}"), "family_names": "Quispe",
                        "sex": if i % 2 == 0 { "female" } else { "male" },
                        "national_id": {"type": "pe_dni", "number": format!("4587{i:04}")},
                        "sector": sector, "country": "PE", "region": "PE-JUN",
                        "household_id": home, "relationship_to_head": "head"}),
            )
            .await;
        heads.push(id(head.expect(201)));
        homes.push(home);
    }
    // H2's head has a husband, who grows coffee too but is enrolled nowhere.
    ngo.post(
        "/v1/members",
        &json!({"given_names": "Esposo", "family_names": "Quispe", "sex": "male", "sector": "coffee",
                "country": "PE", "household_id": homes[2], "relationship_to_head": "spouse"}),
    )
    .await
    .expect(201);
    let builder = heads[6].clone();

    // The programme's schemes, which every partner enrols in but only the programme changes.
    let sis = programme
        .post(
            "/v1/schemes",
            &json!({"name": "Seguro Integral de Salud (SIS)", "country": "PE", "kind": "public_service",
                    "category": "health", "operator": "Ministerio de Salud", "coverage_unit": "person"}),
        )
        .await;
    assert_eq!(sis.expect(201)["partner_id"], Value::Null);
    let sis = id(&sis.json);
    let fund = programme
        .post(
            "/v1/schemes",
            &json!({"name": "Fondo mutual cafetalero", "country": "PE", "kind": "insurance",
                    "category": "mutual_fund", "coverage_unit": "household"}),
        )
        .await;
    let fund = id(fund.expect(201));
    let visible = ngo.get("/v1/schemes?country=PE").await;
    assert_eq!(visible.expect(200)["data"].as_array().unwrap().len(), 2);
    ngo.patch(
        &format!("/v1/schemes/{sis}"),
        None,
        &json!({"active": false}),
    )
    .await
    .problem(403);

    // Before any enrolment: six coffee families, none covered.
    let before = system
        .once_caught_up(&programme, "/v1/indicators/coverage?sector=coffee")
        .await;
    assert_eq!(figures(&before), expected(6, 0, 0.0, 0, 0.0));
    assert_eq!(before["as_of"], day(0));
    assert_eq!(before["filters"]["sector"], "coffee");

    // The partner records what the families already have, backdated.
    let person = |i: usize| json!({"member_id": heads[i]});
    let household = |i: usize| json!({"household_id": homes[i]});
    enrol(&ngo, &sis, person(0), &day(-400)).await;
    let e1 = enrol(&ngo, &sis, person(1), &day(-400)).await;
    enrol(&ngo, &sis, person(2), &day(-30)).await;
    enrol(&ngo, &fund, household(3), &day(-400)).await;
    enrol(&ngo, &fund, household(0), &day(-200)).await;
    enrol(&ngo, &sis, json!({"member_id": builder}), &day(-400)).await;

    // Enrolments are this service's own records: the indicator has them at once.
    let today = coverage(&programme, "sector=coffee").await;
    assert_eq!(figures(&today), expected(6, 3, 50.0, 2, 33.3));
    // Each reference date counts what was active on it.
    let at = |days: i64| format!("sector=coffee&as_of={}", day(days));
    for (days, figures_then) in [
        (-30, expected(6, 3, 50.0, 2, 33.3)),
        // E2 starts on D-30: not on the day before.
        (-31, expected(6, 2, 33.3, 2, 33.3)),
        (-300, expected(6, 2, 33.3, 1, 16.7)),
        (-500, expected(6, 0, 0.0, 0, 0.0)),
    ] {
        let then = coverage(&programme, &at(days)).await;
        assert_eq!(figures(&then), figures_then, "as of D{days}");
        assert_eq!(then["as_of"], day(days));
    }
    // All sectors: the builder's household joins the scope, covered.
    assert_eq!(
        figures(&coverage(&programme, "").await),
        expected(7, 4, 57.1, 2, 28.6)
    );
    // The partner's own token counts its own households: here, all of them.
    assert_eq!(
        figures(&coverage(&ngo, "sector=coffee").await),
        expected(6, 3, 50.0, 2, 33.3)
    );
    // Three women and three men heading households: cells under five are withheld.
    let by_sex = coverage(&programme, "sector=coffee&group_by=head_sex").await;
    assert_eq!(
        by_sex["data"],
        json!([
            {"group": "female", "households": null, "public_service": null, "insurance": null, "suppressed": true},
            {"group": "male", "households": null, "public_service": null, "insurance": null, "suppressed": true}
        ])
    );
    // Counting people: the seven coffee growers (six heads and H2's husband), three of them
    // with SIS and two insured through their household's mutual fund; by sex, three women and
    // four men, both withheld.
    let growers = coverage(&programme, "sector=coffee&unit=person").await;
    assert_eq!(growers["unit"], "person");
    assert_eq!(
        growers["data"],
        json!([{"group": null, "members": 7,
                "public_service": {"count": 3, "percentage": 42.9},
                "insurance": {"count": 2, "percentage": 28.6}, "suppressed": false}])
    );
    let growers_by_sex = coverage(&programme, "sector=coffee&unit=person&group_by=sex").await;
    assert_eq!(
        growers_by_sex["data"],
        json!([
            {"group": "female", "members": null, "public_service": null, "insurance": null, "suppressed": true},
            {"group": "male", "members": null, "public_service": null, "insurance": null, "suppressed": true}
        ])
    );

    // H1's SIS affiliation ended ten days ago (the partner moves from the version it read).
    let current = ngo.get(&format!("/v1/enrollments/{e1}")).await;
    let etag = current.header("etag").unwrap().to_owned();
    let ended = ngo
        .send(
            ngo.request(
                actix_web::http::Method::POST,
                &format!("/v1/enrollments/{e1}/transitions"),
            )
            .insert_header(("If-Match", etag.as_str())),
            Some((
                "application/json",
                json!({"status": "ended", "effective_on": day(-10), "reason": "dejó de cotizar"})
                    .to_string()
                    .into_bytes(),
            )),
        )
        .await;
    assert_eq!(ended.expect(200)["status"], "ended");
    assert_eq!(ended.json["status_since"], day(-10));
    assert_eq!(ended.header("etag"), Some("\"2\""));
    // It stops counting from then on, and still counts before.
    assert_eq!(
        figures(&coverage(&programme, "sector=coffee").await),
        expected(6, 2, 33.3, 2, 33.3)
    );
    assert_eq!(
        figures(&coverage(&programme, &at(-20)).await),
        expected(6, 3, 50.0, 2, 33.3)
    );

    // H5's only member leaves the register, and so does H2's head, enrolled in SIS: H5 is no
    // longer in scope, H2 still is (her husband) but without public coverage, once the read
    // model knows.
    for gone in [&heads[5], &heads[2]] {
        ngo.delete(&format!("/v1/members/{gone}"), None)
            .await
            .expect(204);
    }
    let after = system
        .once_caught_up(&programme, "/v1/indicators/coverage?sector=coffee")
        .await;
    assert_eq!(figures(&after), expected(5, 1, 20.0, 2, 40.0));
    assert!(
        after["read_model"]["last_seq"].as_i64().unwrap()
            > before["read_model"]["last_seq"].as_i64().unwrap()
    );

    // The builder moves in with H4's family: his SIS affiliation now covers H4, and his old
    // household, left empty, is out of scope.
    let moved = ngo
        .patch(
            &format!("/v1/members/{builder}"),
            Some("\"1\""),
            &json!({"household_id": homes[4], "relationship_to_head": "other_relative"}),
        )
        .await;
    assert_eq!(moved.expect(200)["household_id"], homes[4].as_str());
    let after_move = system
        .once_caught_up(&programme, "/v1/indicators/coverage?sector=coffee")
        .await;
    assert_eq!(figures(&after_move), expected(5, 2, 40.0, 2, 40.0));
    assert_eq!(
        figures(&coverage(&programme, "").await),
        expected(5, 2, 40.0, 2, 40.0)
    );

    system.stop().await;
}

formaliza_shared::backend_tests!(enrolments_move_the_coverage_indicator);
