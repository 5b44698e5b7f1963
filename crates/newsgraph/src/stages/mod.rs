//! The stages, one folder each, named as their [`Stage::name`](crate::stage::Stage::name).
//!
//! Each folder holds the stage's data (loaded from a [`DataDir`](crate::data::DataDir) by its
//! `load`), the [`Stage`](crate::stage::Stage) itself and its passes. A stage keeps only its own
//! data; what it needs of another stage's data is handed to it by `pipeline.rs`, the only place
//! that lists the stages and their order.

pub mod agents;
pub mod amounts;
pub mod coref;
pub mod entities;
pub mod events;
pub mod gazetteer;
pub mod names;
pub mod places;
pub mod quotes;
pub mod segment;
pub mod syntax;
pub mod tagger;
pub mod tone;
