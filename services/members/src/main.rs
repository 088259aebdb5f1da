//! Runs the members service alone (configuration from the environment; see the README).
//! `formaliza-members --help` lists the commands.

use clap::{Parser, Subcommand};
use formaliza_shared::server::{Binary, ServiceCommand};

#[derive(Debug, Parser)]
#[command(
    name = "formaliza-members",
    version,
    about = "The Formaliza members service (README: Configuration)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Service(ServiceCommand),
    /// Rebuild the kept formalisation model from the registrations and jobs, and exit (after a
    /// bulk load straight into the tables, restoring a backup, or to check the model against
    /// its definition).
    RebuildFormalisation,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let binary = Binary {
        name: "members",
        default_port: 8081,
        migrations: formaliza_members::migrations,
        build: formaliza_members::build,
    };
    match Cli::parse().command {
        None => binary.run(ServiceCommand::Serve),
        Some(Command::Service(command)) => binary.run(command),
        Some(Command::RebuildFormalisation) => binary.maintain(
            "rebuild-formalisation",
            formaliza_members::indicators::periods::rebuild_all,
        ),
    }
}
