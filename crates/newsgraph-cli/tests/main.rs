//! Integration tests of the `newsgraph` binary: each test runs the built binary in a temporary
//! directory and checks its stdout, stderr and exit status.

mod bench;
mod extract;
mod graph;
mod help;
mod ingest;
mod live;
mod on_postgres;
mod parse;
mod util;
mod watch;
mod web;
