DROP TABLE published_questions;
