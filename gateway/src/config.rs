//! The gateway's configuration, read once from the environment (see the README).

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use formaliza_shared::auth::{TrustedIssuer, VerificationKey};
use formaliza_shared::config::{ConfigError, parse_var, var};

#[derive(Clone)]
pub struct GatewayConfig {
    pub bind: SocketAddr,
    /// The operations listener (`/metrics`): loopback by default, the pod's own address in
    /// Kubernetes, never a port the public reaches.
    pub metrics_bind: SocketAddr,
    /// The gateway's own database (clients, signing keys).
    pub database_url: String,
    pub pool_size: u32,
    /// `iss` of issued tokens, and the one required of incoming ones.
    pub issuer: String,
    pub audience: String,
    pub leeway_seconds: u64,
    pub token_ttl_seconds: u64,
    pub members_url: Option<String>,
    pub trainings_url: Option<String>,
    pub social_protection_url: Option<String>,
    /// Longest wait for an upstream's response headers (504 beyond).
    pub upstream_timeout: Duration,
    /// More keys of Formaliza's own issuer (from `FORMALIZA_JWKS_FILE`), besides the gateway's.
    pub trusted_keys: Vec<VerificationKey>,
    /// Outside identity providers (`FORMALIZA_TRUSTED_ISSUERS_FILE`); in the standalone, the
    /// services trust the same list.
    pub trusted_issuers: Vec<TrustedIssuer>,
    /// An Ed25519 signing key (PKCS#8 PEM) to sign with instead of a generated one.
    pub signing_key_pem: Option<String>,
    /// Token bucket per client: sustained requests per second, and burst size.
    pub rate_limit_per_second: u32,
    pub rate_limit_burst: u32,
    /// Largest request body passed on (413 beyond); imports are the largest bodies.
    pub max_body_bytes: u64,
    /// Largest file an import job (`POST /v1/imports`) may upload, streamed through.
    pub max_import_bytes: u64,
    /// Browser origins allowed by CORS (dashboards), e.g. `https://dash.example.org`.
    pub cors_origins: Vec<String>,
    /// How many verified tokens to remember.
    pub token_cache_capacity: usize,
    /// Proxies in front of the gateway whose `X-Forwarded-*` headers are believed.
    pub trusted_proxies: crate::forwarded::TrustedProxies,
    /// Redis shared by gateway replicas for rate limits (in-memory per gateway when unset).
    pub redis_url: Option<String>,
    /// Stop gracefully on SIGINT/SIGTERM by itself; off when a host process (the standalone)
    /// decides the order in which its servers stop.
    pub handle_signals: bool,
    /// Webhook subscriptions and their delivery.
    pub webhooks: crate::webhooks::WebhookConfig,
    /// Published indicators: their cache lifetime and the per-address rate of `/v1/public`.
    pub published: crate::published::PublishedConfig,
}

impl fmt::Debug for GatewayConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatewayConfig")
            .field("bind", &self.bind)
            .field("metrics_bind", &self.metrics_bind)
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("members_url", &self.members_url)
            .field("trainings_url", &self.trainings_url)
            .field("social_protection_url", &self.social_protection_url)
            .field("upstream_timeout", &self.upstream_timeout)
            .field("rate_limit_per_second", &self.rate_limit_per_second)
            .field("rate_limit_burst", &self.rate_limit_burst)
            .field("cors_origins", &self.cors_origins)
            .field("trusted_issuers", &self.trusted_issuers)
            .finish_non_exhaustive()
    }
}

impl GatewayConfig {
    /// How long a retired signing key keeps verifying: the longest token lifetime, plus a margin.
    pub fn key_grace(&self) -> chrono::TimeDelta {
        chrono::TimeDelta::seconds(
            i64::try_from(self.token_ttl_seconds).unwrap_or(i64::MAX / 2) + 300,
        )
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        let trusted_keys = formaliza_shared::config::jwks_file_keys()?;
        let issuer = formaliza_shared::config::own_issuer();
        Ok(Self {
            trusted_issuers: formaliza_shared::config::trusted_issuers(&issuer)?,
            bind: parse_var("FORMALIZA_BIND", SocketAddr::from(([127, 0, 0, 1], 8080)))?,
            metrics_bind: parse_var(
                "FORMALIZA_METRICS_BIND",
                SocketAddr::from(([127, 0, 0, 1], 9464)),
            )?,
            database_url: var("FORMALIZA_DATABASE_URL")
                .unwrap_or_else(|| "data/gateway.sqlite".into()),
            pool_size: parse_var("FORMALIZA_DB_POOL_SIZE", 5u32)?,
            issuer,
            audience: var("FORMALIZA_JWT_AUDIENCE").unwrap_or_else(|| "formaliza-api".into()),
            leeway_seconds: parse_var("FORMALIZA_JWT_LEEWAY_SECONDS", 30u64)?,
            token_ttl_seconds: parse_var("FORMALIZA_TOKEN_TTL_SECONDS", 3600u64)?,
            members_url: var("FORMALIZA_MEMBERS_URL"),
            trainings_url: var("FORMALIZA_TRAININGS_URL"),
            social_protection_url: var("FORMALIZA_SOCIAL_PROTECTION_URL"),
            upstream_timeout: Duration::from_millis(parse_var(
                "FORMALIZA_UPSTREAM_TIMEOUT_MS",
                30_000u64,
            )?),
            trusted_keys,
            signing_key_pem: var("FORMALIZA_SIGNING_KEY_FILE")
                .map(|path| {
                    std::fs::read_to_string(&path)
                        .map_err(|e| ConfigError(format!("FORMALIZA_SIGNING_KEY_FILE={path}: {e}")))
                })
                .transpose()?,
            rate_limit_per_second: parse_var("FORMALIZA_RATE_LIMIT_PER_SECOND", 50u32)?,
            rate_limit_burst: parse_var("FORMALIZA_RATE_LIMIT_BURST", 100u32)?,
            max_body_bytes: parse_var("FORMALIZA_MAX_BODY_BYTES", 64u64 << 20)?,
            max_import_bytes: parse_var("FORMALIZA_MAX_IMPORT_FILE_BYTES", 512u64 << 20)?,
            cors_origins: var("FORMALIZA_CORS_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            token_cache_capacity: parse_var("FORMALIZA_TOKEN_CACHE_CAPACITY", 10_000usize)?,
            trusted_proxies: crate::forwarded::TrustedProxies::parse(
                &var("FORMALIZA_TRUSTED_PROXIES").unwrap_or_default(),
            )
            .map_err(|e| ConfigError(format!("FORMALIZA_TRUSTED_PROXIES: {e}")))?,
            redis_url: var("FORMALIZA_REDIS_URL"),
            handle_signals: true,
            webhooks: crate::webhooks::WebhookConfig::from_env()?,
            published: crate::published::PublishedConfig::from_env()?,
        })
    }
}
