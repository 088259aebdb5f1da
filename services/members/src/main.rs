//! Runs the members service alone (configuration from the environment; see the README).
//! `formaliza-members token --scopes "…"` prints a development token; `formaliza-members migrate`
//! applies the migrations and exits.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    formaliza_shared::server::main(
        "members",
        8081,
        formaliza_members::migrations,
        formaliza_members::build,
    )
}
