//! API clients (partner NGO systems, ministries, dashboards) allowed to obtain tokens. Secrets
//! are shown once at creation and stored only as Argon2id hashes.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::prelude::*;
use rand_core::RngCore;
use serde::Serialize;

use formaliza_shared::db::{self, DbConnection};
use formaliza_shared::{ApiError, Scope};

use crate::schema::api_clients;

/// A registered client (never its secret).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = api_clients)]
pub struct ApiClient {
    pub client_id: String,
    pub name: String,
    #[serde(skip)]
    pub secret_hash: String,
    /// Space-separated scopes the client may ask for.
    pub scopes: String,
    pub partner_id: Option<String>,
    pub enabled: bool,
    #[serde(skip)]
    pub created_at: chrono::NaiveDateTime,
    #[serde(skip)]
    pub updated_at: chrono::NaiveDateTime,
}

/// A client just created, with the only copy of its secret.
#[derive(Debug, Serialize)]
pub struct NewClient {
    pub client_id: String,
    pub client_secret: String,
    pub scopes: String,
    pub partner_id: Option<String>,
}

/// Validates a space-separated scope list.
pub fn parse_scopes(text: &str) -> Result<Vec<Scope>, String> {
    let scopes: Vec<Scope> = text
        .split_whitespace()
        .map(|s| Scope::parse(s).ok_or_else(|| format!("unknown scope `{s}`")))
        .collect::<Result<_, _>>()?;
    if scopes.is_empty() {
        Err("give at least one scope".into())
    } else {
        Ok(scopes)
    }
}

fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand_core::OsRng.fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

fn hash_secret(secret: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut rand_core::OsRng);
    Ok(Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map_err(|e| ApiError::internal(e.to_string()))?
        .to_string())
}

/// Registers a client and returns its one-time secret.
pub fn add(
    conn: &mut DbConnection,
    name: &str,
    scopes: &str,
    partner_id: Option<&str>,
) -> Result<NewClient, ApiError> {
    let scopes = parse_scopes(scopes).map_err(ApiError::bad_request)?;
    let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    let client_id = format!("fzc_{}", uuid::Uuid::now_v7().simple());
    let client_secret = random_token(32);
    let secret_hash = hash_secret(&client_secret)?;
    let now = db::now();
    diesel::insert_into(api_clients::table)
        .values((
            api_clients::client_id.eq(&client_id),
            api_clients::name.eq(name),
            api_clients::secret_hash.eq(secret_hash),
            api_clients::scopes.eq(scopes.join(" ")),
            api_clients::partner_id.eq(partner_id),
            api_clients::enabled.eq(true),
            api_clients::created_at.eq(now),
            api_clients::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(NewClient {
        client_id,
        client_secret,
        scopes: scopes.join(" "),
        partner_id: partner_id.map(str::to_owned),
    })
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<ApiClient>, ApiError> {
    Ok(api_clients::table
        .select(ApiClient::as_select())
        .order(api_clients::created_at.asc())
        .load(conn)?)
}

/// The client with this id, or else the only one with this name.
pub fn find(conn: &mut DbConnection, id_or_name: &str) -> Result<Option<ApiClient>, ApiError> {
    if let Some(client) = api_clients::table
        .find(id_or_name)
        .select(ApiClient::as_select())
        .first(conn)
        .optional()?
    {
        return Ok(Some(client));
    }
    let mut named: Vec<ApiClient> = api_clients::table
        .filter(api_clients::name.eq(id_or_name))
        .select(ApiClient::as_select())
        .limit(2)
        .load(conn)?;
    Ok(if named.len() == 1 { named.pop() } else { None })
}

/// Gives a client a new secret (the old one stops working) and returns it, shown this once.
pub fn reset_secret(
    conn: &mut DbConnection,
    client_id: &str,
) -> Result<Option<NewClient>, ApiError> {
    let client_secret = random_token(32);
    let rows = diesel::update(api_clients::table.find(client_id))
        .set((
            api_clients::secret_hash.eq(hash_secret(&client_secret)?),
            api_clients::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    if rows == 0 {
        return Ok(None);
    }
    let client: ApiClient = api_clients::table
        .find(client_id)
        .select(ApiClient::as_select())
        .first(conn)?;
    Ok(Some(NewClient {
        client_id: client.client_id,
        client_secret,
        scopes: client.scopes,
        partner_id: client.partner_id,
    }))
}

/// Enables or disables a client; `false` when there is no such client.
pub fn set_enabled(
    conn: &mut DbConnection,
    client_id: &str,
    enabled: bool,
) -> Result<bool, ApiError> {
    let rows = diesel::update(api_clients::table.find(client_id))
        .set((
            api_clients::enabled.eq(enabled),
            api_clients::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(rows == 1)
}

/// The enabled client whose secret this is, if any. Takes the same time whether or not the
/// client exists (a dummy hash is checked), so ids cannot be probed by timing.
pub fn authenticate(
    conn: &mut DbConnection,
    client_id: &str,
    secret: &str,
) -> Result<Option<ApiClient>, ApiError> {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$C3vJ0Yc1vj0tkYp7m0DzH8rK1n5l0Qh5uN3m0l2l2xU";
    let client: Option<ApiClient> = api_clients::table
        .find(client_id)
        .select(ApiClient::as_select())
        .first(conn)
        .optional()?;
    let hash = client.as_ref().map_or(DUMMY, |c| c.secret_hash.as_str());
    let matches = PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok()
    });
    Ok(client.filter(|c| matches && c.enabled))
}
