//! Published indicators: aggregate questions the programme office makes readable without a
//! token. A question is an allow-listed indicator path with a fixed query string; its answer is
//! the owning service's, fetched by the gateway with a programme-wide `indicators:read` token it
//! signs itself, cached for `max-age`, and served with an open CORS policy, a strong `ETag` and a
//! per-address rate limit. Nothing else is reachable without a token.

pub mod answers;
pub mod db;
pub mod handlers;
pub mod model;

use std::time::Duration;

use formaliza_shared::config::{ConfigError, parse_var};

/// Published indicators' settings (README: Published indicators and the dashboard).
#[derive(Debug, Clone)]
pub struct PublishedConfig {
    /// How long an answer is reused, by the gateway and by browsers and proxies
    /// (`Cache-Control: public, max-age=…`).
    pub max_age: Duration,
    /// Token bucket per client address for `/v1/public`: sustained requests per second, burst.
    pub rate_per_second: u32,
    pub rate_burst: u32,
}

impl Default for PublishedConfig {
    fn default() -> Self {
        Self {
            max_age: Duration::from_secs(60),
            rate_per_second: 5,
            rate_burst: 60,
        }
    }
}

impl PublishedConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let max_age: u64 = parse_var(
            "FORMALIZA_PUBLIC_MAX_AGE_SECONDS",
            defaults.max_age.as_secs(),
        )?;
        if !(1..=86_400).contains(&max_age) {
            return Err(ConfigError(
                "FORMALIZA_PUBLIC_MAX_AGE_SECONDS: 1 to 86400".into(),
            ));
        }
        Ok(Self {
            max_age: Duration::from_secs(max_age),
            rate_per_second: parse_var(
                "FORMALIZA_PUBLIC_RATE_LIMIT_PER_SECOND",
                defaults.rate_per_second,
            )?,
            rate_burst: parse_var("FORMALIZA_PUBLIC_RATE_LIMIT_BURST", defaults.rate_burst)?,
        })
    }
}
