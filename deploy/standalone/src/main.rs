//! `formaliza`: the whole system in one process (see the crate documentation);
//! `formaliza --help` lists the commands.

use clap::{Parser, Subcommand};
use formaliza::{StandaloneConfig, demo};
use formaliza_shared::language;

#[derive(Debug, Parser)]
#[command(
    name = "formaliza",
    version,
    about = "Formaliza: the gateway and the three services in one process.",
    after_help = "Configuration comes from environment variables (README: Configuration)."
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
    /// Run the gateway and the three services, http://localhost:8080/docs (the default).
    Serve,
    /// The same, after loading the demo programme through the API (once).
    Demo,
    /// Upload a file (CSV, xlsx, NDJSON) as an import job to a running system (this one on
    /// localhost:8080, or `--url` with `--client-id`/`--client-secret`), follow it with a
    /// progress bar, and write the per-row report next to it (FILE.report.csv).
    Import(formaliza_shared::imports::cli::ImportArgs),
    #[command(flatten)]
    Admin(formaliza_gateway::cli::AdminCommand),
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (cli, language) = language::parse_command_line::<Cli>();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Import(args) = &command {
        formaliza_shared::imports::cli::run(args, &mut std::io::stdout())?;
        return Ok(());
    }
    let config = StandaloneConfig::from_env()?;
    let with_demo = match command {
        Command::Serve => false,
        Command::Demo => true,
        Command::Import(_) => return Ok(()),
        Command::Admin(admin) => return formaliza_gateway::cli::admin(admin, &config.gateway),
    };
    formaliza_shared::context::init_logging();
    actix_web::rt::System::new().block_on(async move {
        let mut system = formaliza::start(config)?;
        system.spawn();
        let public = format!("http://localhost:{}", system.port);
        let metrics = system.metrics_url.clone();
        if with_demo {
            let loaded = demo::run(&system).await?;
            println!("{}", loaded.describe(&public, language));
        }
        let running = language.say(
            "cli-running",
            &[
                ("public", public.as_str().into()),
                ("metrics", metrics.as_str().into()),
            ],
        );
        println!("\n{running}\n");
        system.run_until_signal().await?;
        Ok(())
    })
}
