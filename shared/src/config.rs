//! Typed configuration, read once at start-up from environment variables.
//!
//! Every variable and its default is listed in the README. Secrets are never logged: the
//! `Debug` output of these types leaves them out.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use crate::auth::{AuthConfig, TrustedIssuer, VerificationKey};
use crate::bus::BusConfig;
use crate::extract::BodyLimits;
use crate::privacy::Privacy;
use crate::suppression::MinCell;

pub use crate::env::{ConfigError, parse_var, var};

/// Everything a service needs to start.
#[derive(Clone)]
pub struct ServiceConfig {
    /// Address to listen on; port 0 picks a free one (tests).
    pub bind: SocketAddr,
    /// `postgres://…` or a SQLite file path.
    pub database_url: String,
    pub pool_size: u32,
    pub auth: AuthConfig,
    pub limits: BodyLimits,
    /// HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// Base URLs of the other services, for reference checks and feeds.
    pub upstreams: Upstreams,
    /// Stop gracefully on SIGINT/SIGTERM by itself; off when a host process (the standalone)
    /// decides the order in which its servers stop.
    pub handle_signals: bool,
    /// The pseudonym secret of person-linked answers (`FORMALIZA_PSEUDONYM_SECRET`).
    pub privacy: Privacy,
    /// The smallest published cell (`FORMALIZA_MIN_CELL`).
    pub min_cell: MinCell,
    /// Where to publish the feed on NATS JetStream (`FORMALIZA_NATS_URL`; none when unset).
    pub bus: Option<BusConfig>,
    /// How import jobs are spooled and run (`FORMALIZA_IMPORT_*`).
    pub imports: crate::imports::ImportSettings,
}

impl fmt::Debug for ServiceConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let database = if self.database_url.contains('@') {
            "postgres://…(credentials hidden)"
        } else {
            &self.database_url
        };
        f.debug_struct("ServiceConfig")
            .field("bind", &self.bind)
            .field("database_url", &database)
            .field("pool_size", &self.pool_size)
            .field("auth", &self.auth)
            .field("limits", &self.limits)
            .field("workers", &self.workers)
            .field("upstreams", &self.upstreams)
            .field("handle_signals", &self.handle_signals)
            .field("privacy", &self.privacy)
            .field("min_cell", &self.min_cell)
            .field("bus", &self.bus)
            .field("imports", &self.imports)
            .finish()
    }
}

/// Where the other services live.
#[derive(Debug, Clone, Default)]
pub struct Upstreams {
    pub members: Option<String>,
    pub trainings: Option<String>,
    pub social_protection: Option<String>,
    /// How long to wait for another service before answering 503.
    pub timeout: Duration,
}

impl ServiceConfig {
    /// Reads the configuration of the service `name` (used for defaults such as the SQLite file
    /// `data/<name>.sqlite`) listening by default on `default_port`.
    pub fn from_env(name: &str, default_port: u16) -> Result<Self, ConfigError> {
        let bind = parse_var(
            "FORMALIZA_BIND",
            SocketAddr::from(([127, 0, 0, 1], default_port)),
        )?;
        let database_url =
            var("FORMALIZA_DATABASE_URL").unwrap_or_else(|| format!("data/{name}.sqlite"));
        let pool_size = parse_var("FORMALIZA_DB_POOL_SIZE", 10u32)?;
        let workers = var("FORMALIZA_WORKERS")
            .map(|w| w.parse())
            .transpose()
            .map_err(|e| ConfigError(format!("FORMALIZA_WORKERS: {e}")))?;
        let limits = BodyLimits {
            json: parse_var("FORMALIZA_MAX_BODY_BYTES", BodyLimits::default().json)?,
            import: parse_var("FORMALIZA_MAX_IMPORT_BYTES", BodyLimits::default().import)?,
        };
        let upstreams = Upstreams {
            members: var("FORMALIZA_MEMBERS_URL"),
            trainings: var("FORMALIZA_TRAININGS_URL"),
            social_protection: var("FORMALIZA_SOCIAL_PROTECTION_URL"),
            timeout: Duration::from_millis(parse_var("FORMALIZA_UPSTREAM_TIMEOUT_MS", 5000u64)?),
        };
        let imports = crate::imports::ImportSettings::from_env(name, &database_url)?;
        Ok(Self {
            bind,
            database_url,
            pool_size,
            auth: auth_from_env()?,
            limits,
            workers,
            upstreams,
            handle_signals: true,
            privacy: Privacy::from_env(),
            min_cell: MinCell::from_env()?,
            bus: BusConfig::from_env()?,
            imports,
        })
    }
}

/// The keys of the JWKS document named by `FORMALIZA_JWKS_FILE`, if set: more keys of
/// Formaliza's own issuer (tokens with its `iss` signed elsewhere, such as the benchmark's).
pub fn jwks_file_keys() -> Result<Vec<VerificationKey>, ConfigError> {
    let Some(path) = var("FORMALIZA_JWKS_FILE") else {
        return Ok(Vec::new());
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ConfigError(format!("FORMALIZA_JWKS_FILE={path}: {e}")))?;
    let set = serde_json::from_str(&text)
        .map_err(|e| ConfigError(format!("FORMALIZA_JWKS_FILE={path}: {e}")))?;
    Ok(VerificationKey::from_jwks(&set))
}

/// Token verification settings: issuer, audience, and where the keys come from.
pub fn auth_from_env() -> Result<AuthConfig, ConfigError> {
    let mut static_keys = Vec::new();
    static_keys.extend(jwks_file_keys()?);
    if let Some(secret) = var("FORMALIZA_JWT_HS256_SECRET") {
        if secret.len() < 32 {
            return Err(ConfigError(
                "FORMALIZA_JWT_HS256_SECRET must be at least 32 characters".into(),
            ));
        }
        static_keys.push(VerificationKey::hs256(secret.as_bytes()));
    }
    let jwks_url = var("FORMALIZA_JWKS_URL");
    if static_keys.is_empty() && jwks_url.is_none() {
        return Err(ConfigError(
            "no token verification keys: set FORMALIZA_JWKS_URL, FORMALIZA_JWKS_FILE or FORMALIZA_JWT_HS256_SECRET".into(),
        ));
    }
    let issuer = own_issuer();
    Ok(AuthConfig {
        trusted_issuers: trusted_issuers(&issuer)?,
        issuer,
        audience: var("FORMALIZA_JWT_AUDIENCE").unwrap_or_else(|| "formaliza-api".into()),
        leeway_seconds: parse_var("FORMALIZA_JWT_LEEWAY_SECONDS", 30u64)?,
        static_keys,
        jwks_url,
        jwks_refresh: Duration::from_secs(parse_var("FORMALIZA_JWKS_REFRESH_SECONDS", 60u64)?),
        cache_capacity: parse_var("FORMALIZA_TOKEN_CACHE_CAPACITY", 10_000usize)?,
    })
}

/// Formaliza's own `iss` (`FORMALIZA_JWT_ISSUER`, default `formaliza`).
pub fn own_issuer() -> String {
    var("FORMALIZA_JWT_ISSUER").unwrap_or_else(|| "formaliza".into())
}

/// The outside identity providers listed in `FORMALIZA_TRUSTED_ISSUERS_FILE` (none if unset);
/// the gateway and every service read the same file.
pub fn trusted_issuers(own_issuer: &str) -> Result<Vec<TrustedIssuer>, ConfigError> {
    match var("FORMALIZA_TRUSTED_ISSUERS_FILE") {
        None => Ok(Vec::new()),
        Some(path) => TrustedIssuer::load_all(std::path::Path::new(&path), own_issuer),
    }
}
