pub mod cache;
pub mod compute;
pub mod handlers;
pub mod model;
pub mod periods;
