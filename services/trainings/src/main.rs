//! Runs the trainings service alone (configuration from the environment; see the README).
//! `formaliza-trainings --help` lists the commands: `token` prints a development token,
//! `migrate` applies the migrations and exits.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    formaliza_shared::server::Binary {
        name: "trainings",
        default_port: 8082,
        migrations: formaliza_trainings::migrations,
        build: formaliza_trainings::build,
    }
    .main()
}
