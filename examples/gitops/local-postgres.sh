#!/usr/bin/env bash
# A throwaway PostgreSQL for Pulumi's PostgreSQL state backend: for trying the team setup on one
# machine and for the tests. A team points every pipeline at its own database server instead.
#
#   url=$(local-postgres.sh start DIR)   # initdb in DIR, start on a free loopback port, create the
#                                         # database; prints postgres://pulumi:…@127.0.0.1:PORT/pulumi_state
#   local-postgres.sh stop DIR            # stop the server and delete DIR
#
# Installs Debian's `postgresql` package when no server binaries are found (as root, with apt-get).
# Run as root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
# Progress goes to stderr; only the URL goes to stdout.
set -euo pipefail

say() { printf '[local-postgres] %s\n' "$*" >&2; }
die() { printf '[local-postgres] ERROR: %s\n' "$*" >&2; exit 1; }

cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: local-postgres.sh start|stop DIR"

# The newest installed server's binaries (Debian keeps them out of PATH, under /usr/lib/postgresql/N/bin).
server_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then printf '%s' "$d"; return 0; fi
  d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
  [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { printf '%s' "$d"; return 0; }
  return 1
}

install_server() {
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and this is not root: install the postgresql package (apt-get install postgresql)"
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and there is no apt-get: install a PostgreSQL server"
  say "installing PostgreSQL (apt-get install postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends postgresql >&2 || die "apt-get install postgresql failed"
}

# Runs a server command as the user that owns the data (postgres when we are root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres user (the postgresql package creates it)"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})'
}

case "$cmd" in
  start)
    bin=$(server_bin) || { install_server; bin=$(server_bin) || die "no PostgreSQL server binaries after installing"; }
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    [ -f "$dir/url" ] && [ -f "$dir/data/postmaster.pid" ] && { cat "$dir/url"; exit 0; }
    password=$(node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("hex"))')
    printf '%s\n' "$password" > "$dir/pwfile"
    mkdir -p "$dir/socket"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    chmod 700 "$dir"
    as_owner test -w "$dir" || die "$dir is not writable for the server's user (postgres): its parent folders must let it through"
    say "initdb in $dir/data"
    as_owner "$bin/initdb" -D "$dir/data" -U pulumi --pwfile="$dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { tail -n 20 "$dir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$dir/pwfile"
    port=$(free_port)
    say "starting on 127.0.0.1:$port"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c fsync=off" start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; die "the server did not start (log: $dir/server.log)"; }
    as_owner "$bin/psql" -h "$dir/socket" -p "$port" -U pulumi -d postgres -q -v ON_ERROR_STOP=1 \
      -c "CREATE DATABASE pulumi_state" >&2 || die "could not create the database"
    # The backend rewrites the whole state, one row, after every step; lz4 compresses that row in a
    # fraction of the default pglz's time (PostgreSQL 14 or newer, built with lz4; else the default stays).
    as_owner "$bin/psql" -h "$dir/socket" -p "$port" -U pulumi -d postgres -q -v ON_ERROR_STOP=1 \
      -c "ALTER DATABASE pulumi_state SET default_toast_compression = lz4" >/dev/null 2>&1 \
      || say "lz4 is not available in this server: the state rows keep the default compression"
    url="postgres://pulumi:$password@127.0.0.1:$port/pulumi_state?sslmode=disable"
    printf '%s\n' "$url" > "$dir/url"
    printf '%s\n' "$bin" > "$dir/bin"
    printf '%s\n' "$url"
    ;;
  stop)
    [ -d "$dir" ] || exit 0
    if [ -f "$dir/data/postmaster.pid" ]; then
      bin=$(cat "$dir/bin" 2>/dev/null || server_bin)
      say "stopping the server in $dir"
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || say "pg_ctl stop failed (log: $dir/server.log)"
    fi
    rm -rf "$dir"
    ;;
  *) die "unknown command \"$cmd\" (start or stop)" ;;
esac
