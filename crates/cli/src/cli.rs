//! Command-line flags, each with its environment fallback and a line of help.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use sundial_app::seed;

/// Sundial: async-first team communication that respects everyone's working hours.
#[derive(Debug, Parser)]
#[command(name = "sundial", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (applies pending migrations first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseArgs),
    /// Fill an empty database: a demo team to explore, or bulk history for benchmarks.
    Seed {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(subcommand)]
        command: SeedCommand,
    },
    /// Operator tasks that need no web app.
    Admin {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(subcommand)]
        command: AdminCommand,
    },
}

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Directory of the embedded SQLite database (created on first start).
    #[arg(long, env = "SUNDIAL_DATA_DIR", default_value = "./sundial-data")]
    pub data_dir: PathBuf,
    /// A PostgreSQL URL (postgres://…); when given, it is used instead of the data directory.
    #[arg(long, env = "SUNDIAL_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

/// Flags of `sundial serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address to listen on.
    #[arg(long, env = "SUNDIAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Seed the demo team first when the database is empty (as `sundial seed demo`); a
    /// database that already holds a workspace is served as it is.
    #[arg(long)]
    pub demo: bool,
}

/// `sundial seed …`.
#[derive(Debug, Subcommand)]
pub enum SeedCommand {
    /// A realistic demo team (12 members in 8 time zones, channels, threads, asks in every
    /// state), dated around the current week. Prints how to sign in.
    Demo,
    /// Bulk synthetic history for benchmarks, through batched transactions.
    Load(LoadArgs),
}

/// Flags of `sundial seed load`.
#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Members (2 to 100,000), spread over eight time zones.
    #[arg(long, default_value_t = 1_000, value_parser = in_range(seed::MEMBERS))]
    pub members: usize,
    /// Public channels (1 to 10,000); everyone joins each.
    #[arg(long, default_value_t = 20, value_parser = in_range(seed::CHANNELS))]
    pub channels: usize,
    /// Messages (1 to 100,000,000), in threads of 20.
    #[arg(long, default_value_t = 1_000_000, value_parser = in_range(seed::MESSAGES))]
    pub messages: usize,
    /// Messages per transaction (100 to 50,000).
    #[arg(long, default_value_t = 5_000, value_parser = in_range(seed::BATCH))]
    pub batch: usize,
    /// Everyone's password (at least 8 characters).
    #[arg(
        long,
        env = "SUNDIAL_SEED_PASSWORD",
        default_value = "sundial-load",
        hide_env_values = true
    )]
    pub password: String,
}

/// A clap parser accepting a whole number within `range`, naming the range when it refuses.
fn in_range(
    range: std::ops::RangeInclusive<usize>,
) -> impl Fn(&str) -> Result<usize, String> + Clone + Send + Sync + 'static {
    move |text| {
        let value: usize = text
            .replace('_', "")
            .parse()
            .map_err(|_| format!("{text:?} is not a whole number"))?;
        if range.contains(&value) {
            Ok(value)
        } else {
            Err(format!(
                "{value} is out of range: must be from {} to {}",
                range.start(),
                range.end()
            ))
        }
    }
}

/// `sundial admin …`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a workspace and its owner; prints the owner's API token once.
    CreateWorkspace {
        /// The workspace's name.
        #[arg(long)]
        name: String,
        /// The owner's email (used to sign in).
        #[arg(long)]
        owner_email: String,
        /// The owner's display name.
        #[arg(long)]
        owner_name: String,
        /// The owner's IANA time zone, e.g. Europe/Lisbon.
        #[arg(long, default_value = "UTC")]
        time_zone: String,
        /// The owner's password (at least 8 characters). Prefer the environment variable.
        #[arg(long, env = "SUNDIAL_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// Add a member to a workspace.
    CreateMember {
        /// The workspace's id (printed by create-workspace).
        #[arg(long)]
        workspace: String,
        /// The member's email (used to sign in).
        #[arg(long)]
        email: String,
        /// The member's display name.
        #[arg(long)]
        name: String,
        /// The @handle; made from the email when left out.
        #[arg(long)]
        handle: Option<String>,
        /// The member's IANA time zone.
        #[arg(long, default_value = "UTC")]
        time_zone: String,
        /// owner, admin, member or guest.
        #[arg(long, default_value = "member")]
        role: String,
        /// The member's password (at least 8 characters). Prefer the environment variable.
        #[arg(long, env = "SUNDIAL_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
}
