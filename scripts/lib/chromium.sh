# shellcheck shell=bash
#
# The browser for the browser tests (crates/server/tests/browser): Debian's
# `chromium` and `chromium-driver`, installed when /usr/bin/chromium or
# /usr/bin/chromedriver is missing. Never a tool's own browser download. The
# tests FAIL without them (they never skip), so a failed install is an error.
#
# Sourced by scripts/test after scripts/lib/postgres.sh (for sundial_log,
# sundial_err and sundial_as_root).

sundial_chromium_ensure() {
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    sundial_log "browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), $(/usr/bin/chromedriver --version 2>/dev/null | head -n 1)"
    return 0
  fi
  sundial_log "installing Debian's chromium and chromium-driver for the browser tests"
  if ! sundial_as_root apt-get update -q >/dev/null \
    || ! sundial_as_root apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null; then
    sundial_err "could not install chromium and chromium-driver; the browser tests will fail"
    return 1
  fi
}
