//! newsgraph: read news articles and rebuild the actors, their roles and their words as sourced
//! annotations over one [`Document`].
//!
//! The pipeline (see [`pipeline`]) is a sequence of small stages, each of which reads annotation
//! layers of the document and adds its own; every fact carries the byte span of its evidence in
//! the document's text, which never changes after input. Resources (gazetteers, titles, word
//! lists) are data files loaded once by [`resources`].
#![warn(missing_docs)]

pub mod coref;
pub mod document;
pub mod entities;
pub mod error;
pub mod eval;
pub mod events;
pub mod input;
pub mod output;
pub mod pipeline;
pub mod quotes;
pub mod reflow;
pub mod resources;
pub mod segment;
pub mod time;

pub use document::{Document, Meta, Span};
pub use error::{Error, Result};
pub use pipeline::Pipeline;
pub use resources::Resources;
