//! Webhooks: the change feeds pushed to subscribers' URLs, signed (Standard Webhooks), in feed
//! order, at least once, never showing more than the subscriber's own feed pull would.

pub mod db;
pub mod delivery;
pub mod guard;
pub mod handlers;
pub mod model;
pub mod sealed;

use std::time::Duration;

use chrono::TimeDelta;

use formaliza_shared::config::{ConfigError, parse_var, var};

/// Webhook settings (README: Webhooks), read once at start-up.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// Seals the subscriptions' signing secrets (`FORMALIZA_WEBHOOK_KEY`); without it the
    /// subscriptions API answers 503 and nothing is delivered.
    pub key: Option<sealed::SealingKey>,
    /// Where messages may go (`FORMALIZA_WEBHOOK_INSECURE_HOSTS` are the exceptions).
    pub guard: guard::Guard,
    /// Most events in one message.
    pub batch: usize,
    /// How often each replica looks for due subscriptions: the longest a change waits.
    pub poll: Duration,
    /// Longest wait for a receiver's answer.
    pub timeout: Duration,
    /// How long a subscription may fail before it is disabled.
    pub disable_after: TimeDelta,
    /// How long a replica holds a subscription it delivers; a replica that dies mid-batch hands
    /// it over when its lease runs out (the batch is sent again by another).
    pub lease: Duration,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            key: None,
            guard: guard::Guard::default(),
            batch: 500,
            poll: Duration::from_millis(500),
            timeout: Duration::from_secs(10),
            disable_after: TimeDelta::days(3),
            lease: Duration::from_secs(60),
        }
    }
}

impl WebhookConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let key = var("FORMALIZA_WEBHOOK_KEY")
            .map(|text| {
                sealed::SealingKey::parse(&text)
                    .map_err(|e| ConfigError(format!("FORMALIZA_WEBHOOK_KEY: {e}")))
            })
            .transpose()?;
        let exceptions =
            guard::Exceptions::parse(&var("FORMALIZA_WEBHOOK_INSECURE_HOSTS").unwrap_or_default())
                .map_err(|e| ConfigError(format!("FORMALIZA_WEBHOOK_INSECURE_HOSTS: {e}")))?;
        let batch: usize = parse_var("FORMALIZA_WEBHOOK_BATCH", defaults.batch)?;
        if !(1..=1000).contains(&batch) {
            return Err(ConfigError("FORMALIZA_WEBHOOK_BATCH: 1 to 1000".into()));
        }
        Ok(Self {
            key,
            guard: guard::Guard::new(exceptions),
            batch,
            poll: Duration::from_millis(parse_var("FORMALIZA_WEBHOOK_POLL_MS", 500u64)?.max(10)),
            timeout: Duration::from_millis(parse_var("FORMALIZA_WEBHOOK_TIMEOUT_MS", 10_000u64)?),
            disable_after: TimeDelta::hours(parse_var(
                "FORMALIZA_WEBHOOK_DISABLE_AFTER_HOURS",
                72i64,
            )?),
            lease: defaults.lease,
        })
    }
}
