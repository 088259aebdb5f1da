//! Test helpers: a fresh database per test (SQLite file, or a PostgreSQL database when
//! `FORMALIZA_TEST_DATABASE_URL` is set), a service on port 0, and real signed tokens.
//!
//! PostgreSQL tests: set `FORMALIZA_TEST_DATABASE_URL=postgres://user@host:port/db` (any database
//! the user can connect to; each test creates and drops its own). With
//! `FORMALIZA_REQUIRE_POSTGRES=1` (CI) a PostgreSQL test fails when the URL is missing or the
//! server does not answer; without it such tests are skipped with a notice on stderr.
//! `TEST_LOG=1` shows the services' log lines.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::io::Write as _;
use std::sync::Once;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::Connection;
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde_json::json;

use crate::auth::{AuthConfig, Scope, VerificationKey};
use crate::config::{ServiceConfig, Upstreams};
use crate::db::Backend;
use crate::extract::BodyLimits;
use crate::server::{self, RunningService, ServiceSpec};

pub const TEST_ISSUER: &str = "formaliza-test";
pub const TEST_AUDIENCE: &str = "formaliza-api";
pub const TEST_KID: &str = "test-key-1";

/// A signing key pair; the same seed always gives the same key.
pub struct TestKeys {
    signing: SigningKey,
    kid: String,
}

impl TestKeys {
    /// The key services trust in tests.
    pub fn trusted() -> Self {
        Self {
            signing: SigningKey::from_bytes(&[7u8; 32]),
            kid: TEST_KID.into(),
        }
    }

    /// Another key pair (an outside identity provider's, say), from a seed byte.
    pub fn with_seed(seed: u8, kid: &str) -> Self {
        Self {
            signing: SigningKey::from_bytes(&[seed; 32]),
            kid: kid.into(),
        }
    }

    /// A key nobody trusts, presenting the trusted key's `kid` (a forged signature).
    pub fn forger() -> Self {
        Self {
            signing: SigningKey::from_bytes(&[9u8; 32]),
            kid: TEST_KID.into(),
        }
    }

    pub fn public_x(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.verifying_key().to_bytes())
    }

    /// The public key as a JWKS document.
    pub fn jwks(&self) -> serde_json::Value {
        json!({ "keys": [{ "kty": "OKP", "crv": "Ed25519", "x": self.public_x(), "kid": self.kid, "alg": "EdDSA", "use": "sig" }] })
    }

    pub fn verification_key(&self) -> VerificationKey {
        VerificationKey {
            kid: Some(self.kid.clone()),
            algorithm: Algorithm::EdDSA,
            key: DecodingKey::from_ed_components(&self.public_x()).unwrap(),
        }
    }

    /// Signs arbitrary claims (for attack tests).
    pub fn sign(&self, header: &Header, claims: &serde_json::Value) -> String {
        let der = self.signing.to_pkcs8_der().unwrap();
        jsonwebtoken::encode(header, claims, &EncodingKey::from_ed_der(der.as_bytes())).unwrap()
    }

    /// A valid token for `sub` with `scopes` and, for partners, `partner_id`.
    pub fn token(&self, sub: &str, scopes: &[Scope], partner_id: Option<&str>) -> String {
        self.sign(&self.header(), &claims(sub, scopes, partner_id, 3600))
    }

    pub fn header(&self) -> Header {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        header
    }
}

/// Seconds since the epoch.
pub fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Standard claims expiring `ttl` seconds from now (negative: already expired).
pub fn claims(
    sub: &str,
    scopes: &[Scope],
    partner_id: Option<&str>,
    ttl: i64,
) -> serde_json::Value {
    let now = now_seconds();
    let scope: Vec<_> = scopes.iter().map(|s| s.as_str()).collect();
    let mut claims = json!({
        "sub": sub, "scope": scope.join(" "), "iss": TEST_ISSUER, "aud": TEST_AUDIENCE,
        "iat": now, "nbf": now, "exp": now + ttl, "jti": uuid::Uuid::now_v7().to_string(),
    });
    if let Some(partner) = partner_id {
        claims["partner_id"] = json!(partner);
    }
    claims
}

/// Verification settings trusting [`TestKeys::trusted`].
pub fn auth_config() -> AuthConfig {
    AuthConfig {
        issuer: TEST_ISSUER.into(),
        audience: TEST_AUDIENCE.into(),
        leeway_seconds: 5,
        static_keys: vec![TestKeys::trusted().verification_key()],
        jwks_url: None,
        jwks_refresh: Duration::from_secs(60),
        cache_capacity: 100,
        trusted_issuers: Vec::new(),
    }
}

/// A database that exists for one test and is removed after it.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
    admin_url: Option<String>,
    name: Option<String>,
}

static SKIP_NOTICE: Once = Once::new();

/// Whether PostgreSQL tests must run (CI sets `FORMALIZA_REQUIRE_POSTGRES=1`).
pub fn postgres_required() -> bool {
    crate::config::var("FORMALIZA_REQUIRE_POSTGRES").is_some_and(|v| v != "0" && v != "false")
}

/// The PostgreSQL server tests use, if any.
pub fn postgres_url() -> Option<String> {
    match crate::config::var("FORMALIZA_TEST_DATABASE_URL") {
        Some(url) => Some(url),
        None if postgres_required() => {
            panic!("FORMALIZA_REQUIRE_POSTGRES is set but FORMALIZA_TEST_DATABASE_URL is not")
        }
        None => {
            SKIP_NOTICE.call_once(|| {
                // Written to the real stderr (not the captured test output) so it is seen.
                let _ = writeln!(
                    std::io::stderr(),
                    "\nNOTE: PostgreSQL tests were NOT run (set FORMALIZA_TEST_DATABASE_URL=postgres://… to run them).\n"
                );
            });
            None
        }
    }
}

impl TestDatabase {
    /// A fresh, empty database on `backend`; `None` when PostgreSQL is not configured (and not
    /// required).
    pub fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = dir
                    .path()
                    .join("test.sqlite")
                    .to_string_lossy()
                    .into_owned();
                Some(Self {
                    url,
                    backend,
                    _dir: Some(dir),
                    admin_url: None,
                    name: None,
                })
            }
            Backend::Postgres => {
                let admin_url = postgres_url()?;
                let name = format!("fz_test_{}", uuid::Uuid::now_v7().simple());
                let mut admin = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
                    panic!("PostgreSQL at FORMALIZA_TEST_DATABASE_URL is not reachable: {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .unwrap();
                let url = replace_database(&admin_url, &name);
                Some(Self {
                    url,
                    backend,
                    _dir: None,
                    admin_url: Some(admin_url),
                    name: Some(name),
                })
            }
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let (Some(admin_url), Some(name)) = (&self.admin_url, &self.name)
            && let Ok(mut admin) = PgConnection::establish(admin_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

/// Configuration for a service under test on port 0.
pub fn service_config(database: &TestDatabase) -> ServiceConfig {
    ServiceConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: database.url.clone(),
        pool_size: 8,
        auth: auth_config(),
        limits: BodyLimits::default(),
        workers: Some(2),
        upstreams: Upstreams {
            timeout: Duration::from_secs(2),
            ..Upstreams::default()
        },
        handle_signals: true,
        privacy: crate::privacy::Privacy::new(TEST_PSEUDONYM_SECRET),
        min_cell: crate::suppression::MinCell::default(),
        bus: None,
        imports: crate::imports::ImportSettings {
            dir: std::env::temp_dir()
                .join("formaliza-test-imports")
                .join(uuid::Uuid::now_v7().simple().to_string()),
            poll: Duration::from_millis(50),
            ..crate::imports::ImportSettings::default_for("test", &database.url)
        },
    }
}

/// The pseudonym secret of services started by [`service_config`].
pub const TEST_PSEUDONYM_SECRET: &str = "test-pseudonym-secret";

/// A service running in this test's runtime.
pub struct TestService {
    pub base_url: String,
    pub handle: actix_web::dev::ServerHandle,
    pub pool: crate::db::DbPool,
    /// The feed's publisher, when the test configured one.
    pub bus: Option<crate::bus::BusHandle>,
    /// The import runner, when the service hosts import jobs.
    pub imports: Option<std::sync::Arc<crate::imports::runner::RunnerHandle>>,
    pub database: TestDatabase,
    /// The configuration it was started with (a restart starts it again with it).
    pub config: ServiceConfig,
}

impl TestService {
    /// Starts `spec` on a fresh database; `None` when the backend is not available.
    pub async fn start(spec: ServiceSpec, backend: Backend) -> Option<Self> {
        Self::start_with(spec, backend, |_| {}).await
    }

    /// Like [`start`](Self::start), letting the test adjust the configuration first.
    pub async fn start_with(
        spec: ServiceSpec,
        backend: Backend,
        adjust: impl FnOnce(&mut ServiceConfig),
    ) -> Option<Self> {
        // Quiet by default; TEST_LOG=1 shows the services' logs.
        if crate::config::var("TEST_LOG").is_some() {
            crate::context::init_logging();
        }
        let database = TestDatabase::create(backend)?;
        let mut config = service_config(&database);
        adjust(&mut config);
        Some(Self::start_on(spec, database, config))
    }

    fn start_on(spec: ServiceSpec, database: TestDatabase, config: ServiceConfig) -> Self {
        let RunningService {
            server,
            handle,
            port,
            pool,
            bus,
            imports,
        } = server::start(spec, config.clone()).unwrap();
        actix_rt::spawn(server);
        Self {
            base_url: format!("http://127.0.0.1:{port}"),
            handle,
            pool,
            bus,
            imports,
            database,
            config,
        }
    }

    /// Stops the service and starts it again on the same database and configuration (a new
    /// port), as a restarted process would be.
    pub async fn restart(mut self, spec: ServiceSpec) -> Self {
        self.stop().await;
        let config = self.config.clone();
        let backend = self.database.backend;
        let database = std::mem::replace(
            &mut self.database,
            TestDatabase {
                url: String::new(),
                backend,
                _dir: None,
                admin_url: None,
                name: None,
            },
        );
        drop(self);
        Self::start_on(spec, database, config)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Waits until the service's bus publisher has put its whole feed on the stream; returns the
    /// feed's head.
    pub async fn bus_caught_up(&self) -> i64 {
        let status = self.bus.as_ref().unwrap().status().clone();
        let head = crate::db::run(&self.pool, crate::feed::head).await.unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(90);
        while status.published() < head {
            assert!(
                std::time::Instant::now() < deadline,
                "the bus is stuck at seq {} of {head}",
                status.published()
            );
            actix_rt::time::sleep(Duration::from_millis(50)).await;
        }
        head
    }

    /// Stops the server (in-flight requests finish).
    pub async fn stop(&self) {
        if let Some(imports) = &self.imports {
            imports.stop_and_wait();
        }
        if let Some(bus) = &self.bus {
            // Its thread ended before the test does: a publisher still running while the test
            // process exits can crash it (libc's exit frees what the thread is using).
            bus.stop_and_wait();
        }
        self.handle.stop(true).await;
    }
}

impl Drop for TestService {
    /// A test that ends without [`stop`](TestService::stop) (a failed assertion) still leaves no
    /// publisher running.
    fn drop(&mut self) {
        if let Some(imports) = &self.imports {
            imports.stop_and_wait();
        }
        if let Some(bus) = &self.bus {
            bus.stop_and_wait();
        }
    }
}

/// An HTTP client for tests, with a generous timeout and no body-size surprises.
pub fn client() -> awc::Client {
    awc::Client::builder()
        .timeout(Duration::from_secs(120))
        .finish()
}

/// Generates a `sqlite` and a `postgres` test for each named async test function taking a
/// [`Backend`]: the same test on both databases.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[actix_rt::test]
                async fn $name() {
                    super::$name($crate::db::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[actix_rt::test]
                async fn $name() {
                    super::$name($crate::db::Backend::Postgres).await
                }
            )*
        }
    };
}

/// A response as tests look at it.
#[derive(Debug)]
pub struct TestResponse {
    pub status: u16,
    pub headers: actix_web::http::header::HeaderMap,
    pub text: String,
    /// The body parsed as JSON (`Null` when it is not JSON).
    pub json: serde_json::Value,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    /// Asserts a problem+json error with `status`, returning the body.
    #[track_caller]
    pub fn problem(&self, status: u16) -> &serde_json::Value {
        assert_eq!(
            self.status, status,
            "expected {status}, got {}: {}",
            self.status, self.text
        );
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{}",
            self.text
        );
        assert_eq!(self.json["status"], status);
        assert!(
            self.json["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("urn:formaliza:problem:"))
        );
        assert!(
            self.json["request_id"]
                .as_str()
                .is_some_and(|r| !r.is_empty()),
            "{}",
            self.text
        );
        assert_eq!(
            self.header("x-request-id"),
            self.json["request_id"].as_str()
        );
        &self.json
    }

    /// Asserts `status`, returning the JSON body.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &serde_json::Value {
        assert_eq!(
            self.status, status,
            "expected {status}, got {}: {}",
            self.status, self.text
        );
        &self.json
    }
}

/// An HTTP client bound to one service and one token.
#[derive(Clone)]
pub struct TestClient {
    base_url: String,
    token: Option<String>,
    client: awc::Client,
}

impl TestClient {
    pub fn new(base_url: &str, token: Option<String>) -> Self {
        Self {
            base_url: base_url.to_owned(),
            token,
            client: client(),
        }
    }

    /// The bearer token this client sends, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The base URL this client talks to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn with_token(&self, token: Option<String>) -> Self {
        Self {
            token,
            ..self.clone()
        }
    }

    pub fn request(&self, method: actix_web::http::Method, path: &str) -> awc::ClientRequest {
        let request = self
            .client
            .request(method, format!("{}{path}", self.base_url));
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    pub async fn send(
        &self,
        request: awc::ClientRequest,
        body: Option<(&str, Vec<u8>)>,
    ) -> TestResponse {
        let result = match body {
            Some((content_type, bytes)) => {
                request
                    .insert_header(("content-type", content_type))
                    .send_body(bytes)
                    .await
            }
            None => request.send().await,
        };
        let mut response = result.unwrap_or_else(|e| panic!("request failed: {e}"));
        let bytes = response.body().limit(256 << 20).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        TestResponse {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            text,
            json,
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(self.request(actix_web::http::Method::GET, path), None)
            .await
    }

    pub async fn post(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send(
            self.request(actix_web::http::Method::POST, path),
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
    }

    /// POST with an `Idempotency-Key`.
    pub async fn post_once(&self, path: &str, key: &str, body: &serde_json::Value) -> TestResponse {
        let request = self
            .request(actix_web::http::Method::POST, path)
            .insert_header(("Idempotency-Key", key));
        self.send(
            request,
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
    }

    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> TestResponse {
        self.send(
            self.request(actix_web::http::Method::POST, path),
            Some((content_type, body)),
        )
        .await
    }

    /// PATCH with a merge patch, optionally conditional on an ETag.
    pub async fn patch(
        &self,
        path: &str,
        if_match: Option<&str>,
        body: &serde_json::Value,
    ) -> TestResponse {
        let mut request = self.request(actix_web::http::Method::PATCH, path);
        if let Some(etag) = if_match {
            request = request.insert_header(("If-Match", etag));
        }
        self.send(
            request,
            Some((
                "application/merge-patch+json",
                body.to_string().into_bytes(),
            )),
        )
        .await
    }

    pub async fn delete(&self, path: &str, if_match: Option<&str>) -> TestResponse {
        let mut request = self.request(actix_web::http::Method::DELETE, path);
        if let Some(etag) = if_match {
            request = request.insert_header(("If-Match", etag));
        }
        self.send(request, None).await
    }
}

impl TestService {
    /// A client sending `token`.
    pub fn client(&self, token: Option<String>) -> TestClient {
        TestClient::new(&self.base_url, token)
    }
}

/// Compares `document` with the checked-in file at `path` (rewritten instead when
/// `UPDATE_OPENAPI` is set), so code and published document never drift apart.
pub fn check_published_document(document: &utoipa::openapi::OpenApi, path: &std::path::Path) {
    let generated = document.to_pretty_json().unwrap() + "\n";
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(path, &generated).unwrap();
        return;
    }
    let published = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        published == generated,
        "{} is out of date: run the tests with UPDATE_OPENAPI=1",
        path.display()
    );
}

/// Every operation of a service's document is described, lists 503, and either declares its
/// bearer scopes and its 400/401/403 problem responses or, for the `public` paths, anonymous
/// access (`security: [{}]`).
pub fn check_operations_documented(document: &utoipa::openapi::OpenApi, public: &[&str]) {
    let document = serde_json::to_value(document).unwrap();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                operation["summary"].is_string() || operation["description"].is_string(),
                "{method} {path} undocumented"
            );
            // The query rule `parse_query` applies (no control character) is stated, so a
            // client or a generated test does not meet it as a surprise 400.
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let schema = &parameter["schema"];
                if parameter["in"] == "query"
                    && schema["type"] == "string"
                    && schema.get("format").is_none()
                    && schema.get("enum").is_none()
                {
                    assert!(
                        schema["pattern"].is_string(),
                        "{method} {path}: query parameter {} states no pattern",
                        parameter["name"]
                    );
                }
            }
            if path == "/healthz" {
                continue;
            }
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.contains_key("503"), "{method} {path} lacks 503");
            if public.contains(&path.as_str()) {
                assert_eq!(
                    operation["security"],
                    serde_json::json!([{}]),
                    "{method} {path} must be public"
                );
            } else if path != "/readyz" {
                let scopes = operation["security"][0]["bearer"].as_array();
                assert!(
                    scopes.is_some_and(|s| !s.is_empty()),
                    "{method} {path} lacks its scope"
                );
                for status in ["400", "401", "403"] {
                    let schema =
                        &responses[status]["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(
                        schema, "#/components/schemas/Problem",
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
}

/// Migrations go up, down and up again on `backend`: `tables` (the service's and the shared
/// ones) answer after each up and are gone after the down.
pub fn migrations_go_up_down_up(
    backend: Backend,
    migrations: fn() -> crate::db::Migrations,
    tables: &[&str],
) {
    let Some(database) = TestDatabase::create(backend) else {
        return;
    };
    let pool = crate::db::connect(&database.url, 2).unwrap();
    let answer = |pool: &crate::db::DbPool, table: &str| {
        let mut conn = pool.get().unwrap();
        diesel::sql_query(format!("SELECT 1 FROM {table} LIMIT 1"))
            .execute(&mut conn)
            .is_ok()
    };
    let shared = [
        "feed_events",
        "feed_counter",
        "idempotency_keys",
        "feed_checkpoints",
    ];
    crate::db::migrate(&pool, migrations()).unwrap();
    for table in tables.iter().chain(&shared) {
        assert!(answer(&pool, table), "{table} missing after up.sql");
    }
    crate::db::revert(&pool, migrations()).unwrap();
    for table in tables.iter().chain(&shared) {
        assert!(!answer(&pool, table), "{table} survived down.sql");
    }
    crate::db::migrate(&pool, migrations()).unwrap();
    for table in tables.iter().chain(&shared) {
        assert!(answer(&pool, table), "{table} missing after up.sql again");
    }
}

/// Whether the NATS tests must run (CI sets `FORMALIZA_REQUIRE_NATS=1`).
pub fn nats_required() -> bool {
    crate::config::var("FORMALIZA_REQUIRE_NATS").is_some_and(|v| v != "0" && v != "false")
}

static NATS_SKIP_NOTICE: Once = Once::new();

/// A NATS server with JetStream of the test's own, on a free port with its store in a temporary
/// folder (the machine's server is left alone); killed and started again on the same port and
/// store to test outages; stopped when dropped.
pub struct NatsServer {
    pub port: u16,
    binary: std::path::PathBuf,
    store: tempfile::TempDir,
    child: Option<std::process::Child>,
}

impl NatsServer {
    /// Starts one; `None` when `nats-server` is not installed (and not required).
    pub fn start() -> Option<Self> {
        let binary = [
            "nats-server",
            "/usr/sbin/nats-server",
            "/usr/local/bin/nats-server",
        ]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|path| {
            std::process::Command::new(path)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
        let Some(binary) = binary else {
            assert!(
                !nats_required(),
                "FORMALIZA_REQUIRE_NATS is set but nats-server is not installed"
            );
            NATS_SKIP_NOTICE.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "\nNOTE: NATS tests were NOT run (install nats-server to run them).\n"
                );
            });
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut server = Self {
            port,
            binary,
            store: tempfile::tempdir().unwrap(),
            child: None,
        };
        server.restart();
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it (again) on the same port and store, and waits until it accepts connections.
    pub fn restart(&mut self) {
        self.kill();
        let child = std::process::Command::new(&self.binary)
            .args([
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-js",
                "-sd",
            ])
            .arg(self.store.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "nats-server did not start on port {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One message of a JetStream stream: its subject, `Nats-Msg-Id` and JSON body.
pub struct BusMessage {
    pub subject: String,
    pub message_id: String,
    pub body: serde_json::Value,
}

/// Every message of `stream` on the NATS at `url`, read from the start with a JetStream pull
/// consumer, as a bus consumer would.
pub async fn bus_messages(url: &str, stream: &str) -> Vec<BusMessage> {
    use async_nats::jetstream::{self, consumer::pull};
    use futures_util::StreamExt as _;

    let context = jetstream::new(async_nats::connect(url).await.unwrap());
    let mut stream = context.get_stream(stream).await.unwrap();
    let stored = stream.info().await.unwrap().state.messages;
    let consumer = stream
        .create_consumer(pull::Config {
            ack_policy: jetstream::consumer::AckPolicy::None,
            ..Default::default()
        })
        .await
        .unwrap();
    let mut messages = consumer.messages().await.unwrap();
    let mut received = Vec::new();
    while (received.len() as u64) < stored {
        let message = actix_rt::time::timeout(Duration::from_secs(10), messages.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        let message_id = message
            .headers
            .as_ref()
            .and_then(|h| h.get("Nats-Msg-Id"))
            .map(|v| v.as_str().to_owned())
            .unwrap_or_default();
        received.push(BusMessage {
            subject: message.subject.to_string(),
            message_id,
            body: serde_json::from_slice(&message.payload).unwrap(),
        });
    }
    received
}
