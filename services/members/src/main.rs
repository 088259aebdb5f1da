//! Runs the members service alone (configuration from the environment; see the README).
//! `formaliza-members --help` lists the commands: `token` prints a development token,
//! `migrate` applies the migrations and exits.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    formaliza_shared::server::Binary {
        name: "members",
        default_port: 8081,
        migrations: formaliza_members::migrations,
        build: formaliza_members::build,
    }
    .main()
}
