//! `token` subcommand of the service binaries: mints a short-lived HS256 token with the
//! configured shared secret, so a service running alone can be tried with curl. Production
//! tokens come from the gateway (`POST /oauth/token`), signed with EdDSA or ES256.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;

use crate::auth::Scope;
use crate::config::{self, ConfigError};

/// `token`: a development token signed with `FORMALIZA_JWT_HS256_SECRET`.
#[derive(Debug, Clone, clap::Args)]
pub struct TokenArgs {
    /// Space-separated scopes (`"members:read members:write"`).
    #[arg(long, value_parser = parse_scopes)]
    pub scopes: String,
    /// The partner the token acts for (omit for a programme-wide token).
    #[arg(long)]
    pub partner_id: Option<String>,
    /// The token's subject (the client it names).
    #[arg(long, default_value = "dev-cli")]
    pub sub: String,
    /// Lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    pub ttl: u64,
}

fn parse_scopes(text: &str) -> Result<String, String> {
    match text.split_whitespace().find(|s| Scope::parse(s).is_none()) {
        Some(unknown) => Err(format!("unknown scope {unknown}")),
        None => Ok(text.to_owned()),
    }
}

/// A signed token as `args` asks.
pub fn sign(args: &TokenArgs) -> Result<String, ConfigError> {
    let TokenArgs {
        scopes,
        partner_id,
        sub,
        ttl,
    } = args;
    let secret = config::var("FORMALIZA_JWT_HS256_SECRET").ok_or_else(|| {
        ConfigError("set FORMALIZA_JWT_HS256_SECRET (the same value the service runs with)".into())
    })?;
    let now = jsonwebtoken::get_current_timestamp();
    let mut claims = json!({
        "sub": sub,
        "scope": scopes,
        "iss": config::var("FORMALIZA_JWT_ISSUER").unwrap_or_else(|| "formaliza".into()),
        "aud": config::var("FORMALIZA_JWT_AUDIENCE").unwrap_or_else(|| "formaliza-api".into()),
        "iat": now,
        "nbf": now,
        "exp": now + *ttl,
        "jti": uuid::Uuid::now_v7().to_string(),
    });
    if let Some(partner_id) = partner_id {
        claims["partner_id"] = json!(partner_id);
    }
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|e| ConfigError(format!("cannot sign: {e}")))
}
