#!/usr/bin/env bash
# Installs what a fresh clone lacks: npm dependencies (exactly as locked), the compiled provider
# (the dynamic provider process loads bin/), and the Pulumi engine. Cheap when all is present.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { printf '[setup] %s\n' "$*" >&2; }
if [ ! -d node_modules/@pulumi/pulumi ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2
fi
say "compiling TypeScript into bin/"
npx tsc -p tsconfig.json
bash scripts/install-pulumi.sh
