//! The gateway in front of a real members service (and of fake upstreams): tokens from
//! `/oauth/token`, scope checks before proxying, refused tokens never reaching the upstream,
//! spoofed identity headers, and upstream failures as problem+json.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use base64::Engine as _;
use formaliza_gateway::{GatewayConfig, clients, keys};
use formaliza_shared::Scope;
use formaliza_shared::db::{self, Backend};
use formaliza_shared::testing::{
    TEST_AUDIENCE, TEST_ISSUER, TestClient, TestDatabase, TestKeys, TestService, claims,
};
use serde_json::{Value, json};

struct Stack {
    gateway: TestClient,
    gateway_url: String,
    /// The operations listener (`/metrics`), apart from the public one.
    metrics: TestClient,
    pool: db::DbPool,
    _members: Option<TestService>,
    _database: TestDatabase,
}

fn gateway_config(database: &TestDatabase, members_url: Option<String>) -> GatewayConfig {
    GatewayConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        metrics_bind: "127.0.0.1:0".parse().unwrap(),
        database_url: database.url.clone(),
        pool_size: 2,
        issuer: TEST_ISSUER.into(),
        audience: TEST_AUDIENCE.into(),
        leeway_seconds: 5,
        token_ttl_seconds: 600,
        members_url,
        trainings_url: None,
        social_protection_url: None,
        upstream_timeout: Duration::from_millis(500),
        // Test tokens too, so attacks can be built from a key the gateway trusts.
        trusted_keys: vec![TestKeys::trusted().verification_key()],
        trusted_issuers: Vec::new(),
        signing_key_pem: None,
        redis_url: None,
        rate_limit_per_second: 1000,
        rate_limit_burst: 1000,
        max_body_bytes: 1 << 20,
        max_import_bytes: 1 << 20,
        cors_origins: vec!["https://dashboard.example.org".into()],
        token_cache_capacity: 100,
        trusted_proxies: Default::default(),
        handle_signals: true,
        webhooks: Default::default(),
        published: Default::default(),
    }
}

/// The gateway in front of `members_url` (a real members service when `None`).
async fn stack(members_url: Option<String>) -> Stack {
    stack_with(members_url, |_| {}).await
}

async fn stack_with(members_url: Option<String>, adjust: impl FnOnce(&mut GatewayConfig)) -> Stack {
    let database = TestDatabase::create(Backend::Sqlite).unwrap();
    let pool = db::connect(&database.url, 2).unwrap();
    db::migrate(&pool, formaliza_gateway::migrations()).unwrap();
    let gateway_keys = keys::load(&mut pool.get().unwrap(), chrono::TimeDelta::hours(1))
        .unwrap()
        .verifying;
    let (members, url) = match members_url {
        Some(url) => (None, url),
        None => {
            let members =
                TestService::start_with(formaliza_members::spec(), Backend::Sqlite, |config| {
                    config.auth.static_keys.extend(gateway_keys);
                })
                .await
                .unwrap();
            let url = members.base_url.clone();
            (Some(members), url)
        }
    };
    let mut config = gateway_config(&database, Some(url));
    adjust(&mut config);
    let running = formaliza_gateway::build(config).unwrap();
    actix_rt::spawn(running.server);
    let gateway_url = format!("http://127.0.0.1:{}", running.port);
    Stack {
        gateway: TestClient::new(&gateway_url, None),
        gateway_url,
        metrics: TestClient::new(&format!("http://127.0.0.1:{}", running.metrics_port), None),
        pool,
        _members: members,
        _database: database,
    }
}

impl Stack {
    fn client(&self, name: &str, scopes: &str, partner: Option<&str>) -> clients::NewClient {
        clients::add(&mut self.pool.get().unwrap(), name, scopes, partner).unwrap()
    }

    async fn token_form(
        &self,
        form: &str,
        basic: Option<(&str, &str)>,
    ) -> formaliza_shared::testing::TestResponse {
        let mut request = self
            .gateway
            .request(actix_web::http::Method::POST, "/oauth/token");
        if let Some((id, secret)) = basic {
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
            request = request.insert_header(("Authorization", format!("Basic {encoded}")));
        }
        self.gateway
            .send(
                request,
                Some((
                    "application/x-www-form-urlencoded",
                    form.as_bytes().to_vec(),
                )),
            )
            .await
    }

    async fn token(&self, client: &clients::NewClient) -> String {
        let response = self
            .token_form(
                "grant_type=client_credentials",
                Some((&client.client_id, &client.client_secret)),
            )
            .await;
        response.expect(200)["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

#[actix_rt::test]
async fn a_partner_gets_a_token_and_works_through_the_gateway() {
    let stack = stack(None).await;
    let ngo = stack.client(
        "CEDEPAS Norte",
        "members:read members:write",
        Some("cedepas"),
    );
    let other = stack.client("APRODEH", "members:read members:write", Some("aprodeh"));
    let issued = stack
        .token_form(
            "grant_type=client_credentials",
            Some((&ngo.client_id, &ngo.client_secret)),
        )
        .await;
    let body = issued.expect(200);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "members:read members:write");
    assert_eq!(issued.header("cache-control"), Some("no-store"));
    let api = stack
        .gateway
        .with_token(Some(body["access_token"].as_str().unwrap().to_owned()));

    let member = json!({"given_names": "Rosa", "family_names": "Huamán", "country": "PE", "region": "PE-CAJ", "sector": "coffee"});
    let created = api.post("/v1/members", &member).await;
    assert_eq!(created.expect(201)["partner_id"], "cedepas");
    let id = created.json["id"].as_str().unwrap();
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/members/{id}").as_str())
    );
    let request = api
        .request(actix_web::http::Method::GET, &format!("/v1/members/{id}"))
        .insert_header(("X-Request-Id", "trace-abc-123"));
    let fetched = api.send(request, None).await;
    assert_eq!(fetched.expect(200)["family_names"], "Huamán");
    assert_eq!(fetched.header("x-request-id"), Some("trace-abc-123"));

    // Body credentials work too, and a narrower scope can be asked for.
    let form = format!(
        "grant_type=client_credentials&client_id={}&client_secret={}&scope=members:read",
        ngo.client_id, ngo.client_secret
    );
    let narrow = stack.token_form(&form, None).await;
    let reader = stack.gateway.with_token(Some(
        narrow.expect(200)["access_token"]
            .as_str()
            .unwrap()
            .to_owned(),
    ));
    reader.post("/v1/members", &member).await.problem(403);

    // Another partner, whatever header it sends, does not see it.
    let stranger = stack.gateway.with_token(Some(stack.token(&other).await));
    let spoofed = stranger
        .request(actix_web::http::Method::GET, &format!("/v1/members/{id}"))
        .insert_header(("X-Partner-Id", "cedepas"));
    stranger.send(spoofed, None).await.problem(404);

    let jwks = stack.gateway.get("/.well-known/jwks.json").await;
    assert_eq!(jwks.expect(200)["keys"][0]["kty"], "OKP");
    assert_eq!(
        stack.gateway.get("/readyz").await.expect(200)["services"]["members"],
        "ready"
    );
}

/// A token request: form, Basic credentials, expected status and OAuth error code.
type TokenCase<'a> = (String, Option<(&'a str, &'a str)>, u16, &'a str);

#[actix_rt::test]
async fn the_token_endpoint_follows_rfc_6749() {
    let stack = stack(None).await;
    let ngo = stack.client("ngo", "members:read", None);
    let cases: Vec<TokenCase> = vec![
        (
            "grant_type=client_credentials".into(),
            Some((&ngo.client_id, "wrong-secret")),
            401,
            "invalid_client",
        ),
        (
            "grant_type=client_credentials".into(),
            Some(("fzc_nobody", "x")),
            401,
            "invalid_client",
        ),
        (
            "grant_type=client_credentials".into(),
            None,
            401,
            "invalid_client",
        ),
        (
            "grant_type=password".into(),
            Some((&ngo.client_id, &ngo.client_secret)),
            400,
            "unsupported_grant_type",
        ),
        (
            "".into(),
            Some((&ngo.client_id, &ngo.client_secret)),
            400,
            "invalid_request",
        ),
        (
            "grant_type=client_credentials&scope=admin".into(),
            Some((&ngo.client_id, &ngo.client_secret)),
            400,
            "invalid_scope",
        ),
    ];
    for (form, basic, status, error) in cases {
        let response = stack.token_form(&form, basic).await;
        assert_eq!(
            (response.status, response.json["error"].as_str()),
            (status, Some(error)),
            "{form}"
        );
    }
    clients::set_enabled(&mut stack.pool.get().unwrap(), &ngo.client_id, false).unwrap();
    let disabled = stack
        .token_form(
            "grant_type=client_credentials",
            Some((&ngo.client_id, &ngo.client_secret)),
        )
        .await;
    assert_eq!(disabled.status, 401);
}

/// A fake upstream that counts what reaches it.
async fn counting_upstream() -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let server = HttpServer::new(move || {
        let counter = counter.clone();
        App::new().default_service(web::to(move |req: actix_web::HttpRequest| {
            counter.fetch_add(1, Ordering::SeqCst);
            let partner = req.headers().get("x-partner-id").map(|v| v.to_str().unwrap_or_default().to_owned());
            async move { HttpResponse::Ok().json(json!({"ok": true, "x_partner_id_seen": partner})) }
        }))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let url = format!("http://127.0.0.1:{}", server.addrs()[0].port());
    actix_rt::spawn(server.run());
    (url, hits)
}

#[actix_rt::test]
async fn refused_tokens_never_reach_the_upstream() {
    let (upstream, hits) = counting_upstream().await;
    let stack = stack(Some(upstream)).await;
    let keys = TestKeys::trusted();
    let encode =
        |value: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string());
    let body = encode(&claims("ngo", &[Scope::MembersRead], None, 3600));
    let valid = keys.token("ngo", &[Scope::MembersRead], None);
    let (unsigned, signature) = valid.rsplit_once('.').unwrap();
    let mut attacks: Vec<String> = ["none", "None", "NONE"]
        .iter()
        .map(|alg| format!("{}.{body}.", encode(&json!({"alg": alg}))))
        .collect();
    let mut hs = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs.kid = Some(formaliza_shared::testing::TEST_KID.into());
    attacks.push(
        jsonwebtoken::encode(
            &hs,
            &claims("ngo", &[Scope::MembersRead], None, 3600),
            &jsonwebtoken::EncodingKey::from_secret(keys.public_x().as_bytes()),
        )
        .unwrap(),
    );
    attacks.push(format!("{unsigned}."));
    attacks.push(format!("{unsigned}x.{signature}"));
    attacks.push(keys.sign(
        &keys.header(),
        &claims("ngo", &[Scope::MembersRead], None, -60),
    ));
    attacks.push(TestKeys::forger().token("ngo", &[Scope::MembersRead], None));
    for header in [
        json!({"alg": "EdDSA", "kid": "test-key-1", "jku": "http://127.0.0.1:9/keys"}),
        json!({"alg": "EdDSA", "kid": "test-key-1", "x5u": "http://127.0.0.1:9/cert"}),
        json!({"alg": "EdDSA", "kid": "unknown"}),
    ] {
        attacks.push(format!("{}.{body}.{signature}", encode(&header)));
    }
    for edit in ["iss", "aud"] {
        let mut tampered = claims("ngo", &[Scope::MembersRead], None, 3600);
        tampered[edit] = json!("someone-else");
        attacks.push(keys.sign(&keys.header(), &tampered));
    }
    // Missing aud, missing exp, not yet valid.
    for edit in ["aud", "exp", "nbf"] {
        let mut tampered = claims("ngo", &[Scope::MembersRead], None, 3600);
        if edit == "nbf" {
            tampered["nbf"] = json!(formaliza_shared::testing::now_seconds() + 3600);
        } else {
            tampered.as_object_mut().unwrap().remove(edit);
        }
        attacks.push(keys.sign(&keys.header(), &tampered));
    }
    // A key embedded in the token itself (signed with the forger's key it names).
    let forger = TestKeys::forger();
    let mut embedded = forger.header();
    embedded.jwk = Some(
        serde_json::from_value(json!({"kty": "OKP", "crv": "Ed25519", "x": forger.public_x()}))
            .unwrap(),
    );
    attacks.push(forger.sign(&embedded, &claims("ngo", &[Scope::MembersRead], None, 3600)));
    for token in &attacks {
        stack
            .gateway
            .with_token(Some(token.clone()))
            .get("/v1/members")
            .await
            .problem(401);
    }
    stack.gateway.get("/v1/members").await.problem(401);
    stack
        .gateway
        .get(&format!("/v1/members?access_token={valid}"))
        .await
        .problem(401);
    // Two different tokens at once: ambiguous, refused.
    let other = keys.token("other", &[Scope::MembersRead], None);
    let twice = stack
        .gateway
        .request(actix_web::http::Method::GET, "/v1/members")
        .append_header(("Authorization", format!("Bearer {valid}")))
        .append_header(("Authorization", format!("Bearer {other}")));
    stack.gateway.send(twice, None).await.problem(401);
    let dashboard = keys.token("dashboard", &[Scope::IndicatorsRead], None);
    stack
        .gateway
        .with_token(Some(dashboard))
        .get("/v1/members")
        .await
        .problem(403);
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "a refused request reached the upstream"
    );

    // A valid token goes through; the client's identity headers do not.
    let partner = stack.gateway.with_token(Some(keys.token(
        "ngo",
        &[Scope::MembersRead],
        Some("aprodeh"),
    )));
    let request = partner
        .request(actix_web::http::Method::GET, "/v1/members")
        .insert_header(("X-Partner-Id", "cedepas"));
    let response = partner.send(request, None).await;
    assert_eq!(response.expect(200)["x_partner_id_seen"], Value::Null);
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

/// A fake upstream on a raw socket: for each connection, reads one request whole (head and
/// `Content-Length` body), then does `reply` with the socket (answer, part-answer, or nothing).
fn raw_upstream(reply: impl Fn(&mut std::net::TcpStream) + Send + 'static) -> String {
    use std::io::{BufRead, BufReader, Read};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            reply(&mut stream);
        }
    });
    url
}

/// The problem's `type`, after checking it is a problem with `status`.
fn problem_type(response: &formaliza_shared::testing::TestResponse, status: u16) -> String {
    response.problem(status)["type"]
        .as_str()
        .unwrap()
        .trim_start_matches("urn:formaliza:problem:")
        .to_owned()
}

#[actix_rt::test]
async fn upstream_failures_are_problems() {
    // Nothing listens here: the request certainly never reached the service. 503 at once,
    // "retry later", with Retry-After.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let stack_down = stack(Some(closed_url)).await;
    let token = TestKeys::trusted().token("ngo", &[Scope::MembersRead, Scope::MembersWrite], None);
    let started = Instant::now();
    let down = stack_down
        .gateway
        .with_token(Some(token.clone()))
        .post_once("/v1/members", "key-1", &json!({}))
        .await;
    assert_eq!(problem_type(&down, 503), "upstream-unavailable");
    assert!(
        down.json["detail"]
            .as_str()
            .unwrap()
            .contains("nothing was done")
    );
    assert_eq!(down.header("retry-after"), Some("1"));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(stack_down.gateway.get("/readyz").await.status, 503);

    // Accepts and never answers: 504 at the configured timeout (500 ms), outcome unknown.
    let hanging = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let hanging_url = format!("http://{}", hanging.local_addr().unwrap());
    let _hold = std::thread::spawn(move || {
        let _connections: Vec<_> = hanging.incoming().take(8).collect();
    });
    let stack_hanging = stack(Some(hanging_url)).await;
    let started = Instant::now();
    let slow = stack_hanging
        .gateway
        .with_token(Some(token))
        .get("/v1/members")
        .await;
    assert_eq!(problem_type(&slow, 504), "upstream-timeout");
    assert!(
        slow.json["detail"]
            .as_str()
            .unwrap()
            .contains("outcome is unknown")
    );
    assert!(slow.header("retry-after").is_none());
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );

    // Unknown paths are the gateway's own 404, with no token needed to learn that.
    stack_down.gateway.get("/v2/anything").await.problem(404);
    let _ = &stack_down.gateway_url;
}

/// The service read the whole request (and may have committed it), then its connection died
/// before it answered: the client must not be told "unavailable, retry later", since a plain
/// retry would do the write twice. A 502 says the outcome is unknown and how to retry safely.
#[actix_rt::test]
async fn a_connection_lost_after_the_request_was_sent_is_an_unknown_outcome() {
    let dies = raw_upstream(|stream| {
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let stack = stack(Some(dies)).await;
    let api = stack.gateway.with_token(Some(TestKeys::trusted().token(
        "ngo",
        &[Scope::MembersWrite],
        None,
    )));
    for _ in 0..3 {
        let lost = api
            .post_once(
                "/v1/members",
                "import-row-17",
                &json!({"given_names": "Rosa"}),
            )
            .await;
        assert_eq!(problem_type(&lost, 502), "upstream-connection-lost");
        let detail = lost.json["detail"].as_str().unwrap();
        assert!(detail.contains("outcome is unknown"), "{detail}");
        assert!(detail.contains("same Idempotency-Key"), "{detail}");
        assert!(!detail.contains("retry later"), "{detail}");
        assert!(lost.header("retry-after").is_none());
    }
    let metrics = stack.metrics.get("/metrics").await;
    assert!(
        metrics.text.contains(
            "formaliza_gateway_upstream_errors_total{service=\"members\",kind=\"connection_lost\"} 3"
        ),
        "{}",
        metrics.text
    );
}

/// An answer that stops before the length its head declared: a small one (every write's
/// answer) becomes a 502 with an unknown outcome, never a 500 nor a truncated 201; a large
/// streamed one keeps the service's status and ends the connection before the declared length,
/// which every HTTP client reports as an incomplete answer.
#[actix_rt::test]
async fn an_answer_cut_off_mid_body_is_not_a_500() {
    use std::io::Write;
    let cut_short = raw_upstream(|stream| {
        let _ = stream.write_all(
            b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\": \"01",
        );
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let stack_short = stack(Some(cut_short)).await;
    let token = TestKeys::trusted().token("ngo", &[Scope::MembersRead, Scope::MembersWrite], None);
    let cut = stack_short
        .gateway
        .with_token(Some(token.clone()))
        .post_once("/v1/members", "key-2", &json!({}))
        .await;
    assert_eq!(problem_type(&cut, 502), "upstream-connection-lost");
    assert!(
        cut.json["detail"]
            .as_str()
            .unwrap()
            .contains("outcome is unknown")
    );

    let cut_long = raw_upstream(|stream| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: 10000000\r\n\r\n",
        );
        let _ = stream.write_all(&[b'x'; 4096]);
        // The head and the first bytes reach the client before the service dies.
        std::thread::sleep(Duration::from_millis(300));
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let stack_long = stack(Some(cut_long)).await;
    let mut response = stack_long
        .gateway
        .with_token(Some(token))
        .request(actix_web::http::Method::GET, "/v1/members")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers().get("content-length").unwrap(),
        "10000000"
    );
    // The connection ends before the declared length: never an answer that looks complete.
    let received = response.body().limit(20_000_000).await;
    assert!(
        received
            .as_ref()
            .map_or(true, |body| body.len() < 10_000_000),
        "{:?}",
        received.map(|b| b.len())
    );
}

#[actix_rt::test]
async fn metrics_are_served_on_the_operations_listener_only() {
    let (upstream, _) = counting_upstream().await;
    let stack = stack(Some(upstream)).await;
    // The public port: an unknown path like any other, whatever the method.
    let public = stack.gateway.get("/metrics").await;
    assert_eq!(problem_type(&public, 404), "not-found");
    assert_eq!(stack.gateway.post("/metrics", &json!({})).await.status, 404);
    // The operations listener: the metrics, and nothing else.
    let scraped = stack.metrics.get("/metrics").await;
    assert_eq!(scraped.status, 200);
    assert!(
        scraped
            .header("content-type")
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    assert!(
        scraped.text.contains(
            "formaliza_gateway_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"
        ),
        "{}",
        scraped.text
    );
    for path in ["/v1/members", "/healthz", "/openapi.json", "/oauth/token"] {
        problem_type(&stack.metrics.get(path).await, 404);
    }
    assert_eq!(stack.metrics.post("/metrics", &json!({})).await.status, 405);
}

#[actix_rt::test]
async fn limits_cors_and_metrics() {
    let (upstream, hits) = counting_upstream().await;
    let stack = stack_with(Some(upstream), |config| {
        config.rate_limit_per_second = 1;
        config.rate_limit_burst = 3;
    })
    .await;
    let api = stack.gateway.with_token(Some(TestKeys::trusted().token(
        "ngo",
        &[Scope::MembersRead, Scope::MembersWrite],
        None,
    )));
    for remaining in ["2", "1", "0"] {
        let response = api.get("/v1/members").await;
        assert_eq!(response.expect(200)["ok"], true);
        assert_eq!(response.header("ratelimit-limit"), Some("3"));
        assert_eq!(response.header("ratelimit-remaining"), Some(remaining));
    }
    let limited = api.get("/v1/members").await;
    limited.problem(429);
    assert!(
        limited
            .header("retry-after")
            .is_some_and(|s| s.parse::<u64>().unwrap() >= 1)
    );
    assert_eq!(limited.header("ratelimit-remaining"), Some("0"));
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    // Another client has its own bucket.
    let other = stack.gateway.with_token(Some(TestKeys::trusted().token(
        "ministry",
        &[Scope::MembersRead],
        None,
    )));
    other.get("/v1/members").await.expect(200);

    // Guessing client secrets costs the caller's address bucket, and a made-up
    // X-Forwarded-For (from a peer that is not a trusted proxy) does not buy a fresh one.
    let mut statuses = Vec::new();
    for n in 1..=4 {
        let response = stack
            .gateway
            .request(actix_web::http::Method::POST, "/oauth/token")
            .insert_header(("X-Forwarded-For", format!("198.51.100.{n}")))
            .content_type("application/x-www-form-urlencoded")
            .send_body("grant_type=client_credentials&client_id=guess&client_secret=wrong")
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429]);

    // Too large a body is refused before it is forwarded.
    let big = other.with_token(Some(TestKeys::trusted().token(
        "importer",
        &[Scope::MembersWrite],
        None,
    )));
    big.post_raw("/v1/members/import", "text/csv", vec![b'a'; 2 << 20])
        .await
        .problem(413);

    // A browser preflight is answered without a token; the real request still needs one.
    let preflight = stack
        .gateway
        .request(actix_web::http::Method::OPTIONS, "/v1/indicators/coverage")
        .insert_header(("Origin", "https://dashboard.example.org"))
        .insert_header(("Access-Control-Request-Method", "GET"))
        .insert_header(("Access-Control-Request-Headers", "authorization"));
    let answered = stack.gateway.send(preflight, None).await;
    assert_eq!(answered.status, 200, "{}", answered.text);
    assert_eq!(
        answered.header("access-control-allow-origin"),
        Some("https://dashboard.example.org")
    );
    let stranger = stack
        .gateway
        .request(actix_web::http::Method::OPTIONS, "/v1/members")
        .insert_header(("Origin", "https://evil.example.com"))
        .insert_header(("Access-Control-Request-Method", "GET"));
    assert!(
        stack
            .gateway
            .send(stranger, None)
            .await
            .header("access-control-allow-origin")
            .is_none()
    );
    let anonymous = stack
        .gateway
        .request(actix_web::http::Method::GET, "/v1/indicators/coverage")
        .insert_header(("Origin", "https://dashboard.example.org"));
    stack.gateway.send(anonymous, None).await.problem(401);

    let metrics = stack.metrics.get("/metrics").await;
    assert_eq!(metrics.status, 200);
    for line in [
        "formaliza_gateway_requests_total{route=\"/v1/members\",method=\"GET\",status=\"200\"} 4",
        "formaliza_gateway_requests_total{route=\"/v1/members\",method=\"GET\",status=\"429\"} 1",
        // The list request and the fourth secret guess.
        "formaliza_gateway_rate_limited_total 2",
        "formaliza_gateway_token_cache_hits_total 3",
    ] {
        assert!(
            metrics.text.lines().any(|l| l == line),
            "missing `{line}` in\n{}",
            metrics.text
        );
    }
    assert!(
        metrics
            .text
            .contains("formaliza_gateway_request_duration_seconds_bucket")
    );
}

#[actix_rt::test]
async fn the_spec_and_the_docs_are_served_offline() {
    let stack = stack(Some("http://127.0.0.1:9".into())).await;
    let spec = stack.gateway.get("/openapi.json").await;
    assert_eq!(spec.status, 200);
    assert_eq!(spec.text, formaliza_gateway::PUBLISHED_SPEC);
    assert_eq!(spec.json["info"]["title"], "Formaliza API");
    // `/docs` redirects to the index (the test client follows redirects).
    let bare = stack.gateway.get("/docs").await;
    assert_eq!(bare.status, 200, "{}", bare.text);
    assert!(bare.text.contains("swagger-ui"), "{}", bare.text);
    let docs = stack.gateway.get("/docs/").await;
    assert_eq!(docs.status, 200, "{}", docs.text);
    assert!(docs.text.contains("swagger-ui"), "{}", docs.text);
    let initializer = stack.gateway.get("/docs/swagger-initializer.js").await;
    assert!(
        initializer.text.contains("/openapi.json"),
        "{}",
        initializer.text
    );
    assert_eq!(
        stack.gateway.get("/docs/swagger-ui-bundle.js").await.status,
        200
    );
}

#[actix_rt::test]
async fn rotated_keys_keep_verifying_until_their_tokens_expire() {
    let stack = stack(None).await;
    let ngo = stack.client("ngo", "members:read", None);
    let before = stack.token(&ngo).await;
    let mut conn = stack.pool.get().unwrap();
    let old = keys::load(&mut conn, chrono::TimeDelta::hours(1))
        .unwrap()
        .active
        .kid;
    let new = keys::generate(&mut conn).unwrap();
    assert_eq!(keys::retire_older(&mut conn, &new).unwrap(), 1);
    let after = keys::load(&mut conn, chrono::TimeDelta::hours(1)).unwrap();
    assert_eq!(after.active.kid, new);
    let published: Vec<_> = after.jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        published.contains(&old) && published.contains(&new),
        "{published:?}"
    );
    // Past the grace period the retired key is gone.
    let later = keys::load(&mut conn, chrono::TimeDelta::seconds(-1)).unwrap();
    assert_eq!(later.verifying.len(), 1);
    // The token signed before the rotation still works.
    stack
        .gateway
        .with_token(Some(before))
        .get("/v1/members")
        .await
        .expect(200);
}

#[actix_rt::test]
async fn a_garbled_upstream_is_a_502() {
    // Answers every connection with bytes that are not HTTP.
    let garbage = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", garbage.local_addr().unwrap());
    let _serve = std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut stream in garbage.incoming().take(4).flatten() {
            let mut buffer = [0u8; 1024];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(b"\x00\x01 this is not http\r\n\r\n");
        }
    });
    let stack = stack(Some(url)).await;
    let token = TestKeys::trusted().token("ngo", &[Scope::MembersRead], None);
    let response = stack
        .gateway
        .with_token(Some(token))
        .get("/v1/members")
        .await;
    let garbled = response.problem(502);
    assert_eq!(
        garbled["type"],
        "urn:formaliza:problem:upstream-invalid-answer"
    );
    assert!(
        garbled["detail"]
            .as_str()
            .unwrap()
            .contains("outcome is unknown"),
        "{garbled}"
    );
    let metrics = stack.metrics.get("/metrics").await;
    assert!(
        metrics.text.contains(
            "formaliza_gateway_upstream_errors_total{service=\"members\",kind=\"invalid_answer\"} 1"
        ),
        "{}",
        metrics.text
    );
}

#[actix_rt::test]
async fn a_configured_signing_key_is_used() {
    use ed25519_dalek::pkcs8::EncodePrivateKey;
    let pem = ed25519_dalek::SigningKey::from_bytes(&[42u8; 32])
        .to_pkcs8_pem(ed25519_dalek::pkcs8::spki::der::pem::LineEnding::LF)
        .unwrap();
    let database = TestDatabase::create(Backend::Sqlite).unwrap();
    let mut config = gateway_config(&database, Some("http://127.0.0.1:9".into()));
    config.signing_key_pem = Some(pem.to_string());
    let running = formaliza_gateway::build(config).unwrap();
    actix_rt::spawn(running.server);
    let gateway = TestClient::new(&format!("http://127.0.0.1:{}", running.port), None);
    let jwks = gateway.get("/.well-known/jwks.json").await;
    let keys = jwks.expect(200)["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert!(keys[0]["kid"].as_str().unwrap().starts_with("cfg-"));
    // Starting again with the same key changes nothing.
    let mut conn = running.pool.get().unwrap();
    assert_eq!(
        formaliza_gateway::keys::import_pem(&mut conn, &pem).unwrap(),
        keys[0]["kid"].as_str().unwrap()
    );
    assert!(formaliza_gateway::keys::import_pem(&mut conn, "not a key").is_err());
}

/// Two gateway replicas with one Redis share each client's bucket.
#[actix_rt::test]
async fn replicas_share_rate_limits_through_redis() {
    let (upstream, hits) = counting_upstream().await;
    let shared = |config: &mut GatewayConfig| {
        config.rate_limit_per_second = 1;
        config.rate_limit_burst = 3;
        config.redis_url = Some("redis://127.0.0.1:6379/".into());
    };
    let first = stack_with(Some(upstream.clone()), shared).await;
    let second = stack_with(Some(upstream), shared).await;
    // A client id of its own, so earlier runs' buckets do not count.
    let client = format!("ngo-{}", uuid::Uuid::now_v7().simple());
    let token = TestKeys::trusted().token(&client, &[Scope::MembersRead], None);
    let (a, b) = (
        first.gateway.with_token(Some(token.clone())),
        second.gateway.with_token(Some(token)),
    );
    assert_eq!(a.get("/v1/members").await.expect(200)["ok"], true);
    assert_eq!(
        b.get("/v1/members").await.header("ratelimit-remaining"),
        Some("1")
    );
    a.get("/v1/members").await.expect(200);
    let limited = b.get("/v1/members").await;
    limited.problem(429);
    assert!(limited.header("retry-after").is_some());
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

/// The gateway's own problems and the services' behind it follow `Accept-Language`; the types
/// and codes do not.
#[actix_rt::test]
async fn problems_are_in_the_language_the_client_asks_for() {
    let stack = stack(None).await;
    let ask = |language: Option<&'static str>| {
        let request = stack
            .gateway
            .request(actix_web::http::Method::GET, "/v1/members");
        match language {
            Some(language) => request.insert_header(("Accept-Language", language)),
            None => request,
        }
    };
    let spanish = stack.gateway.send(ask(Some("es-BO")), None).await;
    let problem = spanish.problem(401).clone();
    assert_eq!(problem["type"], "urn:formaliza:problem:unauthorized");
    assert_eq!(problem["title"], "Se requiere autenticación");
    assert_eq!(
        problem["detail"],
        "esta operación requiere un encabezado `Authorization: Bearer <token>`"
    );
    assert_eq!(spanish.header("content-language"), Some("es"));
    let english = stack.gateway.send(ask(None), None).await;
    assert_eq!(english.problem(401)["title"], "Authentication required");
    assert_eq!(english.header("content-language"), Some("en"));
    let preferred = stack
        .gateway
        .send(ask(Some("en;q=0.5, es;q=0.9")), None)
        .await;
    assert_eq!(preferred.problem(401)["title"], "Se requiere autenticación");

    // A service's problem through the gateway: the header reaches it.
    let ngo = stack.client("ngo", "members:read members:write", Some("cedepas"));
    let api = stack.gateway.with_token(Some(stack.token(&ngo).await));
    let request = api
        .request(actix_web::http::Method::POST, "/v1/members")
        .insert_header(("Accept-Language", "es-PE"));
    let answer = api
        .send(
            request,
            Some(("application/json", br#"{"given_names": ""}"#.to_vec())),
        )
        .await;
    let problem = answer.problem(422);
    assert_eq!(problem["title"], "Solicitud no válida");
    assert_eq!(answer.header("content-language"), Some("es"));
}
