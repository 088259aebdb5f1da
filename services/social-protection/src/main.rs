//! Runs the social-protection service alone (configuration from the environment; see the README).
//! `formaliza-social-protection token --scopes "…"` prints a development token; `formaliza-social-protection migrate`
//! applies the migrations and exits.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    formaliza_shared::server::main(
        "social-protection",
        8083,
        formaliza_social_protection::migrations,
        formaliza_social_protection::build,
    )
}
