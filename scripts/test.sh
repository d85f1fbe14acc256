#!/usr/bin/env bash
# The test command of the README and of CI: set up what is missing, then every mocha suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
exec npx mocha 'test/**/*.test.ts' "$@"
