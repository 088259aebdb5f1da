//! `formaliza-gateway` runs the gateway; `formaliza-gateway clients add|list|disable|enable|reset-secret`,
//! `formaliza-gateway keys rotate` and `formaliza-gateway migrate` manage its database.

use formaliza_gateway::{GatewayConfig, cli};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = GatewayConfig::from_env()?;
    if !args.is_empty() {
        return cli::admin(&args, &config);
    }
    formaliza_shared::context::init_logging();
    actix_web::rt::System::new().block_on(async {
        formaliza_gateway::build(config)?
            .server
            .await
            .map_err(Into::into)
    })
}
