//! Outside identity providers, end to end: a ministry's Keycloak-style IdP issues its own tokens
//! (its own `iss`, `aud`, keys, and scopes and partner under its own claim names); the gateway
//! and every service behind it accept them alike. A wrong audience, an untrusted key, an HMAC
//! algorithm or an unknown issuer is a 401, and a key source named inside a token is never
//! fetched. Keys of Formaliza's own issuer from `FORMALIZA_JWKS_FILE` work behind the gateway
//! too.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::{App, HttpResponse, HttpServer, web};
use formaliza_shared::auth::{ClaimNames, TrustedIssuer};
use formaliza_shared::db::Backend;
use formaliza_shared::testing::{TEST_AUDIENCE, TEST_ISSUER, TestClient, TestKeys, now_seconds};
use formaliza_tests::{TestSystem, id};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const IDP: &str = "https://sso.trabajo.example.gob.pe/realms/formalizacion";

/// A web server answering `body` on every path and counting the requests it gets.
fn counting_server(body: Value) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let server = HttpServer::new(move || {
        let (body, counter) = (body.clone(), counter.clone());
        App::new().default_service(web::to(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            async move { HttpResponse::Ok().json(body) }
        }))
    })
    .workers(1)
    .disable_signals()
    .bind("127.0.0.1:0")
    .unwrap();
    let url = format!("http://{}", server.addrs()[0]);
    actix_rt::spawn(server.run());
    (url, hits)
}

/// The claims the IdP writes for a client-credentials token: the client in `azp` (its `sub` is
/// a service-account user), scopes as an array in `scp`, the partner in `formaliza_partner`.
fn idp_claims(audience: &str, scopes: &[&str], partner: Option<&str>) -> Value {
    let now = now_seconds();
    let mut claims = json!({
        "iss": IDP, "aud": audience, "sub": "8f1d6c1e-service-account", "azp": "ministerio-trabajo",
        "scp": scopes, "iat": now, "nbf": now, "exp": now + 600,
    });
    if let Some(partner) = partner {
        claims["formaliza_partner"] = json!(partner);
    }
    claims
}

async fn outside_issuers_are_trusted_as_configured(backend: Backend) {
    let idp = TestKeys::with_seed(21, "idp-2026");
    let (jwks_url, jwks_hits) = counting_server(idp.jwks());
    let (trap_url, trap_hits) = counting_server(TestKeys::forger().jwks());
    let own_extra = TestKeys::with_seed(33, "ops-tooling");
    let Some(system) = TestSystem::start_with(backend, |gateway| {
        gateway.trusted_keys = vec![own_extra.verification_key()];
        gateway.trusted_issuers = vec![TrustedIssuer {
            issuer: IDP.into(),
            audiences: vec!["formaliza-api".into(), "account".into()],
            keys: Vec::new(),
            // Fetched when a token names a kid not seen yet.
            jwks_url: Some(format!("{jwks_url}/protocol/openid-connect/certs")),
            jwks_refresh: std::time::Duration::from_secs(60),
            algorithms: vec![Algorithm::EdDSA, Algorithm::RS256],
            claims: ClaimNames {
                subject: "azp".into(),
                scope: "scp".into(),
                scope_prefix: None,
                partner: "formaliza_partner".into(),
            },
        }];
    })
    .await
    else {
        return;
    };
    let with = |token: String| TestClient::new(&system.url, Some(token));
    let member = |n: u32| {
        json!({"given_names": "Elena", "family_names": "Rojas", "country": "PE",
               "national_id": {"type": "pe_dni", "number": format!("4744000{n}")}})
    };

    // The IdP's token passes the gateway and the service behind it: its own iss, scopes from
    // `scp`, partner from `formaliza_partner`, the client from `azp`.
    let ministry = with(idp.sign(
        &idp.header(),
        &idp_claims(
            TEST_AUDIENCE,
            &["members:read", "members:write"],
            Some("cedepas"),
        ),
    ));
    let created = ministry.post("/v1/members", &member(1)).await;
    let created = id(created.expect(201));
    let listed = ministry.get("/v1/members").await;
    assert_eq!(listed.expect(200)["data"][0]["id"], created.as_str());
    let (events, _) = formaliza_tests::pull_feed(&ministry, "members", 0, 100).await;
    assert_eq!(events.last().unwrap()["actor"], "ministerio-trabajo");
    assert!(
        jwks_hits.load(Ordering::SeqCst) >= 1,
        "the IdP's JWKS was fetched"
    );
    // Its partner claim scopes it like any partner: another partner's record is a 404.
    let other = with(idp.sign(
        &idp.header(),
        &idp_claims("account", &["members:read"], Some("aprodeh")),
    ));
    other
        .get(&format!("/v1/members/{created}"))
        .await
        .problem(404);
    // Its scopes are enforced: no trainings scope, a 403.
    ministry.get("/v1/courses").await.problem(403);

    // Refused: another audience; a key it does not hold (same kid); HMAC; an unknown issuer.
    let refusals = [
        (
            "a wrong audience",
            idp.sign(
                &idp.header(),
                &idp_claims("another-api", &["members:read"], None),
            ),
        ),
        (
            "an untrusted key under the IdP's kid",
            TestKeys::with_seed(99, "idp-2026").sign(
                &idp.header(),
                &idp_claims(TEST_AUDIENCE, &["members:read"], None),
            ),
        ),
        (
            "HS256 claiming the IdP",
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS256),
                &idp_claims(TEST_AUDIENCE, &["members:read"], None),
                &EncodingKey::from_secret(b"a-guess-at-some-shared-secret-0123456789"),
            )
            .unwrap(),
        ),
        ("an unknown issuer", {
            let mut claims = idp_claims(TEST_AUDIENCE, &["members:read"], None);
            claims["iss"] = json!(format!("{trap_url}/realms/evil"));
            idp.sign(&idp.header(), &claims)
        }),
    ];
    for (what, token) in refusals {
        let answer = with(token).get("/v1/members").await;
        assert_eq!(answer.problem(401)["status"], 401, "{what}");
    }
    // A token naming its own key source (jku, x5u) is refused, and the URL never fetched.
    for header_field in ["jku", "x5u"] {
        let mut header = TestKeys::forger().header();
        header.kid = Some("attacker-key".into());
        match header_field {
            "jku" => header.jku = Some(format!("{trap_url}/jwks.json")),
            _ => header.x5u = Some(format!("{trap_url}/cert.pem")),
        }
        let token =
            TestKeys::forger().sign(&header, &idp_claims(TEST_AUDIENCE, &["members:read"], None));
        with(token).get("/v1/members").await.problem(401);
    }
    assert_eq!(
        trap_hits.load(Ordering::SeqCst),
        0,
        "a URL a token named was fetched"
    );

    // More keys of Formaliza's own issuer (FORMALIZA_JWKS_FILE) work behind the gateway too.
    let tooling = with(own_extra.sign(
        &own_extra.header(),
        &json!({"iss": TEST_ISSUER, "aud": TEST_AUDIENCE, "sub": "ops", "scope": "members:read",
                "exp": now_seconds() + 600}),
    ));
    tooling.get("/v1/members").await.expect(200);
    system.stop().await;
}

formaliza_shared::backend_tests!(outside_issuers_are_trusted_as_configured);
