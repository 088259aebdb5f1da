//! Runs the social-protection service alone (configuration from the environment; see the README).
//! `formaliza-social-protection token --scopes "…"` prints a development token;
//! `formaliza-social-protection migrate` applies the migrations and exits;
//! `formaliza-social-protection rebuild-coverage` rebuilds the kept coverage model from the
//! enrolments and the read model (after loading data straight into the tables) and exits.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    formaliza_shared::server::main_with(
        "social-protection",
        8083,
        formaliza_social_protection::migrations,
        formaliza_social_protection::build,
        &[formaliza_shared::server::Command {
            name: "rebuild-coverage",
            run: formaliza_social_protection::indicators::periods::rebuild_all,
        }],
    )
}
