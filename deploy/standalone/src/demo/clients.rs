//! The demo's API clients: one per role of the programme, registered in the gateway (or given
//! new secrets when they exist), so the terminal can show working credentials.

use formaliza_gateway::clients::{self, NewClient};
use formaliza_shared::db::{self, DbPool};

use super::error::{DemoError, fail};

/// One of the demo's API clients.
#[derive(Debug, Clone)]
pub struct DemoClient {
    /// What it stands for: `programme`, `partner-pe`, `partner-bo`, `ministry`, `dashboard`.
    pub role: &'static str,
    pub name: &'static str,
    pub scopes: &'static str,
    pub partner_id: Option<&'static str>,
    pub client_id: String,
    pub client_secret: String,
}

const CLIENTS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "programme",
        "Demo: programme office",
        "members:read members:write trainings:read trainings:write protection:read protection:write enrollments:export indicators:read programme:write indicators:publish",
        None,
    ),
    (
        "partner-pe",
        "Demo: Asociación Tierra Viva (partner NGO, Peru)",
        "members:read members:write trainings:read trainings:write protection:read protection:write indicators:read",
        Some("tierra-viva"),
    ),
    (
        "partner-bo",
        "Demo: Fundación Yungas Solidaria (partner NGO, Bolivia)",
        "members:read members:write trainings:read trainings:write protection:read protection:write indicators:read",
        Some("yungas-solidaria"),
    ),
    (
        "ministry",
        "Demo: Ministerio de Trabajo (ministry integration)",
        "protection:read enrollments:export",
        None,
    ),
    (
        "dashboard",
        "Demo: coverage dashboard",
        "indicators:read",
        None,
    ),
];

/// Registers the demo clients, or renews their secrets; also whether they existed already
/// (then the data is there too).
pub(super) async fn register(pool: &DbPool) -> Result<(Vec<DemoClient>, bool), DemoError> {
    db::run(pool, |conn| {
        let mut out = Vec::new();
        let mut existed = false;
        for &(role, name, scopes, partner_id) in CLIENTS {
            let issued: NewClient = match clients::find(conn, name)? {
                Some(client) => {
                    existed = true;
                    clients::set_enabled(conn, &client.client_id, true)?;
                    clients::reset_secret(conn, &client.client_id)?.ok_or_else(|| {
                        formaliza_shared::ApiError::internal("demo client vanished")
                    })?
                }
                None => clients::add(conn, name, scopes, partner_id)?,
            };
            out.push(DemoClient {
                role,
                name,
                scopes,
                partner_id,
                client_id: issued.client_id,
                client_secret: issued.client_secret,
            });
        }
        Ok((out, existed))
    })
    .await
    .map_err(|e| fail(e.to_string()))
}
