//! Webhook subscriptions as the API shows them, and the rules: what a subscription may ask for,
//! how a message is signed (Standard Webhooks), how long to wait before trying again.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use formaliza_shared::{FieldErrors, Principal, Scope};

use crate::routes::Service;

/// The services whose feeds can be pushed, and the scope their feed pull needs.
pub const FEEDS: [(Service, Scope); 3] = [
    (Service::Members, Scope::MembersRead),
    (Service::Trainings, Scope::TrainingsRead),
    (Service::SocialProtection, Scope::ProtectionRead),
];

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    /// Delivering.
    Active,
    /// Paused by its client; nothing is lost, delivery resumes where it stopped.
    Paused,
    /// The receiver refused a message for good (a 4xx other than 408 and 429, or a redirect):
    /// see `state_reason`; resume once the receiver is fixed.
    Stopped,
    /// Every attempt failed for `FORMALIZA_WEBHOOK_DISABLE_AFTER_HOURS` (3 days): see
    /// `state_reason`; resume once the receiver is back.
    Disabled,
}

impl SubscriptionState {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionState::Active => "active",
            SubscriptionState::Paused => "paused",
            SubscriptionState::Stopped => "stopped",
            SubscriptionState::Disabled => "disabled",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "paused" => SubscriptionState::Paused,
            "stopped" => SubscriptionState::Stopped,
            "disabled" => SubscriptionState::Disabled,
            _ => SubscriptionState::Active,
        }
    }
}

/// A subscription as a client sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "url": "https://sis.minsa.gob.pe/formaliza/webhook",
    "services": ["members", "social-protection"],
    "resources": ["member", "enrollment"],
    "country": "PE"
}))]
pub struct SubscriptionInput {
    /// Where to POST the messages: `https://` (plain `http://` only to hosts the operator
    /// allow-listed for development). Addresses that resolve to loopback, private, link-local
    /// or metadata ranges are refused, now and at every delivery.
    pub url: String,
    /// Whose feeds: `members`, `trainings`, `social-protection`. Your token must be able to read
    /// each (`members:read`, `trainings:read`, `protection:read`).
    pub services: Vec<String>,
    /// Only these kinds of record (`member`, `household`, `enrollment`, …); all when absent.
    #[serde(default)]
    pub resources: Option<Vec<String>>,
    /// Only records of this country (ISO 3166-1 alpha-2); deletions, which carry no record,
    /// always pass.
    #[serde(default)]
    pub country: Option<String>,
}

/// A subscription request, checked.
#[derive(Debug, Clone)]
pub struct SubscriptionCommand {
    pub url: String,
    pub services: Vec<Service>,
    pub resources: Option<Vec<String>>,
    pub country: Option<String>,
}

impl SubscriptionInput {
    /// Every field's problems at once; the URL's address is checked later (it needs DNS).
    pub fn command(self, principal: &Principal) -> Result<SubscriptionCommand, FieldErrors> {
        let mut errors = FieldErrors::default();
        let url = self.url.trim().to_owned();
        if url.is_empty() || url.len() > 2000 {
            errors.push("url", "invalid", "a URL of at most 2000 characters");
        }
        let mut services = Vec::new();
        if self.services.is_empty() {
            errors.push("services", "required", "name at least one service's feed");
        }
        for (n, name) in self.services.iter().enumerate() {
            let field = format!("services[{n}]");
            match FEEDS.iter().find(|(service, _)| service.name() == name) {
                None => errors.push(
                    field,
                    "unknown_service",
                    "one of members, trainings, social-protection",
                ),
                Some((_, scope)) if !principal.has_scope(*scope) => errors.push(
                    field.clone(),
                    "feed_not_readable",
                    format!("your token cannot read this feed (it needs {scope})"),
                ),
                Some((service, _)) if services.contains(service) => {
                    errors.push(field.clone(), "duplicate", "named twice");
                }
                Some((service, _)) => services.push(*service),
            }
        }
        if let Some(names) = &self.resources {
            for (n, name) in names.iter().enumerate() {
                let valid = !name.is_empty()
                    && name.len() <= 64
                    && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                if !valid {
                    errors.push(
                        format!("resources[{n}]"),
                        "invalid",
                        "a kind of record in snake_case, e.g. member",
                    );
                }
            }
        }
        let resources = self.resources;
        let country = self.country.map(|c| c.trim().to_owned());
        if let Some(code) = &country {
            errors.check("country", formaliza_shared::domain::Country::parse(code));
        }
        match errors.is_empty() {
            true => Ok(SubscriptionCommand {
                url,
                services,
                resources,
                country,
            }),
            false => Err(errors),
        }
    }
}

/// One service's delivery progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeedProgress {
    pub service: String,
    /// The last `seq` of this feed delivered (or passed over by the filters).
    pub delivered_seq: i64,
    /// The feed's last `seq` when it was last read.
    pub head_seq: i64,
    /// Events of this feed not delivered yet (as of that read).
    pub lag_events: i64,
    /// How long the oldest of them has been waiting, in seconds (0 when none).
    pub lag_seconds: i64,
}

/// A subscription and how its delivery stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Subscription {
    pub id: String,
    pub url: String,
    pub services: Vec<String>,
    pub resources: Option<Vec<String>>,
    pub country: Option<String>,
    pub state: SubscriptionState,
    /// Why it is stopped or disabled.
    pub state_reason: Option<String>,
    /// The client that created it: messages show what this client's feed pulls show.
    pub client_id: String,
    pub partner_id: Option<String>,
    pub feeds: Vec<FeedProgress>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The last failure (status or connection error), cleared by a success.
    pub last_error: Option<String>,
    pub last_delivered_at: Option<DateTime<Utc>>,
    /// When the next attempt is due (while active).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new subscription, with its signing secret: shown this once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedSubscription {
    #[serde(flatten)]
    pub subscription: Subscription,
    /// `whsec_…`: verify each message's `webhook-signature` with it (README: Webhooks). Shown
    /// only now; `POST …/rotate-secret` gives a new one.
    pub secret: String,
}

/// A new signing secret (the old one keeps signing beside it for 24 hours).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RotatedSecret {
    pub secret: String,
    /// Until when messages also carry a signature with the previous secret.
    pub previous_valid_until: DateTime<Utc>,
}

/// Where to start again.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"service": "members", "after": 1200}))]
pub struct ReplayInput {
    pub service: String,
    /// Deliver again every event after this `seq` (0: from the beginning).
    pub after: i64,
}

/// The list of a client's subscriptions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubscriptionList {
    pub data: Vec<Subscription>,
    /// Always `null`: a client has at most [`MAX_PER_CLIENT`] subscriptions.
    pub next_cursor: Option<String>,
}

/// Most live subscriptions one client may hold.
pub const MAX_PER_CLIENT: i64 = 20;

/// A new secret as Standard Webhooks writes it: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    format!("whsec_{}", STANDARD.encode(bytes))
}

/// The `webhook-signature` of a message (Standard Webhooks, version 1): HMAC-SHA256 with the
/// secret's bytes over `{id}.{timestamp}.{body}`, in base64, one `v1,…` per secret in force.
pub fn signature(secrets: &[&str], id: &str, timestamp: i64, body: &[u8]) -> String {
    secrets
        .iter()
        .filter_map(|secret| {
            let key = STANDARD
                .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
                .ok()?;
            let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
            mac.update(format!("{id}.{timestamp}.").as_bytes());
            mac.update(body);
            Some(format!(
                "v1,{}",
                STANDARD.encode(mac.finalize().into_bytes())
            ))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How long to wait after `attempts` failures in a row: doubling from 1 s up to an hour, then
/// a random part of that ("equal jitter": between half and all of it), so that receivers coming
/// back are not hit by every subscription at once; never less than the receiver's `Retry-After`.
pub fn backoff(attempts: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
    let ceiling = Duration::from_secs(3600);
    let exponential = Duration::from_secs(1)
        .checked_mul(1u32 << attempts.saturating_sub(1).min(20))
        .unwrap_or(ceiling)
        .min(ceiling);
    let waited = exponential.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0));
    retry_after.map_or(waited, |asked| asked.max(waited).min(ceiling))
}

/// What a receiver's answer means for the subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Try again later (a time-out, a connection error, 408, 429, 5xx).
    Retry {
        error: String,
        retry_after: Option<Duration>,
    },
    /// The receiver refused for good: stop the subscription with this reason.
    Stop(String),
}

/// The outcome of an HTTP status from the receiver.
pub fn outcome(status: u16, retry_after: Option<Duration>) -> Outcome {
    match status {
        200..=299 => Outcome::Delivered,
        408 | 429 | 500..=599 => Outcome::Retry {
            error: format!("the receiver answered {status}"),
            retry_after,
        },
        300..=399 => Outcome::Stop(format!(
            "the receiver answered {status}: redirects are not followed; subscribe the final URL"
        )),
        _ => Outcome::Stop(format!("the receiver refused the message with {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification (its reference libraries' test).
    #[test]
    fn the_signature_is_the_standard_webhooks_one() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let timestamp = 1_614_265_330;
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(&[secret], id, timestamp, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn two_secrets_in_force_sign_twice() {
        let both = signature(&["whsec_AAAA", "whsec_BBBB"], "a", 1, b"{}");
        assert_eq!(both.split(' ').count(), 2);
        assert!(both.split(' ').all(|s| s.starts_with("v1,")));
    }

    #[test]
    fn backoff_doubles_within_its_bounds_and_honours_retry_after() {
        assert_eq!(backoff(1, None, 1.0), Duration::from_secs(1));
        assert_eq!(backoff(4, None, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(4, None, 0.0), Duration::from_secs(4));
        assert_eq!(backoff(40, None, 1.0), Duration::from_secs(3600));
        assert_eq!(
            backoff(1, Some(Duration::from_secs(120)), 0.3),
            Duration::from_secs(120)
        );
        for attempts in 1..30 {
            let wait = backoff(attempts, None, 0.77);
            assert!(wait >= Duration::from_millis(500) && wait <= Duration::from_secs(3600));
        }
    }

    #[test]
    fn the_answer_decides_retry_or_stop() {
        assert_eq!(outcome(204, None), Outcome::Delivered);
        for status in [408, 429, 500, 502, 503] {
            assert!(
                matches!(outcome(status, None), Outcome::Retry { .. }),
                "{status}"
            );
        }
        for status in [301, 400, 401, 404, 410, 422] {
            assert!(
                matches!(outcome(status, None), Outcome::Stop(_)),
                "{status}"
            );
        }
    }
}
