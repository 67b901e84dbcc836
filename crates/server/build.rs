//! Fetches the web pages' third-party front-end libraries from the npm registry (`npm ci`, as
//! pinned by the repository's `package-lock.json`) and copies the files the server embeds into
//! `OUT_DIR`, so the one binary serves them and no third-party code is copied into the
//! repository. `npm ci` runs only when `node_modules` is missing or older than the lockfile.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

/// Files the server embeds: (path under `node_modules`, name in `OUT_DIR`).
const VENDORED: &[(&str, &str)] = &[("htmx.org/dist/htmx.min.js", "htmx.min.js")];

/// Where `npm ci` leaves a copy of the lockfile it installed, to tell whether it is current.
const STAMP: &str = ".sundial-installed-lock.json";

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest
        .parent()
        .and_then(Path::parent)
        .expect("the server crate lives in crates/server")
        .to_path_buf();
    let lock = root.join("package-lock.json");
    println!("cargo::rerun-if-changed={}", lock.display());
    println!(
        "cargo::rerun-if-changed={}",
        root.join("package.json").display()
    );
    let modules = root.join("node_modules");
    let lock_text = fs::read(&lock).unwrap_or_else(|e| panic!("reading {}: {e}", lock.display()));
    let installed = fs::read(modules.join(STAMP)).ok();
    let complete = VENDORED
        .iter()
        .all(|(from, _)| modules.join(from).is_file());
    if installed.as_deref() != Some(lock_text.as_slice()) || !complete {
        npm_ci(&root);
        fs::write(modules.join(STAMP), &lock_text).expect("writing the install stamp");
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (from, to) in VENDORED {
        let source = modules.join(from);
        println!("cargo::rerun-if-changed={}", source.display());
        fs::copy(&source, out.join(to))
            .unwrap_or_else(|e| panic!("copying {} to OUT_DIR: {e}", source.display()));
    }
}

fn npm_ci(root: &Path) {
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(root)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "the web assets need npm (Node.js) to fetch front-end libraries from the npm \
                 registry; running `npm ci` failed: {e}. Install Node.js (Debian: apt-get install npm)."
            )
        });
    assert!(
        status.success(),
        "`npm ci` in {} failed: {status}",
        root.display()
    );
}
