//! The journeys of issue 6, end to end: the whole system started in-process (gateway and the
//! three services, each on its own database), every request through the gateway with a token
//! from `POST /oauth/token`, on SQLite and, when configured, PostgreSQL.
//!
//! - `training`: a partner NGO registers a cooperative and imports its members, trains them, and
//!   a certificate is issued, verified publicly and counted in the training indicator.
//! - `coverage`: enrolments in schemes move the coverage indicator, exactly.
//! - `ministry`: a ministry syncs enrolments through the feed and exports them.
//! - `dashboard`: an `indicators:read` token reads aggregates and nothing else.
//! - `isolation`: one partner never sees or touches another's records.
//! - `formalisation`: an enterprise and its workers become formal, and the indicators follow.
//! - `edge`: oversized and malformed request heads, as a raw socket sees the answers.
//! - `webhooks`: partners and a ministry told of changes at their URLs, signed, in order.
//! - `public`: the programme office publishes an aggregate question; anyone reads it without a
//!   token (suppressed cells, CORS, ETag, cache, rate limit), and nothing else answers so.
//! - `programme`: the programme office reports a figure against an indicator; a dashboard sees
//!   it beside the records' figures, and it is corrected, never changed.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod coverage;
mod dashboard;
mod edge;
mod formalisation;
mod framing;
mod imports;
mod integrity;
mod isolation;
mod issuers;
mod ministry;
mod privacy;
mod programme;
mod public;
mod training;
mod webhooks;
