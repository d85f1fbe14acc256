#!/usr/bin/env bash
# Installs the `linstor` command (LINBIT's linstor-client) into .linstor-cli/ of this repository,
# for the CLI contender of `npm run bench` (bench/contenders/linstor-cli.sh). Only the API library
# (python-linstor) is a registry package; the client itself is installed from a checkout:
#
#   LINSTOR_CLIENT_SRC=/path/to/linstor-client scripts/install-linstor-cli.sh
#   LINSTOR_CLIENT_GIT=/path/to/linstor-client.git scripts/install-linstor-cli.sh   (a git dir, bare or not)
#
# Afterwards .linstor-cli/bin/linstor exists; the bench finds it there (or LINSTOR_CLI=/path/to/linstor).
# Nothing of the checkout is copied into the repository (.linstor-cli/ is ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${LINSTOR_CLI_VENV:-$root/.linstor-cli}"
# The client release the contender is measured with, and the library it needs (setup.cfg: >= 1.27.0).
client_ref="${LINSTOR_CLIENT_REF:-v1.27.0}"
api_version="${PYTHON_LINSTOR_VERSION:-1.29.1}"

src="${LINSTOR_CLIENT_SRC:-}"
tmp=""
cleanup() { [[ -n "$tmp" ]] && rm -rf "$tmp"; }
trap cleanup EXIT

if [[ -z "$src" ]]; then
  git_dir="${LINSTOR_CLIENT_GIT:-}"
  # Where this workplace's repository mirror puts LINBIT/linstor-client, when it is there.
  mirror=/work/.mirror/LINBIT+linstor-client/repo
  [[ -z "$git_dir" && -d "$mirror" ]] && git_dir="$mirror"
  if [[ -z "$git_dir" ]]; then
    echo "install-linstor-cli: give a linstor-client checkout (LINSTOR_CLIENT_SRC=dir) or its git directory (LINSTOR_CLIENT_GIT=dir)" >&2
    exit 2
  fi
  tmp="$(mktemp -d)"
  # A bare git directory has no work tree: export the release's files into a temporary folder.
  ref="$client_ref"
  git --git-dir "$git_dir" rev-parse --verify -q "$ref^{commit}" >/dev/null || ref=HEAD
  git --git-dir "$git_dir" archive "$ref" | tar -x -C "$tmp"
  src="$tmp"
  echo "install-linstor-cli: linstor-client $ref from $git_dir"
fi
[[ -f "$src/setup.py" && -d "$src/linstor_client" ]] || { echo "install-linstor-cli: $src is not a linstor-client checkout" >&2; exit 2; }

python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "python-linstor==$api_version"
# --no-deps: the checkout's install_requires joins two names into one string (a missing comma),
# which no resolver finds; python-linstor is installed just above.
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "$src"
"$venv/bin/linstor" --version
echo "install-linstor-cli: $venv/bin/linstor"
