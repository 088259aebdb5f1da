//! Published indicators (issue 22): the programme office publishes an aggregate question; anyone
//! reads its answer without a token under `/v1/public/`, suppressed cells included, with open
//! CORS, caching headers, a strong ETag and a per-address rate limit; unpublished, it is gone.
//! And nothing else in the published document answers without a token.

use actix_web::http::Method;
use formaliza_gateway::published::PublishedConfig;
use formaliza_shared::db::Backend;
use formaliza_tests::{PARTNER_SCOPES, TestSystem, day, id};
use serde_json::{Value, json};

/// The paths of the published document that answer without a token.
const PUBLIC: &[&str] = &[
    "/healthz",
    "/readyz",
    "/oauth/token",
    "/.well-known/jwks.json",
    "/v1/certificates/verify/{code}",
    "/v1/public",
    "/v1/public/{slug}",
];

async fn published_answers_are_read_without_a_token(backend: Backend) {
    let Some(system) = TestSystem::start_with(backend, |gateway| {
        gateway.published = PublishedConfig {
            rate_per_second: 1,
            rate_burst: 40,
            ..PublishedConfig::default()
        };
    })
    .await
    else {
        return;
    };
    let ngo = system
        .client("CEDEPAS Norte", PARTNER_SCOPES, Some("cedepas"))
        .await;
    let office = system
        .client(
            "Programme office",
            "protection:write indicators:read indicators:publish",
            None,
        )
        .await;
    let partner_publisher = system
        .client(
            "A partner",
            "indicators:read indicators:publish",
            Some("cedepas"),
        )
        .await;
    let reader = system
        .client("Dashboard with a token", "indicators:read", None)
        .await;
    let anonymous = system.anonymous();

    // Seven coffee families in Cajamarca, five in San Martín, two in Junín (a cell under 5);
    // three heads in Cajamarca enrolled in SIS.
    let mut heads = Vec::new();
    for (i, region) in std::iter::repeat_n("PE-CAJ", 7)
        .chain(std::iter::repeat_n("PE-SAM", 5))
        .chain(std::iter::repeat_n("PE-JUN", 2))
        .enumerate()
    {
        let home = id(ngo
            .post(
                "/v1/households",
                &json!({"name": format!("Familia {i}"), "country": "PE", "region": region}),
            )
            .await
            .expect(201));
        heads.push(id(ngo
            .post(
                "/v1/members",
                &json!({"given_names": "Rosa", "family_names": format!("Huamán {i}"), "sex": "female",
                        "national_id": {"type": "pe_dni", "number": format!("4310{i:04}")},
                        "sector": "coffee", "country": "PE", "region": region,
                        "household_id": home, "relationship_to_head": "head"}),
            )
            .await
            .expect(201)));
    }
    let sis = id(office
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
            &json!({"scheme_id": sis, "member_id": head, "status": "active", "effective_on": day(-30)}),
        )
        .await
        .expect(201);
    }
    system.protection_caught_up().await;

    let question = json!({
        "slug": "cobertura-cafe-region",
        "title": {"es": "Cobertura de las familias cafetaleras por región",
                  "en": "Coverage of coffee producers' families by region"},
        "path": "/v1/indicators/coverage",
        "query": {"sector": "coffee", "group_by": "region"}
    });

    // Only the programme office publishes.
    anonymous
        .post("/v1/published", &question)
        .await
        .problem(401);
    reader.post("/v1/published", &question).await.problem(403);
    partner_publisher
        .post("/v1/published", &question)
        .await
        .problem(403);
    // Only aggregates, with the parameters their operation documents, that the service answers.
    let field_codes = |problem: &Value| -> Vec<(String, String)> {
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    for path in ["/v1/members", "/v1/enrollments/export", "/v1/feeds/members"] {
        let mut list = question.clone();
        list["path"] = json!(path);
        list["query"] = json!({});
        let refused = office.post("/v1/published", &list).await;
        assert_eq!(
            field_codes(refused.problem(422)),
            [("path".to_owned(), "not_publishable".to_owned())],
            "{path}"
        );
    }
    let mut unknown = question.clone();
    unknown["query"]["limit"] = json!(500);
    let refused = office.post("/v1/published", &unknown).await;
    assert_eq!(
        field_codes(refused.problem(422)),
        [("query.limit".to_owned(), "unknown_parameter".to_owned())]
    );
    let mut tea = question.clone();
    tea["query"]["sector"] = json!("tea");
    let refused = office.post("/v1/published", &tea).await;
    let refused = refused.problem(422);
    assert!(
        refused["errors"][0]["field"]
            .as_str()
            .unwrap()
            .starts_with("query"),
        "{refused}"
    );

    // Published: 201 with its place; the same again is a safe retry; another question under the
    // slug is a conflict.
    let created = office.post("/v1/published", &question).await;
    let body = created.expect(201);
    assert_eq!(
        created.header("location"),
        Some("/v1/published/cobertura-cafe-region")
    );
    assert_eq!(body["public_url"], "/v1/public/cobertura-cafe-region");
    assert_eq!(body["query"], "group_by=region&sector=coffee");
    office.post("/v1/published", &question).await.expect(200);
    let mut other = question.clone();
    other["query"] = json!({"sector": "coffee"});
    office.post("/v1/published", &other).await.problem(409);
    let listed = office.get("/v1/published").await;
    assert_eq!(
        listed.expect(200)["data"][0]["slug"],
        "cobertura-cafe-region"
    );
    reader.get("/v1/published").await.problem(403);

    // The index, without a token.
    let index = anonymous.get("/v1/public").await;
    let data = &index.expect(200)["data"];
    assert_eq!(
        data,
        &json!([{"slug": "cobertura-cafe-region", "title": question["title"],
                  "url": "/v1/public/cobertura-cafe-region", "path": "/v1/indicators/coverage",
                  "query": "group_by=region&sector=coffee"}])
    );
    assert_eq!(index.header("access-control-allow-origin"), Some("*"));

    // The answer, without a token: exactly the programme-wide aggregate, Junín's two families
    // withheld.
    let direct = reader
        .get("/v1/indicators/coverage?group_by=region&sector=coffee")
        .await;
    let direct = direct.expect(200).clone();
    let public = anonymous.get("/v1/public/cobertura-cafe-region").await;
    let answer = public.expect(200).clone();
    assert_eq!(answer["data"], direct["data"]);
    let junin = answer["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|cell| cell["group"] == "PE-JUN")
        .unwrap_or_else(|| panic!("no Junín cell in {answer}"));
    assert_eq!(junin["suppressed"], true, "{answer}");
    assert_eq!(junin["households"], Value::Null, "{answer}");
    assert!(
        !answer.to_string().contains("Huamán"),
        "a name in a public answer: {answer}"
    );
    let etag = public.header("etag").unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.len() > 10,
        "a strong ETag: {etag}"
    );
    assert_eq!(public.header("cache-control"), Some("public, max-age=60"));
    assert_eq!(public.header("access-control-allow-origin"), Some("*"));
    assert!(public.header("age").is_some());

    // 304 for a matching If-None-Match.
    let request = anonymous
        .request(Method::GET, "/v1/public/cobertura-cafe-region")
        .insert_header(("if-none-match", etag.clone()));
    let not_modified = anonymous.send(request, None).await;
    assert_eq!(not_modified.status, 304, "{}", not_modified.text);
    assert_eq!(not_modified.text, "");
    assert_eq!(not_modified.header("etag"), Some(etag.as_str()));

    // Cached for max-age: a new enrolment moves the live figure, not the published answer yet.
    ngo.post(
        "/v1/enrollments",
        &json!({"scheme_id": sis, "member_id": heads[3], "status": "active", "effective_on": day(-1)}),
    )
    .await
    .expect(201);
    let moved = reader
        .get("/v1/indicators/coverage?group_by=region&sector=coffee")
        .await;
    assert_ne!(moved.expect(200)["data"], direct["data"]);
    let again = anonymous.get("/v1/public/cobertura-cafe-region").await;
    assert_eq!(again.expect(200)["data"], direct["data"]);
    assert_eq!(again.header("etag"), Some(etag.as_str()));

    // CORS open to any origin, whatever FORMALIZA_CORS_ORIGINS says: preflight and answer.
    let preflight = anonymous
        .request(Method::OPTIONS, "/v1/public/cobertura-cafe-region")
        .insert_header(("origin", "https://observatorio.example.org"))
        .insert_header(("access-control-request-method", "GET"))
        .insert_header(("access-control-request-headers", "if-none-match"));
    let preflight = anonymous.send(preflight, None).await;
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert!(
        preflight
            .header("access-control-allow-methods")
            .is_some_and(|m| m.contains("GET") && !m.contains("POST"))
    );
    assert_eq!(preflight.header("access-control-allow-credentials"), None);
    let cross = anonymous
        .request(Method::GET, "/v1/public/cobertura-cafe-region")
        .insert_header(("origin", "https://observatorio.example.org"));
    let cross = anonymous.send(cross, None).await;
    assert_eq!(cross.status, 200);
    assert_eq!(cross.header("access-control-allow-origin"), Some("*"));

    // Unpublished: gone from the index and 404, at once.
    anonymous
        .delete("/v1/published/cobertura-cafe-region", None)
        .await
        .problem(401);
    let removed = office
        .delete("/v1/published/cobertura-cafe-region", None)
        .await;
    assert_eq!(removed.status, 204, "{}", removed.text);
    anonymous
        .get("/v1/public/cobertura-cafe-region")
        .await
        .problem(404);
    assert_eq!(
        anonymous.get("/v1/public").await.expect(200)["data"],
        json!([])
    );
    office
        .delete("/v1/published/cobertura-cafe-region", None)
        .await
        .problem(404);
    // An indicator's own path is no published question.
    for path in [
        "/v1/public/v1/indicators/coverage",
        "/v1/public/indicators",
        "/v1/public/coverage?sector=coffee",
    ] {
        anonymous.get(path).await.problem(404);
    }

    // Nothing else answers without a token: every operation of the published document.
    let spec: Value = serde_json::from_str(formaliza_gateway::PUBLISHED_SPEC).unwrap();
    let some_id = "0190a0b0-0000-7000-8000-000000000000";
    let mut walked = 0;
    for (template, item) in spec["paths"].as_object().unwrap() {
        let path = template
            .replace("{service}", "members")
            .replace("{code}", "ABC123")
            .replace("{slug}", "cobertura-cafe-region")
            .replace("{id}", some_id)
            .replace("{member_id}", some_id);
        assert!(
            !path.contains('{'),
            "no value for a parameter of {template}"
        );
        for method in item.as_object().unwrap().keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let request = anonymous.request(method.clone(), &path);
            let body = (method != Method::GET && method != Method::DELETE)
                .then(|| ("application/json", b"{}".to_vec()));
            let response = anonymous.send(request, body).await;
            walked += 1;
            if PUBLIC.contains(&template.as_str()) {
                assert_ne!(response.status, 401, "{method} {path}: {}", response.text);
            } else {
                assert_eq!(response.status, 401, "{method} {path}: {}", response.text);
            }
        }
    }
    assert!(walked > 60, "only {walked} operations walked");
    // The pages outside the API document: the spec, the docs and the dashboard.
    for page in ["/openapi.json", "/docs/", "/dashboard"] {
        assert_eq!(anonymous.get(page).await.status, 200, "{page}");
    }
    let dashboard = anonymous.get("/dashboard").await;
    assert!(
        dashboard
            .header("content-security-policy")
            .is_some_and(|csp| csp.starts_with("default-src 'self'"))
    );
    assert!(dashboard.text.contains("/v1/public") || dashboard.text.contains("app.js"));

    // Rate-limited per address: a burst of 40, then 429 with Retry-After (and CORS, so that a
    // browser page can read it).
    let mut limited = None;
    for _ in 0..60 {
        let response = anonymous.get("/v1/public").await;
        if response.status == 429 {
            limited = Some(response);
            break;
        }
    }
    let limited = limited.unwrap_or_else(|| panic!("no 429 within 60 requests"));
    limited.problem(429);
    assert!(limited.header("retry-after").is_some());
    assert_eq!(limited.header("access-control-allow-origin"), Some("*"));
}

formaliza_shared::backend_tests!(published_answers_are_read_without_a_token);
