//! `newsgraph serve`: the JSON API and web UI of `newsgraph-server` over a database written by
//! `ingest`. Read-only unless a token is given (flag or `NEWSGRAPH_TOKEN`); binds loopback
//! unless told otherwise.

use crate::common::DataArgs;
use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `newsgraph serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// SQLite database written by `newsgraph ingest`, or a PostgreSQL database as a
    /// `postgres://user@host/db` URL.
    #[arg(long, value_name = "FILE", default_value = "newsgraph.db")]
    pub db: PathBuf,
    /// Address to listen on (loopback by default; `0.0.0.0:8080` serves the network).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token that enables `POST /api/documents` (ingestion); without one the server is
    /// read-only. Read from the environment variable `NEWSGRAPH_TOKEN` when not given.
    #[arg(long, value_name = "T")]
    pub token: Option<String>,
    /// Largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 5 * 1024 * 1024)]
    pub body_limit: usize,
    /// Alias file forcing or forbidding merges of entities across documents (default: the
    /// data directory's aliases.tsv; see README, "Graph").
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}

/// Run `newsgraph serve`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = newsgraph_server::Config {
        db: args.db,
        token: args
            .token
            .or_else(|| std::env::var("NEWSGRAPH_TOKEN").ok())
            .filter(|t| !t.is_empty()),
        body_limit: args.body_limit,
        data: args.data.checked_dir()?,
        aliases: args.aliases,
    };
    let writable = config.token.is_some();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime
        .block_on(newsgraph_server::serve(config, args.addr, |addr| {
            eprintln!(
                "newsgraph: serving http://{addr}/ ({})",
                if writable {
                    "ingestion enabled"
                } else {
                    "read-only"
                }
            );
        }))
        .context("serving")?;
    Ok(ExitCode::SUCCESS)
}
