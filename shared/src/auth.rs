//! Bearer-token verification (zero trust: every service checks every token, whether or not the
//! gateway did), the [`Principal`] extractor, scopes and partner scoping.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::error::ApiError;

/// The permissions a token can carry (space-separated in its `scope` claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    MembersRead,
    MembersWrite,
    TrainingsRead,
    TrainingsWrite,
    ProtectionRead,
    ProtectionWrite,
    EnrollmentsExport,
    IndicatorsRead,
    Admin,
}

impl Scope {
    pub const ALL: [Scope; 9] = [
        Scope::MembersRead,
        Scope::MembersWrite,
        Scope::TrainingsRead,
        Scope::TrainingsWrite,
        Scope::ProtectionRead,
        Scope::ProtectionWrite,
        Scope::EnrollmentsExport,
        Scope::IndicatorsRead,
        Scope::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::MembersRead => "members:read",
            Scope::MembersWrite => "members:write",
            Scope::TrainingsRead => "trainings:read",
            Scope::TrainingsWrite => "trainings:write",
            Scope::ProtectionRead => "protection:read",
            Scope::ProtectionWrite => "protection:write",
            Scope::EnrollmentsExport => "enrollments:export",
            Scope::IndicatorsRead => "indicators:read",
            Scope::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Scope::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The claims Formaliza reads from a token.
#[derive(Debug, Clone, Deserialize)]
pub struct Claims {
    pub sub: String,
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub partner_id: Option<String>,
    pub exp: u64,
    #[serde(default)]
    pub jti: Option<String>,
}

/// Who is calling: the verified token's subject, scopes and partner.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The client id (`sub`).
    pub sub: String,
    pub scopes: Vec<Scope>,
    /// Set for partner NGOs: they see and change only their own records.
    pub partner_id: Option<String>,
    /// The raw bearer token, relayed when this service calls another on the caller's behalf.
    pub token: Arc<str>,
}

impl Principal {
    pub fn has_scope(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope) || self.scopes.contains(&Scope::Admin)
    }

    /// 403 unless the token carries `scope` (or `admin`).
    pub fn require(&self, scope: Scope) -> Result<(), ApiError> {
        if self.has_scope(scope) {
            Ok(())
        } else {
            Err(
                ApiError::forbidden(format!("this operation needs the `{scope}` scope"))
                    .with_context(serde_json::json!({ "required_scope": scope.as_str() })),
            )
        }
    }

    /// 403 unless the token carries at least one of `scopes`.
    pub fn require_any(&self, scopes: &[Scope]) -> Result<(), ApiError> {
        if scopes.iter().any(|s| self.has_scope(*s)) {
            return Ok(());
        }
        let names: Vec<_> = scopes.iter().map(|s| s.as_str()).collect();
        Err(ApiError::forbidden(format!(
            "this operation needs one of the scopes: {}",
            names.join(", ")
        )))
    }

    /// Whether a record owned by `owner` (its `partner_id`, `None` for programme-wide records)
    /// is visible to this caller. A partner sees only its own; others see everything.
    pub fn can_see(&self, owner: Option<&str>) -> bool {
        match &self.partner_id {
            None => true,
            Some(partner) => owner == Some(partner.as_str()),
        }
    }

    /// 404 (never 403, so that existence does not leak) for another partner's record.
    pub fn ensure_visible(
        &self,
        owner: Option<&str>,
        not_found: impl FnOnce() -> ApiError,
    ) -> Result<(), ApiError> {
        if self.can_see(owner) {
            Ok(())
        } else {
            Err(not_found())
        }
    }
}

/// Where verification keys come from.
#[derive(Clone, Default)]
pub struct AuthConfig {
    pub issuer: String,
    pub audience: String,
    /// Clock-skew allowance for `exp` and `nbf`.
    pub leeway_seconds: u64,
    /// Keys known at start-up (from a JWKS file or a shared secret).
    pub static_keys: Vec<VerificationKey>,
    /// Fetched at start-up and again on an unknown `kid` (at most once per `jwks_refresh`).
    pub jwks_url: Option<String>,
    pub jwks_refresh: Duration,
    /// Verified tokens remembered (never past their `exp`), so a client's next requests skip the
    /// signature check; 0 verifies every request.
    pub cache_capacity: usize,
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
            .finish()
    }
}

/// A key with the one algorithm it may verify (so a token cannot choose, say, HS256 with an
/// RSA public key as the secret).
#[derive(Clone)]
pub struct VerificationKey {
    pub kid: Option<String>,
    pub algorithm: Algorithm,
    pub key: DecodingKey,
}

/// Algorithms accepted from key sets; HS256 only when a shared secret is configured.
const ASYMMETRIC: [Algorithm; 3] = [Algorithm::EdDSA, Algorithm::ES256, Algorithm::RS256];

impl VerificationKey {
    pub fn hs256(secret: &[u8]) -> Self {
        Self {
            kid: None,
            algorithm: Algorithm::HS256,
            key: DecodingKey::from_secret(secret),
        }
    }

    /// Every usable key of a JWKS document; keys of other types or algorithms are skipped.
    pub fn from_jwks(set: &JwkSet) -> Vec<Self> {
        set.keys
            .iter()
            .filter_map(|jwk| {
                let algorithm = match (&jwk.algorithm, jwk.common.key_algorithm) {
                    (AlgorithmParameters::OctetKeyPair(_), None | Some(KeyAlgorithm::EdDSA)) => {
                        Algorithm::EdDSA
                    }
                    (AlgorithmParameters::EllipticCurve(ec), None | Some(KeyAlgorithm::ES256))
                        if ec.curve == EllipticCurve::P256 =>
                    {
                        Algorithm::ES256
                    }
                    (AlgorithmParameters::RSA(_), None | Some(KeyAlgorithm::RS256)) => {
                        Algorithm::RS256
                    }
                    _ => return None,
                };
                let key = DecodingKey::from_jwk(jwk).ok()?;
                Some(Self {
                    kid: jwk.common.key_id.clone(),
                    algorithm,
                    key,
                })
            })
            .collect()
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

/// Tokens already verified, with the principal they carry and their `exp`.
///
/// A signature check (ES256, EdDSA, RS256) costs tens of microseconds, more than the rest of a
/// small request; clients send the same token for up to an hour. Keyed by the whole token, so
/// only the exact bytes that verified are ever served from here, and an entry is ignored from
/// its `exp` on (no leeway: stricter than the verifier). Keys are only ever added, never
/// withdrawn, so a cached verification cannot outlive the key that made it.
struct TokenCache {
    entries: quick_cache::sync::Cache<Arc<str>, (Principal, u64)>,
}

fn now_seconds() -> u64 {
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

/// Verifies bearer tokens against the configured keys.
pub struct TokenVerifier {
    config: AuthConfig,
    cache: Option<TokenCache>,
    keys: RwLock<KeyRing>,
    /// Held during a JWKS fetch, so a token with a new `kid` waits for a fetch already under
    /// way (the one at start-up, say) instead of being refused while it runs.
    fetching: tokio::sync::Mutex<()>,
}

/// Why a token was refused (the client sees only a generic 401 detail).
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("malformed token")]
    Malformed,
    #[error("algorithm not allowed")]
    Algorithm,
    #[error("the token names its own key source (jku, x5u, jwk, x5c), which is never trusted")]
    EmbeddedKey,
    #[error("unknown signing key")]
    UnknownKey,
    #[error("invalid token: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
}

impl TokenVerifier {
    pub fn new(config: AuthConfig) -> Self {
        let mut ring = KeyRing::default();
        ring.insert_all(config.static_keys.iter().cloned());
        let cache = (config.cache_capacity > 0).then(|| TokenCache {
            entries: quick_cache::sync::Cache::new(config.cache_capacity),
        });
        Self {
            config,
            cache,
            keys: RwLock::new(ring),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// Adds keys (a gateway that rotated its signing key, for instance); known kids are replaced.
    pub fn add_keys(&self, keys: impl IntoIterator<Item = VerificationKey>) {
        if let Ok(mut ring) = self.keys.write() {
            ring.insert_all(keys);
        }
    }

    pub fn config(&self) -> &AuthConfig {
        &self.config
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

    /// Checks the token and returns its claims; fetches the JWKS again (rate-limited) when the
    /// token names a key we have not seen.
    pub async fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        match self.verify_with_known_keys(token) {
            Err(TokenError::UnknownKey) if self.config.jwks_url.is_some() => {
                let _fetching = self.fetching.lock().await;
                match self.verify_with_known_keys(token) {
                    Err(TokenError::UnknownKey) if self.refresh_due() => {
                        self.fetch_keys().await;
                        self.verify_with_known_keys(token)
                    }
                    other => other,
                }
            }
            other => other,
        }
    }

    fn verify_with_known_keys(&self, token: &str) -> Result<Claims, TokenError> {
        if token.split('.').count() != 3 {
            return Err(TokenError::Malformed);
        }
        // `alg: none` (any casing) does not parse as an Algorithm, so it fails here.
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if header.jku.is_some()
            || header.x5u.is_some()
            || header.jwk.is_some()
            || header.x5c.is_some()
        {
            return Err(TokenError::EmbeddedKey);
        }
        let allowed = ASYMMETRIC.contains(&header.alg) || header.alg == Algorithm::HS256;
        if !allowed {
            return Err(TokenError::Algorithm);
        }
        let key = {
            let ring = self.keys.read().map_err(|_| TokenError::UnknownKey)?;
            ring.find(header.kid.as_deref(), header.alg)
                .ok_or(TokenError::UnknownKey)?
        };
        let mut validation = Validation::new(key.algorithm);
        validation.leeway = self.config.leeway_seconds;
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.config.issuer]);
        validation.set_audience(&[&self.config.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &key.key, &validation)?;
        Ok(data.claims)
    }

    fn refresh_due(&self) -> bool {
        if self.config.jwks_url.is_none() {
            return false;
        }
        let ring = match self.keys.read() {
            Ok(ring) => ring,
            Err(_) => return false,
        };
        ring.last_fetch
            .is_none_or(|at| at.elapsed() >= self.config.jwks_refresh)
    }

    /// Fetches the JWKS URL, adding its keys; failures are logged and leave the keys as they were.
    pub async fn refresh(&self) {
        let _fetching = self.fetching.lock().await;
        self.fetch_keys().await;
    }

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
                log::info!("loaded {} verification key(s) from {url}", keys.len());
                if let Ok(mut ring) = self.keys.write() {
                    ring.insert_all(keys);
                }
            }
            Err(error) => log::warn!("cannot fetch JWKS from {url}: {error}"),
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

async fn fetch_jwks(url: &str) -> Result<JwkSet, String> {
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(5))
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

/// The bearer token of a request; only the `Authorization` header counts (never the query string).
pub fn bearer_token(req: &HttpRequest) -> Result<&str, ApiError> {
    // Two Authorization headers are ambiguous: refuse rather than pick one.
    if req.headers().get_all(AUTHORIZATION).nth(1).is_some() {
        return Err(ApiError::unauthorized(
            "send exactly one Authorization header",
        ));
    }
    let header = req.headers().get(AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthorized("this operation needs an `Authorization: Bearer <token>` header")
    })?;
    // `HeaderValue::to_str` checks byte by byte; a token is ~600 bytes on every request, and
    // `is_ascii` checks a word at a time. A header value holds no control character but tab.
    let value = Some(header.as_bytes())
        .filter(|bytes| bytes.is_ascii())
        .and_then(|bytes| std::str::from_utf8(bytes).ok())
        .ok_or_else(|| ApiError::unauthorized("the Authorization header is not valid text"))?;
    let (scheme, token) = value.split_once(' ').ok_or_else(|| {
        ApiError::unauthorized("the Authorization header must be `Bearer <token>`")
    })?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(ApiError::unauthorized(
            "the Authorization header must be `Bearer <token>`",
        ));
    }
    Ok(token.trim())
}

/// The 401 for a refused token; why it was refused goes to the log, never to the client.
pub fn refused(error: TokenError) -> ApiError {
    log::info!("token refused: {error}");
    ApiError::unauthorized("the access token is invalid or expired")
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(principal) = req.extensions().get::<Principal>() {
                return Ok(principal.clone());
            }
            let verifier = req
                .app_data::<web::Data<TokenVerifier>>()
                .ok_or_else(|| ApiError::internal("no token verifier configured"))?
                .clone();
            let token = bearer_token(&req)?;
            let principal = verifier
                .authenticate(token)
                .await
                .map_err(refused)?
                .principal;
            req.extensions_mut().insert(principal.clone());
            Ok(principal)
        })
    }
}

/// A scope known at compile time, for [`Authorized`].
pub trait RequiredScope {
    const SCOPE: Scope;
}

/// Marker types naming each scope, for `Authorized<scopes::MembersWrite>`.
pub mod scopes {
    use super::{RequiredScope, Scope};

    macro_rules! markers {
        ($($name:ident),*) => {$(
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl RequiredScope for $name {
                const SCOPE: Scope = Scope::$name;
            }
        )*};
    }

    markers!(
        MembersRead,
        MembersWrite,
        TrainingsRead,
        TrainingsWrite,
        ProtectionRead,
        ProtectionWrite,
        EnrollmentsExport,
        IndicatorsRead,
        Admin
    );
}

/// A verified caller holding scope `S`: 401 without a valid token, 403 without the scope, both
/// before the request body is even read. Put it first among a handler's arguments.
#[derive(Debug, Clone)]
pub struct Authorized<S: RequiredScope> {
    pub principal: Principal,
    _scope: std::marker::PhantomData<S>,
}

impl<S: RequiredScope> std::ops::Deref for Authorized<S> {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.principal
    }
}

impl<S: RequiredScope + 'static> FromRequest for Authorized<S> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let principal = Principal::from_request(req, payload);
        Box::pin(async move {
            let principal = principal.await?;
            principal.require(S::SCOPE)?;
            Ok(Self {
                principal,
                _scope: std::marker::PhantomData,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use jsonwebtoken::{EncodingKey, Header};

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

    #[test]
    fn the_bearer_token_is_read_from_exactly_one_authorization_header() {
        use actix_web::http::header::HeaderValue;
        use actix_web::test::TestRequest;

        let read = |values: &[&[u8]]| {
            let mut req = TestRequest::default();
            for value in values {
                req = req.append_header((AUTHORIZATION, HeaderValue::from_bytes(value).unwrap()));
            }
            bearer_token(&req.to_http_request()).map(str::to_owned)
        };
        assert_eq!(read(&[b"Bearer abc.def.ghi"]).unwrap(), "abc.def.ghi");
        assert_eq!(read(&[b"bearer  abc.def "]).unwrap(), "abc.def");
        for refused in [
            &[][..],
            &[&b"Bearer a"[..], b"Bearer b"],
            &[b"Basic dXNlcjpwYXNz"],
            &[b"Bearer "],
            &[b"Bearer"],
            &[b"Bearer abc\xe9def"],
            &[b"Bearer \xc3\xa9"],
        ] {
            let error = read(refused).unwrap_err();
            assert_eq!(error.status().as_u16(), 401, "{refused:?}");
        }
        assert_eq!(
            read(&[b"Bearer \xc3\xa9"]).unwrap_err().detail(),
            "the Authorization header is not valid text"
        );
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
