#!/usr/bin/env bash
# Builds the provider plugin tarball for `pulumi plugin install resource linstor <version> --file <tarball>`:
# dist/pulumi-resource-linstor-v<version>-linux-amd64.tar.gz, holding the launcher
# pulumi-resource-linstor at its root, the compiled provider (bin/provider), the YAML stack schema
# the loader reads, and the production dependencies. Node.js must be on PATH where it is installed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf '[build-plugin] %s\n' "$*" >&2; }
cd "$root"
version=$(node -p 'require("./package.json").version')
out="$root/dist/pulumi-resource-linstor-v$version-linux-amd64.tar.gz"
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT

say "compiling"
npx tsc -p tsconfig.json
say "staging in $stage"
mkdir -p "$stage/bin" "$stage/schema"
cp package.json package-lock.json "$stage/"
cp -r bin/provider "$stage/bin/provider"
cp schema/stack.schema.json "$stage/schema/"
cp provider/plugin/bin/pulumi-resource-linstor "$stage/pulumi-resource-linstor"
chmod 755 "$stage/pulumi-resource-linstor"
say "installing the production dependencies"
(cd "$stage" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
mkdir -p "$root/dist"
tar -czf "$out" -C "$stage" .
say "wrote ${out#"$root/"} ($(du -h "$out" | cut -f1))"
say "install: pulumi plugin install resource linstor $version --file ${out#"$root/"}"
echo "$out"
