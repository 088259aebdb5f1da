pub mod db;
pub mod handlers;
pub mod model;
