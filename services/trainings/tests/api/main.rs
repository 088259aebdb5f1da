//! The trainings API through HTTP, with the members service running beside it where a test
//! needs it, on SQLite and (when configured) PostgreSQL. One test binary: one link, shared
//! helpers.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod certificates;
mod common;
mod courses;
mod imports;
mod indicators;
mod participations;
