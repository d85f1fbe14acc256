#!/usr/bin/env bash
# Makes the real Pulumi engine available to this project, offline.
#
# 1. A `pulumi` already on PATH whose major version matches is used as it is.
# 2. Otherwise the CLI and the Node.js language host are built from Go modules (through the Go
#    module proxy) at the version of @pulumi/pulumi that package-lock.json pins, into
#    .pulumi-engine/bin, next to the pulumi-resource-pulumi-nodejs launcher that dynamic providers need.
# 3. In both cases the Pulumi YAML language host is built there too (see provide_yaml_host).
# In both cases .pulumi-engine/bin also gets pulumi-analyzer-policy-node, which runs Node policy
# packs (policy/) for `--policy-pack`: see provide_policy_analyzer below.
#
# Idempotent: a build whose `pulumi version` already matches is kept. Go's module and build caches
# stay in Go's default (persistent) places, so a rebuild after a clean clone takes seconds to minutes.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest="$root/.pulumi-engine/bin"
say() { printf '[install-pulumi] %s\n' "$*" >&2; }
die() { printf '[install-pulumi] ERROR: %s\n' "$*" >&2; exit 1; }

# The version the Node SDK in node_modules (or the lock file) pins.
sdk_version() {
  if [ -f "$root/node_modules/@pulumi/pulumi/package.json" ]; then
    node -p 'require(process.argv[1]).version' "$root/node_modules/@pulumi/pulumi/package.json"
  else
    node -p 'require(process.argv[1]).packages["node_modules/@pulumi/pulumi"].version' "$root/package-lock.json"
  fi
}
V=$(sdk_version) || die "cannot read the @pulumi/pulumi version (run npm ci first)"

# Commit of the tag pkg/v$V: the Node language host module has no tags of its own.
case "$V" in
  3.248.0) LH_COMMIT=dc7edd58bc13179f81b80983aab4eb7f74a01b41 ;;
  3.252.0) LH_COMMIT=e6a4ba65c60feb29b7a3c0e387e16264d16d6324 ;;
  3.259.0) LH_COMMIT=a05d88f24d05726fa3beae771bfdedb0c0c6a94a ;;
  *) LH_COMMIT="" ;;
esac

link_launcher() {
  # Dynamic providers are started through this launcher; @pulumi/pulumi ships it at its root.
  local src="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  [ -x "$src" ] || die "$src is missing: run npm ci first"
  mkdir -p "$dest"
  # A working link is kept: .pulumi-engine may be shared between checkouts (a symlink), and the
  # launcher resolves @pulumi/pulumi from the program's folder anyway, whichever copy it is.
  [ -x "$dest/pulumi-resource-pulumi-nodejs" ] || ln -sf "$src" "$dest/pulumi-resource-pulumi-nodejs"
  provide_policy_analyzer
  provide_yaml_host
  provide_nodejs_options_launcher
}

# The Pulumi YAML language host (runtime: yaml programs, such as examples/pulumi-yaml, which use the
# provider plugin). Built from its own Go module at the version below, with the pulumi modules that
# module requires (pulumi-yaml builds against its own pulumi version, not the CLI's). Kept once built.
YAML_VERSION=v1.25.0
provide_yaml_host() {
  local file="$dest/pulumi-language-yaml"
  [ -x "$file" ] && return 0
  command -v go >/dev/null || die "Go is not installed: it is needed to build pulumi-language-yaml (Pulumi YAML programs)"
  say "building pulumi-language-yaml $YAML_VERSION from Go modules (a few minutes the first time)"
  local dir; dir=$(mktemp -d)
  local ylog="$root/.pulumi-engine/build-yaml.log"
  if ! (cd "$dir" && export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local \
        && go mod init local.build/pulumi-language-yaml \
        && go get "github.com/pulumi/pulumi-yaml@$YAML_VERSION" \
        && go build -trimpath -tags osusergo,grpcnotrace \
             -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
             -o "$file.tmp" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml) >"$ylog" 2>&1; then
    rm -rf "$dir"
    tail -n 15 "$ylog" >&2
    die "building pulumi-language-yaml failed (full log: .pulumi-engine/build-yaml.log). Is the Go module proxy reachable?"
  fi
  rm -rf "$dir"
  mv "$file.tmp" "$file"
  say "pulumi-language-yaml $YAML_VERSION built into .pulumi-engine/bin"
}

# Policy packs (`pulumi preview --policy-pack DIR`). Pulumi 3.248 runs a pack through the language
# host of its runtime when one is installed, and the Node language host that the Go module proxy
# serves (v3.68.0, see below) answers that call with "not supported". For a runtime without a
# language host the CLI starts the analyzer plugin `pulumi-analyzer-policy-<runtime>` instead,
# with the engine's address and the pack's folder. The packs of this project therefore declare
# `runtime: node`, and this launcher runs them with @pulumi/pulumi's policy-pack runner, resolved
# from the pack's folder (the CLI starts it there). Written, not linked: it names no checkout.
provide_policy_analyzer() {
  local file="$dest/pulumi-analyzer-policy-node"
  local body='#!/bin/sh
# Runs a Node.js policy pack for the Pulumi CLI (written by pulumi-linstor scripts/install-pulumi.sh).
# The CLI starts it in the pack folder with the engine address and "." as arguments.
entry=$(node -e '"'"'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run-policy-pack",{paths:[process.cwd()]}))'"'"' 2>/dev/null) || {
  echo "pulumi-analyzer-policy-node: @pulumi/pulumi cannot be found from the policy pack in $(pwd): run npm ci" >&2
  exit 1
}
exec node "$entry" "$@"'
  if [ ! -x "$file" ] || [ "$(cat "$file")" != "$body" ]; then
    printf '%s\n' "$body" > "$file.tmp" && chmod 755 "$file.tmp" && mv "$file.tmp" "$file"
    say "policy analyzer launcher written to .pulumi-engine/bin/pulumi-analyzer-policy-node"
  fi
}

# The Node.js language host of sdk/v3 v3.68.0 (the fallback below, built when the proxy does not
# serve the host of the CLI's own version) takes a project's runtime options as flags (-typescript,
# -tsconfig, -nodeargs); CLIs since then send them over RPC, which that host ignores. So
# `typescript: false` in Pulumi.yaml was silently dropped and every program started through ts-node
# with the TypeScript compiler loaded (0.3 s and 50 MiB more per program start, measured here). The
# host binary is kept beside scripts/pulumi-language-nodejs-launcher.sh, copied in under the host's
# name, which reads the options from the project's Pulumi.yaml and passes them as flags.
OLD_NODEJS_HOST=pulumi-language-nodejs-v3.68.0
provide_nodejs_options_launcher() {
  local file="$dest/pulumi-language-nodejs" old="$dest/$OLD_NODEJS_HOST" src="$root/scripts/pulumi-language-nodejs-launcher.sh"
  # An install made before the launcher existed has the old host binary under the plain name.
  if [ -f "$file" ] && [ ! -L "$file" ] && [ "$(head -c 2 "$file")" != "#!" ] && command -v go >/dev/null \
     && go version -m "$file" 2>/dev/null | grep -Eq '^[[:space:]]+mod[[:space:]]+github.com/pulumi/pulumi/sdk/v3[[:space:]]+v3\.68\.0[[:space:]]'; then
    mv "$file" "$old"
  fi
  [ -x "$old" ] || return 0
  [ -L "$file" ] && return 0 # the host of a pulumi on PATH is linked here: it reads the options itself
  if ! cmp -s "$src" "$file"; then
    cp "$src" "$file.tmp" && chmod 755 "$file.tmp" && mv "$file.tmp" "$file"
    say "Node.js language host launcher copied to .pulumi-engine/bin/pulumi-language-nodejs (hands Pulumi.yaml runtime options to the v3.68.0 host)"
  fi
}

version_of() { "$1" version 2>/dev/null | tr -d '\r' | sed 's/^v//'; }

# 1. A pulumi on PATH (outside our own folder) with the same major version.
if [ "${PULUMI_LINSTOR_BUILD_ENGINE:-}" != "1" ]; then
  onpath=$(PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$dest" | paste -sd:) command -v pulumi || true)
  if [ -n "$onpath" ]; then
    have=$(version_of "$onpath" || true)
    if [ "${have%%.*}" = "${V%%.*}" ]; then
      say "using pulumi $have from PATH ($onpath)"
      mkdir -p "$dest"
      ln -sf "$onpath" "$dest/pulumi"
      [ -x "$(dirname "$onpath")/pulumi-language-nodejs" ] && ln -sf "$(dirname "$onpath")/pulumi-language-nodejs" "$dest/pulumi-language-nodejs"
      link_launcher
      exit 0
    fi
    say "pulumi on PATH is $have, the SDK needs $V: building our own"
  fi
fi

# 2. Already built?
if [ -x "$dest/pulumi" ] && { [ -x "$dest/pulumi-language-nodejs" ] || [ -x "$dest/$OLD_NODEJS_HOST" ]; } && [ "$(version_of "$dest/pulumi")" = "$V" ]; then
  link_launcher
  say "pulumi $V already built in .pulumi-engine/bin"
  exit 0
fi

command -v go >/dev/null || die "Go is not installed: install Go 1.24 or newer (or put a pulumi $V on PATH)"
say "building pulumi $V from Go modules (the first build takes about 5 minutes on a shared two-core machine)"
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
proxy=$(go env GOPROXY)
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$V"
clip=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
log="$root/.pulumi-engine/build.log"; mkdir -p "$dest"; : > "$log"

run() { # run a go step quietly; on failure show the tail of the log and a clear message
  local what=$1; shift
  if ! "$@" >>"$log" 2>&1; then
    tail -n 15 "$log" >&2
    die "$what failed (full log: .pulumi-engine/build.log). Is the Go module proxy ($proxy) reachable?"
  fi
}

build() { # build <name> <module@version> <package> [extra requires...]
  local name=$1 modver=$2 pkg=$3; shift 3
  local dir="$work/$name"; mkdir -p "$dir"; cd "$dir"
  say "  $name: resolving modules"
  run "go mod init ($name)" go mod init "local.build/$name"
  run "go mod edit ($name)" go mod edit -replace="$clip"
  run "go get $modver" go get "$modver"
  [ $# -gt 0 ] && run "go get $*" go get "$@"
  say "  $name: compiling"
  run "go build $name" go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$dest/$name.tmp" "$pkg"
  mv "$dest/$name.tmp" "$dest/$name"
}

build pulumi "github.com/pulumi/pulumi/pkg/v3@v$V" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  "github.com/pulumi/pulumi/sdk/v3@v$V"

# The Node.js language host (needed for `pulumi up` on a program directory). Since May 2023 it is
# a module of its own without tags, which Go module proxies may refuse to serve. Then fall back to
# the last release that still shipped it inside sdk/v3 (v3.68.0): it speaks the same
# LanguageRuntime protocol, runs the project's own @pulumi/pulumi, and works with this CLI.
lh_module=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
if [ -n "$LH_COMMIT" ] && go list -m -json "$lh_module@$LH_COMMIT" >/dev/null 2>&1; then
  build pulumi-language-nodejs "$lh_module@$LH_COMMIT" "$lh_module" \
    "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V"
  rm -f "$dest/$OLD_NODEJS_HOST" # the host of the CLI's own version reads the options itself
else
  say "  the proxy does not serve the language host at v$V; using the one released in sdk/v3 v3.68.0"
  ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.68.0"
  build "$OLD_NODEJS_HOST" "github.com/pulumi/pulumi/sdk/v3@v3.68.0" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
fi
link_launcher
got=$(version_of "$dest/pulumi")
[ "$got" = "$V" ] || die "built pulumi reports version '$got', expected $V"
say "pulumi $V built into .pulumi-engine/bin"
