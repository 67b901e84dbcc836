//! The `sundial` binary: parse arguments, set up logging, run the chosen command.

mod bench;
mod cli;
mod commands;

use clap::Parser;

/// mimalloc rather than the system allocator: the SQLite writer allocates for every statement
/// and row it handles, and glibc's malloc and free were 15 % of its time (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    commands::run(cli).await
}
