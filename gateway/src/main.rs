//! `formaliza-gateway` runs the gateway; its subcommands manage the gateway database (clients,
//! signing keys, migrations): `formaliza-gateway --help`.

use clap::{Parser, Subcommand};
use formaliza_gateway::{GatewayConfig, cli};
use formaliza_shared::language;

#[derive(Debug, Parser)]
#[command(
    name = "formaliza-gateway",
    version,
    about = "The Formaliza gateway: tokens, routing and the published API (README: Configuration)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Language of the messages, `es` or `en` (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, global = true, value_parser = ["es", "en"])]
    lang: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the gateway, configured from the environment (the default).
    Serve,
    #[command(flatten)]
    Admin(cli::AdminCommand),
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (cli, _) = language::parse_command_line::<Cli>();
    let command = cli.command.unwrap_or(Command::Serve);
    let config = GatewayConfig::from_env()?;
    if let Command::Admin(admin) = command {
        return cli::admin(admin, &config);
    }
    formaliza_shared::context::init_logging();
    actix_web::rt::System::new().block_on(async {
        formaliza_gateway::build(config)?
            .server
            .await
            .map_err(Into::into)
    })
}
