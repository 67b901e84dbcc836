# shellcheck shell=bash
#
# A real SMTP server for the test suite: aiosmtpd (from PyPI) running
# scripts/lib/smtp_sink.py on a free loopback port, filing every message it
# receives in a directory the mail tests read.
#
# Sourced by scripts/test; by hand:
#
#     source scripts/lib/postgres.sh    # for sundial_log / sundial_err
#     source scripts/lib/smtp.sh
#     sundial_smtp_start    # exports SUNDIAL_TEST_SMTP_ADDR, SUNDIAL_TEST_SMTP_MAILDIR
#     cargo nextest run -p sundial-server -E 'test(/mail/)'
#     sundial_smtp_stop
#
# aiosmtpd is installed into a virtualenv under target/ (kept between runs,
# so only the first run downloads it). The mail tests FAIL when the variables
# are missing; they never skip.

SUNDIAL_SMTP_PID=""
SUNDIAL_SMTP_DIR=""

# The virtualenv's python, created and given aiosmtpd when missing.
sundial_smtp_python() {
  local venv=${SUNDIAL_SMTP_VENV:-$REPO_ROOT/target/smtp-venv}
  if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
    # A fresh Debian has python3 without venv support (ensurepip): add what is missing.
    if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
      ensure_debian_packages python3 python3-venv >&2 || return 1
    fi
    sundial_log "installing aiosmtpd from PyPI into $venv"
    if ! python3 -m venv "$venv" >&2; then
      sundial_err "python3 -m venv failed: install python3 and python3-venv"
      return 1
    fi
    if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check aiosmtpd >&2; then
      sundial_err "pip install aiosmtpd failed"
      return 1
    fi
  fi
  printf '%s\n' "$venv/bin/python"
}

# Start the sink and export where it listens and where it files mail.
sundial_smtp_start() {
  local python waited=0
  python=$(sundial_smtp_python) || return 1
  SUNDIAL_SMTP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sundial-smtp.XXXXXX") || return 1
  "$python" "$REPO_ROOT/scripts/lib/smtp_sink.py" \
    --maildir "$SUNDIAL_SMTP_DIR/mail" --port-file "$SUNDIAL_SMTP_DIR/port" \
    2>"$SUNDIAL_SMTP_DIR/log" &
  SUNDIAL_SMTP_PID=$!
  # It writes the port file once it listens; give it ten seconds.
  while [[ ! -s $SUNDIAL_SMTP_DIR/port ]]; do
    if ! kill -0 "$SUNDIAL_SMTP_PID" 2>/dev/null || (( waited >= 100 )); then
      sundial_err "the SMTP test server did not start:"
      cat "$SUNDIAL_SMTP_DIR/log" >&2 || true
      sundial_smtp_stop
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  export SUNDIAL_TEST_SMTP_ADDR="127.0.0.1:$(<"$SUNDIAL_SMTP_DIR/port")"
  export SUNDIAL_TEST_SMTP_MAILDIR="$SUNDIAL_SMTP_DIR/mail"
  sundial_log "SMTP test server on $SUNDIAL_TEST_SMTP_ADDR, mail in $SUNDIAL_TEST_SMTP_MAILDIR"
}

# Stop the sink and delete what it received.
sundial_smtp_stop() {
  if [[ -n $SUNDIAL_SMTP_PID ]]; then
    kill "$SUNDIAL_SMTP_PID" 2>/dev/null || true
    wait "$SUNDIAL_SMTP_PID" 2>/dev/null || true
    SUNDIAL_SMTP_PID=""
  fi
  if [[ -n $SUNDIAL_SMTP_DIR ]]; then
    rm -rf -- "$SUNDIAL_SMTP_DIR"
    SUNDIAL_SMTP_DIR=""
  fi
}
