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
    /// Load a running server over HTTP and report throughput, latency and memory.
    Bench(BenchArgs),
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
    /// Pooled database connections: all of them on PostgreSQL (default 16), the readers on
    /// SQLite (default 8; SQLite has one writer besides).
    #[arg(long, env = "SUNDIAL_DATABASE_CONNECTIONS", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_connections: Option<u32>,
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
    /// Run no background jobs (notification delivery, reminders, digests): for extra nodes
    /// sharing one PostgreSQL database with a node that runs them.
    #[arg(long, env = "SUNDIAL_NO_JOBS")]
    pub no_jobs: bool,
    #[command(flatten)]
    pub mail: MailArgs,
}

/// Email: the SMTP server digests are sent through, and the address links in mail point to.
#[derive(Clone, Args)]
pub struct MailArgs {
    /// SMTP server host. Without it no email is sent; digests stay in the app.
    #[arg(long, env = "SUNDIAL_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP server port (default by TLS mode: 25 none, 587 starttls, 465 tls).
    #[arg(long, env = "SUNDIAL_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// How the SMTP connection is protected: none, starttls or tls.
    #[arg(long, env = "SUNDIAL_SMTP_TLS", default_value = "starttls")]
    pub smtp_tls: String,
    /// SMTP login name, if the server wants one (with --smtp-password).
    #[arg(long, env = "SUNDIAL_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    /// SMTP password. Prefer the environment variable.
    #[arg(long, env = "SUNDIAL_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// The From of every mail, e.g. "Sundial <sundial@example.com>" (needed with --smtp-host).
    #[arg(long, env = "SUNDIAL_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The address people reach this server at; links in mail are built on it.
    #[arg(long, env = "SUNDIAL_PUBLIC_URL", default_value = sundial_app::DEFAULT_PUBLIC_URL)]
    pub public_url: String,
}

// By hand, so the SMTP password never reaches a log.
impl std::fmt::Debug for MailArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailArgs")
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_tls", &self.smtp_tls)
            .field("smtp_username", &self.smtp_username)
            .field(
                "smtp_password",
                &self.smtp_password.as_ref().map(|_| "<redacted>"),
            )
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .finish()
    }
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

/// What `sundial bench` measures.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Scenario {
    /// Replies into 32 threads of a channel made for the run; 1 in 5 asks a member in another
    /// zone, each thread within its own group of six.
    Post,
    /// Inbox, thread view, channel thread list and search, in equal parts (writes nothing).
    Read,
    /// --clients event streams, then --posts posts: time until the last stream has each.
    Fanout,
    /// --clients event streams that keep dropping and resuming with Last-Event-ID while
    /// --posts posts are made; fails if any stream missed or repeated an event.
    Reconnect,
}

/// One kind of request of the `read` scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReadKind {
    /// `GET /api/v1/inbox`.
    Inbox,
    /// `GET /api/v1/threads/{id}`.
    Thread,
    /// `GET /api/v1/channels/{id}/threads`.
    Threads,
    /// `GET /api/v1/search?q=…`.
    Search,
    /// `GET /api/v1/me`: the floor under every authenticated request (token lookup, member).
    Me,
    /// `GET /healthz`: the floor under every request (HTTP, router, one pooled connection).
    Health,
}

/// Flags of `sundial bench`. The bench signs in with --token, or else --email and --password
/// (by default the demo's owner, as `sundial seed demo` made it), and writes into that
/// workspace (`post`, `fanout` and `reconnect` make a channel of their own): point it at a
/// seeded server, never at a real team's.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// The scenario to run.
    #[arg(value_enum)]
    pub scenario: Scenario,
    /// The server's base URL.
    #[arg(
        long,
        env = "SUNDIAL_BENCH_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub url: reqwest::Url,
    /// An API token to act with, instead of signing in.
    #[arg(long, env = "SUNDIAL_BENCH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// The email to sign in with.
    #[arg(long, default_value = "ana@demo.sundial.test")]
    pub email: String,
    /// The password to sign in with.
    #[arg(
        long,
        env = "SUNDIAL_BENCH_PASSWORD",
        default_value = "sundial-demo",
        hide_env_values = true
    )]
    pub password: String,
    /// Requests in flight at once (post, read), 1 to 1,024.
    #[arg(long, default_value_t = 16, value_parser = in_range(1..=1_024))]
    pub concurrency: usize,
    /// Requests to send (post, read), 1 to 10,000,000.
    #[arg(long, default_value_t = 2_000, value_parser = in_range(1..=10_000_000))]
    pub requests: usize,
    /// Stop after this many seconds even if requests or posts remain, 1 to 3,600.
    #[arg(long, default_value_t = 60, value_parser = in_range_u64(1..=3_600))]
    pub duration: u64,
    /// In the post scenario, one reply in this many carries an ask (0: none do, every reply
    /// is plain), 0 to 1,000.
    #[arg(long, default_value_t = 5, value_parser = in_range(0..=1_000))]
    pub ask_every: usize,
    /// Which reads the `read` scenario mixes, in equal parts (comma-separated); e.g. `inbox`
    /// alone measures the inbox without searches competing for the server.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "inbox,thread,threads,search"
    )]
    pub reads: Vec<ReadKind>,
    /// Event streams (fanout, reconnect), 1 to 10,000.
    #[arg(long, default_value_t = 100, value_parser = in_range(1..=10_000))]
    pub clients: usize,
    /// Posts made while the streams listen (fanout, reconnect), 1 to 100,000.
    #[arg(long, default_value_t = 50, value_parser = in_range(1..=100_000))]
    pub posts: usize,
    /// The server's process id, for its peak RSS; by default the process listening on the
    /// URL's port is found through /proc when the URL names this machine.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Also write the figures as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
}

/// [`in_range`] for `u64` flags.
fn in_range_u64(
    range: std::ops::RangeInclusive<u64>,
) -> impl Fn(&str) -> Result<u64, String> + Clone + Send + Sync + 'static {
    let wide = (*range.start() as usize)..=(*range.end() as usize);
    let parse = in_range(wide);
    move |text| parse(text).map(|value| value as u64)
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
