//! Command-line flags, each with its environment fallback and a line of help.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
