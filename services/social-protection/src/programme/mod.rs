//! The programme's indicator framework (issue 19): a catalogue of indicators defined over the
//! computed measures, with baselines, targets and immutable reported values, each with the live
//! value frozen beside it; progress charts and an on-track overview.

pub mod db;
pub mod handlers;
pub mod live;
pub mod model;
