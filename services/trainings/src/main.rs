//! Runs the trainings service alone (configuration from the environment; see the README).
//! `formaliza-trainings token --scopes "…"` prints a development token; `formaliza-trainings migrate`
//! applies the migrations and exits.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    formaliza_shared::server::main(
        "trainings",
        8082,
        formaliza_trainings::migrations,
        formaliza_trainings::build,
    )
}
