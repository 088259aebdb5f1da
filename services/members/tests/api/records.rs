//! The members API through HTTP, on SQLite and (when configured) PostgreSQL.

use formaliza_shared::Scope;
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TestClient, TestKeys, TestService, claims};
use serde_json::{Value, json};

const READ_WRITE: &[Scope] = &[Scope::MembersRead, Scope::MembersWrite];

async fn start(backend: Backend) -> Option<TestService> {
    TestService::start(formaliza_members::spec(), backend).await
}

fn partner(service: &TestService, partner_id: &str) -> TestClient {
    service.client(Some(TestKeys::trusted().token(
        &format!("ngo-{partner_id}"),
        READ_WRITE,
        Some(partner_id),
    )))
}

fn ministry(service: &TestService) -> TestClient {
    service.client(Some(
        TestKeys::trusted().token("ministry", READ_WRITE, None),
    ))
}

fn maria() -> Value {
    json!({
        "given_names": "María Elena",
        "family_names": "Quispe Mamani",
        "sex": "female",
        "birth_date": "1986-04-12",
        "national_id": {"type": "pe_dni", "number": "45871236"},
        "sector": "coffee",
        "work_status": "self_employed",
        "country": "PE",
        "region": "PE-JUN",
        "district": "Pichanaqui"
    })
}

async fn member_lifecycle_is_in_the_feed(backend: Backend) {
    let Some(service) = start(backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");

    let created = api.post("/v1/members", &maria()).await;
    let member = created.expect(201).clone();
    let id = member["id"].as_str().unwrap().to_owned();
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/members/{id}").as_str())
    );
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(member["version"], 1);
    assert_eq!(member["national_id"]["country"], "PE");
    assert_eq!(member["partner_id"], "cedepas");
    assert_eq!(member["data_sharing_consent"], false);

    let fetched = api.get(&format!("/v1/members/{id}")).await;
    assert_eq!(fetched.expect(200)["family_names"], "Quispe Mamani");
    let etag = fetched.header("etag").unwrap().to_owned();

    let patched = api
        .patch(
            &format!("/v1/members/{id}"),
            Some(&etag),
            &json!({"phone": "+51 964 123 456", "data_sharing_consent": true, "district": null}),
        )
        .await;
    let body = patched.expect(200);
    assert_eq!(body["version"], 2);
    assert_eq!(body["phone"], "+51 964 123 456");
    assert_eq!(body["district"], Value::Null);
    assert!(body["data_sharing_consent_at"].is_string());
    assert_eq!(patched.header("etag"), Some("\"2\""));

    // A client still holding version 1 cannot overwrite version 2.
    let stale = api
        .patch(
            &format!("/v1/members/{id}"),
            Some(&etag),
            &json!({"phone": "+51 111 111 111"}),
        )
        .await;
    assert_eq!(stale.problem(412)["context"]["current_version"], 2);
    api.delete(&format!("/v1/members/{id}"), Some(&etag))
        .await
        .problem(412);

    // An empty patch changes nothing and bumps no version.
    assert_eq!(
        api.patch(&format!("/v1/members/{id}"), None, &json!({}))
            .await
            .expect(200)["version"],
        2
    );

    assert_eq!(
        api.delete(&format!("/v1/members/{id}"), Some("\"2\""))
            .await
            .status,
        204
    );
    api.get(&format!("/v1/members/{id}")).await.problem(404);
    assert_eq!(api.get("/v1/members").await.expect(200)["data"], json!([]));

    let feed = api.get("/v1/feeds/members").await;
    let events = feed.expect(200)["data"].as_array().unwrap().clone();
    let summary: Vec<_> = events
        .iter()
        .map(|e| {
            (
                e["seq"].as_i64().unwrap(),
                e["op"].as_str().unwrap(),
                e["version"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [(1, "create", 1), (2, "update", 2), (3, "delete", 3)]
    );
    assert!(events.iter().all(|e| e["id"] == id.as_str()
        && e["resource"] == "member"
        && e["actor"] == "ngo-cedepas"));
    assert_eq!(events[1]["data"]["phone"], "+51 964 123 456");
    assert_eq!(events[2]["data"], Value::Null);
    assert!(events[0]["request_id"].is_string());
    assert_eq!(feed.json["next_after"], 3);
    assert_eq!(
        api.get("/v1/feeds/members?after=3").await.expect(200)["data"],
        json!([])
    );
}

async fn idempotent_retries_create_one_member(backend: Backend) {
    let Some(service) = start(backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let first = api.post_once("/v1/members", "retry-7f3a", &maria()).await;
    let second = api.post_once("/v1/members", "retry-7f3a", &maria()).await;
    assert_eq!(first.expect(201)["id"], second.expect(201)["id"]);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(second.header("location"), first.header("location"));
    assert_eq!(
        api.get("/v1/members").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let mut other = maria();
    other["national_id"]["number"] = json!("45871237");
    let reused = api.post_once("/v1/members", "retry-7f3a", &other).await;
    assert_eq!(reused.problem(422)["errors"][0]["field"], "Idempotency-Key");
    // Without a key, the same body is a new request: the national ID is now taken.
    assert_eq!(
        api.post("/v1/members", &maria()).await.problem(409)["errors"][0]["code"],
        "duplicate"
    );
}

async fn partners_only_see_their_own_records(backend: Backend) {
    let Some(service) = start(backend).await else {
        return;
    };
    let cedepas = partner(&service, "cedepas");
    let other = partner(&service, "aprodeh");
    let household = cedepas
        .post(
            "/v1/households",
            &json!({"name": "Familia Quispe", "country": "PE", "region": "PE-JUN"}),
        )
        .await;
    let household_id = household.expect(201)["id"].as_str().unwrap().to_owned();
    let mut body = maria();
    body["household_id"] = json!(household_id);
    body["relationship_to_head"] = json!("head");
    let id = cedepas.post("/v1/members", &body).await.expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();

    other.get(&format!("/v1/members/{id}")).await.problem(404);
    other
        .patch(
            &format!("/v1/members/{id}"),
            None,
            &json!({"phone": "+51 999 999 999"}),
        )
        .await
        .problem(404);
    other
        .delete(&format!("/v1/members/{id}"), None)
        .await
        .problem(404);
    other
        .get(&format!("/v1/households/{household_id}"))
        .await
        .problem(404);
    assert_eq!(
        other.get("/v1/members").await.expect(200)["data"],
        json!([])
    );
    assert_eq!(
        other.get("/v1/feeds/members").await.expect(200)["data"],
        json!([])
    );
    // Its feed cursor still moves past the other partner's events.
    assert_eq!(other.get("/v1/feeds/members").await.json["next_after"], 2);
    // Another partner's household is an unknown reference, not a leak.
    let mut stranger = maria();
    stranger["national_id"]["number"] = json!("11111111");
    stranger["household_id"] = json!(household_id);
    assert_eq!(
        other.post("/v1/members", &stranger).await.problem(422)["errors"][0]["field"],
        "household_id"
    );
    // A client cannot claim another partner through headers.
    let spoofed = other
        .send(
            other
                .request(actix_web::http::Method::GET, &format!("/v1/members/{id}"))
                .insert_header(("X-Partner-Id", "cedepas")),
            None,
        )
        .await;
    spoofed.problem(404);

    // The owner and programme-wide (ministry) tokens see it.
    assert_eq!(
        cedepas.get(&format!("/v1/members/{id}")).await.expect(200)["id"],
        id.as_str()
    );
    assert_eq!(
        ministry(&service)
            .get(&format!("/v1/members/{id}"))
            .await
            .expect(200)["id"],
        id.as_str()
    );
}

async fn tokens_and_scopes_are_enforced(backend: Backend) {
    let Some(service) = start(backend).await else {
        return;
    };
    let keys = TestKeys::trusted();
    let read_only = service.client(Some(keys.token("dashboard", &[Scope::MembersRead], None)));
    let forbidden = read_only.post("/v1/members", &maria()).await;
    assert_eq!(
        forbidden.problem(403)["context"]["required_scope"],
        "members:write"
    );
    // The scope is checked before the body is read: even a malformed body gets 403.
    read_only
        .post_raw("/v1/members", "application/json", b"{oops".to_vec())
        .await
        .problem(403);
    let indicators_only = service.client(Some(keys.token(
        "dashboard",
        &[Scope::IndicatorsRead],
        None,
    )));
    indicators_only.get("/v1/members").await.problem(403);
    indicators_only.get("/v1/feeds/members").await.problem(403);

    let missing = service.client(None).get("/v1/members").await;
    missing.problem(401);
    assert!(
        missing
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer")
    );
    let expired = keys.sign(&keys.header(), &claims("ngo", READ_WRITE, None, -3600));
    service
        .client(Some(expired))
        .get("/v1/members")
        .await
        .problem(401);
    let forged = TestKeys::forger().token("ngo", READ_WRITE, None);
    service
        .client(Some(forged))
        .get("/v1/members")
        .await
        .problem(401);
    let mut wrong_audience = claims("ngo", READ_WRITE, None, 3600);
    wrong_audience["aud"] = json!("someone-else");
    service
        .client(Some(keys.sign(&keys.header(), &wrong_audience)))
        .get("/v1/members")
        .await
        .problem(401);
    service
        .client(Some("not.a.jwt".into()))
        .get("/v1/members")
        .await
        .problem(401);

    // Health, readiness and the spec need no token.
    let anonymous = service.client(None);
    assert_eq!(anonymous.get("/healthz").await.status, 200);
    assert_eq!(
        anonymous.get("/readyz").await.expect(200)["status"],
        "ready"
    );
    assert!(
        anonymous.get("/openapi.json").await.expect(200)["paths"]["/v1/members/import"].is_object()
    );
}

async fn bad_input_is_a_clear_4xx(backend: Backend) {
    let Some(service) = start(backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let malformed = api
        .post_raw(
            "/v1/members",
            "application/json",
            b"{\"given_names\": ".to_vec(),
        )
        .await;
    assert_eq!(
        malformed.problem(400)["errors"][0]["code"],
        "malformed_json"
    );

    let mut unknown = maria();
    unknown["nickname"] = json!("Mari");
    assert_eq!(
        api.post("/v1/members", &unknown).await.problem(422)["errors"][0]["field"],
        "nickname"
    );

    let huge = vec![b' '; 20 * 1024 * 1024];
    api.post_raw("/v1/members", "application/json", huge)
        .await
        .problem(413);
    api.post_raw("/v1/members", "text/plain", b"hello".to_vec())
        .await
        .problem(415);

    assert_eq!(
        api.get("/v1/members?limit=100000").await.problem(400)["errors"][0]["field"],
        "limit"
    );
    assert_eq!(
        api.get("/v1/members?cursor=garbage").await.problem(400)["errors"][0]["field"],
        "cursor"
    );
    assert_eq!(
        api.get("/v1/members?colour=red").await.problem(400)["errors"][0]["field"],
        "colour"
    );
    // PostgreSQL refuses a NUL in text: caught before it reaches a filter or the search.
    for query in [
        "country=P%00E",
        "q=jos%00e",
        "id_number=%00",
        "region=PE-JUN%0A",
    ] {
        let answer = api.get(&format!("/v1/members?{query}")).await;
        assert_eq!(
            answer.problem(400)["errors"][0]["code"],
            "invalid_characters",
            "{query}"
        );
    }
    api.get("/v1/members/not-a-uuid").await.problem(400);
    api.get("/v1/members/0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001")
        .await
        .problem(404);
    api.get("/v1/nothing-here").await.problem(404);

    let mut bad = maria();
    bad["national_id"]["number"] = json!("1234567");
    bad["region"] = json!("BO-L");
    bad["birth_date"] = json!("12/04/1986");
    let problem = api.post("/v1/members", &bad).await;
    let fields: Vec<_> = problem.problem(422)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["birth_date", "national_id.number", "region"]);

    let mut wrong_enum = maria();
    wrong_enum["sector"] = json!("mining");
    assert_eq!(
        api.post("/v1/members", &wrong_enum).await.problem(422)["errors"][0]["field"],
        "sector"
    );
    // A read-only field in a patch is refused, not ignored.
    let id = api.post("/v1/members", &maria()).await.expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api.patch(&format!("/v1/members/{id}"), None, &json!({"version": 9}))
            .await
            .problem(422)["errors"][0]["field"],
        "version"
    );
    assert_eq!(
        api.patch(
            &format!("/v1/members/{id}"),
            None,
            &json!({"country": null})
        )
        .await
        .problem(422)["errors"][0]["field"],
        "country"
    );
    // Nothing was lost on the way.
    assert_eq!(
        api.get(&format!("/v1/members/{id}")).await.expect(200)["version"],
        1
    );
}

async fn organisations_households_and_memberships(backend: Backend) {
    let Some(service) = start(backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let federation = api
        .post("/v1/organisations", &json!({"name": "Federación de Cooperativas Cafetaleras de Junín", "kind": "federation", "legal_status": "registered", "country": "PE", "region": "PE-JUN", "sector": "coffee"}))
        .await;
    let federation_id = federation.expect(201)["id"].as_str().unwrap().to_owned();
    let cooperative = api
        .post("/v1/organisations", &json!({"name": "Cooperativa Agraria Cafetalera Perené", "kind": "cooperative", "legal_status": "in_formation", "parent_id": federation_id, "country": "PE", "region": "PE-JUN", "sector": "coffee"}))
        .await;
    let cooperative_id = cooperative.expect(201)["id"].as_str().unwrap().to_owned();
    assert_eq!(cooperative.json["in_programme"], true);
    let invited = api
        .post("/v1/organisations", &json!({"name": "Asociación de Productores de Caranavi", "kind": "association", "legal_status": "informal", "in_programme": false, "country": "BO", "region": "BO-L"}))
        .await;
    invited.expect(201);

    // No loops in the federation hierarchy.
    let looped = api
        .patch(
            &format!("/v1/organisations/{federation_id}"),
            None,
            &json!({"parent_id": cooperative_id}),
        )
        .await;
    assert_eq!(looped.problem(422)["errors"][0]["code"], "cycle");

    let filtered = api
        .get(&format!("/v1/organisations?parent_id={federation_id}"))
        .await;
    assert_eq!(
        filtered.expect(200)["data"][0]["id"],
        cooperative_id.as_str()
    );
    assert_eq!(
        api.get("/v1/organisations?in_programme=false")
            .await
            .expect(200)["data"][0]["country"],
        "BO"
    );
    assert_eq!(
        api.get("/v1/organisations?q=perene").await.expect(200)["data"][0]["id"],
        cooperative_id.as_str()
    );
    assert_eq!(
        api.get("/v1/organisations?legal_status=registered")
            .await
            .expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let household_id = api
        .post(
            "/v1/households",
            &json!({"name": "Familia Quispe", "country": "PE", "region": "PE-JUN"}),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut head = maria();
    head["household_id"] = json!(household_id);
    head["relationship_to_head"] = json!("head");
    let member_id = api.post("/v1/members", &head).await.expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut second_head = maria();
    second_head["national_id"]["number"] = json!("45871299");
    second_head["household_id"] = json!(household_id);
    second_head["relationship_to_head"] = json!("head");
    assert_eq!(
        api.post("/v1/members", &second_head).await.problem(409)["errors"][0]["code"],
        "duplicate_head"
    );

    let membership = api.post("/v1/memberships", &json!({"member_id": member_id, "organisation_id": cooperative_id, "role": "treasurer"})).await;
    let membership_id = membership.expect(201)["id"].as_str().unwrap().to_owned();
    api.post(
        "/v1/memberships",
        &json!({"member_id": member_id, "organisation_id": cooperative_id}),
    )
    .await
    .problem(409);
    let unknown = api.post("/v1/memberships", &json!({"member_id": member_id, "organisation_id": "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001"})).await;
    assert_eq!(
        unknown.problem(422)["errors"][0]["field"],
        "organisation_id"
    );

    assert_eq!(
        api.get(&format!("/v1/members?organisation_id={cooperative_id}"))
            .await
            .expect(200)["data"][0]["id"],
        member_id.as_str()
    );
    assert_eq!(
        api.get(&format!("/v1/households?organisation_id={cooperative_id}"))
            .await
            .expect(200)["data"][0]["id"],
        household_id.as_str()
    );
    assert_eq!(
        api.get("/v1/households?sector=coffee").await.expect(200)["data"][0]["id"],
        household_id.as_str()
    );
    assert_eq!(
        api.get(&format!("/v1/members?household_id={household_id}"))
            .await
            .expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        api.get("/v1/members?q=JOSE").await.expect(200)["data"],
        json!([])
    );
    assert_eq!(
        api.get("/v1/members?q=maria%20elena").await.expect(200)["data"][0]["id"],
        member_id.as_str()
    );

    // What others depend on cannot be deleted from under them.
    api.delete(&format!("/v1/organisations/{federation_id}"), None)
        .await
        .problem(409);
    api.delete(&format!("/v1/organisations/{cooperative_id}"), None)
        .await
        .problem(409);
    api.delete(&format!("/v1/households/{household_id}"), None)
        .await
        .problem(409);
    // Deleting the member ends the membership too, and the feed says so.
    assert_eq!(
        api.delete(&format!("/v1/members/{member_id}"), None)
            .await
            .status,
        204
    );
    api.get(&format!("/v1/memberships/{membership_id}"))
        .await
        .problem(404);
    assert_eq!(
        api.delete(&format!("/v1/organisations/{cooperative_id}"), None)
            .await
            .status,
        204
    );
    assert_eq!(
        api.delete(&format!("/v1/households/{household_id}"), None)
            .await
            .status,
        204
    );
    let feed = api.get("/v1/feeds/members").await;
    let deletions: Vec<_> = feed.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["op"] == "delete")
        .map(|e| e["resource"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        deletions,
        ["membership", "member", "organisation", "household"]
    );
}

async fn pages_follow_the_keyset(backend: Backend) {
    let Some(service) = start(backend).await else {
        return;
    };
    let api = ministry(&service);
    for i in 0..7 {
        api.post(
            "/v1/households",
            &json!({"name": format!("Familia {i}"), "country": "BO", "region": "BO-L"}),
        )
        .await
        .expect(201);
    }
    let mut seen = Vec::new();
    let mut path = "/v1/households?limit=3".to_owned();
    loop {
        let page = api.get(&path).await;
        let body = page.expect(200);
        seen.extend(
            body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["name"].as_str().unwrap().to_owned()),
        );
        match body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/households?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        (0..7).map(|i| format!("Familia {i}")).collect::<Vec<_>>()
    );
    let before = chrono::Utc::now();
    let first = api.get("/v1/households?limit=1").await.expect(200)["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    api.patch(
        &format!("/v1/households/{first}"),
        None,
        &json!({"locality": "Coroico"}),
    )
    .await
    .expect(200);
    let since = before
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        .replace('+', "%2B");
    let changed = api
        .get(&format!("/v1/households?updated_after={since}"))
        .await;
    assert_eq!(
        changed.expect(200)["data"].as_array().unwrap().len(),
        1,
        "{}",
        changed.text
    );
}

/// A known path asked with a method it does not answer is a 405 naming the methods it does
/// (RFC 9110), even where a literal path (`/v1/members/import`) sits beside `/v1/members/{id}`;
/// a malformed id stays a 400. Found by the schemathesis run (`.ci/schemathesis`).
async fn wrong_methods_are_a_405_with_allow(backend: Backend) {
    use actix_web::http::Method;
    let Some(service) = start(backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let member = "0192b9c4-6c2e-7d4e-9a57-3f1de0b0a001";
    let cases = [
        (Method::PUT, "/v1/members".to_owned(), "GET, HEAD, POST"),
        (Method::TRACE, "/v1/members".to_owned(), "GET, HEAD, POST"),
        (Method::PATCH, "/v1/members/import".to_owned(), "POST"),
        (Method::DELETE, "/v1/members/import".to_owned(), "POST"),
        (Method::GET, "/v1/members/import".to_owned(), "POST"),
        (Method::HEAD, "/v1/members/import".to_owned(), "POST"),
        (
            Method::PUT,
            format!("/v1/members/{member}"),
            "GET, HEAD, PATCH, DELETE",
        ),
        (Method::POST, "/openapi.json".to_owned(), "GET, HEAD"),
    ];
    for (method, path, allow) in cases {
        let response = api.send(api.request(method.clone(), &path), None).await;
        if method == Method::HEAD {
            // The answer to a GET, without its body.
            assert_eq!(response.status, 405, "{method} {path}");
            assert!(response.text.is_empty(), "{method} {path}");
        } else {
            let problem = response.problem(405);
            assert_eq!(
                problem["type"], "urn:formaliza:problem:method-not-allowed",
                "{method} {path}"
            );
        }
        assert_eq!(
            response.headers.get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
    }
    api.send(api.request(Method::PATCH, "/v1/members/not-a-uuid"), None)
        .await
        .problem(400);
    api.send(api.request(Method::PUT, "/v1/nothing-here"), None)
        .await
        .problem(404);
}

formaliza_shared::backend_tests!(
    wrong_methods_are_a_405_with_allow,
    member_lifecycle_is_in_the_feed,
    idempotent_retries_create_one_member,
    partners_only_see_their_own_records,
    tokens_and_scopes_are_enforced,
    bad_input_is_a_clear_4xx,
    organisations_households_and_memberships,
    pages_follow_the_keyset,
    a_validation_problem_follows_accept_language,
);

/// Tokens that try to choose their own algorithm or key are refused by the service itself.
#[actix_rt::test]
async fn token_attacks_are_refused() {
    use base64::Engine as _;
    let Some(service) = start(Backend::Sqlite).await else {
        return;
    };
    let keys = TestKeys::trusted();
    let encode =
        |value: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string());
    let body = encode(&claims("ngo", READ_WRITE, None, 3600));
    let valid = keys.token("ngo", READ_WRITE, None);
    let signature = valid.rsplit('.').next().unwrap().to_owned();
    let mut attacks = Vec::new();
    for alg in ["none", "None", "NONE", "nOnE"] {
        attacks.push(format!(
            "{}.{body}.",
            encode(&json!({"alg": alg, "typ": "JWT"}))
        ));
    }
    // HS256 "signed" with the public key as the secret.
    let public = keys.public_x();
    let mut hs_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs_header.kid = Some(formaliza_shared::testing::TEST_KID.into());
    attacks.push(
        jsonwebtoken::encode(
            &hs_header,
            &claims("ngo", READ_WRITE, None, 3600),
            &jsonwebtoken::EncodingKey::from_secret(public.as_bytes()),
        )
        .unwrap(),
    );
    // Key sources named by the token itself are never used.
    for header in [
        json!({"alg": "EdDSA", "kid": "test-key-1", "jku": "http://127.0.0.1:1/jwks.json"}),
        json!({"alg": "EdDSA", "kid": "test-key-1", "jwk": {"kty": "OKP", "crv": "Ed25519", "x": public}}),
        json!({"alg": "EdDSA", "kid": "elsewhere"}),
    ] {
        attacks.push(format!("{}.{body}.{signature}", encode(&header)));
    }
    // Stripped and altered signatures, and a valid signature over other claims.
    let (unsigned, _) = valid.rsplit_once('.').unwrap();
    attacks.push(format!("{unsigned}."));
    attacks.push(format!(
        "{unsigned}.{}",
        signature.chars().rev().collect::<String>()
    ));
    let (header, _) = unsigned.split_once('.').unwrap();
    attacks.push(format!(
        "{header}.{}.{signature}",
        encode(&claims("admin", &[Scope::Admin], None, 3600))
    ));
    // Missing exp, missing aud, not yet valid.
    for edit in ["exp", "aud", "nbf"] {
        let mut tampered = claims("ngo", READ_WRITE, None, 3600);
        match edit {
            "nbf" => tampered["nbf"] = json!(formaliza_shared::testing::now_seconds() + 3600),
            field => {
                tampered.as_object_mut().unwrap().remove(field);
            }
        }
        attacks.push(keys.sign(&keys.header(), &tampered));
    }
    for token in attacks {
        let response = service.client(Some(token.clone())).get("/v1/members").await;
        assert_eq!(response.status, 401, "accepted: {token}");
    }
    // The token in the query string is not a token.
    service
        .client(None)
        .get(&format!("/v1/members?access_token={valid}"))
        .await
        .problem(401);
    assert_eq!(
        service.client(Some(valid)).get("/v1/members").await.status,
        200
    );
}

/// Keys can come from a JWKS URL (the gateway's), fetched at start and again for a new `kid`.
#[actix_rt::test]
async fn keys_from_a_jwks_url() {
    use actix_web::{App, HttpResponse, HttpServer, web};
    let jwks = TestKeys::trusted().jwks();
    let server = HttpServer::new(move || {
        let jwks = jwks.clone();
        App::new().route(
            "/.well-known/jwks.json",
            web::get().to(move || {
                let jwks = jwks.clone();
                async move { HttpResponse::Ok().json(jwks) }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    actix_rt::spawn(server.run());
    let url = format!("http://127.0.0.1:{port}/.well-known/jwks.json");
    let service = TestService::start_with(formaliza_members::spec(), Backend::Sqlite, |config| {
        config.auth.static_keys.clear();
        config.auth.jwks_url = Some(url);
    })
    .await
    .unwrap();
    let token = TestKeys::trusted().token("ngo", READ_WRITE, None);
    assert_eq!(
        service.client(Some(token)).get("/v1/members").await.status,
        200
    );
    service
        .client(Some(TestKeys::forger().token("ngo", READ_WRITE, None)))
        .get("/v1/members")
        .await
        .problem(401);
}

/// One validation problem in each language: Spanish for `es-PE` (and for a Spanish preference
/// by q-value), English for `en` and when the client says nothing; the codes never change.
async fn a_validation_problem_follows_accept_language(backend: Backend) {
    let Some(service) = start(backend).await else {
        return;
    };
    let api = partner(&service, "cedepas");
    let mut bad = maria();
    bad["national_id"]["number"] = json!("1234567");
    bad["region"] = json!("BO-L");
    bad["birth_date"] = json!("12/04/1986");
    let send = |language: Option<&'static str>| {
        let api = &api;
        let bad = &bad;
        async move {
            let mut request = api.request(actix_web::http::Method::POST, "/v1/members");
            if let Some(language) = language {
                request = request.insert_header(("Accept-Language", language));
            }
            api.send(
                request,
                Some(("application/json", serde_json::to_vec(bad).unwrap())),
            )
            .await
        }
    };
    let codes = |problem: &Value| -> Vec<(String, String)> {
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
    let messages = |problem: &Value| -> Vec<String> {
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["message"].as_str().unwrap().to_owned())
            .collect()
    };

    let spanish = send(Some("es-PE")).await;
    let es = spanish.problem(422).clone();
    assert_eq!(spanish.header("content-language"), Some("es"));
    assert_eq!(es["type"], "urn:formaliza:problem:validation");
    assert_eq!(es["title"], "Solicitud no válida");
    assert_eq!(es["detail"], "3 campos no son válidos");
    assert_eq!(
        messages(&es),
        [
            "una fecha se escribe AAAA-MM-DD",
            "un DNI peruano tiene exactamente 8 dígitos",
            "BO-L no está en PE",
        ]
    );

    for language in [Some("en"), None] {
        let english = send(language).await;
        let en = english.problem(422).clone();
        assert_eq!(english.header("content-language"), Some("en"));
        assert_eq!(en["title"], "Invalid request");
        assert_eq!(en["detail"], "3 fields are invalid");
        assert_eq!(
            messages(&en),
            [
                "a date is written YYYY-MM-DD",
                "a Peruvian DNI has exactly 8 digits",
                "BO-L is not in PE",
            ]
        );
        assert_eq!(codes(&en), codes(&es));
    }

    let preferred = send(Some("en;q=0.5, es;q=0.9")).await;
    assert_eq!(preferred.problem(422)["title"], "Solicitud no válida");
}
