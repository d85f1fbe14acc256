#!/usr/bin/env bash
# Machine prerequisites of the test suites, besides npm packages and the Pulumi engine
# (scripts/ensure-deps.sh): the OpenSSH server and ssh-keygen (test/ssh), openssl (TLS
# certificates, test/client/tls), python3 with venv and pip (the python-linstor client, test/sim).
#
# Installs what is missing from Debian packages when it can (root and apt-get). Under CI (CI=true)
# anything still missing is an error: a CI run must not pass with a suite skipped. Elsewhere it
# only says what is missing, and the suites that need it skip with the same reason.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[prerequisites] %s\n' "$*" >&2; }

ci() { [ "${CI:-}" = true ] || [ "${CI:-}" = 1 ]; }
have_python_venv() { command -v python3 >/dev/null 2>&1 && python3 -c 'import ensurepip, venv' >/dev/null 2>&1; }

missing=()
[ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-server openssh-client)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
have_python_venv || missing+=(python3 python3-venv python3-pip)
[ ${#missing[@]} = 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "installing ${missing[*]}"
  # sshd: its own script keeps the package from starting the system service
  if printf '%s\n' "${missing[@]}" | grep -qx openssh-server; then bash scripts/install-sshd.sh; fi
  rest=()
  for p in "${missing[@]}"; do case "$p" in openssh-*) ;; *) rest+=("$p") ;; esac; done
  if [ ${#rest[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${rest[@]}" >&2 || say "apt-get install ${rest[*]} failed"
  fi
fi

still=()
[ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1 || still+=("sshd/ssh-keygen (openssh-server, openssh-client)")
command -v openssl >/dev/null 2>&1 || still+=("openssl")
have_python_venv || still+=("python3 with venv and pip (python3-venv, python3-pip)")
[ ${#still[@]} = 0 ] && exit 0
if ci; then
  say "ERROR: missing under CI: ${still[*]}; install them (Debian packages above) or run as root with apt-get"
  exit 1
fi
say "missing: ${still[*]}; the suites that need them will skip (under CI=true they fail)"
