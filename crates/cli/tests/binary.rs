//! The `sundial` binary end to end: serve answers /healthz and stops cleanly on SIGTERM; migrate
//! and admin bootstrap work on a fresh data dir; a bad database URL is a clear error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn sundial() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sundial"));
    for variable in [
        "SUNDIAL_DATA_DIR",
        "SUNDIAL_LISTEN",
        "SUNDIAL_DATABASE_URL",
        "SUNDIAL_NO_JOBS",
        "SUNDIAL_SMTP_HOST",
        "SUNDIAL_MAIL_FROM",
        "SUNDIAL_PUBLIC_URL",
    ] {
        command.env_remove(variable);
    }
    command.env("RUST_LOG", "warn");
    command
}

fn http_get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connecting to the server");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("sending the request");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("reading the response");
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
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
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
    stop_with_sigterm(&mut child);
}

/// Starts `sundial serve` on a free port over `data`; returns the child and its address.
fn serve(data: &std::path::Path) -> (std::process::Child, String) {
    let mut child = sundial()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting sundial serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("reading the first line");
    let address = line
        .trim()
        .strip_prefix("Sundial is running at http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned();
    (child, address)
}

/// Sends SIGTERM and checks the server shuts down gracefully (exit status 0) within 20 s.
fn stop_with_sigterm(child: &mut std::process::Child) {
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = wait_with_deadline(child, 20);
    assert!(
        status.success(),
        "graceful shutdown exits 0, got {status:?}"
    );
}

/// Waits for the child to exit, failing the test (and killing it) after `seconds`.
fn wait_with_deadline(child: &mut std::process::Child, seconds: u64) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().expect("polling the child") {
            return status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server did not stop within {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The signal handlers are in place before the server says it listens: a SIGTERM sent the
/// moment the address is printed stops it gracefully instead of killing it. (They used to be
/// registered by a task spawned after that line, and CI caught a SIGTERM in between.)
#[test]
fn sigterm_the_moment_the_server_listens_still_shuts_down_gracefully() {
    for _ in 0..5 {
        let dir = tempfile::tempdir().expect("a temp dir");
        let (mut child, _address) = serve(dir.path());
        stop_with_sigterm(&mut child);
    }
}

#[test]
fn sigterm_stops_the_server_even_with_a_live_event_stream_open() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let data = dir.path().to_str().expect("a UTF-8 path");
    let created = sundial()
        .args([
            "admin",
            "--data-dir",
            data,
            "create-workspace",
            "--name",
            "Acme",
        ])
        .args(["--owner-email", "ana@acme.test", "--owner-name", "Ana"])
        .env("SUNDIAL_ADMIN_PASSWORD", "correct horse battery")
        .output()
        .expect("running admin");
    let stdout = String::from_utf8(created.stdout).expect("UTF-8");
    let token = stdout
        .lines()
        .find_map(|l| l.strip_prefix("api token "))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a token line")
        .to_owned();
    let (mut child, address) = serve(dir.path());
    let mut stream = TcpStream::connect(&address).expect("connecting");
    write!(
        stream,
        "GET /api/v1/events HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\r\n"
    )
    .expect("sending");
    let mut head = String::new();
    let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
    reader
        .read_line(&mut head)
        .expect("reading the status line");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    stop_with_sigterm(&mut child);
}

#[test]
fn migrate_and_admin_bootstrap_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let migrate = sundial()
        .args(["migrate", "--data-dir", data])
        .output()
        .unwrap();
    assert!(migrate.status.success(), "{migrate:?}");
    let created = sundial()
        .args([
            "admin",
            "--data-dir",
            data,
            "create-workspace",
            "--name",
            "Acme",
            "--owner-email",
        ])
        .args([
            "ana@acme.test",
            "--owner-name",
            "Ana",
            "--time-zone",
            "Europe/Lisbon",
        ])
        .env("SUNDIAL_ADMIN_PASSWORD", "correct horse battery")
        .output()
        .unwrap();
    assert!(created.status.success(), "{created:?}");
    let stdout = String::from_utf8(created.stdout).unwrap();
    let workspace_id = stdout
        .lines()
        .next()
        .and_then(|l| {
            l.rsplit_once('(')
                .map(|(_, id)| id.trim_end_matches(')').to_owned())
        })
        .unwrap();
    assert!(stdout.contains("api token sdl_"), "{stdout}");
    let member = sundial()
        .args([
            "admin",
            "--data-dir",
            data,
            "create-member",
            "--workspace",
            &workspace_id,
        ])
        .args([
            "--email",
            "kenji@acme.test",
            "--name",
            "Kenji",
            "--time-zone",
            "Asia/Tokyo",
        ])
        .env("SUNDIAL_ADMIN_PASSWORD", "another good password")
        .output()
        .unwrap();
    assert!(member.status.success(), "{member:?}");
    assert!(String::from_utf8(member.stdout).unwrap().contains("@kenji"));
    let bad_zone = sundial()
        .args([
            "admin",
            "--data-dir",
            data,
            "create-member",
            "--workspace",
            &workspace_id,
        ])
        .args([
            "--email",
            "x@acme.test",
            "--name",
            "X",
            "--time-zone",
            "Mars/Base",
        ])
        .env("SUNDIAL_ADMIN_PASSWORD", "another good password")
        .output()
        .unwrap();
    assert!(!bad_zone.status.success());
    assert!(
        String::from_utf8(bad_zone.stderr)
            .unwrap()
            .contains("time_zone")
    );
}

#[test]
fn an_unsupported_database_url_is_a_clear_error() {
    let output = sundial()
        .args(["migrate", "--database-url", "mysql://db/sundial"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unsupported database URL scheme \"mysql\""),
        "{stderr}"
    );
}

#[test]
fn bad_mail_settings_stop_serve_at_start_up_naming_the_flag() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let base = ["serve", "--data-dir", dir, "--listen", "127.0.0.1:0"];
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "--smtp-host",
                "mx",
                "--mail-from",
                "s@example.com",
                "--smtp-tls",
                "ssl",
            ],
            "--smtp-tls",
        ),
        (&["--smtp-host", "mx"], "--mail-from"),
        (
            &["--smtp-host", "mx", "--mail-from", "nobody"],
            "--mail-from",
        ),
        (&["--public-url", "sundial.example.com"], "--public-url"),
    ];
    for (flags, named) in cases {
        let output = sundial().args(base).args(flags).output().unwrap();
        assert!(!output.status.success(), "{flags:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(named), "{flags:?}: {stderr}");
    }
}
