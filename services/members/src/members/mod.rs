pub mod db;
pub mod handlers;
pub mod import;
pub mod model;
pub mod national_id;
