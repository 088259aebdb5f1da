//! Token signing keys: Ed25519, generated on first start and kept in the gateway's database.
//! The newest active key signs; every key not yet past its retirement grace verifies and is
//! published in the JWKS, so rotating never breaks tokens already issued.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use serde_json::json;

use formaliza_shared::ApiError;
use formaliza_shared::auth::VerificationKey;
use formaliza_shared::db::{self, DbConnection, DbPool};

use crate::GatewayConfig;
use crate::schema::signing_keys;

/// A key that signs new tokens.
#[derive(Clone)]
pub struct ActiveKey {
    pub kid: String,
    pub encoding: EncodingKey,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = signing_keys)]
struct KeyRow {
    kid: String,
    private_key: String,
    public_key: String,
    retired_at: Option<NaiveDateTime>,
}

/// Makes and stores a new key; it becomes the signing key.
pub fn generate(conn: &mut DbConnection) -> Result<String, ApiError> {
    let signing = SigningKey::generate(&mut rand_core::OsRng);
    let private = signing
        .to_pkcs8_der()
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let kid = format!("fz-{}", uuid::Uuid::now_v7().simple());
    diesel::insert_into(signing_keys::table)
        .values((
            signing_keys::kid.eq(&kid),
            signing_keys::algorithm.eq("EdDSA"),
            signing_keys::private_key.eq(STANDARD.encode(private.as_bytes())),
            signing_keys::public_key.eq(URL_SAFE_NO_PAD.encode(signing.verifying_key().to_bytes())),
            signing_keys::created_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(kid)
}

/// Makes `pem` (an Ed25519 private key, PKCS#8 PEM, as `openssl genpkey -algorithm ed25519`
/// writes it) the signing key, storing it like a generated one; returns its kid. Loading the
/// same file again changes nothing.
pub fn import_pem(conn: &mut DbConnection, pem: &str) -> Result<String, ApiError> {
    use ed25519_dalek::pkcs8::DecodePrivateKey;
    let signing = SigningKey::from_pkcs8_pem(pem).map_err(|e| {
        ApiError::bad_request(format!("not an Ed25519 private key in PKCS#8 PEM: {e}"))
    })?;
    let public = URL_SAFE_NO_PAD.encode(signing.verifying_key().to_bytes());
    let kid = format!(
        "cfg-{}",
        &formaliza_shared::extract::digest(public.as_bytes())[..16]
    );
    let known: Option<Option<NaiveDateTime>> = signing_keys::table
        .find(&kid)
        .select(signing_keys::retired_at)
        .first(conn)
        .optional()?;
    match known {
        Some(None) => {}
        Some(Some(_)) => {
            diesel::update(signing_keys::table.find(&kid))
                .set(signing_keys::retired_at.eq(None::<NaiveDateTime>))
                .execute(conn)?;
        }
        None => {
            let private = signing
                .to_pkcs8_der()
                .map_err(|e| ApiError::internal(e.to_string()))?;
            diesel::insert_into(signing_keys::table)
                .values((
                    signing_keys::kid.eq(&kid),
                    signing_keys::algorithm.eq("EdDSA"),
                    signing_keys::private_key.eq(STANDARD.encode(private.as_bytes())),
                    signing_keys::public_key.eq(public),
                    signing_keys::created_at.eq(db::now()),
                ))
                .execute(conn)?;
        }
    }
    retire_older(conn, &kid)?;
    Ok(kid)
}

/// Retires every key but the newest (after [`generate`]: rotation).
pub fn retire_older(conn: &mut DbConnection, keep: &str) -> Result<usize, ApiError> {
    Ok(diesel::update(
        signing_keys::table
            .filter(signing_keys::kid.ne(keep))
            .filter(signing_keys::retired_at.is_null()),
    )
    .set(signing_keys::retired_at.eq(db::now()))
    .execute(conn)?)
}

/// The keys in force: the signing key (generated if there is none) and every verifying key.
pub struct KeySet {
    pub active: ActiveKey,
    pub verifying: Vec<VerificationKey>,
    pub jwks: serde_json::Value,
}

/// The keys the gateway starts with: the configured key (`FORMALIZA_SIGNING_KEY_PEM`) imported
/// if there is one, then [`load`]. The one start-up sequence of the gateway and the standalone.
pub fn open(pool: &DbPool, config: &GatewayConfig) -> Result<KeySet, ApiError> {
    let mut conn = pool.get()?;
    if let Some(pem) = &config.signing_key_pem {
        let kid = import_pem(&mut conn, pem)?;
        log::info!("signing with the configured key {kid}");
    }
    load(&mut conn, config.key_grace())
}

/// Loads the keys, creating the first one on a fresh database. Retired keys are kept for
/// `grace` (the longest token lifetime) after retirement.
pub fn load(conn: &mut DbConnection, grace: TimeDelta) -> Result<KeySet, ApiError> {
    // The active key is the newest unretired one; an imported key retires the others.
    let mut rows: Vec<KeyRow> = signing_keys::table
        .select(KeyRow::as_select())
        .order(signing_keys::created_at.desc())
        .load(conn)?;
    if !rows.iter().any(|r| r.retired_at.is_none()) {
        generate(conn)?;
        rows = signing_keys::table
            .select(KeyRow::as_select())
            .order(signing_keys::created_at.desc())
            .load(conn)?;
    }
    let now = db::now();
    let live: Vec<&KeyRow> = rows
        .iter()
        .filter(|r| r.retired_at.is_none_or(|at| at + grace > now))
        .collect();
    let active_row = live
        .iter()
        .find(|r| r.retired_at.is_none())
        .ok_or_else(|| ApiError::internal("no active signing key"))?;
    let private = STANDARD
        .decode(&active_row.private_key)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let active = ActiveKey {
        kid: active_row.kid.clone(),
        encoding: EncodingKey::from_ed_der(&private),
    };
    let mut verifying = Vec::new();
    let mut published = Vec::new();
    for row in &live {
        let key = DecodingKey::from_ed_components(&row.public_key)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        verifying.push(VerificationKey {
            kid: Some(row.kid.clone()),
            algorithm: Algorithm::EdDSA,
            key,
        });
        published.push(json!({"kty": "OKP", "crv": "Ed25519", "x": row.public_key, "kid": row.kid, "alg": "EdDSA", "use": "sig"}));
    }
    Ok(KeySet {
        active,
        verifying,
        jwks: json!({ "keys": published }),
    })
}
