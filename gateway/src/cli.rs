//! The gateway's administration commands (clients and signing keys), shared by
//! `formaliza-gateway` and the standalone `formaliza` binary: each applies the gateway's
//! migrations, does its work on the gateway database and exits.

use clap::Subcommand;
use formaliza_shared::db;
use formaliza_shared::language::Language;

use crate::{GatewayConfig, clients, keys};

/// Administration of the gateway's database (`--help` on each for its options).
#[derive(Debug, Clone, Subcommand)]
pub enum AdminCommand {
    /// Register, list, disable, enable API clients or give them a new secret.
    #[command(subcommand)]
    Clients(ClientsCommand),
    /// Signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Print a token for a registered client (for curl).
    Token {
        /// The client's id or name.
        #[arg(long)]
        client: String,
        /// Space-separated scopes, among the client's (default: all of them).
        #[arg(long)]
        scopes: Option<String>,
    },
    /// Apply the gateway database's migrations and exit.
    Migrate,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ClientsCommand {
    /// Register a client; prints its id and secret (shown only once).
    Add {
        /// A name people recognise ("Asociación Cafetalera del Perené").
        #[arg(long)]
        name: String,
        /// Space-separated scopes it may ask for ("members:read members:write").
        #[arg(long)]
        scopes: String,
        /// The partner it acts for: it sees and changes only that partner's records. Omit for
        /// a programme-wide client.
        #[arg(long)]
        partner_id: Option<String>,
    },
    /// List the clients.
    List,
    /// A new secret; the old one stops working.
    ResetSecret { client_id: String },
    /// Refuse the client's token requests from now on.
    Disable { client_id: String },
    /// Accept them again.
    Enable { client_id: String },
}

#[derive(Debug, Clone, Subcommand)]
pub enum KeysCommand {
    /// A new signing key; older ones verify until their tokens expire.
    Rotate,
}

pub fn admin(
    command: AdminCommand,
    config: &GatewayConfig,
) -> Result<(), Box<dyn std::error::Error>> {
    let language = Language::of_command_line(std::env::args());
    let say = |id: &str, args: &formaliza_shared::language::Args<'_>| language.say(id, args);
    let pool = db::connect(&config.database_url, 1)?;
    db::migrate(&pool, crate::migrations())?;
    let mut conn = pool.get()?;
    match command {
        AdminCommand::Clients(ClientsCommand::Add {
            name,
            scopes,
            partner_id,
        }) => {
            let created = clients::add(&mut conn, &name, &scopes, partner_id.as_deref())?;
            println!("{}", serde_json::to_string_pretty(&created)?);
            eprintln!("{}", say("cli-admin-keep-secret", &[]));
        }
        AdminCommand::Clients(ClientsCommand::List) => println!(
            "{}",
            serde_json::to_string_pretty(&clients::list(&mut conn)?)?
        ),
        AdminCommand::Clients(ClientsCommand::Disable { client_id }) => {
            set_enabled(&mut conn, &client_id, false, language)?;
        }
        AdminCommand::Clients(ClientsCommand::Enable { client_id }) => {
            set_enabled(&mut conn, &client_id, true, language)?;
        }
        AdminCommand::Clients(ClientsCommand::ResetSecret { client_id }) => {
            let fresh = clients::reset_secret(&mut conn, &client_id)?
                .ok_or_else(|| say("cli-admin-no-client", &[("id", client_id.as_str().into())]))?;
            println!("{}", serde_json::to_string_pretty(&fresh)?);
        }
        AdminCommand::Migrate => println!("{}", say("cli-admin-migrated", &[])),
        AdminCommand::Token { client, scopes } => {
            let found = clients::find(&mut conn, &client)?
                .filter(|c| c.enabled)
                .ok_or_else(|| {
                    say(
                        "cli-admin-no-enabled-client",
                        &[("client", format!("{client:?}").into())],
                    )
                })?;
            let allowed: Vec<&str> = found.scopes.split_whitespace().collect();
            let granted: Vec<&str> = match &scopes {
                None => allowed.clone(),
                Some(wanted) => wanted.split_whitespace().collect(),
            };
            if let Some(extra) = granted.iter().find(|s| !allowed.contains(s)) {
                return Err(say(
                    "cli-admin-scope-not-allowed",
                    &[
                        ("name", found.name.as_str().into()),
                        ("scope", (*extra).into()),
                    ],
                )
                .into());
            }
            let keys = keys::load(&mut conn, config.key_grace())?;
            println!("{}", crate::tokens::sign(&keys, config, &found, &granted)?);
        }
        AdminCommand::Keys(KeysCommand::Rotate) => {
            let kid = keys::generate(&mut conn)?;
            let retired = keys::retire_older(&mut conn, &kid)?;
            println!(
                "{}",
                say(
                    "cli-admin-key-rotated",
                    &[("kid", kid.as_str().into()), ("retired", retired.into())],
                )
            );
        }
    }
    Ok(())
}

fn set_enabled(
    conn: &mut db::DbConnection,
    client_id: &str,
    enabled: bool,
    language: Language,
) -> Result<(), Box<dyn std::error::Error>> {
    let args = [("id", client_id.into())];
    if !clients::set_enabled(conn, client_id, enabled)? {
        return Err(language.say("cli-admin-no-client", &args).into());
    }
    let said = if enabled {
        "cli-admin-enabled"
    } else {
        "cli-admin-disabled"
    };
    println!("{}", language.say(said, &args));
    Ok(())
}
