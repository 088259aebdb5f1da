//! What every Formaliza service uses, written once: configuration, logging with request ids,
//! the database layer, problem+json errors, token verification and scopes, pagination, the
//! change feed, its consumer and its publisher on NATS JetStream, idempotency, versions and
//! merge patch, health endpoints, and the server skeleton.

pub mod age;
pub mod audit;
pub mod auth;
pub mod bus;
pub mod concurrency;
pub mod config;
pub mod consumer;
pub mod context;
pub mod db;
pub mod devtoken;
pub mod domain;
pub mod env;
pub mod error;
pub mod extract;
pub mod feed;
pub mod head;
pub mod health;
pub mod idempotency;
pub mod ids;
pub mod imports;
pub mod kept;
pub mod language;
pub mod lifecycle;
pub mod openapi;
pub mod pagination;
pub mod patch;
pub mod privacy;
pub mod read;
pub mod resource;
pub mod schema;
pub mod series;
pub mod server;
pub mod state;
pub mod suppression;
#[cfg(feature = "testing")]
pub mod testing;
pub mod upstream;
pub mod write;

pub use auth::{Principal, Scope};
pub use db::{DbConnection, DbPool};
pub use error::{ApiError, FieldError, FieldErrors};
