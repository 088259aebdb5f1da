//! Per-client rate limits (token buckets), in memory or shared through Redis.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue, RETRY_AFTER};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use formaliza_shared::ApiError;

pub const RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("ratelimit-limit");
pub const RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("ratelimit-remaining");
pub const RATELIMIT_RESET: HeaderName = HeaderName::from_static("ratelimit-reset");

type Limiter =
    RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// One token bucket per client (or per address for anonymous calls): in this process, or in
/// Redis when several gateway replicas must share them.
pub struct RateLimits {
    limiter: Limiter,
    per_second: u32,
    burst: u32,
    clock: DefaultClock,
    shared: Option<SharedBuckets>,
}

/// What a request may learn of its budget.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub limit: u32,
    pub remaining: u32,
}

/// The same token bucket kept in Redis, updated atomically by a script with Redis's clock.
struct SharedBuckets {
    client: redis::Client,
    connection: tokio::sync::OnceCell<redis::aio::ConnectionManager>,
    script: redis::Script,
    prefix: String,
    /// `Some` while Redis is unreachable.
    outage: Mutex<Option<Outage>>,
}

/// Redis unreachable: since when, and when a request last tried it.
struct Outage {
    since: Instant,
    tried: Instant,
}

/// Longest wait for Redis before a request takes this gateway's own bucket. The redis client
/// retries a lost connection with backoff for seconds, and a request would wait as long.
const REDIS_WAIT: Duration = Duration::from_millis(100);

/// While Redis is unreachable, one request per this interval tries it again; the others go
/// straight to this gateway's own buckets.
const REDIS_RETRY: Duration = Duration::from_secs(1);

impl SharedBuckets {
    fn outage(&self) -> std::sync::MutexGuard<'_, Option<Outage>> {
        self.outage.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether this request should ask Redis (always while it answers; one request per
    /// [`REDIS_RETRY`] while it does not).
    fn worth_trying(&self) -> bool {
        match &mut *self.outage() {
            None => true,
            Some(outage) if outage.tried.elapsed() >= REDIS_RETRY => {
                outage.tried = Instant::now();
                true
            }
            Some(_) => false,
        }
    }

    /// Redis failed: logged once per outage, not once per request.
    fn failed(&self, cause: &str) {
        let mut outage = self.outage();
        if outage.is_none() {
            log::warn!("shared rate limits unavailable, using this gateway's own: {cause}");
            let now = Instant::now();
            *outage = Some(Outage {
                since: now,
                tried: now,
            });
        }
    }

    fn answered(&self) {
        let mut outage = self.outage();
        if let Some(ended) = outage.take() {
            log::info!(
                "shared rate limits back after {} ms",
                ended.since.elapsed().as_millis()
            );
        }
    }
}

const BUCKET_SCRIPT: &str = r"
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return {allowed, math.floor(tokens), math.ceil(wait)}
";

fn too_many(burst: u32, seconds: u64) -> ApiError {
    let header = |value: u64| {
        HeaderValue::from_str(&value.to_string()).unwrap_or(HeaderValue::from_static("1"))
    };
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate-limited",
        "Too many requests",
        format!("this client may send {burst} requests in a burst; retry in {seconds} s"),
    )
    .with_header(RETRY_AFTER, header(seconds))
    .with_header(RATELIMIT_LIMIT, header(u64::from(burst)))
    .with_header(RATELIMIT_REMAINING, HeaderValue::from_static("0"))
    .with_header(RATELIMIT_RESET, header(seconds))
}

impl RateLimits {
    /// Buckets in this process.
    pub fn new(per_second: u32, burst: u32) -> Self {
        let per_second = NonZeroU32::new(per_second.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst_nz = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_second(per_second).allow_burst(burst_nz);
        Self {
            limiter: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            per_second: per_second.get(),
            burst: burst_nz.get(),
            clock: DefaultClock::default(),
            shared: None,
        }
    }

    /// Buckets in Redis at `url` (keys start with `prefix`); if Redis cannot be reached (or
    /// takes over 100 ms), each gateway falls back to its own buckets, says so once in the log,
    /// and tries Redis again once a second until it answers.
    pub fn shared(per_second: u32, burst: u32, url: &str, prefix: &str) -> Result<Self, String> {
        let client = redis::Client::open(url).map_err(|e| format!("FORMALIZA_REDIS_URL: {e}"))?;
        let mut limits = Self::new(per_second, burst);
        limits.shared = Some(SharedBuckets {
            client,
            connection: tokio::sync::OnceCell::new(),
            script: redis::Script::new(BUCKET_SCRIPT),
            prefix: prefix.to_owned(),
            outage: Mutex::new(None),
        });
        Ok(limits)
    }

    /// Takes one request from `key`'s bucket: the budget left, or a 429 saying when to retry.
    pub async fn take(&self, key: &str) -> Result<Budget, ApiError> {
        if let Some(shared) = &self.shared
            && shared.worth_trying()
        {
            match tokio::time::timeout(REDIS_WAIT, self.take_shared(shared, key)).await {
                Ok(Ok(outcome)) => {
                    shared.answered();
                    return outcome;
                }
                Ok(Err(error)) => shared.failed(&error.to_string()),
                Err(_) => shared.failed("no answer within 100 ms"),
            }
        }
        self.take_local(key)
    }

    async fn take_shared(
        &self,
        shared: &SharedBuckets,
        key: &str,
    ) -> Result<Result<Budget, ApiError>, redis::RedisError> {
        let connection = shared
            .connection
            .get_or_try_init(|| redis::aio::ConnectionManager::new(shared.client.clone()))
            .await?;
        let mut connection = connection.clone();
        let (allowed, remaining, wait): (i64, i64, i64) = shared
            .script
            .key(format!("{}{key}", shared.prefix))
            .arg(self.per_second)
            .arg(self.burst)
            .invoke_async(&mut connection)
            .await?;
        Ok(if allowed == 1 {
            Ok(Budget {
                limit: self.burst,
                remaining: u32::try_from(remaining.max(0)).unwrap_or(0),
            })
        } else {
            Err(too_many(
                self.burst,
                u64::try_from(wait.max(1)).unwrap_or(1),
            ))
        })
    }

    fn take_local(&self, key: &str) -> Result<Budget, ApiError> {
        match self.limiter.check_key(&key.to_owned()) {
            Ok(snapshot) => Ok(Budget {
                limit: self.burst,
                remaining: snapshot.remaining_burst_capacity(),
            }),
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                Err(too_many(
                    self.burst,
                    wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
                ))
            }
        }
    }

    /// Drops buckets that are full again, so memory follows the active clients.
    pub fn shrink(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_requests_is_said_in_spanish() {
        use formaliza_shared::language::Language;
        let problem = too_many(20, 3);
        let spanish = problem.body_for(None, Language::Spanish);
        assert_eq!(spanish.title, "Demasiadas solicitudes");
        assert_eq!(
            spanish.detail,
            "este cliente puede enviar 20 solicitudes seguidas; vuelva a intentarlo en 3 s"
        );
    }
}
