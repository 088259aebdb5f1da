//! Formalisation indicators: who became formal, organisations and workers.

pub mod db;
pub mod handlers;
pub mod model;
pub mod periods;
