//! The end-to-end harness. [`TestSystem::start`] runs the whole of Formaliza in this process, as
//! the standalone build does (the gateway in front of the members, trainings and
//! social-protection services), on port 0, each component on a fresh database of its own.
//! Clients are registered in the gateway as an operator would, and fetch their tokens from
//! `POST /oauth/token` as a partner's integration does: nothing is signed by hand.
//!
//! The journeys are in `tests/journeys/`; the published OpenAPI document is checked in
//! `tests/openapi.rs`.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

pub mod raw;
pub mod walk;

use std::future::Future;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use diesel::connection::SimpleConnection as _;
use serde_json::Value;

use formaliza::{Databases, Standalone, StandaloneConfig};
use formaliza_gateway::{GatewayConfig, clients};
use formaliza_shared::db::{self, Backend};
use formaliza_shared::testing::{TEST_AUDIENCE, TEST_ISSUER, TestClient, TestDatabase};

/// What a partner NGO's integration is given: its own records in every service, and the
/// aggregates.
pub const PARTNER_SCOPES: &str = "members:read members:write trainings:read trainings:write \
                                  protection:read protection:write indicators:read";

/// How long a read model may take to catch up before a test gives up.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// How often the read models poll the members feed once caught up: short, so tests wait little.
const FEED_POLL: Duration = Duration::from_millis(50);

/// The whole system, running in the current actix runtime.
pub struct TestSystem {
    /// The gateway, e.g. `http://127.0.0.1:41234`: the only address the journeys use.
    pub url: String,
    system: Standalone,
    /// Programme-wide `members:read indicators:read`: tells how far the members feed is, and
    /// whether the read models have caught up with it.
    observer: TestClient,
    _databases: Vec<TestDatabase>,
}

/// A database of its own for each component, as in production. On SQLite, a file each. On
/// PostgreSQL, one database for the test with a schema per component, chosen by the connection's
/// `search_path`: each component still sees only its own tables, and the test pays for one
/// `CREATE`/`DROP DATABASE` (the drop forces a checkpoint) instead of four.
fn component_databases(backend: Backend) -> Option<(Vec<TestDatabase>, Databases)> {
    if backend == Backend::Sqlite {
        let databases: Vec<TestDatabase> = (0..4)
            .map(|_| TestDatabase::create(backend))
            .collect::<Option<_>>()?;
        let urls = Databases {
            gateway: databases[0].url.clone(),
            members: databases[1].url.clone(),
            trainings: databases[2].url.clone(),
            social_protection: databases[3].url.clone(),
        };
        return Some((databases, urls));
    }
    let database = TestDatabase::create(backend)?;
    let schemas = ["gateway", "members", "trainings", "social_protection"];
    let pool = db::connect(&database.url, 1).unwrap();
    let create: String = schemas.map(|s| format!("CREATE SCHEMA {s};")).concat();
    pool.get().unwrap().batch_execute(&create).unwrap();
    let separator = if database.url.contains('?') { '&' } else { '?' };
    let url = |schema: &str| {
        format!(
            "{}{separator}options=-csearch_path%3D{schema}",
            database.url
        )
    };
    let urls = Databases {
        gateway: url(schemas[0]),
        members: url(schemas[1]),
        trainings: url(schemas[2]),
        social_protection: url(schemas[3]),
    };
    Some((vec![database], urls))
}

fn gateway_config(database_url: &str) -> GatewayConfig {
    GatewayConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        metrics_bind: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.to_owned(),
        pool_size: 2,
        issuer: TEST_ISSUER.into(),
        audience: TEST_AUDIENCE.into(),
        leeway_seconds: 5,
        token_ttl_seconds: 600,
        // Filled in by `formaliza::start` with the services it starts.
        members_url: None,
        trainings_url: None,
        social_protection_url: None,
        upstream_timeout: Duration::from_secs(10),
        // Only the gateway's own keys: every token in these tests comes from `/oauth/token`.
        trusted_keys: Vec::new(),
        trusted_issuers: Vec::new(),
        signing_key_pem: None,
        redis_url: None,
        rate_limit_per_second: 10_000,
        rate_limit_burst: 10_000,
        max_body_bytes: 8 << 20,
        max_import_bytes: 512 << 20,
        cors_origins: Vec::new(),
        token_cache_capacity: 100,
        trusted_proxies: Default::default(),
        handle_signals: false,
        webhooks: Default::default(),
        published: Default::default(),
    }
}

impl TestSystem {
    /// Starts everything on fresh databases of `backend`; `None` when that backend is not
    /// available (PostgreSQL not configured and not required). `TEST_LOG=1` shows the logs.
    pub async fn start(backend: Backend) -> Option<Self> {
        Self::start_with(backend, |_| {}).await
    }

    /// [`start`](Self::start), with the gateway's configuration adjusted first (the standalone
    /// hands the services what concerns them, such as the trusted issuers).
    pub async fn start_with(
        backend: Backend,
        adjust: impl FnOnce(&mut GatewayConfig),
    ) -> Option<Self> {
        if formaliza_shared::config::var("TEST_LOG").is_some() {
            formaliza_shared::context::init_logging();
        }
        let (databases, urls) = component_databases(backend)?;
        let mut gateway = gateway_config(&urls.gateway);
        adjust(&mut gateway);
        let config = StandaloneConfig {
            gateway,
            databases: urls,
            pool_size: 4,
            workers: Some(2),
            pseudonym_secret: "e2e-pseudonym-secret".into(),
            feed_poll: FEED_POLL,
            min_cell: Default::default(),
            bus: None,
        };
        let mut system =
            formaliza::start(config).unwrap_or_else(|e| panic!("the system did not start: {e}"));
        system.spawn();
        let url = system.gateway_url.clone();
        let mut this = Self {
            observer: TestClient::new(&url, None),
            url,
            system,
            _databases: databases,
        };
        this.observer = this
            .client("e2e observer", "members:read indicators:read", None)
            .await;
        Some(this)
    }

    /// Registers an API client in the gateway's database (as `formaliza-gateway clients add`
    /// does) and returns an HTTP client to the gateway carrying a token from `/oauth/token`.
    pub async fn client(&self, name: &str, scopes: &str, partner_id: Option<&str>) -> TestClient {
        self.client_with_id(name, scopes, partner_id).await.1
    }

    /// Like [`client`](Self::client), also answering the client id (the tokens' `sub`, the
    /// `actor` of the feed events it causes).
    pub async fn client_with_id(
        &self,
        name: &str,
        scopes: &str,
        partner_id: Option<&str>,
    ) -> (String, TestClient) {
        let (name, scopes, partner_id) = (
            name.to_owned(),
            scopes.to_owned(),
            partner_id.map(str::to_owned),
        );
        let registered = db::run(&self.system.gateway_pool, move |conn| {
            clients::add(conn, &name, &scopes, partner_id.as_deref())
        })
        .await
        .unwrap();
        let token = self
            .token(&registered.client_id, &registered.client_secret)
            .await;
        (
            registered.client_id,
            TestClient::new(&self.url, Some(token)),
        )
    }

    /// A token for a registered client, by the client-credentials grant (HTTP Basic).
    pub async fn token(&self, client_id: &str, client_secret: &str) -> String {
        let anonymous = self.anonymous();
        let basic = STANDARD.encode(format!("{client_id}:{client_secret}"));
        let request = anonymous
            .request(actix_web::http::Method::POST, "/oauth/token")
            .insert_header(("Authorization", format!("Basic {basic}")));
        let response = anonymous
            .send(
                request,
                Some((
                    "application/x-www-form-urlencoded",
                    b"grant_type=client_credentials".to_vec(),
                )),
            )
            .await;
        let body = response.expect(200);
        assert_eq!(body["token_type"], "Bearer", "{}", response.text);
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// The gateway's database and configuration as it runs (the services' URLs filled in): for
    /// a test that runs a second gateway replica's background work beside it.
    pub fn gateway(&self) -> (&db::DbPool, &GatewayConfig) {
        (&self.system.gateway_pool, &self.system.gateway_config)
    }

    /// A client of the gateway without a token (the public certificate check).
    pub fn anonymous(&self) -> TestClient {
        TestClient::new(&self.url, None)
    }

    /// The `seq` of the last event in the members feed now.
    pub async fn members_feed_head(&self) -> i64 {
        pull_feed(&self.observer, "members", 0, 1000).await.1
    }

    /// GETs `path`, an indicator that reports `read_model.last_seq`, with `client` until its read
    /// model has applied every members-feed event written so far; returns that answer.
    pub async fn once_caught_up(&self, client: &TestClient, path: &str) -> Value {
        let head = self.members_feed_head().await;
        wait_until(
            &format!("{path} to catch up with the members feed at seq {head}"),
            || async {
                let response = client.get(path).await;
                let body = response.expect(200);
                (body["read_model"]["last_seq"].as_i64().unwrap() >= head).then(|| body.clone())
            },
        )
        .await
    }

    /// Waits until the social-protection read model (coverage indicators, export names and
    /// consent) has every members-feed event written so far.
    pub async fn protection_caught_up(&self) {
        self.once_caught_up(&self.observer, "/v1/indicators/coverage")
            .await;
    }

    /// Waits until both read models (social-protection's and trainings') have every
    /// members-feed event written so far.
    pub async fn read_models_caught_up(&self) {
        self.protection_caught_up().await;
        self.once_caught_up(&self.observer, "/v1/indicators/training")
            .await;
    }

    /// Stops one service (`members`, `trainings`, `social-protection`); the others and the
    /// gateway run on.
    pub async fn stop_service(&self, name: &str) {
        self.system.stop_service(name).await;
    }

    /// Stops the gateway (finishing requests in flight), then the services.
    pub async fn stop(self) {
        self.system.stop(true).await;
    }
}

/// Polls `probe` until it answers `Some`, failing the test after [`DEADLINE`].
pub async fn wait_until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "gave up after {DEADLINE:?} waiting for {what}"
        );
        actix_rt::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Reads `service`'s feed after `after`, following `next_after` while `has_more`, as a ministry
/// integration does (`limit` events a page); returns the events and the cursor to store.
pub async fn pull_feed(
    client: &TestClient,
    service: &str,
    after: i64,
    limit: usize,
) -> (Vec<Value>, i64) {
    let (mut events, mut after) = (Vec::new(), after);
    loop {
        let response = client
            .get(&format!("/v1/feeds/{service}?after={after}&limit={limit}"))
            .await;
        let page = response.expect(200);
        events.extend(page["data"].as_array().unwrap().iter().cloned());
        after = page["next_after"].as_i64().unwrap();
        if page["has_more"] != true {
            return (events, after);
        }
    }
}

/// Five informal small enterprises of a Cajamarca town (textile, one the workshop the
/// journeys follow), created by `ngo`: their ids, the workshop's first.
pub async fn town_enterprises(ngo: &TestClient) -> Vec<String> {
    let mut enterprises = Vec::new();
    for name in [
        "Confecciones Warmi Away",
        "Panadería Santa Rosa",
        "Metalmecánica Los Andes",
        "Constructora Wiracocha",
        "Tejidos Sumaq Maki",
    ] {
        let created = ngo
            .post(
                "/v1/organisations",
                &serde_json::json!({"name": name, "kind": "small_enterprise",
                                    "legal_status": "informal", "country": "PE",
                                    "region": "PE-CAJ", "sector": "textile"}),
            )
            .await;
        enterprises.push(id(created.expect(201)));
    }
    enterprises
}

/// The `id` of a created record.
pub fn id(body: &Value) -> String {
    body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {body}"))
        .to_owned()
}

/// The ids of every record of a list, following `next_cursor`.
pub async fn list_ids(client: &TestClient, path: &str) -> Vec<String> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let (mut ids, mut next) = (Vec::new(), path.to_owned());
    loop {
        let response = client.get(&next).await;
        let page = response.expect(200);
        ids.extend(page["data"].as_array().unwrap().iter().map(id));
        match page["next_cursor"].as_str() {
            Some(cursor) => next = format!("{path}{separator}cursor={cursor}"),
            None => return ids,
        }
    }
}

/// Today (UTC) shifted by `days`, as `YYYY-MM-DD`.
pub fn day(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::TimeDelta::days(days)).to_string()
}
