//! `token` subcommand of the service binaries: mints a short-lived HS256 token with the
//! configured shared secret, so a service running alone can be tried with curl. Production
//! tokens come from the gateway (`POST /oauth/token`), signed with EdDSA or ES256.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::json;

use crate::auth::Scope;
use crate::config::{self, ConfigError};

pub const USAGE: &str = "usage: token --scopes \"members:read members:write\" [--partner-id ID] [--sub CLIENT] [--ttl SECONDS]";

/// Parses the subcommand's arguments and returns a signed token.
pub fn from_args(args: &[String]) -> Result<String, ConfigError> {
    let mut scopes = None;
    let mut partner_id = None;
    let mut sub = "dev-cli".to_owned();
    let mut ttl: u64 = 3600;
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| ConfigError(format!("{flag} needs a value\n{USAGE}")))
        };
        match flag.as_str() {
            "--scopes" => scopes = Some(value()?),
            "--partner-id" => partner_id = Some(value()?),
            "--sub" => sub = value()?,
            "--ttl" => {
                ttl = value()?
                    .parse()
                    .map_err(|e| ConfigError(format!("--ttl: {e}")))?
            }
            other => return Err(ConfigError(format!("unknown argument {other}\n{USAGE}"))),
        }
    }
    let scopes = scopes.ok_or_else(|| ConfigError(format!("--scopes is required\n{USAGE}")))?;
    if let Some(unknown) = scopes
        .split_whitespace()
        .find(|s| Scope::parse(s).is_none())
    {
        return Err(ConfigError(format!("unknown scope {unknown}")));
    }
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
        "exp": now + ttl,
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
