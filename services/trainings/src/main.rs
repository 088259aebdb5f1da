//! Runs the trainings service alone (configuration from the environment; see the README).
//! `formaliza-trainings token --scopes "…"` prints a development token instead.

use formaliza_shared::config::ServiceConfig;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "token") {
        println!("{}", formaliza_shared::devtoken::from_args(&args[1..])?);
        return Ok(());
    }
    formaliza_shared::context::init_logging();
    let config = ServiceConfig::from_env("trainings", 8082)?;
    actix_web::rt::System::new().block_on(async {
        formaliza_trainings::build(config)?
            .server
            .await
            .map_err(Into::into)
    })
}
