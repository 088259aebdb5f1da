//! The whole of Formaliza in one process: the gateway on the public port, and the members,
//! trainings and social-protection services on loopback ports behind it, each with its own
//! database (SQLite files under the data directory by default). The services trust the tokens
//! the gateway signs, and the two services that read the members feed get their tokens from the
//! gateway like any other client.
//!
//! `main.rs` reads [`StandaloneConfig::from_env`], calls [`start`], and waits for Ctrl-C; the
//! end-to-end tests call [`start`] on port 0 with databases of their own.

pub mod demo;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand_core::RngCore;

use formaliza_gateway::webhooks::sealed::SealingKey;
use formaliza_gateway::{GatewayConfig, clients, keys};
use formaliza_shared::auth::AuthConfig;
use formaliza_shared::bus::BusConfig;
use formaliza_shared::config::{ConfigError, ServiceConfig, Upstreams, var};
use formaliza_shared::consumer::ClientCredentials;
use formaliza_shared::db::DbPool;
use formaliza_shared::extract::BodyLimits;
use formaliza_shared::imports::ImportSettings;
use formaliza_shared::privacy::Privacy;
use formaliza_shared::suppression::MinCell;

/// Name of the gateway client the trainings and social-protection services read the members
/// feed as (`members:read`, no partner). Its secret is replaced at every start.
pub const FEED_CLIENT: &str = "standalone: members feed reader";

/// Why the system could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Gateway(#[from] formaliza_gateway::StartError),
    #[error(transparent)]
    Service(#[from] formaliza_shared::server::StartError),
}

/// The databases of the four components (a SQLite path or a `postgres://` URL each).
#[derive(Debug, Clone)]
pub struct Databases {
    pub gateway: String,
    pub members: String,
    pub trainings: String,
    pub social_protection: String,
}

impl Databases {
    /// One SQLite file per component in `dir` (created if missing).
    pub fn sqlite_in(dir: &Path) -> Result<Self, ConfigError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| ConfigError(format!("cannot create {}: {e}", dir.display())))?;
        let file = |name: &str| dir.join(format!("{name}.sqlite")).display().to_string();
        Ok(Self {
            gateway: file("gateway"),
            members: file("members"),
            trainings: file("trainings"),
            social_protection: file("social-protection"),
        })
    }
}

/// Everything the standalone needs.
#[derive(Debug, Clone)]
pub struct StandaloneConfig {
    /// The gateway's settings; its `bind` is the system's public address. Its database URL and
    /// service URLs are ignored: `databases.gateway` is used, and the services run here.
    pub gateway: GatewayConfig,
    pub databases: Databases,
    /// Database connections per service.
    pub pool_size: u32,
    /// HTTP worker threads per component (default: one per core).
    pub workers: Option<usize>,
    /// Mixed into the ministry export's pseudonyms; kept stable across restarts.
    pub pseudonym_secret: String,
    /// How often the read models poll the members feed once caught up.
    pub feed_poll: Duration,
    /// The smallest published cell of the indicators (`FORMALIZA_MIN_CELL`).
    pub min_cell: MinCell,
    /// Where the three services publish their feeds on NATS JetStream (`FORMALIZA_NATS_URL`).
    pub bus: Option<BusConfig>,
}

impl StandaloneConfig {
    /// From the environment (see the README): the gateway's variables, `FORMALIZA_DATA_DIR`
    /// (default `data`) for the SQLite files, `FORMALIZA_DB_POOL_SIZE`, `FORMALIZA_WORKERS`,
    /// `FORMALIZA_PSEUDONYM_SECRET` (default: generated once and kept in the data directory).
    pub fn from_env() -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(var("FORMALIZA_DATA_DIR").unwrap_or_else(|| "data".into()));
        let databases = Databases::sqlite_in(&data_dir)?;
        let mut gateway = GatewayConfig::from_env()?;
        // The command line's client and key commands work on the same file.
        gateway.database_url = databases.gateway.clone();
        let pseudonym_secret = match var("FORMALIZA_PSEUDONYM_SECRET") {
            Some(secret) => secret,
            None => kept_secret(&data_dir.join("pseudonym-secret"), random_secret)?,
        };
        // Webhook secrets sealed with a key kept beside the data (FORMALIZA_WEBHOOK_KEY wins).
        if gateway.webhooks.key.is_none() {
            let kept = kept_secret(&data_dir.join("webhook-key"), SealingKey::generate)?;
            gateway.webhooks.key =
                Some(SealingKey::parse(&kept).map_err(|e| {
                    ConfigError(format!("{}/webhook-key: {e}", data_dir.display()))
                })?);
        }
        Ok(Self {
            gateway,
            databases,
            pool_size: formaliza_shared::config::parse_var("FORMALIZA_DB_POOL_SIZE", 5u32)?,
            workers: var("FORMALIZA_WORKERS")
                .map(|w| w.parse())
                .transpose()
                .map_err(|e| ConfigError(format!("FORMALIZA_WORKERS: {e}")))?,
            pseudonym_secret,
            feed_poll: Duration::from_millis(formaliza_shared::config::parse_var(
                "FORMALIZA_FEED_POLL_MS",
                2000u64,
            )?),
            min_cell: MinCell::from_env()?,
            bus: BusConfig::from_env()?,
        })
    }
}

/// 32 random bytes, as text.
fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand_core::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A secret kept in `path`, created by `make` (readable only by its owner) on first use.
fn kept_secret(path: &Path, make: fn() -> String) -> Result<String, ConfigError> {
    if let Ok(secret) = std::fs::read_to_string(path) {
        return Ok(secret.trim().to_owned());
    }
    let secret = make();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, secret.as_bytes()));
    written.map_err(|e| ConfigError(format!("cannot write {}: {e}", path.display())))?;
    Ok(secret)
}

/// A running system.
pub struct Standalone {
    /// The gateway's address, e.g. `http://127.0.0.1:8080`.
    pub gateway_url: String,
    pub port: u16,
    /// The gateway's operations listener, e.g. `http://127.0.0.1:9464` (`/metrics`; loopback
    /// unless `FORMALIZA_METRICS_BIND` says otherwise).
    pub metrics_url: String,
    /// The gateway's database (clients, signing keys), for the command line's client and token
    /// commands.
    pub gateway_pool: DbPool,
    pub gateway_config: GatewayConfig,
    gateway: ServerHandle,
    services: Vec<(&'static str, ServerHandle)>,
    servers: Vec<Server>,
}

/// Starts the services, then the gateway in front of them. Call it inside an actix system; the
/// servers run on their own threads until [`Standalone::stop`].
pub fn start(config: StandaloneConfig) -> Result<Standalone, StartError> {
    let mut gateway = config.gateway.clone();
    gateway.database_url = config.databases.gateway.clone();
    gateway.handle_signals = false;
    // The gateway's port first, so the services can point at its keys and token endpoint.
    let listen = |source| formaliza_gateway::StartError::Listen {
        address: gateway.bind.to_string(),
        source,
    };
    let listener = TcpListener::bind(gateway.bind).map_err(listen)?;
    let address = listener.local_addr().map_err(listen)?;
    let local = SocketAddr::from(([127, 0, 0, 1], address.port()));
    let gateway_url = format!("http://{local}");

    // Its database, keys and the feed reader's credentials, before anything runs.
    let gateway_pool = formaliza_gateway::open_database(&GatewayConfig {
        pool_size: 2,
        ..gateway.clone()
    })?;
    let verifying = keys::open(&gateway_pool, &gateway)
        .map_err(formaliza_gateway::StartError::Keys)?
        .verifying;
    let feed_client = feed_reader(&gateway_pool).map_err(formaliza_gateway::StartError::Keys)?;

    // The services trust exactly what the gateway trusts: its keys, the other keys of its own
    // issuer (`FORMALIZA_JWKS_FILE`) and the outside issuers.
    let mut own_keys = verifying;
    own_keys.extend(gateway.trusted_keys.iter().cloned());
    let auth = AuthConfig {
        issuer: gateway.issuer.clone(),
        audience: gateway.audience.clone(),
        leeway_seconds: gateway.leeway_seconds,
        static_keys: own_keys,
        // Keys rotated while running are fetched on their first unknown `kid`.
        jwks_url: Some(format!("{gateway_url}/.well-known/jwks.json")),
        jwks_refresh: Duration::from_secs(60),
        cache_capacity: gateway.token_cache_capacity,
        trusted_issuers: gateway.trusted_issuers.clone(),
    };
    let service_config = |name: &str,
                          database_url: &str,
                          upstreams: Upstreams|
     -> Result<ServiceConfig, formaliza_shared::server::StartError> {
        Ok(ServiceConfig {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: database_url.to_owned(),
            pool_size: config.pool_size,
            auth: auth.clone(),
            limits: BodyLimits {
                json: BodyLimits::default().json,
                import: usize::try_from(gateway.max_body_bytes).unwrap_or(usize::MAX),
            },
            workers: config.workers,
            upstreams,
            handle_signals: false,
            privacy: Privacy::new(config.pseudonym_secret.clone()),
            min_cell: config.min_cell,
            bus: config.bus.clone(),
            imports: ImportSettings::from_env(name, database_url)?,
        })
    };
    let feed_token = || {
        Some(Box::new(ClientCredentials::new(
            format!("{gateway_url}/oauth/token"),
            feed_client.client_id.clone(),
            feed_client.client_secret.clone(),
        ))
            as Box<dyn formaliza_shared::consumer::TokenSource>)
    };
    let no_upstreams = Upstreams {
        timeout: Duration::from_secs(5),
        ..Upstreams::default()
    };

    let members = formaliza_members::build(service_config(
        "members",
        &config.databases.members,
        no_upstreams.clone(),
    )?)?;
    let members_url = format!("http://127.0.0.1:{}", members.port);
    let with_members = Upstreams {
        members: Some(members_url.clone()),
        ..no_upstreams
    };
    let trainings = formaliza_trainings::build_with(
        service_config(
            "trainings",
            &config.databases.trainings,
            with_members.clone(),
        )?,
        feed_token(),
        config.feed_poll,
    )?;
    // The programme indicators relay the training measures from the trainings service.
    let with_members_and_trainings = Upstreams {
        trainings: Some(format!("http://127.0.0.1:{}", trainings.port)),
        ..with_members
    };
    let protection = formaliza_social_protection::build_with(
        service_config(
            "social-protection",
            &config.databases.social_protection,
            with_members_and_trainings,
        )?,
        feed_token(),
        config.feed_poll,
    )?;

    gateway.members_url = Some(members_url);
    gateway.trainings_url = Some(format!("http://127.0.0.1:{}", trainings.port));
    gateway.social_protection_url = Some(format!("http://127.0.0.1:{}", protection.port));
    let running = formaliza_gateway::build_on(gateway.clone(), listener)?;
    Ok(Standalone {
        gateway_url,
        port: running.port,
        metrics_url: format!(
            "http://{}",
            SocketAddr::new(gateway.metrics_bind.ip(), running.metrics_port)
        ),
        gateway_pool,
        gateway_config: gateway,
        gateway: running.handle,
        services: vec![
            ("members", members.handle),
            ("trainings", trainings.handle),
            ("social-protection", protection.handle),
        ],
        servers: vec![
            running.server,
            members.server,
            trainings.server,
            protection.server,
        ],
    })
}

/// The gateway client the read models read the members feed as, with a fresh secret.
fn feed_reader(pool: &DbPool) -> Result<clients::NewClient, formaliza_shared::ApiError> {
    let mut conn = pool.get()?;
    match clients::find(&mut conn, FEED_CLIENT)? {
        Some(client) => clients::reset_secret(&mut conn, &client.client_id)?
            .ok_or_else(|| formaliza_shared::ApiError::internal("the feed reader client vanished")),
        None => clients::add(&mut conn, FEED_CLIENT, "members:read", None),
    }
}

impl Standalone {
    /// Runs the servers in the background of the current actix system (tests).
    pub fn spawn(&mut self) {
        for server in self.servers.drain(..) {
            actix_rt::spawn(server);
        }
    }

    /// Stops the system: the gateway first, finishing the requests it has in flight (so none is
    /// cut off half-way through a service), then the services, which close their databases.
    pub async fn stop(self, graceful: bool) {
        self.gateway.stop(graceful).await;
        futures_util::future::join_all(
            self.services
                .iter()
                .map(|(_, handle)| handle.stop(graceful)),
        )
        .await;
        for server in self.servers {
            let _ = server.await;
        }
    }

    /// Stops one service (`members`, `trainings`, `social-protection`) while the rest runs on:
    /// what a deployment sees when that service's process dies (tests of what callers get then).
    pub async fn stop_service(&self, name: &str) {
        for (service, handle) in &self.services {
            if *service == name {
                handle.stop(false).await;
            }
        }
    }

    /// Runs until SIGINT (Ctrl-C) or SIGTERM, then stops gracefully.
    pub async fn run_until_signal(mut self) -> std::io::Result<()> {
        self.spawn();
        shutdown_signal().await?;
        log::info!("shutting down: finishing requests in flight");
        self.stop(true).await;
        log::info!("stopped");
        Ok(())
    }
}

#[cfg(unix)]
async fn shutdown_signal() -> std::io::Result<()> {
    use actix_rt::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    tokio::select! {
        result = actix_rt::signal::ctrl_c() => result,
        _ = terminate.recv() => Ok(()),
    }
}

#[cfg(not(unix))]
async fn shutdown_signal() -> std::io::Result<()> {
    actix_rt::signal::ctrl_c().await
}
