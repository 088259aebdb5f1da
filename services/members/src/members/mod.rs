pub mod db;
pub mod erasure;
pub mod handlers;
pub mod import;
pub mod model;
pub mod national_id;
