//! Environment variables: read, parsed, and why they could not be.

use std::fmt;

/// Why configuration could not be read.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

/// Reads an environment variable, treating empty as unset.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Reads and parses a variable, or returns the default.
pub fn parse_var<T: std::str::FromStr>(name: &str, default: T) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse()
            .map_err(|e| ConfigError(format!("{name}={text:?}: {e}"))),
    }
}
