//! The members API through HTTP, on SQLite and (when configured) PostgreSQL. One test binary:
//! one link, shared helpers.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod bus;
mod feed;
mod import;
mod imports;
mod indicators;
mod jobs;
mod kept_model;
mod outage;
mod records;
mod registrations;
mod upstream;
