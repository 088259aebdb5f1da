//! Bearer-token verification (zero trust: every service checks every token, whether or not the
//! gateway did), the [`Principal`] extractor, scopes and partner scoping.
//!
//! `issuers` says which identity providers are trusted and how their tokens read; `verifier`
//! checks a token against the one it claims.

pub mod issuers;
mod keys;
pub mod verifier;

use std::fmt;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;

pub use issuers::{ClaimNames, TrustedIssuer};
pub use verifier::{AuthConfig, Authenticated, TokenError, TokenVerifier, VerificationKey};

use crate::error::ApiError;

/// Declares every scope once: the [`Scope`] enum, its names in tokens, what each permits (as the
/// published document's OAuth 2.0 flow lists it), and the marker types of [`scopes`] (for
/// `Authorized<scopes::MembersWrite>`).
macro_rules! declare_scopes {
    ($($name:ident $text:literal $description:literal),* $(,)?) => {
        /// The permissions a token can carry (space-separated in its `scope` claim).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Scope {
            $($name),*
        }

        impl Scope {
            pub const ALL: &[Scope] = &[$(Scope::$name),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Scope::$name => $text),*
                }
            }

            /// What the scope permits, in one line for the partner reading `/docs`.
            pub fn description(self) -> &'static str {
                match self {
                    $(Scope::$name => $description),*
                }
            }
        }

        /// Marker types naming each scope, for `Authorized<scopes::MembersWrite>`.
        pub mod scopes {
            use super::{RequiredScope, Scope};
            $(
                #[derive(Debug, Clone, Copy)]
                pub struct $name;
                impl RequiredScope for $name {
                    const SCOPE: Scope = Scope::$name;
                }
            )*
        }
    };
}

declare_scopes!(
    MembersRead "members:read"
        "Read organisations, households, members and memberships, and the members feed",
    MembersWrite "members:write"
        "Create, change, import and delete organisations, households, members and memberships",
    TrainingsRead "trainings:read"
        "Read courses, sessions, participations and certificates, and the trainings feed",
    TrainingsWrite "trainings:write"
        "Create and change courses, sessions, participations and certificates",
    ProtectionRead "protection:read"
        "Read schemes and enrolments, and the social-protection feed",
    ProtectionWrite "protection:write" "Create and change schemes and enrolments",
    EnrollmentsExport "enrollments:export" "Export enrolments (the ministry's pull)",
    IndicatorsRead "indicators:read"
        "Read aggregate indicators (coverage, formalisation, training, programme indicators)",
    ProgrammeWrite "programme:write"
        "Define programme indicators and report their values (the programme office)",
    AuditRead "audit:read" "Read the record of who read identifying data",
    SubscriptionsWrite "subscriptions:write" "Manage webhook subscriptions to the change feeds",
    IndicatorsPublish "indicators:publish"
        "Publish aggregate indicator questions for reading without a token (the programme office)",
    Admin "admin" "Stands for every other scope (operators)",
);

impl Scope {
    pub fn parse(text: &str) -> Option<Self> {
        Scope::ALL.iter().copied().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The claims Formaliza reads from a verified token, whatever names its issuer gives them.
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
            req.extensions_mut()
                .insert(crate::context::ClientId(principal.sub.clone()));
            Ok(principal)
        })
    }
}

/// A scope known at compile time, for [`Authorized`].
pub trait RequiredScope {
    const SCOPE: Scope;
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
}
