//! newsgraph: read news articles and rebuild the actors, their roles and their words as sourced
//! annotations over one [`Document`].
//!
//! Dependencies point one way, bottom to top:
//!
//! - core: [`document`] (the model and its layers), [`stage`] (the [`Stage`](stage::Stage)
//!   trait), [`error`], [`data`] (finding and reading data files, embedded or overridden);
//! - [`text`]: the helpers stages share (quotation marks, case, hashing);
//! - [`stages`]: one folder per stage, named as the stage, each with its own data and passes;
//! - [`pipeline`]: the only place that lists the stages, in order, and builds each stage's data;
//! - [`input`] (readers that make documents) and [`output`] (the JSON of `extract`).
//!
//! Every fact carries the byte span of its evidence in the document's text, which never changes
//! after input.
#![warn(missing_docs)]

pub mod data;
pub mod document;
pub mod error;
pub mod input;
pub mod output;
pub mod pipeline;
pub mod stage;
pub mod stages;
pub mod testing;
pub mod text;

pub use document::{Document, Meta, Span};
pub use error::{Error, Result};
pub use pipeline::{Pipeline, Resources};
