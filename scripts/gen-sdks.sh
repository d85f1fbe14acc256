#!/usr/bin/env bash
# Generates the Python and Go SDKs of the linstor package from the plugin's schema into OUT (default
# sdk/, not committed): OUT/schema.json (`pulumi package get-schema`), OUT/python, OUT/go (with a
# go.mod requiring the Go SDK of the pulumi version in use).
#
# `pulumi package gen-sdk` runs the generators through the Python and Go language hosts. The Go module
# proxy does not serve those hosts, so when they are not installed the same generators
# (github.com/pulumi/pulumi/pkg/v3/codegen, at the CLI's version) run from scripts/sdkgen, built here.
# Usage: scripts/gen-sdks.sh [OUT]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(realpath -m "${1:-$root/sdk}")
say() { printf '[gen-sdks] %s\n' "$*" >&2; }
export PATH="$root/.pulumi-engine/bin:$PATH" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_HOME="${PULUMI_HOME:-$root/.pulumi-home}"
V=$(pulumi version | sed 's/^v//')
mkdir -p "$out"
pulumi package get-schema "$root/provider/plugin/bin/pulumi-resource-linstor" > "$out/schema.json"

if command -v pulumi-language-python >/dev/null && command -v pulumi-language-go >/dev/null; then
  for lang in python go; do pulumi package gen-sdk "$out/schema.json" --language "$lang" --out "$out" >&2; done
else
  gen="$root/.pulumi-engine/sdkgen-$V"
  if [ ! -x "$gen" ]; then
    say "building scripts/sdkgen against pulumi pkg/v3 v$V (first time only)"
    work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
    cp "$root/scripts/sdkgen/main.go" "$work/"
    (cd "$work" && export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local \
      && go mod init local.build/sdkgen && go mod edit -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e \
      && go get "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V" && go build -o "$gen.tmp" .) >"$out/sdkgen-build.log" 2>&1 \
      || { tail -n 15 "$out/sdkgen-build.log" >&2; echo "[gen-sdks] ERROR: building sdkgen failed (log: $out/sdkgen-build.log)" >&2; exit 1; }
    mv "$gen.tmp" "$gen"
  fi
  rm -rf "$out/python" "$out/go"
  "$gen" "$out/schema.json" "$out"
  printf 'module github.com/pulumi-linstor/pulumi-linstor/sdk/go\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$V" > "$out/go/go.mod"
fi
say "SDKs in $out (python, go)"
echo "$out"
