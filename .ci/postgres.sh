# shellcheck shell=bash
#
# A throwaway PostgreSQL cluster for the tests, for CI (`.ci/run`) and for developers
# (`scripts/with-postgres`, `just test-postgres`). Meant to be sourced, not run:
#
#     source .ci/postgres.sh
#     postgres_start            # exports TEST_POSTGRES_URL and POSTGRES_TEST_DIR
#     trap postgres_stop EXIT
#
# Why: the tests of the PostgreSQL code (storage, cluster coordination) need a real server, and
# the usual one on port 5432 is neither always there nor something a test run should write
# into. This starts a private cluster of Debian's `postgresql` package in a fresh temporary
# directory: trust authentication for the superuser `postgres`, on 127.0.0.1 only, on a port
# that was free, with durability off (fsync, synchronous_commit, full_page_writes: the data is
# thrown away anyway, and the tests run much faster without the disk; `POSTGRES_DURABLE=1`
# keeps PostgreSQL's durable defaults, for benchmarks; `POSTGRES_OPTIONS` adds server options,
# e.g. "-c shared_preload_libraries=pg_stat_statements"). `postgres_stop` kills it and removes the
# directory, so nothing outlives the run.
#
# When Debian's server binaries (`initdb`, `pg_ctl` under /usr/lib/postgresql/*/bin) or libpq's
# headers are missing, it installs `postgresql` and `libpq-dev` with apt-get (root, or sudo).
# `libpq-dev` is needed even when a server is at hand elsewhere: diesel's PostgreSQL backend
# (pq-sys) links against the system's libpq, and its build script finds it through pkg-config.
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user
# (created by the Debian package) and every server command runs through `runuser`; otherwise it
# belongs to the current user.
#
# Safe under `set -euo pipefail` in the caller: every command that may fail is checked, and both
# functions report through their return status (`postgres_stop` always returns 0).

# The newest Debian server binaries (/usr/lib/postgresql/<version>/bin holding initdb and
# pg_ctl), printed; nothing and status 1 when there are none.
_postgres_find_bin() {
    local dir best="" best_version="" version
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || continue
        version="${dir#/usr/lib/postgresql/}"
        version="${version%/bin}"
        # Compare as versions (10 > 9.6), not as strings.
        if [[ -z "$best" ]] || [[ "$(printf '%s\n%s\n' "$best_version" "$version" \
            | sort -V | tail -n 1)" == "$version" ]]; then
            best="$dir"
            best_version="$version"
        fi
    done
    [[ -n "$best" ]] || return 1
    printf '%s\n' "$best"
}

# Whether libpq's development files are installed (what pq-sys needs to link).
_postgres_have_libpq_dev() {
    # Without pkg-config this answers no: pkg-config is then installed along with libpq-dev
    # (installing libpq-dev again, if it was there, changes nothing).
    command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpq
}

# apt-get as root: directly when root, through sudo when it exists, else fail with a message.
_postgres_apt_get() {
    if [[ "$(id -u)" == 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo DEBIAN_FRONTEND=noninteractive apt-get "$@"
    else
        echo "postgres.sh: need root or sudo to run: apt-get $*" >&2
        return 1
    fi
}

# runuser (util-linux), printed: it lives in /usr/sbin, which root's PATH may lack.
_postgres_runuser() {
    local path
    for path in "$(command -v runuser 2>/dev/null || true)" /usr/sbin/runuser /sbin/runuser; do
        if [[ -n "$path" && -x "$path" ]]; then
            printf '%s\n' "$path"
            return 0
        fi
    done
    echo "postgres.sh: runuser not found (util-linux); needed to run PostgreSQL as root" >&2
    return 1
}

# Run a command as the cluster's owner: the `postgres` user when we are root, else ourselves.
# From the cluster's directory, so that the `postgres` user is not left in a working directory
# it may not read (initdb and pg_ctl complain about that).
_postgres_as_owner() {
    local runuser
    if [[ "$(id -u)" == 0 ]]; then
        runuser="$(_postgres_runuser)" || return 1
        (cd "$POSTGRES_TEST_DIR" && "$runuser" -u postgres -- "$@")
    else
        (cd "$POSTGRES_TEST_DIR" && "$@")
    fi
}

# A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it); a random one in
# 20000-40000 when python3 is missing or fails.
_postgres_free_port() {
    local port=""
    if command -v python3 >/dev/null 2>&1; then
        port="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null)" || port=""
    fi
    if ! [[ "$port" =~ ^[0-9]+$ ]]; then
        port=$((20000 + RANDOM % 20001))
    fi
    printf '%s\n' "$port"
}

# Install what is missing, create the cluster, start it; export TEST_POSTGRES_URL and
# POSTGRES_TEST_DIR. Returns non-zero (after printing the relevant log) on failure.
postgres_start() {
    local bin packages=() dir port attempt started=0 runuser options

    if [[ -n "${POSTGRES_TEST_DIR:-}" && -d "${POSTGRES_TEST_DIR:-}/data" ]]; then
        echo "postgres.sh: a test cluster is already running in $POSTGRES_TEST_DIR" >&2
        return 0
    fi

    # 1. What to install: the server when its binaries are missing, libpq-dev when pkg-config
    #    does not know libpq (and pkg-config itself when it is missing, to find libpq later).
    bin="$(_postgres_find_bin)" || bin=""
    [[ -n "$bin" ]] || packages+=(postgresql)
    _postgres_have_libpq_dev || packages+=(libpq-dev)
    command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
    if ((${#packages[@]} > 0)); then
        echo "postgres.sh: installing ${packages[*]}" >&2
        # Note: Debian's postgresql package also creates its own cluster `main` (port 5432) and
        # starts it where services can start; this script neither uses nor touches it.
        _postgres_apt_get update -qq || return 1
        _postgres_apt_get install -y -qq "${packages[@]}" >/dev/null || return 1
        bin="$(_postgres_find_bin)" || {
            echo "postgres.sh: no initdb/pg_ctl under /usr/lib/postgresql/*/bin after installing" >&2
            return 1
        }
        _postgres_have_libpq_dev || {
            echo "postgres.sh: pkg-config still does not find libpq after installing libpq-dev" >&2
            return 1
        }
    fi
    _POSTGRES_TEST_BIN="$bin"

    # 2. The directory: data/ (the cluster), log (the server's log), and the Unix socket (-k),
    #    all owned by whoever runs the server. As root, under /tmp when $TMPDIR would not be
    #    reachable by the postgres user (e.g. inside /root).
    dir="$(mktemp -d)" || return 1
    if [[ "$(id -u)" == 0 ]]; then
        runuser="$(_postgres_runuser)" || { rm -rf "$dir"; return 1; }
        if ! chown postgres: "$dir" || ! "$runuser" -u postgres -- test -w "$dir" 2>/dev/null; then
            rm -rf "$dir" || true
            dir="$(mktemp -d /tmp/postgres-test.XXXXXXXX)" || return 1
            chown postgres: "$dir" || { rm -rf "$dir"; return 1; }
        fi
    fi
    export POSTGRES_TEST_DIR="$dir"

    # 3. The cluster: superuser `postgres`, trust authentication (only 127.0.0.1 and a socket in
    #    a private directory can reach it), UTF-8; C.UTF-8 when that locale exists, else C.
    if ! _postgres_as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
        _postgres_as_owner rm -rf "$dir/data" || true
        if ! _postgres_as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync \
            -E UTF8 --locale=C >>"$dir/initdb.log" 2>&1; then
            echo "postgres.sh: initdb failed:" >&2
            cat "$dir/initdb.log" >&2 || true
            postgres_stop
            return 1
        fi
    fi

    # 4. Start it. The port was free when chosen but another process may take it before the
    #    server binds it, so a start that fails is retried on another port. The options go
    #    through pg_ctl's /bin/sh, hence the quotes around the directory.
    for attempt in 1 2 3; do
        port="$(_postgres_free_port)"
        options="-c listen_addresses=127.0.0.1 -p $port -k '$dir'"
        if [ "${POSTGRES_DURABLE:-0}" != 1 ]; then
            options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        fi
        options+=" -c max_connections=300 ${POSTGRES_OPTIONS:-}"
        if _postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
            -o "$options" start >"$dir/pg_ctl.log" 2>&1; then
            started=1
            break
        fi
        echo "postgres.sh: start on port $port failed (attempt $attempt of 3)" >&2
    done
    if ((started == 0)); then
        echo "postgres.sh: PostgreSQL did not start; pg_ctl said:" >&2
        cat "$dir/pg_ctl.log" >&2 || true
        echo "postgres.sh: server log ($dir/log):" >&2
        cat "$dir/log" >&2 2>/dev/null || true
        postgres_stop
        return 1
    fi

    export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
    echo "postgres.sh: PostgreSQL $(basename "$(dirname "$bin")") running at $TEST_POSTGRES_URL" \
        "(data and log in $dir)" >&2
}

# Stop the cluster (immediate: nothing of it needs to survive) and remove its directory.
# Idempotent, and never fails: callers run it from an EXIT trap.
postgres_stop() {
    local dir="${POSTGRES_TEST_DIR:-}" bin="${_POSTGRES_TEST_BIN:-}"
    [[ -n "$dir" ]] || return 0
    if [[ -z "$bin" ]]; then
        bin="$(_postgres_find_bin)" || bin=""
    fi
    if [[ -n "$bin" && -f "$dir/data/postmaster.pid" ]]; then
        _postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    # Remove the directory once no server runs in it: either the pid file is gone (what
    # `pg_ctl stop` waits for), or it is stale (the server died; `pg_ctl status` exits with 3).
    # A server still running keeps its directory, and says so.
    local status=3
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        status=0 # running, unless pg_ctl says otherwise
        if [[ -n "$bin" ]]; then
            _postgres_as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || status=$?
        fi
    fi
    if ((status == 3)); then
        rm -rf "$dir" || true
    else
        echo "postgres.sh: could not stop the server of $dir (see $dir/log); left it in place" >&2
    fi
    unset POSTGRES_TEST_DIR TEST_POSTGRES_URL _POSTGRES_TEST_BIN
    return 0
}
