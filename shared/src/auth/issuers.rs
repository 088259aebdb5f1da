//! Identity providers trusted besides Formaliza's own gateway (a ministry's Keycloak, an NGO's
//! Auth0 tenant): each with its own `iss`, accepted audiences, keys, algorithms and the claims
//! its tokens carry scopes and partner in. The gateway and every service apply the same list
//! (`FORMALIZA_TRUSTED_ISSUERS_FILE`), so a token the gateway lets through is never refused
//! behind it.

use std::path::Path;
use std::time::Duration;

use jsonwebtoken::Algorithm;
use jsonwebtoken::jwk::JwkSet;
use serde::Deserialize;

use super::keys::VerificationKey;
use crate::config::ConfigError;

/// Where a token's subject, scopes and partner are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimNames {
    /// The client's id (`sub`; Keycloak's client-credentials tokens name the client in `azp`).
    pub subject: String,
    /// Scopes: a space-separated string (`scope`) or an array of strings (`scp`).
    pub scope: String,
    /// Stripped from each scope before it is read (`api://formaliza/members:read`).
    pub scope_prefix: Option<String>,
    /// The partner a token is limited to; absent or empty for programme-wide clients.
    pub partner: String,
}

impl Default for ClaimNames {
    fn default() -> Self {
        Self {
            subject: "sub".into(),
            scope: "scope".into(),
            scope_prefix: None,
            partner: "partner_id".into(),
        }
    }
}

/// An issuer whose tokens are accepted as they are.
#[derive(Clone)]
pub struct TrustedIssuer {
    /// The exact `iss` its tokens carry.
    pub issuer: String,
    /// `aud` values accepted (a token must name at least one).
    pub audiences: Vec<String>,
    /// Keys known at start-up (a JWKS file).
    pub keys: Vec<VerificationKey>,
    /// Its JWKS, fetched at start-up and again when a token names an unknown `kid` (at most once
    /// per `jwks_refresh`). Only this configured URL is ever fetched: never one a token names.
    pub jwks_url: Option<String>,
    pub jwks_refresh: Duration,
    /// Algorithms accepted from it (never HMAC: a shared secret is not a public key).
    pub algorithms: Vec<Algorithm>,
    pub claims: ClaimNames,
}

impl std::fmt::Debug for TrustedIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrustedIssuer")
            .field("issuer", &self.issuer)
            .field("audiences", &self.audiences)
            .field("keys", &self.keys.len())
            .field("jwks_url", &self.jwks_url)
            .field("algorithms", &self.algorithms)
            .field("claims", &self.claims)
            .finish()
    }
}

/// Algorithms an outside issuer may sign with.
const PUBLIC_KEY_ALGORITHMS: [Algorithm; 7] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// One entry of the trusted-issuers file, as an operator writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuerEntry {
    issuer: String,
    audiences: Vec<String>,
    #[serde(default)]
    jwks_url: Option<String>,
    #[serde(default)]
    jwks_file: Option<String>,
    #[serde(default)]
    jwks_refresh_seconds: Option<u64>,
    #[serde(default)]
    algorithms: Option<Vec<String>>,
    #[serde(default)]
    subject_claim: Option<String>,
    #[serde(default)]
    scope_claim: Option<String>,
    #[serde(default)]
    scope_prefix: Option<String>,
    #[serde(default)]
    partner_claim: Option<String>,
}

impl TrustedIssuer {
    /// Reads the trusted-issuers file (a JSON array, see the README), refusing anything
    /// ambiguous: an unknown field, an issuer without audiences or keys, an HMAC algorithm, an
    /// issuer listed twice or claiming `own_issuer` (Formaliza's own `iss`).
    pub fn load_all(path: &Path, own_issuer: &str) -> Result<Vec<Self>, ConfigError> {
        let at = |message: String| ConfigError(format!("{}: {message}", path.display()));
        let text = std::fs::read_to_string(path).map_err(|e| at(e.to_string()))?;
        let entries: Vec<IssuerEntry> =
            serde_json::from_str(&text).map_err(|e| at(e.to_string()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut issuers: Vec<Self> = Vec::with_capacity(entries.len());
        for entry in entries {
            let issuer = Self::from_entry(entry, base).map_err(at)?;
            if issuer.issuer == own_issuer {
                return Err(at(format!(
                    "`{own_issuer}` is Formaliza's own issuer (FORMALIZA_JWT_ISSUER); give its keys with FORMALIZA_JWKS_FILE instead"
                )));
            }
            if issuers.iter().any(|known| known.issuer == issuer.issuer) {
                return Err(at(format!("`{}` is listed twice", issuer.issuer)));
            }
            issuers.push(issuer);
        }
        Ok(issuers)
    }

    fn from_entry(entry: IssuerEntry, base: &Path) -> Result<Self, String> {
        let issuer = entry.issuer.trim().to_owned();
        if issuer.is_empty() {
            return Err("an issuer needs its `issuer` (the exact `iss` of its tokens)".into());
        }
        let audiences: Vec<String> = entry
            .audiences
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        if audiences.is_empty() {
            return Err(format!(
                "`{issuer}` needs `audiences`: the `aud` values its tokens for Formaliza carry"
            ));
        }
        if entry.jwks_url.is_none() && entry.jwks_file.is_none() {
            return Err(format!("`{issuer}` needs `jwks_url` or `jwks_file`"));
        }
        let algorithms = match entry.algorithms {
            None => vec![Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA],
            Some(names) => names
                .iter()
                .map(|name| {
                    name.parse::<Algorithm>()
                        .ok()
                        .filter(|a| PUBLIC_KEY_ALGORITHMS.contains(a))
                        .ok_or_else(|| {
                            format!(
                                "`{issuer}`: algorithm `{name}` is not accepted (one of RS256, RS384, RS512, PS256, ES256, ES384, EdDSA)"
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
        };
        let keys = match &entry.jwks_file {
            None => Vec::new(),
            Some(file) => {
                let path = base.join(file);
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("`{issuer}`: {}: {e}", path.display()))?;
                let set: JwkSet = serde_json::from_str(&text)
                    .map_err(|e| format!("`{issuer}`: {}: {e}", path.display()))?;
                VerificationKey::from_jwks(&set)
            }
        };
        if let Some(url) = &entry.jwks_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(format!("`{issuer}`: jwks_url must be an http(s) URL"));
        }
        let defaults = ClaimNames::default();
        let name = |given: Option<String>, default: String| {
            given
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .unwrap_or(default)
        };
        Ok(Self {
            issuer,
            audiences,
            keys,
            jwks_url: entry.jwks_url,
            jwks_refresh: Duration::from_secs(entry.jwks_refresh_seconds.unwrap_or(60).max(1)),
            algorithms,
            claims: ClaimNames {
                subject: name(entry.subject_claim, defaults.subject),
                scope: name(entry.scope_claim, defaults.scope),
                scope_prefix: entry.scope_prefix.filter(|p| !p.is_empty()),
                partner: name(entry.partner_claim, defaults.partner),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn load(text: &str) -> Result<Vec<TrustedIssuer>, ConfigError> {
        let dir = std::env::temp_dir().join(format!("issuers-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("idp.json"),
            r#"{"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": "idp-1"}]}"#,
        )
        .unwrap();
        let path = dir.join("issuers.json");
        std::fs::write(&path, text).unwrap();
        let loaded = TrustedIssuer::load_all(&path, "formaliza");
        std::fs::remove_dir_all(&dir).unwrap();
        loaded
    }

    #[test]
    fn a_keycloak_style_issuer_reads_with_its_claim_names() {
        let issuers = load(
            r#"[{"issuer": "https://sso.example.gob.pe/realms/trabajo", "audiences": ["formaliza-api"],
                 "jwks_file": "idp.json", "jwks_url": "https://sso.example.gob.pe/realms/trabajo/protocol/openid-connect/certs",
                 "algorithms": ["RS256", "EdDSA"], "subject_claim": "azp", "scope_claim": "scp",
                 "partner_claim": "formaliza_partner"}]"#,
        )
        .unwrap();
        let idp = &issuers[0];
        assert_eq!(idp.issuer, "https://sso.example.gob.pe/realms/trabajo");
        assert_eq!(idp.keys.len(), 1);
        assert_eq!(idp.algorithms, [Algorithm::RS256, Algorithm::EdDSA]);
        assert_eq!(idp.claims.subject, "azp");
        assert_eq!(idp.claims.scope, "scp");
        assert_eq!(idp.claims.partner, "formaliza_partner");
    }

    #[test]
    fn ambiguous_entries_are_refused() {
        for (text, says) in [
            (
                r#"[{"issuer": "x", "audiences": [], "jwks_file": "idp.json"}]"#,
                "audiences",
            ),
            (r#"[{"issuer": "x", "audiences": ["a"]}]"#, "jwks_url"),
            (
                r#"[{"issuer": "x", "audiences": ["a"], "jwks_file": "idp.json", "algorithms": ["HS256"]}]"#,
                "HS256",
            ),
            (
                r#"[{"issuer": "x", "audiences": ["a"], "jwks_file": "idp.json", "algorithms": ["none"]}]"#,
                "none",
            ),
            (
                r#"[{"issuer": "formaliza", "audiences": ["a"], "jwks_file": "idp.json"}]"#,
                "own issuer",
            ),
            (
                r#"[{"issuer": "x", "audiences": ["a"], "jwks_file": "idp.json"}, {"issuer": "x", "audiences": ["b"], "jwks_file": "idp.json"}]"#,
                "twice",
            ),
            (
                r#"[{"issuer": "x", "audiences": ["a"], "jwks_file": "idp.json", "scopes": "typo"}]"#,
                "unknown field",
            ),
            (
                r#"[{"issuer": "x", "audiences": ["a"], "jwks_url": "file:///etc/passwd"}]"#,
                "http",
            ),
        ] {
            let error = load(text).unwrap_err().0;
            assert!(error.contains(says), "{text}: {error}");
        }
    }
}
