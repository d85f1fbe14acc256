#!/usr/bin/env bash
# `npm run test:real`: the provider's end-to-end suite against a real LINSTOR controller.
# Uses the cluster named by REAL_LINSTOR_CLUSTER (a cluster.json of scripts/real-linstor.sh) when
# set; otherwise starts one (controller + 3 satellites) with scripts/real-linstor.sh and stops it
# afterwards. Without the LINSTOR launchers this fails with what to do: it never skips.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
started=0
if [ -z "${REAL_LINSTOR_CLUSTER:-}" ]; then
  bash scripts/real-linstor.sh start --satellites 3
  started=1
  eval "$(bash scripts/real-linstor.sh env)"
  export REAL_LINSTOR_CLUSTER
fi
status=0
npx mocha --timeout 900000 'test/real/**/*.real.ts' "$@" || status=$?
if [ "$started" = 1 ]; then bash scripts/real-linstor.sh stop; fi
exit "$status"
