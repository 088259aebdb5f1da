pub mod db;
pub mod formal;
pub mod handlers;
pub mod model;
