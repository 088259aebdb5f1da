//! `POST /oauth/token` (OAuth 2.0 client credentials, RFC 6749 §4.4) and the JWKS that lets
//! anyone verify what it issues.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, CACHE_CONTROL, PRAGMA, WWW_AUTHENTICATE};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use formaliza_shared::db::{self, DbPool};
use formaliza_shared::extract;

use crate::clients;
use crate::keys::KeySet;
use crate::{GatewayConfig, State};

/// The form a client posts (`application/x-www-form-urlencoded`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// Always `client_credentials`.
    #[schema(required = true, value_type = GrantType)]
    pub grant_type: Option<String>,
    /// With `client_secret`, instead of HTTP Basic authentication.
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Space-separated scopes wanted; default all the client may have. Must be a subset.
    pub scope: Option<String>,
}

/// The OAuth 2.0 grants the token endpoint supports: client credentials (RFC 6749 §4.4) only.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum GrantType {
    ClientCredentials,
}

/// An issued access token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until it expires.
    pub expires_in: u64,
    /// The scopes granted.
    pub scope: String,
}

/// An OAuth error (RFC 6749 §5.2).
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthError {
    #[schema(example = "invalid_client")]
    pub error: &'static str,
    pub error_description: String,
}

fn oauth_error(
    status: StatusCode,
    error: &'static str,
    description: impl Into<String>,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((PRAGMA, "no-cache"));
    if status == StatusCode::UNAUTHORIZED {
        response.insert_header((WWW_AUTHENTICATE, "Basic realm=\"formaliza\""));
    }
    response.json(OAuthError {
        error,
        error_description: description.into(),
    })
}

/// Why a token request was refused, rendered by [`oauth_error`].
struct Refusal(StatusCode, &'static str, &'static str);

/// Credentials from HTTP Basic (preferred by RFC 6749) or the form body; both at once is an error.
fn credentials(req: &HttpRequest, form: &TokenRequest) -> Result<(String, String), Refusal> {
    let basic = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, value) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("basic").then_some(value.trim())
        });
    let invalid = |text: &'static str| Refusal(StatusCode::UNAUTHORIZED, "invalid_client", text);
    match (basic, &form.client_id, &form.client_secret) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(Refusal(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "send client credentials one way only",
        )),
        (Some(encoded), None, None) => {
            let decoded = STANDARD
                .decode(encoded)
                .map_err(|_| invalid("malformed Basic credentials"))?;
            let text =
                String::from_utf8(decoded).map_err(|_| invalid("malformed Basic credentials"))?;
            let (id, secret) = text
                .split_once(':')
                .ok_or_else(|| invalid("malformed Basic credentials"))?;
            // RFC 6749 §2.3.1: both parts are form-urlencoded inside Basic.
            let decode = |part: &str| {
                form_decode(part).ok_or_else(|| invalid("malformed Basic credentials"))
            };
            Ok((decode(id)?, decode(secret)?))
        }
        (None, Some(id), Some(secret)) => Ok((id.clone(), secret.clone())),
        _ => Err(invalid("client authentication is required")),
    }
}

fn form_decode(text: &str) -> Option<String> {
    let query = format!("v={text}");
    let (_, value) = form_urlencoded::parse(query.as_bytes()).next()?;
    Some(value.into_owned())
}

/// Get an access token (OAuth 2.0 client credentials).
///
/// Authenticate with HTTP Basic (`client_id:client_secret`) or `client_id` and `client_secret`
/// in the form. The token carries the client's scopes (or the subset asked for in `scope`) and,
/// for partner organisations, their `partner_id`. No bearer token needed.
#[utoipa::path(
    tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The token", body = TokenResponse),
        (status = 400, description = "Bad request (RFC 6749 §5.2)", body = OAuthError),
        (status = 401, description = "Unknown client, wrong secret or disabled client", body = OAuthError),
    )
)]
#[post("/oauth/token")]
pub async fn issue_token(
    req: HttpRequest,
    mut payload: web::Payload,
    state: web::Data<State>,
    pool: web::Data<DbPool>,
) -> HttpResponse {
    // Guessing secrets costs a request from the caller's address bucket.
    let address = state
        .config
        .trusted_proxies
        .client_address(&req)
        .map_or_else(|| "unknown".to_owned(), |address| address.to_string());
    if let Err(error) = state.limits.take(&format!("token:{address}")).await {
        state.metrics.rate_limited.inc();
        return actix_web::ResponseError::error_response(&error);
    }
    if extract::media_type(&req).as_deref() != Some("application/x-www-form-urlencoded") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "send the form as application/x-www-form-urlencoded",
        );
    }
    let body = match extract::read_body(&req, &mut payload, 16 * 1024).await {
        Ok(body) => body,
        Err(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "the form could not be read (at most 16 KiB)",
            );
        }
    };
    let form: TokenRequest = match serde_urlencoded::from_bytes(&body) {
        Ok(form) => form,
        Err(error) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                error.to_string(),
            );
        }
    };
    match form.grant_type.as_deref() {
        Some("client_credentials") => {}
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "only client_credentials is supported",
            );
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required",
            );
        }
    }
    let (client_id, secret) = match credentials(&req, &form) {
        Ok(credentials) => credentials,
        Err(Refusal(status, error, description)) => return oauth_error(status, error, description),
    };
    let client = match db::run(&pool, move |conn| {
        clients::authenticate(conn, &client_id, &secret)
    })
    .await
    {
        Ok(Some(client)) => client,
        Ok(None) => {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "unknown client, wrong secret, or disabled client",
            );
        }
        Err(error) => return actix_web::ResponseError::error_response(&error),
    };
    let allowed: Vec<&str> = client.scopes.split_whitespace().collect();
    let granted: Vec<&str> = match form.scope.as_deref().map(str::split_whitespace) {
        None => allowed.clone(),
        Some(wanted) => {
            let wanted: Vec<&str> = wanted.collect();
            if let Some(extra) = wanted.iter().find(|s| !allowed.contains(s)) {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_scope",
                    format!("this client may not have `{extra}`"),
                );
            }
            wanted
        }
    };
    let ttl = state.config.token_ttl_seconds;
    match sign(&state.keys(), &state.config, &client, &granted) {
        Ok(token) => HttpResponse::Ok()
            .insert_header((CACHE_CONTROL, "no-store"))
            .insert_header((PRAGMA, "no-cache"))
            .json(TokenResponse {
                access_token: token,
                token_type: "Bearer",
                expires_in: ttl,
                scope: granted.join(" "),
            }),
        Err(error) => actix_web::ResponseError::error_response(
            &formaliza_shared::ApiError::internal(error.to_string()),
        ),
    }
}

/// Signs an access token for `client` with `scopes` (already checked against the client's), valid
/// for the configured lifetime.
pub fn sign(
    keys: &KeySet,
    config: &GatewayConfig,
    client: &clients::ApiClient,
    scopes: &[&str],
) -> Result<String, jsonwebtoken::errors::Error> {
    sign_claims(
        keys,
        config,
        &client.client_id,
        &scopes.join(" "),
        client.partner_id.as_deref(),
        config.token_ttl_seconds,
    )
}

/// Signs a token for `sub` with `scope` (space-separated) and `partner`, valid `ttl` seconds:
/// the gateway acting for a client it already authorised (webhook delivery reads the feeds so).
pub fn sign_claims(
    keys: &KeySet,
    config: &GatewayConfig,
    sub: &str,
    scope: &str,
    partner: Option<&str>,
    ttl: u64,
) -> Result<String, jsonwebtoken::errors::Error> {
    let now = jsonwebtoken::get_current_timestamp();
    let mut claims = json!({
        "sub": sub, "scope": scope, "iss": config.issuer, "aud": config.audience,
        "iat": now, "nbf": now, "exp": now + ttl, "jti": uuid::Uuid::now_v7().to_string(),
    });
    if let Some(partner) = partner {
        claims["partner_id"] = json!(partner);
    }
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.kid = Some(keys.active.kid.clone());
    jsonwebtoken::encode(&header, &claims, &keys.active.encoding)
}

/// The public keys that verify Formaliza tokens (JWKS, RFC 7517). No token needed.
#[utoipa::path(tag = "auth", responses((status = 200, description = "The key set", body = Object)))]
#[get("/.well-known/jwks.json")]
pub async fn jwks(state: web::Data<State>) -> HttpResponse {
    let keys: Arc<crate::keys::KeySet> = state.keys();
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, "public, max-age=300"))
        .json(&keys.jwks)
}
