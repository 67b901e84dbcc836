//! One module per command; each turns flags into a call into the library crates.

mod admin;
mod mail;
mod seed;
mod serve;

use std::sync::Arc;

use anyhow::Context;
use sundial_app::App;
use sundial_core::SystemClock;
use sundial_store::{Location, Store, StoreOptions};

use crate::cli::{Cli, Command, DatabaseArgs};

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Migrate(database) => {
            let location = location(&database)?;
            sundial_store::migrate(&location)
                .await
                .context("applying migrations")?;
            println!("migrations applied");
            Ok(())
        }
        Command::Seed { database, command } => seed::run(open_app(&database).await?, command).await,
        Command::Bench(args) => crate::bench::run(args).await,
        Command::Admin { database, command } => {
            admin::run(open_app(&database).await?, command).await
        }
    }
}

fn location(database: &DatabaseArgs) -> anyhow::Result<Location> {
    Location::choose(&database.data_dir, database.database_url.as_deref())
        .context("choosing the database")
}

/// Opens the store (applying migrations) and builds the app on the real clock.
pub(crate) async fn open_app(database: &DatabaseArgs) -> anyhow::Result<App> {
    let location = location(database)?;
    let store = Store::open(
        &location,
        &StoreOptions {
            connections: database.database_connections,
        },
    )
    .await
    .with_context(|| format!("opening the database ({location:?})"))?;
    Ok(App::new(store, Arc::new(SystemClock)))
}
