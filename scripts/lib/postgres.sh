# shellcheck shell=bash
#
# PostgreSQL for the test suite: a throwaway cluster that lives as long as one
# `scripts/test` run.
#
# Sourced by scripts/test; can also be sourced by hand to get a server for a
# few tests:
#
#     source scripts/lib/postgres.sh
#     sundial_pg_start            # exports SUNDIAL_TEST_POSTGRES_URL
#     cargo nextest run -p sundial-store
#     sundial_pg_stop             # stops the server, deletes its files
#
# Why a private cluster instead of the machine's own PostgreSQL: it needs no
# passwords or existing roles, cannot touch anyone's data, runs with the
# durability switched off (fast), and is gone afterwards.
#
# The PostgreSQL tests FAIL when SUNDIAL_TEST_POSTGRES_URL is missing (they
# never skip), so every function here reports errors loudly and returns
# non-zero rather than carrying on without a server.
#
# Safe under `set -euo pipefail` and in an interactive shell: nothing here
# calls `exit` or changes shell options.

# --- state of the cluster this shell started (empty = none) -----------------
SUNDIAL_PG_BIN=""      # directory holding initdb, pg_ctl, postgres
SUNDIAL_PG_DIR=""      # temp dir: data/, the socket, the server log
SUNDIAL_PG_PORT=""
SUNDIAL_PG_OWNER=""    # system user running the server when we are root
SUNDIAL_PG_STARTED_URL=""

# Where distributions put versioned server binaries (Debian/Ubuntu layout).
# Overridable only so the detection logic can be exercised; not an interface.
: "${SUNDIAL_PG_SEARCH_ROOTS:=/usr/lib/postgresql}"

sundial_log() { printf '[sundial] %s\n' "$*" >&2; }
sundial_err() { printf '[sundial] ERROR: %s\n' "$*" >&2; }

# Run a command as root: directly when we are root, through sudo otherwise.
sundial_as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    sundial_err "need root to run '$*' (not root, and sudo is not installed)"
    return 1
  fi
}

# ============================================================================
# System packages.
#
# THE place to add anything the suite needs from the operating system, e.g.
# for the browser tests: `ensure_debian_packages chromium chromium-driver`.
# Installs only the packages that are missing, so on a prepared machine it
# costs one dpkg query and never touches the network.
# ============================================================================
ensure_debian_packages() {
  local pkg missing=()
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    sundial_err "cannot install '$*': this is not a Debian-like system (no dpkg-query/apt-get)."
    sundial_err "install them with your package manager and run again."
    return 1
  fi
  for pkg in "$@"; do
    # db:Status-Status is "installed" only for fully installed packages
    # (not for removed-but-configured or half-installed ones).
    if [[ $(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true) != installed ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  sundial_log "installing system packages: ${missing[*]}"
  # A fresh machine has no package lists, so always update before installing.
  # `env` carries DEBIAN_FRONTEND through sudo, which would otherwise drop it.
  if ! sundial_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
     ! sundial_as_root env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    sundial_err "apt-get could not install: ${missing[*]}"
    return 1
  fi
}

# ============================================================================
# Finding the server binaries.
# ============================================================================

# Does directory $1 hold a usable server (initdb, pg_ctl and postgres)?
sundial_pg_is_bin_dir() {
  [[ -x $1/initdb && -x $1/pg_ctl && -x $1/postgres ]]
}

# Sets SUNDIAL_PG_BIN to a directory with initdb, pg_ctl and postgres.
# PATH wins (that is how a developer picks a version); then the highest
# version under /usr/lib/postgresql/*/bin, which is where Debian puts them
# without adding them to PATH.
sundial_pg_find_bin() {
  local initdb dir root candidates=()
  if initdb=$(command -v initdb 2>/dev/null); then
    # Resolve symlinks (e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin)
    # so the helper tools come from the same version as the server.
    dir=$(dirname -- "$(readlink -f -- "$initdb")")
    if sundial_pg_is_bin_dir "$dir"; then
      SUNDIAL_PG_BIN=$dir
      return 0
    fi
  fi
  for root in $SUNDIAL_PG_SEARCH_ROOTS; do
    for dir in "$root"/*/bin; do
      sundial_pg_is_bin_dir "$dir" && candidates+=("$dir")
    done
  done
  if [[ ${#candidates[@]} -gt 0 ]]; then
    # Version sort so that 9.6 < 10 < 15 < 16.
    SUNDIAL_PG_BIN=$(printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1)
    return 0
  fi
  return 1
}

# Finds the server binaries, installing Debian's `postgresql` package if they
# are missing. A missing PostgreSQL is an error, never a reason to skip.
sundial_pg_ensure_bin() {
  sundial_pg_find_bin && return 0
  sundial_log "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in PATH" \
    "or under ${SUNDIAL_PG_SEARCH_ROOTS// /, }; installing them"
  if ensure_debian_packages postgresql && sundial_pg_find_bin; then
    return 0
  fi
  sundial_err "no PostgreSQL server available, and the PostgreSQL tests cannot be skipped."
  sundial_err "install the server (Debian: apt-get install postgresql), or point"
  sundial_err "SUNDIAL_TEST_POSTGRES_URL at a server where the user may CREATE DATABASE."
  return 1
}

# ============================================================================
# Running the server.
# ============================================================================

# PostgreSQL refuses to run as root. As root, pick the system user that will
# own and run the cluster: Debian's `postgres`, or a `sundial-pg` we create.
sundial_pg_pick_owner() {
  SUNDIAL_PG_OWNER=""
  [[ $(id -u) -eq 0 ]] || return 0
  if getent passwd postgres >/dev/null; then
    SUNDIAL_PG_OWNER=postgres
    return 0
  fi
  if ! getent passwd sundial-pg >/dev/null; then
    sundial_log "creating system user sundial-pg to run the test PostgreSQL"
    useradd --system --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin sundial-pg || {
      sundial_err "could not create system user sundial-pg"
      return 1
    }
  fi
  SUNDIAL_PG_OWNER=sundial-pg
}

# Run a PostgreSQL tool as the cluster owner. The subshell cds into the
# cluster dir first: the owner may not be able to enter the caller's cwd
# (e.g. /root), which makes initdb and postgres complain.
sundial_pg_as_owner() {
  (
    cd -- "$SUNDIAL_PG_DIR" || exit 1
    if [[ -z $SUNDIAL_PG_OWNER ]]; then
      exec "$@"
    elif command -v runuser >/dev/null 2>&1; then
      exec runuser -u "$SUNDIAL_PG_OWNER" -- "$@"
    else
      exec su -s /bin/bash "$SUNDIAL_PG_OWNER" -c "$(printf '%q ' "$@")"
    fi
  )
}

# A TCP port nobody listens on right now. Python asks the kernel; without
# Python take a random high port. Either can race with another process, so
# the caller retries on "address in use".
sundial_pg_free_port() {
  if command -v python3 >/dev/null 2>&1 &&
     python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null; then
    return 0
  fi
  echo $((20000 + RANDOM % 30000))
}

# C.UTF-8 gives UTF-8 character classes (lower(), full-text parsing of
# non-ASCII words) with byte-order collation; plain C where it is missing.
sundial_pg_locale() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    echo C.UTF-8
  else
    echo C
  fi
}

# Start a throwaway cluster and export SUNDIAL_TEST_POSTGRES_URL.
# If SUNDIAL_TEST_POSTGRES_URL is already set, use that server and start none.
sundial_pg_start() {
  if [[ -n ${SUNDIAL_TEST_POSTGRES_URL:-} ]]; then
    # Do not echo the URL: it may carry a password.
    sundial_log "PostgreSQL: using the server in SUNDIAL_TEST_POSTGRES_URL (set by the caller)"
    return 0
  fi
  if [[ -n $SUNDIAL_PG_DIR ]]; then
    sundial_err "a test PostgreSQL is already running from $SUNDIAL_PG_DIR"
    return 1
  fi

  local t0=$SECONDS locale attempt version
  sundial_pg_ensure_bin || return 1
  sundial_pg_pick_owner || return 1

  # State is recorded as soon as the directory exists, so sundial_pg_stop
  # (e.g. from a trap on Ctrl-C) cleans up a half-started cluster too.
  SUNDIAL_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sundial-pg.XXXXXX") || {
    sundial_err "mktemp failed"
    return 1
  }
  if [[ -n $SUNDIAL_PG_OWNER ]]; then
    chown "$SUNDIAL_PG_OWNER:" "$SUNDIAL_PG_DIR" || { sundial_pg_stop; return 1; }
    if ! sundial_pg_as_owner test -w "$SUNDIAL_PG_DIR"; then
      sundial_err "user $SUNDIAL_PG_OWNER cannot write to $SUNDIAL_PG_DIR (is a parent directory private? try TMPDIR=/tmp)"
      sundial_pg_stop
      return 1
    fi
  fi
  # The Unix socket lives in the temp dir; its path is limited to ~107 bytes.
  if (( ${#SUNDIAL_PG_DIR} > 80 )); then
    sundial_err "temp dir path too long for a Unix socket: $SUNDIAL_PG_DIR (try TMPDIR=/tmp)"
    sundial_pg_stop
    return 1
  fi

  locale=$(sundial_pg_locale)
  # trust auth: the server only listens on 127.0.0.1 and a private socket,
  # and lives for one test run. --no-sync: durability of a throwaway cluster
  # does not matter.
  if ! sundial_pg_as_owner "$SUNDIAL_PG_BIN/initdb" -D "$SUNDIAL_PG_DIR/data" \
      -U sundial --auth=trust --no-sync -E UTF8 --locale="$locale" \
      >"$SUNDIAL_PG_DIR/initdb.log" 2>&1; then
    sundial_err "initdb failed:"
    cat "$SUNDIAL_PG_DIR/initdb.log" >&2
    sundial_pg_stop
    return 1
  fi

  # Speed over durability: tests create and drop many databases, and a crash
  # only loses a cluster we throw away anyway. max_connections: every test
  # opens its own pool, and nextest runs tests in parallel.
  cat >>"$SUNDIAL_PG_DIR/data/postgresql.conf" <<EOF

# --- sundial test cluster (scripts/lib/postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SUNDIAL_PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 128MB
EOF

  # The port is chosen before the server binds it, so another process can
  # take it in between: retry with a fresh port when that happens.
  for attempt in 1 2 3 4 5; do
    SUNDIAL_PG_PORT=$(sundial_pg_free_port)
    # Empty the log of a failed attempt (truncate, do not recreate: it must
    # stay owned by the cluster owner, who writes it).
    if [[ -f $SUNDIAL_PG_DIR/postgres.log ]]; then : >"$SUNDIAL_PG_DIR/postgres.log"; fi
    if sundial_pg_as_owner "$SUNDIAL_PG_BIN/pg_ctl" -D "$SUNDIAL_PG_DIR/data" \
        -l "$SUNDIAL_PG_DIR/postgres.log" -o "-p $SUNDIAL_PG_PORT" \
        -w -t 60 start >/dev/null 2>"$SUNDIAL_PG_DIR/pg_ctl.err"; then
      break
    fi
    if grep -q 'Address already in use' "$SUNDIAL_PG_DIR/postgres.log" 2>/dev/null && (( attempt < 5 )); then
      sundial_log "port $SUNDIAL_PG_PORT was taken; retrying with another"
      continue
    fi
    sundial_err "PostgreSQL did not start; pg_ctl said:"
    cat "$SUNDIAL_PG_DIR/pg_ctl.err" >&2 2>/dev/null || true
    sundial_err "server log:"
    tail -n 40 "$SUNDIAL_PG_DIR/postgres.log" >&2 2>/dev/null || true
    sundial_pg_stop
    return 1
  done

  # pg_ctl -w already waited for "ready"; pg_isready confirms that TCP on
  # 127.0.0.1 (what the tests use) answers, not just the socket.
  if [[ -x $SUNDIAL_PG_BIN/pg_isready ]] &&
     ! "$SUNDIAL_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$SUNDIAL_PG_PORT" -U sundial -d postgres -t 30; then
    sundial_err "PostgreSQL started but does not answer on 127.0.0.1:$SUNDIAL_PG_PORT; server log:"
    tail -n 40 "$SUNDIAL_PG_DIR/postgres.log" >&2 2>/dev/null || true
    sundial_pg_stop
    return 1
  fi

  SUNDIAL_PG_STARTED_URL="postgres://sundial@127.0.0.1:$SUNDIAL_PG_PORT/postgres"
  export SUNDIAL_TEST_POSTGRES_URL=$SUNDIAL_PG_STARTED_URL
  version=$("$SUNDIAL_PG_BIN/postgres" --version 2>/dev/null || echo "PostgreSQL (unknown version)")
  sundial_log "PostgreSQL: $version on 127.0.0.1:$SUNDIAL_PG_PORT" \
    "(binaries $SUNDIAL_PG_BIN, data $SUNDIAL_PG_DIR${SUNDIAL_PG_OWNER:+, user $SUNDIAL_PG_OWNER}," \
    "ready in $((SECONDS - t0))s)"
  sundial_log "PostgreSQL: SUNDIAL_TEST_POSTGRES_URL=$SUNDIAL_TEST_POSTGRES_URL"
}

# Stop the cluster started by sundial_pg_start and delete its files.
# Idempotent, never fails: it runs from traps on exit and on Ctrl-C.
sundial_pg_stop() {
  [[ -n $SUNDIAL_PG_DIR ]] || return 0
  local pid=""
  if [[ -f $SUNDIAL_PG_DIR/data/postmaster.pid ]]; then
    # immediate: no shutdown checkpoint, the data is deleted next anyway.
    if ! sundial_pg_as_owner "$SUNDIAL_PG_BIN/pg_ctl" -D "$SUNDIAL_PG_DIR/data" \
        -m immediate -w -t 30 stop >/dev/null 2>&1; then
      # Last resort: kill the server this shell started, by its pid.
      pid=$(head -n 1 "$SUNDIAL_PG_DIR/data/postmaster.pid" 2>/dev/null || true)
      if [[ $pid =~ ^[0-9]+$ ]]; then
        sundial_log "pg_ctl stop failed; killing PostgreSQL pid $pid"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  rm -rf -- "$SUNDIAL_PG_DIR" 2>/dev/null || true
  if [[ -n $SUNDIAL_PG_STARTED_URL && ${SUNDIAL_TEST_POSTGRES_URL:-} == "$SUNDIAL_PG_STARTED_URL" ]]; then
    unset SUNDIAL_TEST_POSTGRES_URL
  fi
  SUNDIAL_PG_DIR="" SUNDIAL_PG_PORT="" SUNDIAL_PG_STARTED_URL=""
  return 0
}

# Copy the server log somewhere that survives sundial_pg_stop (for a failed run).
sundial_pg_save_log() {
  [[ -n $SUNDIAL_PG_DIR && -f $SUNDIAL_PG_DIR/postgres.log ]] || return 0
  { mkdir -p -- "$(dirname -- "$1")" && cp -- "$SUNDIAL_PG_DIR/postgres.log" "$1"; } 2>/dev/null || true
}
