#!/usr/bin/env bash
# The test command of the README and of CI: set up what is missing (npm packages, the compiled
# provider, the Pulumi engine, and the machine's test prerequisites: sshd, openssl, python3 venv),
# then every mocha suite. Under CI=true a prerequisite that cannot be installed fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
bash scripts/install-test-prerequisites.sh
exec npx mocha 'test/**/*.test.ts' "$@"
