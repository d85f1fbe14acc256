#!/usr/bin/env bash
# The linstor CLI contender of `npm run bench`: what a careful user's shell script does, one
# `linstor` process per command, 8 definitions at a time (xargs -P 8). Reads its work from stdin:
#
#   linstor-cli.sh create   lines "<definition> <node> <node> <node>": definition, 10 MiB volume,
#                           three replicas in one command; then waits until every volume is UpToDate
#                           (it leaves the balancer's property alone, as a user's script would:
#                           the bench's simulators run without the balancer)
#   linstor-cli.sh move     lines "<definition> <from> <to>": a replica on <to>, wait until it is
#                           UpToDate, then delete the one on <from>
#
# The controller comes from LS_CONTROLLERS; LINSTOR_CLI names the `linstor` command (default: on PATH).
set -euo pipefail

linstor="${LINSTOR_CLI:-linstor}"
pool="${POOL:-thinpool}"
parallel="${PARALLEL:-8}"
export linstor pool

# Every volume of the listed replicas UpToDate? (machine-readable output: the REST body as JSON)
all_up_to_date() {
  "$linstor" -m --output-version v1 resource list "$@" \
    | jq -e '[.[][] | .volumes[]? | .state.disk_state] | length > 0 and all(. == "UpToDate")' >/dev/null
}

create_one() {
  local rd=$1; shift
  "$linstor" resource-definition create "$rd" --layer-list drbd,storage >/dev/null
  "$linstor" volume-definition create "$rd" 10M >/dev/null
  "$linstor" resource create "$@" "$rd" --storage-pool "$pool" >/dev/null
}

move_one() {
  local rd=$1 from=$2 to=$3
  "$linstor" resource create "$to" "$rd" --storage-pool "$pool" >/dev/null
  until all_up_to_date --resources "$rd" --nodes "$to"; do sleep 0.5; done
  "$linstor" resource delete "$from" "$rd" >/dev/null
}
export -f all_up_to_date create_one move_one

case "${1:-}" in
  create)
    xargs -P "$parallel" -L 1 bash -c 'create_one "$@"' _
    until all_up_to_date; do sleep 0.5; done
    ;;
  move)
    xargs -P "$parallel" -L 1 bash -c 'move_one "$@"' _
    ;;
  *)
    echo "usage: $0 create|move < work" >&2
    exit 2
    ;;
esac
