//! Token verification: which issuer a token claims, that issuer's keys (fetched again on an
//! unknown `kid`, never from a URL the token names), the signature, `iss`, `aud`, `exp`, `nbf`,
//! and the claims read as that issuer writes them. Verified tokens are remembered until they
//! expire, so a client's next requests skip the signature check.

use std::collections::HashMap;
use std::fmt;
use std::sync::RwLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::issuers::{ClaimNames, TrustedIssuer};
pub use super::keys::VerificationKey;
use super::{Claims, Principal, Scope};

/// Which tokens are accepted.
#[derive(Clone, Default)]
pub struct AuthConfig {
    /// Formaliza's own tokens (the gateway's `POST /oauth/token`): their `iss` and `aud`.
    pub issuer: String,
    pub audience: String,
    /// Clock-skew allowance for `exp` and `nbf`.
    pub leeway_seconds: u64,
    /// Keys of Formaliza's own issuer known at start-up (the gateway's, a JWKS file, or a
    /// development shared secret).
    pub static_keys: Vec<VerificationKey>,
    /// The gateway's JWKS, fetched at start-up and again on an unknown `kid` (at most once per
    /// `jwks_refresh`).
    pub jwks_url: Option<String>,
    pub jwks_refresh: Duration,
    /// Verified tokens remembered (never past their `exp`), so a client's next requests skip the
    /// signature check; 0 verifies every request.
    pub cache_capacity: usize,
    /// Outside identity providers trusted as they are (`FORMALIZA_TRUSTED_ISSUERS_FILE`).
    pub trusted_issuers: Vec<TrustedIssuer>,
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthConfig")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("leeway_seconds", &self.leeway_seconds)
            .field("static_keys", &self.static_keys.len())
            .field("jwks_url", &self.jwks_url)
            .field("cache_capacity", &self.cache_capacity)
            .field("trusted_issuers", &self.trusted_issuers)
            .finish()
    }
}

impl AuthConfig {
    /// Formaliza's own issuer as one entry of the list: the standard claim names, the
    /// asymmetric algorithms its keys use (HS256 only with a development secret).
    fn own_issuer(&self) -> TrustedIssuer {
        let mut algorithms = vec![Algorithm::EdDSA, Algorithm::ES256, Algorithm::RS256];
        if self
            .static_keys
            .iter()
            .any(|k| k.algorithm == Algorithm::HS256)
        {
            algorithms.push(Algorithm::HS256);
        }
        TrustedIssuer {
            issuer: self.issuer.clone(),
            audiences: vec![self.audience.clone()],
            keys: self.static_keys.clone(),
            jwks_url: self.jwks_url.clone(),
            jwks_refresh: self.jwks_refresh,
            algorithms,
            claims: ClaimNames::default(),
        }
    }
}

#[derive(Default)]
struct KeyRing {
    by_kid: HashMap<String, VerificationKey>,
    without_kid: Vec<VerificationKey>,
    last_fetch: Option<Instant>,
}

impl KeyRing {
    fn insert_all(&mut self, keys: impl IntoIterator<Item = VerificationKey>) {
        for key in keys {
            match &key.kid {
                Some(kid) => {
                    self.by_kid.insert(kid.clone(), key);
                }
                None => self.without_kid.push(key),
            }
        }
    }

    fn find(&self, kid: Option<&str>, algorithm: Algorithm) -> Option<VerificationKey> {
        let key = match kid {
            Some(kid) => self.by_kid.get(kid).cloned(),
            // Without a kid, only an unambiguous key will do.
            None => {
                let mut candidates = self
                    .without_kid
                    .iter()
                    .chain(self.by_kid.values())
                    .filter(|k| k.algorithm == algorithm);
                match (candidates.next(), candidates.next()) {
                    (Some(key), None) => Some(key.clone()),
                    _ => None,
                }
            }
        }?;
        (key.algorithm == algorithm).then_some(key)
    }
}

/// One trusted issuer with its keys as they stand.
struct Issuer {
    config: TrustedIssuer,
    keys: RwLock<KeyRing>,
    /// Held during a JWKS fetch, so a token with a new `kid` waits for a fetch already under
    /// way (the one at start-up, say) instead of being refused while it runs.
    fetching: tokio::sync::Mutex<()>,
}

impl Issuer {
    fn new(config: TrustedIssuer) -> Self {
        let mut ring = KeyRing::default();
        ring.insert_all(config.keys.iter().cloned());
        Self {
            config,
            keys: RwLock::new(ring),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    fn key(&self, kid: Option<&str>, algorithm: Algorithm) -> Option<VerificationKey> {
        self.keys.read().ok()?.find(kid, algorithm)
    }

    fn refresh_due(&self) -> bool {
        if self.config.jwks_url.is_none() {
            return false;
        }
        self.keys.read().is_ok_and(|ring| {
            ring.last_fetch
                .is_none_or(|at| at.elapsed() >= self.config.jwks_refresh)
        })
    }

    /// Fetches the configured JWKS URL, adding its keys; failures are logged and leave the keys
    /// as they were.
    async fn fetch_keys(&self) {
        let Some(url) = &self.config.jwks_url else {
            return;
        };
        if let Ok(mut ring) = self.keys.write() {
            ring.last_fetch = Some(Instant::now());
        }
        match fetch_jwks(url).await {
            Ok(set) => {
                let keys = VerificationKey::from_jwks(&set);
                log::info!(
                    "loaded {} verification key(s) of {} from {url}",
                    keys.len(),
                    self.config.issuer
                );
                if let Ok(mut ring) = self.keys.write() {
                    ring.insert_all(keys);
                }
            }
            Err(error) => log::warn!("cannot fetch JWKS from {url}: {error}"),
        }
    }
}

/// Tokens already verified, with the principal they carry and their `exp`.
///
/// A signature check (ES256, EdDSA, RS256) costs tens of microseconds, more than the rest of a
/// small request; clients send the same token for up to an hour. Keyed by the whole token, so
/// only the exact bytes that verified are ever served from here, and an entry is ignored from
/// its `exp` on (no leeway: stricter than the verifier). Keys are only ever added, never
/// withdrawn, so a cached verification cannot outlive the key that made it.
struct TokenCache {
    entries: quick_cache::sync::Cache<std::sync::Arc<str>, (Principal, u64)>,
}

pub(super) fn now_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs()
}

impl TokenCache {
    fn get(&self, token: &str) -> Option<Principal> {
        let (principal, expires) = self.entries.get(token)?;
        if now_seconds() < expires {
            Some(principal)
        } else {
            self.entries.remove(token);
            None
        }
    }

    fn insert(&self, principal: &Principal, expires: u64) {
        self.entries
            .insert(principal.token.clone(), (principal.clone(), expires));
    }
}

/// A verified caller, and whether the token was verified earlier (served from the cache).
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub principal: Principal,
    pub cached: bool,
}

/// Verifies bearer tokens against the trusted issuers.
pub struct TokenVerifier {
    config: AuthConfig,
    cache: Option<TokenCache>,
    /// Formaliza's own issuer first, then the outside ones.
    issuers: Vec<Issuer>,
}

/// Why a token was refused (the client sees only a generic 401 detail).
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("malformed token")]
    Malformed,
    #[error("issuer `{0}` is not trusted")]
    UnknownIssuer(String),
    #[error("algorithm not allowed for this issuer")]
    Algorithm,
    #[error("the token names its own key source (jku, x5u, jwk, x5c), which is never trusted")]
    EmbeddedKey,
    #[error("unknown signing key")]
    UnknownKey,
    #[error("the token lacks its subject claim `{0}`")]
    NoSubject(String),
    #[error("invalid token: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
}

/// The one claim read before the signature is checked, to choose whose keys check it.
#[derive(Deserialize)]
struct Unverified {
    iss: Option<String>,
}

impl TokenVerifier {
    pub fn new(config: AuthConfig) -> Self {
        let cache = (config.cache_capacity > 0).then(|| TokenCache {
            entries: quick_cache::sync::Cache::new(config.cache_capacity),
        });
        let issuers = std::iter::once(config.own_issuer())
            .chain(config.trusted_issuers.iter().cloned())
            .map(Issuer::new)
            .collect();
        Self {
            config,
            cache,
            issuers,
        }
    }

    /// Adds keys of Formaliza's own issuer (a gateway that rotated its signing key, for
    /// instance); known kids are replaced.
    pub fn add_keys(&self, keys: impl IntoIterator<Item = VerificationKey>) {
        if let Some(own) = self.issuers.first()
            && let Ok(mut ring) = own.keys.write()
        {
            ring.insert_all(keys);
        }
    }

    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

    /// Whether any issuer has a JWKS URL to fetch at start-up.
    pub fn fetches_keys(&self) -> bool {
        self.issuers.iter().any(|i| i.config.jwks_url.is_some())
    }

    /// The caller a bearer token stands for: from the cache when this exact token verified
    /// before and has not expired, otherwise verified (see [`Self::verify`]) and remembered.
    pub async fn authenticate(&self, token: &str) -> Result<Authenticated, TokenError> {
        if let Some(principal) = self.cache.as_ref().and_then(|cache| cache.get(token)) {
            return Ok(Authenticated {
                principal,
                cached: true,
            });
        }
        let claims = self.verify(token).await?;
        let expires = claims.exp;
        let principal = Self::principal(claims, token);
        if let Some(cache) = &self.cache {
            cache.insert(&principal, expires);
        }
        Ok(Authenticated {
            principal,
            cached: false,
        })
    }

    /// Checks the token against the issuer it claims and returns its claims, read as that
    /// issuer writes them; fetches the issuer's JWKS again (rate-limited) when the token names a
    /// key not seen yet.
    pub async fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        let (issuer, header) = self.issuer_of(token)?;
        match Self::verify_with(issuer, &header, token, self.config.leeway_seconds) {
            Err(TokenError::UnknownKey) if issuer.config.jwks_url.is_some() => {
                let _fetching = issuer.fetching.lock().await;
                match Self::verify_with(issuer, &header, token, self.config.leeway_seconds) {
                    Err(TokenError::UnknownKey) if issuer.refresh_due() => {
                        issuer.fetch_keys().await;
                        Self::verify_with(issuer, &header, token, self.config.leeway_seconds)
                    }
                    other => other,
                }
            }
            other => other,
        }
    }

    /// The issuer a token claims (by its unverified `iss`, only to pick the keys that will
    /// verify it), and its header.
    fn issuer_of(&self, token: &str) -> Result<(&Issuer, jsonwebtoken::Header), TokenError> {
        let mut parts = token.split('.');
        let (Some(_), Some(payload), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        // `alg: none` (any casing) does not parse as an Algorithm, so it fails here.
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if header.jku.is_some()
            || header.x5u.is_some()
            || header.jwk.is_some()
            || header.x5c.is_some()
        {
            return Err(TokenError::EmbeddedKey);
        }
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenError::Malformed)?;
        let claimed: Unverified =
            serde_json::from_slice(&payload).map_err(|_| TokenError::Malformed)?;
        let iss = claimed.iss.ok_or(TokenError::Malformed)?;
        let issuer = self
            .issuers
            .iter()
            .find(|i| i.config.issuer == iss)
            .ok_or(TokenError::UnknownIssuer(iss))?;
        if !issuer.config.algorithms.contains(&header.alg) {
            return Err(TokenError::Algorithm);
        }
        Ok((issuer, header))
    }

    fn verify_with(
        issuer: &Issuer,
        header: &jsonwebtoken::Header,
        token: &str,
        leeway_seconds: u64,
    ) -> Result<Claims, TokenError> {
        let key = issuer
            .key(header.kid.as_deref(), header.alg)
            .ok_or(TokenError::UnknownKey)?;
        let mut validation = Validation::new(key.algorithm);
        validation.leeway = leeway_seconds;
        validation.validate_nbf = true;
        validation.set_issuer(&[&issuer.config.issuer]);
        validation.set_audience(&issuer.config.audiences);
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        let data = jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &validation)?;
        read_claims(&issuer.config.claims, data.claims)
    }

    /// Fetches every issuer's JWKS URL (at start-up), adding their keys.
    pub async fn refresh(&self) {
        for issuer in &self.issuers {
            if issuer.config.jwks_url.is_some() {
                let _fetching = issuer.fetching.lock().await;
                issuer.fetch_keys().await;
            }
        }
    }

    /// Turns a verified token into a [`Principal`].
    pub fn principal(claims: Claims, token: &str) -> Principal {
        Principal {
            sub: claims.sub,
            scopes: claims
                .scope
                .split_ascii_whitespace()
                .filter_map(Scope::parse)
                .collect(),
            partner_id: claims.partner_id.filter(|p| !p.is_empty()),
            token: token.into(),
        }
    }
}

/// A verified token's claims as Formaliza reads them, from the claim names its issuer uses.
fn read_claims(names: &ClaimNames, mut claims: Map<String, Value>) -> Result<Claims, TokenError> {
    let text = |value: Option<Value>| match value {
        Some(Value::String(text)) => Some(text),
        _ => None,
    };
    let sub = text(claims.remove(&names.subject))
        .filter(|s| !s.is_empty())
        .ok_or_else(|| TokenError::NoSubject(names.subject.clone()))?;
    let strip = |scope: &str| -> String {
        match &names.scope_prefix {
            Some(prefix) => scope
                .strip_prefix(prefix.as_str())
                .unwrap_or(scope)
                .to_owned(),
            None => scope.to_owned(),
        }
    };
    let scope = match claims.remove(&names.scope) {
        Some(Value::String(text)) => text
            .split_ascii_whitespace()
            .map(strip)
            .collect::<Vec<_>>()
            .join(" "),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(strip)
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    let partner_id = text(claims.remove(&names.partner));
    let exp = claims.get("exp").and_then(Value::as_u64).unwrap_or(0);
    let jti = text(claims.remove("jti"));
    Ok(Claims {
        sub,
        scope,
        partner_id,
        exp,
        jti,
    })
}

async fn fetch_jwks(url: &str) -> Result<JwkSet, String> {
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(5))
        .disable_redirects()
        .finish();
    let mut response = client.get(url).send().await.map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    response
        .json::<JwkSet>()
        .limit(1 << 20)
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::time::Duration;

    use super::*;
    use crate::auth::Scope;
    use jsonwebtoken::{Algorithm, EncodingKey, Header};

    const SECRET: &[u8] = b"a-test-secret-of-at-least-thirty-two-bytes";

    fn verifier(cache_capacity: usize) -> TokenVerifier {
        TokenVerifier::new(AuthConfig {
            issuer: "formaliza".into(),
            audience: "formaliza-api".into(),
            leeway_seconds: 0,
            static_keys: vec![VerificationKey::hs256(SECRET)],
            jwks_url: None,
            jwks_refresh: Duration::from_secs(60),
            cache_capacity,
            trusted_issuers: Vec::new(),
        })
    }

    fn token(partner: &str, ttl: i64) -> String {
        let now = now_seconds() as i64;
        let claims = serde_json::json!({
            "sub": "ngo", "scope": "members:read", "partner_id": partner,
            "iss": "formaliza", "aud": "formaliza-api", "nbf": now, "exp": now + ttl,
        });
        let key = EncodingKey::from_secret(SECRET);
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &key).unwrap()
    }

    #[actix_rt::test]
    async fn a_token_is_verified_once_then_served_from_the_cache() {
        let verifier = verifier(10);
        let token = token("p-1", 600);
        let first = verifier.authenticate(&token).await.unwrap();
        let second = verifier.authenticate(&token).await.unwrap();
        assert!(!first.cached);
        assert!(second.cached);
        assert_eq!(second.principal.partner_id.as_deref(), Some("p-1"));
        assert_eq!(second.principal.scopes, vec![Scope::MembersRead]);
        assert_eq!(&*second.principal.token, token.as_str());
    }

    #[actix_rt::test]
    async fn only_the_exact_token_that_verified_is_served_from_the_cache() {
        let verifier = verifier(10);
        let token = token("p-1", 600);
        verifier.authenticate(&token).await.unwrap();
        // The same claims with a broken signature: not in the cache, and refused.
        let (signed, signature) = token.rsplit_once('.').unwrap();
        let flipped = if signature.starts_with('A') { "B" } else { "A" };
        let forged = format!("{signed}.{flipped}{}", &signature[1..]);
        assert!(verifier.authenticate(&forged).await.is_err());
    }

    #[actix_rt::test]
    async fn an_expired_entry_is_not_served() {
        let verifier = verifier(10);
        let token = token("p-1", 600);
        let principal = verifier.authenticate(&token).await.unwrap().principal;
        let cache = verifier.cache.as_ref().unwrap();
        cache.insert(&principal, now_seconds() - 1);
        assert!(cache.get(&token).is_none());
        // The token itself is still valid: verified again, and remembered again.
        assert!(!verifier.authenticate(&token).await.unwrap().cached);
        assert!(verifier.authenticate(&token).await.unwrap().cached);
    }

    #[actix_rt::test]
    async fn an_expired_token_is_refused_whatever_was_cached() {
        let verifier = verifier(10);
        assert!(verifier.authenticate(&token("p-1", -5)).await.is_err());
    }

    #[actix_rt::test]
    async fn capacity_zero_verifies_every_request() {
        let verifier = verifier(0);
        let token = token("p-1", 600);
        verifier.authenticate(&token).await.unwrap();
        assert!(!verifier.authenticate(&token).await.unwrap().cached);
    }
}
