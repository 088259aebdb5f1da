//! `formaliza`: the whole system in one process (see the crate documentation).

use formaliza::{StandaloneConfig, demo};

const USAGE: &str = "usage:
  formaliza                       run the gateway and the three services (http://localhost:8080/docs)
  formaliza demo                  the same, after loading the demo programme through the API (once)
  formaliza token --client ID_OR_NAME [--scopes \"…\"]   print a token for a registered client
  formaliza clients add --name NAME --scopes \"members:read …\" [--partner-id ID]
  formaliza clients list | disable ID | enable ID | reset-secret ID
  formaliza keys rotate           new signing key; older ones verify until their tokens expire
Configuration comes from environment variables (README: Configuration).";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = StandaloneConfig::from_env()?;
    let with_demo = match args.first().map(String::as_str) {
        None | Some("serve") => false,
        Some("demo") => true,
        Some("token" | "clients" | "keys" | "migrate") => {
            return formaliza_gateway::cli::admin(&args, &config.gateway);
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            return Ok(());
        }
        Some(other) => return Err(format!("unknown command {other:?}\n{USAGE}").into()),
    };
    formaliza_shared::context::init_logging();
    actix_web::rt::System::new().block_on(async move {
        let mut system = formaliza::start(config)?;
        system.spawn();
        let public = format!("http://localhost:{}", system.port);
        if with_demo {
            let loaded = demo::run(&system).await?;
            println!("{}", loaded.describe(&public));
        }
        println!(
            "\nFormaliza is running.\n  \
             API documentation  {public}/docs\n  \
             OpenAPI document   {public}/openapi.json\n  \
             Health             {public}/healthz, {public}/readyz\n\
             Get a token (in another terminal):\n  \
             cargo run --release -- clients add --name \"My NGO\" --scopes \"members:read members:write\" --partner-id my-ngo\n  \
             TOKEN=$(cargo run -q --release -- token --client \"My NGO\")\n  \
             curl -s {public}/v1/members -H \"Authorization: Bearer $TOKEN\"\n\
             Ctrl-C stops everything.\n"
        );
        system.run_until_signal().await?;
        Ok(())
    })
}
