//! The gateway's administration commands (clients and signing keys), shared by
//! `formaliza-gateway` and the standalone `formaliza` binary.

use formaliza_shared::db;

use crate::{GatewayConfig, clients, keys};

pub const USAGE: &str = "usage:
  formaliza-gateway                              run the gateway
  formaliza-gateway clients add --name NAME --scopes \"members:read …\" [--partner-id ID]
  formaliza-gateway clients list
  formaliza-gateway clients reset-secret CLIENT_ID  a new secret (the old one stops working)
  formaliza-gateway clients disable CLIENT_ID
  formaliza-gateway clients enable CLIENT_ID
  formaliza-gateway keys rotate                  new signing key; older ones verify until their tokens expire
  formaliza-gateway token --client ID_OR_NAME [--scopes \"…\"]  print a token for a client (for curl)
  formaliza-gateway migrate                      apply the database migrations and exit";

pub fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

pub fn admin(args: &[String], config: &GatewayConfig) -> Result<(), Box<dyn std::error::Error>> {
    let pool = db::connect(&config.database_url, 1)?;
    db::migrate(&pool, crate::migrations())?;
    let mut conn = pool.get()?;
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["clients", "add", ..] => {
            let name = flag(args, "--name").ok_or(USAGE)?;
            let scopes = flag(args, "--scopes").ok_or(USAGE)?;
            let created = clients::add(
                &mut conn,
                &name,
                &scopes,
                flag(args, "--partner-id").as_deref(),
            )?;
            println!("{}", serde_json::to_string_pretty(&created)?);
            eprintln!(
                "Keep the client_secret now: it is stored only as a hash and cannot be shown again."
            );
        }
        ["clients", "list"] => println!(
            "{}",
            serde_json::to_string_pretty(&clients::list(&mut conn)?)?
        ),
        ["clients", action @ ("disable" | "enable"), client_id] => {
            if !clients::set_enabled(&mut conn, client_id, *action == "enable")? {
                return Err(format!("no client {client_id}").into());
            }
            println!("{client_id} {action}d");
        }
        ["clients", "reset-secret", client_id] => {
            let fresh = clients::reset_secret(&mut conn, client_id)?
                .ok_or_else(|| format!("no client {client_id}"))?;
            println!("{}", serde_json::to_string_pretty(&fresh)?);
        }
        ["migrate"] => println!("migrations applied"),
        ["token", ..] => {
            let wanted = flag(args, "--client").ok_or(USAGE)?;
            let client = clients::find(&mut conn, &wanted)?
                .filter(|c| c.enabled)
                .ok_or_else(|| format!("no enabled client with id or name {wanted:?}"))?;
            let allowed: Vec<&str> = client.scopes.split_whitespace().collect();
            let scopes = flag(args, "--scopes");
            let granted: Vec<&str> = match &scopes {
                None => allowed.clone(),
                Some(wanted) => wanted.split_whitespace().collect(),
            };
            if let Some(extra) = granted.iter().find(|s| !allowed.contains(s)) {
                return Err(format!("{} may not have `{extra}`", client.name).into());
            }
            let keys = keys::load(&mut conn, config.key_grace())?;
            println!("{}", crate::tokens::sign(&keys, config, &client, &granted)?);
        }
        ["keys", "rotate"] => {
            let kid = keys::generate(&mut conn)?;
            let retired = keys::retire_older(&mut conn, &kid)?;
            println!(
                "new signing key {kid}; {retired} older key(s) retired (they verify until their tokens expire); restart the gateway to sign with it"
            );
        }
        _ => return Err(USAGE.into()),
    }
    Ok(())
}
