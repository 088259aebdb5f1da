//! Runs the members service alone (configuration from the environment; see the README).

use formaliza_shared::config::ServiceConfig;

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    formaliza_shared::context::init_logging();
    let config = ServiceConfig::from_env("members", 8081)?;
    formaliza_members::build(config)?.server.await?;
    Ok(())
}
