//! Integration tests of the `newsgraph` binary: each test runs the built binary in a temporary
//! directory and checks its stdout, stderr and exit status.

mod extract;
mod help;
mod util;
