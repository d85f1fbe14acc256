#!/usr/bin/env bash
# Makes the OpenSSH server (/usr/sbin/sshd) available for the SSH tests (test/ssh).
#
# Idempotent and fast when sshd is already there: then it only checks and exits. Otherwise it
# installs Debian's openssh-server non-interactively (apt-get update once, then install), without
# starting or enabling the system service: the tests run their own sshd on a loopback port.
# Needs root (as on the project's machines and CI). Exit code 0 means /usr/sbin/sshd is usable.
set -euo pipefail

say() { printf '[install-sshd] %s\n' "$*" >&2; }
die() { printf '[install-sshd] ERROR: %s\n' "$*" >&2; exit 1; }

SSHD=/usr/sbin/sshd
if [ -x "$SSHD" ] && command -v ssh-keygen >/dev/null 2>&1; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "sshd is missing and apt-get is not available"
[ "$(id -u)" = 0 ] || die "sshd is missing and installing it needs root"

# Keep the package from starting the system service during install (no init system here anyway).
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  made_policy=1
fi
cleanup() { if [ "$made_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
say "installing openssh-server"
apt-get update -qq >&2 || die "apt-get update failed"
apt-get install -y -qq --no-install-recommends openssh-server openssh-client >&2 \
  || die "apt-get install openssh-server failed"

[ -x "$SSHD" ] || die "$SSHD still missing after install"
say "ok: $("$SSHD" -V 2>&1 | head -1 || true)"
