//! The `sundial` binary end to end: serve answers /healthz and stops cleanly on SIGTERM; migrate
//! and admin bootstrap work on a fresh data dir; a bad database URL is a clear error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn sundial() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sundial"));
    for variable in ["SUNDIAL_DATA_DIR", "SUNDIAL_LISTEN", "SUNDIAL_DATABASE_URL"] {
        command.env_remove(variable);
    }
    command.env("RUST_LOG", "warn");
    command
}

fn http_get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connecting to the server");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_creates_the_data_dir_answers_healthz_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested/data");
    let mut child = sundial()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let address = line
        .trim()
        .strip_prefix("Sundial is running at http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    let response = http_get(&address, "/healthz");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains(r#"{"status":"ok"}"#), "{response}");
    assert!(data.join("sundial.db").exists());
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
}

#[test]
fn migrate_and_admin_bootstrap_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let migrate = sundial().args(["migrate", "--data-dir", data]).output().unwrap();
    assert!(migrate.status.success(), "{migrate:?}");
    let created = sundial()
        .args(["admin", "--data-dir", data, "create-workspace", "--name", "Acme", "--owner-email"])
        .args(["ana@acme.test", "--owner-name", "Ana", "--time-zone", "Europe/Lisbon"])
        .env("SUNDIAL_ADMIN_PASSWORD", "correct horse battery")
        .output()
        .unwrap();
    assert!(created.status.success(), "{created:?}");
    let stdout = String::from_utf8(created.stdout).unwrap();
    let workspace_id = stdout
        .lines()
        .next()
        .and_then(|l| l.rsplit_once('(').map(|(_, id)| id.trim_end_matches(')').to_owned()))
        .unwrap();
    assert!(stdout.contains("api token sdl_"), "{stdout}");
    let member = sundial()
        .args(["admin", "--data-dir", data, "create-member", "--workspace", &workspace_id])
        .args(["--email", "kenji@acme.test", "--name", "Kenji", "--time-zone", "Asia/Tokyo"])
        .env("SUNDIAL_ADMIN_PASSWORD", "another good password")
        .output()
        .unwrap();
    assert!(member.status.success(), "{member:?}");
    assert!(String::from_utf8(member.stdout).unwrap().contains("@kenji"));
    let bad_zone = sundial()
        .args(["admin", "--data-dir", data, "create-member", "--workspace", &workspace_id])
        .args(["--email", "x@acme.test", "--name", "X", "--time-zone", "Mars/Base"])
        .env("SUNDIAL_ADMIN_PASSWORD", "another good password")
        .output()
        .unwrap();
    assert!(!bad_zone.status.success());
    assert!(String::from_utf8(bad_zone.stderr).unwrap().contains("time_zone"));
}

#[test]
fn an_unsupported_database_url_is_a_clear_error() {
    let output = sundial().args(["migrate", "--database-url", "mysql://db/sundial"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unsupported database URL scheme \"mysql\""), "{stderr}");
}
