# shellcheck shell=bash
#
# npm for the build: crates/server/build.rs runs `npm ci` to fetch the web
# pages' front-end libraries (package-lock.json). Any npm on the PATH will do;
# without one, Debian's `npm` is installed.
#
# Sourced by scripts/test after scripts/lib/postgres.sh (ensure_debian_packages).

sundial_node_ensure() {
  if command -v npm >/dev/null 2>&1; then
    return 0
  fi
  if ! ensure_debian_packages npm; then
    sundial_err "no npm: the server crate cannot fetch its web assets, so the build will fail"
    return 1
  fi
}
