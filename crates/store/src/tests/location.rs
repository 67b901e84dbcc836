//! `Location::choose`: which backend a configuration names, and what its Debug shows.

use std::path::{Path, PathBuf};

use crate::{Location, StoreError};

#[test]
fn the_data_dir_is_used_unless_a_database_url_is_given() {
    let dir = Path::new("/var/lib/sundial");
    for url in [None, Some(""), Some("   ")] {
        let location = Location::choose(dir, url).expect("a location");
        assert_eq!(location, Location::DataDir(dir.to_path_buf()), "{url:?}");
    }
}

#[test]
fn a_database_url_chooses_its_backend() {
    let dir = Path::new("/var/lib/sundial");
    let cases = [
        (
            "postgres://sundial:secret@db.internal:5432/sundial",
            Location::Postgres("postgres://sundial:secret@db.internal:5432/sundial".into()),
        ),
        (
            "postgresql://db.internal/sundial?sslmode=require",
            Location::Postgres("postgresql://db.internal/sundial?sslmode=require".into()),
        ),
        (
            "  postgres://db.internal/sundial  ",
            Location::Postgres("postgres://db.internal/sundial".into()),
        ),
        (
            "sqlite://data/sundial.db",
            Location::SqliteFile(PathBuf::from("data/sundial.db")),
        ),
        (
            "sqlite:///srv/sundial/sundial.db",
            Location::SqliteFile(PathBuf::from("/srv/sundial/sundial.db")),
        ),
        (
            "sqlite://sundial.db?mode=rwc",
            Location::SqliteFile(PathBuf::from("sundial.db")),
        ),
    ];
    for (url, expected) in cases {
        assert_eq!(
            Location::choose(dir, Some(url)).expect(url),
            expected,
            "{url}"
        );
    }
}

#[test]
fn an_unsupported_scheme_is_refused_naming_it() {
    let dir = Path::new("/var/lib/sundial");
    let cases = [
        ("mysql://root:hunter2@localhost/sundial", "\"mysql\""),
        ("redis://localhost", "\"redis\""),
        ("sundial.db", "(none)"),
    ];
    for (url, named) in cases {
        let error = Location::choose(dir, Some(url)).expect_err(url);
        let StoreError::Config(message) = &error else {
            panic!("{url}: expected a configuration error, got {error:?}");
        };
        assert!(message.contains(named), "{url}: {message}");
        assert!(
            message.contains("postgres://"),
            "says what works: {message}"
        );
        assert!(
            !message.contains("hunter2"),
            "leaks the password: {message}"
        );
    }
}

#[test]
fn a_postgres_locations_debug_never_shows_the_password() {
    let location = Location::choose(
        Path::new("/data"),
        Some("postgres://sundial:hunter2@db.internal/sundial"),
    )
    .expect("a PostgreSQL location");
    let shown = format!("{location:?} {location:#?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("Postgres"), "{shown}");

    let dir = Location::choose(Path::new("/data"), None).expect("a location");
    assert_eq!(format!("{dir:?}"), "DataDir(/data)");
}
