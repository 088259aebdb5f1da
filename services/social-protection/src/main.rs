//! Runs the social-protection service alone (configuration from the environment; see the
//! README). `formaliza-social-protection --help` lists the commands.

use clap::{Parser, Subcommand};
use formaliza_shared::server::{Binary, ServiceCommand};

#[derive(Debug, Parser)]
#[command(
    name = "formaliza-social-protection",
    version,
    about = "The Formaliza social-protection service (README: Configuration)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Service(ServiceCommand),
    /// Rebuild the kept coverage model from the enrolments and the read model, and exit (after
    /// restoring a backup, or to check the model against its definition).
    RebuildCoverage,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let binary = Binary {
        name: "social-protection",
        default_port: 8083,
        migrations: formaliza_social_protection::migrations,
        build: formaliza_social_protection::build,
    };
    match Cli::parse().command {
        None => binary.run(ServiceCommand::Serve),
        Some(Command::Service(command)) => binary.run(command),
        Some(Command::RebuildCoverage) => binary.maintain(
            "rebuild-coverage",
            formaliza_social_protection::indicators::periods::rebuild_all,
        ),
    }
}
