//! `formaliza-gateway` runs the gateway; `formaliza-gateway clients add|list|disable|enable`
//! and `formaliza-gateway keys rotate` manage its clients and signing keys.

use formaliza_gateway::{GatewayConfig, clients, keys};
use formaliza_shared::db;

const USAGE: &str = "usage:
  formaliza-gateway                              run the gateway
  formaliza-gateway clients add --name NAME --scopes \"members:read …\" [--partner-id ID]
  formaliza-gateway clients list
  formaliza-gateway clients disable CLIENT_ID
  formaliza-gateway clients enable CLIENT_ID
  formaliza-gateway keys rotate                  new signing key; older ones verify until their tokens expire";

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn admin(args: &[String], config: &GatewayConfig) -> Result<(), Box<dyn std::error::Error>> {
    let pool = db::connect(&config.database_url, 1)?;
    db::migrate(&pool, formaliza_gateway::migrations())?;
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = GatewayConfig::from_env()?;
    if !args.is_empty() {
        return admin(&args, &config);
    }
    formaliza_shared::context::init_logging();
    actix_web::rt::System::new().block_on(async {
        formaliza_gateway::build(config)?
            .server
            .await
            .map_err(Into::into)
    })
}
