#!/usr/bin/env bash
# Starts the LINSTOR controller simulator in the foreground (Ctrl-C or SIGTERM stops it).
# Uses the compiled bin/sim/cli.js when present, else runs the TypeScript through ts-node.
# Example: scripts/start-sim.sh --seed-cluster --state .sim-state --port 3370
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f bin/sim/cli.js ]; then
  exec node bin/sim/cli.js "$@"
fi
exec node -r ts-node/register/transpile-only sim/cli.ts "$@"
