#!/usr/bin/env bash
# A real LINSTOR cluster on this machine, for `npm run test:real` and the conformance recorder:
# one controller (in-memory H2 database) and N satellites, each satellite on its own loopback
# address (127.0.0.11, .12, …, port 3366) and with its own host name (a UTS namespace per
# satellite: the controller refuses two satellites reporting the same uname). Satellites run the
# STORAGE layer only (no DRBD here); FILE_THIN pools live in one directory per satellite and the
# satellite attaches their volumes as loop devices, which `stop` detaches.
#
#   scripts/real-linstor.sh start [--satellites N] [--controller ADDR:PORT] [--satellite-base A.B.C.D]
#   scripts/real-linstor.sh stop
#   scripts/real-linstor.sh status
#   scripts/real-linstor.sh env        # prints the variables below, for `eval`
#
# Launchers: linstor-controller and linstor-satellite from $LINSTOR_HOME/bin, else PATH (a LINBIT
# package install), else ~/.cache/linstor-server-build/bin (what ../shared/tools/build-linstor-server makes).
# State: $REAL_LINSTOR_DIR (default /tmp/pulumi-linstor-real/<controller address>): logs, pids,
# cluster.json (endpoint, satellites with name, address and pool directory). The pool directories
# sit under /var/tmp/pulumi-linstor-real/<tag>/: the controller allows only [a-zA-Z0-9_/-] in a
# FILE pool's directory (StorDriver/StorPoolName), so no dot may appear in that path.
# Needs root (loop devices, UTS namespaces).
set -euo pipefail

cmd=${1:-}; shift || true
SATS=${REAL_LINSTOR_SATELLITES:-3}
CTRL=${REAL_LINSTOR_CONTROLLER:-127.0.0.2:3370}
SAT_BASE=${REAL_LINSTOR_SATELLITE_BASE:-127.0.0.11}
while [ $# -gt 0 ]; do
  case "$1" in
    --satellites) SATS=$2; shift 2 ;;
    --controller) CTRL=$2; shift 2 ;;
    --satellite-base) SAT_BASE=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "real-linstor: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
TAG=$(printf '%s' "$CTRL" | tr -c 'a-zA-Z0-9\n' '_')
DIR=${REAL_LINSTOR_DIR:-/tmp/pulumi-linstor-real/$TAG}
POOLS=/var/tmp/pulumi-linstor-real/$TAG
HOST=${CTRL%:*}; PORT=${CTRL##*:}
URL=http://$CTRL

say() { printf '[real-linstor] %s\n' "$*" >&2; }
die() { printf '[real-linstor] ERROR: %s\n' "$*" >&2; exit 1; }

launcher() {
  local name=$1 d
  for d in ${LINSTOR_HOME:+$LINSTOR_HOME/bin} $(dirname "$(command -v "$name" 2>/dev/null || echo /nonexistent/x)") \
           "$HOME/.cache/linstor-server-build/bin"; do
    [ -x "$d/$name" ] && { echo "$d/$name"; return 0; }
  done
  return 1
}

sat_addr() {  # satellite number (1-based) -> address: base + i - 1 in the last octet
  local prefix=${SAT_BASE%.*} last=${SAT_BASE##*.}
  echo "$prefix.$((last + $1 - 1))"
}

# ss prints IPv4 listeners of a Java process as [::ffff:A.B.C.D]:PORT.
listening() { ss -ltn | awk '{print $4}' | grep -qxE "(\\[::ffff:)?$1\\]?:$2"; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

detach_loops() {
  # The satellite attaches each FILE/FILE_THIN volume to a loop device; a killed satellite leaves them.
  local dev file
  losetup -n -O NAME,BACK-FILE -l 2>/dev/null | while read -r dev file; do
    case "$file" in "$POOLS"/*) losetup -d "$dev" 2>/dev/null && say "detached $dev ($file)" ;; esac
  done
}

stop_all() {
  local f p
  for f in "$DIR"/sat-*.pid "$DIR"/controller.pid; do
    [ -f "$f" ] || continue
    p=$(cat "$f")
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$p" 2>/dev/null || true
    rm -f "$f"
  done
  detach_loops
  [ -d "$POOLS" ] && rm -rf "$POOLS"
  rm -f "$DIR/cluster.json"
}

start_all() {
  [ "$(id -u)" = 0 ] || die "needs root (loop devices and UTS namespaces)"
  command -v unshare >/dev/null || die "unshare (util-linux) is missing"
  command -v losetup >/dev/null || die "losetup (util-linux) is missing"
  local ctl sat
  ctl=$(launcher linstor-controller) || die "no linstor-controller: set LINSTOR_HOME, put it on PATH, or build it with ../shared/tools/build-linstor-server"
  sat=$(launcher linstor-satellite) || die "no linstor-satellite next to the controller launcher"
  if alive "$DIR/controller.pid"; then die "already running (controller PID $(cat "$DIR/controller.pid")); stop it first"; fi
  if listening "$HOST" "$PORT"; then die "$CTRL is already in use; pick another with --controller"; fi
  stop_all
  mkdir -p "$DIR/controller/cfg" "$DIR/controller/logs" "$POOLS"
  printf '[http]\n  enabled = true\n  listen_addr = "%s"\n  port = %s\n[https]\n  enabled = false\n' "$HOST" "$PORT" \
    > "$DIR/controller/cfg/linstor.toml"
  say "controller on $CTRL ($ctl)"
  setsid "$ctl" --config-directory "$DIR/controller/cfg" --logs "$DIR/controller/logs" --memory-database=h2 \
    --rest-bind "$CTRL" --stack-traces > "$DIR/controller.out" 2>&1 < /dev/null &
  echo $! > "$DIR/controller.pid"

  local i name addr json="" sep=""
  for i in $(seq 1 "$SATS"); do
    name=n$i; addr=$(sat_addr "$i")
    if listening "$addr" 3366; then die "$addr:3366 is already in use; pick another --satellite-base"; fi
    mkdir -p "$DIR/sat-$name/cfg" "$DIR/sat-$name/logs" "$POOLS/$name"
    printf '[netcom]\n  type = "plain"\n  bind_address = "%s"\n  port = 3366\n' "$addr" > "$DIR/sat-$name/cfg/linstor_satellite.toml"
    # Own UTS namespace: the satellite reports `uname -n` to the controller, which must differ per node.
    setsid unshare --uts sh -c 'hostname "$0" && exec "$@"' "$name" "$sat" \
      --config-directory "$DIR/sat-$name/cfg" --logs "$DIR/sat-$name/logs" --skip-drbd-check \
      --bind-address "$addr" --port 3366 --stack-traces > "$DIR/sat-$name.out" 2>&1 < /dev/null &
    echo $! > "$DIR/sat-$name.pid"
    json+="$sep{\"name\":\"$name\",\"address\":\"$addr\",\"port\":3366,\"poolDir\":\"$POOLS/$name\"}"; sep=","
    say "satellite $name on $addr:3366, pool directory $POOLS/$name"
  done

  local t
  for t in $(seq 1 180); do
    curl -sf -m 2 "$URL/v1/controller/version" >/dev/null 2>&1 && break
    alive "$DIR/controller.pid" || { tail -20 "$DIR/controller.out" >&2; die "the controller exited (log: $DIR/controller.out)"; }
    sleep 1
  done
  curl -sf -m 2 "$URL/v1/controller/version" >/dev/null 2>&1 || die "the controller did not answer within 180 s"
  for i in $(seq 1 "$SATS"); do
    addr=$(sat_addr "$i")
    for t in $(seq 1 120); do
      listening "$addr" 3366 && break
      alive "$DIR/sat-n$i.pid" || { tail -20 "$DIR/sat-n$i.out" >&2; die "satellite n$i exited (log: $DIR/sat-n$i.out)"; }
      sleep 1
    done
    listening "$addr" 3366 || die "satellite n$i did not listen on $addr:3366 within 120 s"
  done
  local version
  version=$(curl -sf "$URL/v1/controller/version")
  printf '{"endpoint":"%s","version":%s,"satellites":[%s]}\n' "$URL" "$version" "$json" > "$DIR/cluster.json"
  say "ready: $URL ($(printf '%s' "$version" | sed 's/.*"version":"\([^"]*\)".*/\1/')), $SATS satellites; $DIR/cluster.json"
}

case "$cmd" in
  start) start_all ;;
  stop) stop_all; say "stopped ($DIR)" ;;
  status)
    if alive "$DIR/controller.pid" && [ -f "$DIR/cluster.json" ]; then cat "$DIR/cluster.json"; else echo "not running ($DIR)"; exit 1; fi ;;
  env)
    [ -f "$DIR/cluster.json" ] || die "not running ($DIR); start it first"
    echo "export LINSTOR_ENDPOINT=$URL REAL_LINSTOR_CLUSTER=$DIR/cluster.json" ;;
  *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
