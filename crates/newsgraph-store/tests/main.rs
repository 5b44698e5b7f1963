//! Integration tests of the store: one binary, a module per concern, helpers in `common`.

mod common;
mod export;
mod geo;
mod graph;
mod migrate;
mod on_postgres;
mod pipeline;
mod store;
mod validators;
