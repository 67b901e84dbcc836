//! Rebuilds the crate when a migration is added: `sqlx::migrate!` embeds the folders' files at
//! compile time but only tracks the ones that existed when it last ran.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations/sqlite");
    println!("cargo:rerun-if-changed=../../migrations/postgres");
}
