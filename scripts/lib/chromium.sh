# shellcheck shell=bash
#
# The browser for the browser tests (crates/server/tests/browser): Debian's
# `chromium` and `chromium-driver` — never a tool's own browser download. The
# tests FAIL without them (they never skip), so a failed install is reported.
#
# Sourced by scripts/test after scripts/lib/postgres.sh, whose
# ensure_debian_packages installs only what is missing. The emoji font only
# makes reactions legible in the saved screenshots.

sundial_chromium_ensure() {
  if ! ensure_debian_packages chromium chromium-driver fonts-noto-color-emoji; then
    sundial_err "no chromium/chromedriver: the browser tests will fail"
    return 1
  fi
  sundial_log "browser: $(/usr/bin/chromium --version 2>/dev/null || echo '?'); $(/usr/bin/chromedriver --version 2>/dev/null | head -n 1 || echo '?')"
}
