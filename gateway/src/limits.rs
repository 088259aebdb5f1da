//! Per-client rate limits (token buckets) and the verified-token cache.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue, RETRY_AFTER};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use formaliza_shared::{ApiError, Principal};

pub const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
pub const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
pub const RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");

type Limiter =
    RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// One token bucket per client (or per address for anonymous calls).
pub struct RateLimits {
    limiter: Limiter,
    burst: u32,
    clock: DefaultClock,
}

/// What a request may learn of its budget.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub limit: u32,
    pub remaining: u32,
}

impl RateLimits {
    pub fn new(per_second: u32, burst: u32) -> Self {
        let per_second = NonZeroU32::new(per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst_nz = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_second(per_second).allow_burst(burst_nz);
        Self {
            limiter: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            burst: burst_nz.get(),
            clock: DefaultClock::default(),
        }
    }

    /// Takes one request from `key`'s bucket: the budget left, or a 429 saying when to retry.
    pub fn take(&self, key: &str) -> Result<Budget, ApiError> {
        match self.limiter.check_key(&key.to_owned()) {
            Ok(snapshot) => Ok(Budget {
                limit: self.burst,
                remaining: snapshot.remaining_burst_capacity(),
            }),
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                let header = |value: u64| {
                    HeaderValue::from_str(&value.to_string())
                        .unwrap_or(HeaderValue::from_static("1"))
                };
                Err(ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    format!(
                        "this client may send {} requests in a burst; retry in {seconds} s",
                        self.burst
                    ),
                )
                .with_header(RETRY_AFTER, header(seconds))
                .with_header(RATELIMIT_LIMIT, header(u64::from(self.burst)))
                .with_header(RATELIMIT_REMAINING, HeaderValue::from_static("0"))
                .with_header(RATELIMIT_RESET, header(seconds)))
            }
        }
    }

    /// Drops buckets that are full again, so memory follows the active clients.
    pub fn shrink(&self) {
        self.limiter.retain_recent();
    }
}

/// Verified tokens, so a token used again is not verified again. Bounded, and an entry never
/// outlives its token's `exp`.
pub struct TokenCache {
    entries: Mutex<HashMap<String, (Principal, u64)>>,
    capacity: usize,
}

fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
}

impl TokenCache {
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    pub fn get(&self, token: &str) -> Option<Principal> {
        let entries = self.entries.lock().ok()?;
        let (principal, expires) = entries.get(token)?;
        (now_seconds() < *expires).then(|| principal.clone())
    }

    pub fn insert(&self, token: &str, principal: Principal, expires: u64) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= self.capacity {
            let now = now_seconds();
            entries.retain(|_, (_, exp)| *exp > now);
            if entries.len() >= self.capacity {
                // Still full of live tokens: start over rather than grow.
                entries.clear();
            }
        }
        entries.insert(token.to_owned(), (principal, expires));
    }
}
