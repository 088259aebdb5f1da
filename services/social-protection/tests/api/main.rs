//! The social-protection API through HTTP, with the members service running beside it, on
//! SQLite and (when configured) PostgreSQL. One test binary: one link, shared helpers.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod bus;
mod common;
mod coverage;
mod enrollments;
mod export;
mod imports;
mod kept_model;
mod person_coverage;
mod programme;
mod read_model;
mod schemes;
