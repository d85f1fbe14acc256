#!/usr/bin/env bash
# GitOps pipeline for one LINSTOR cluster described by a YAML stack. Runs in any CI (no terminal,
# never prompts):
#   1. validate the stack offline (pulumi-linstor validate): every problem with line and column;
#   2. pulumi preview --refresh --policy-pack: the ordered plan (with the drift it repairs and the
#      policy violations), written as a Markdown summary for the merge request;
#   3. pulumi up --refresh, only on the main branch (or with --apply); waits for a stack another
#      run holds locked, at most --lock-wait seconds.
# With --drift it is the drift job instead: preview --refresh --expect-no-changes, a Markdown drift
# report, exit 3 when the cluster drifted. Exits non-zero on any error. See README.md in this folder.
#
# usage: pipeline.sh [--stack FILE] [--stack-name NAME] [--summary FILE] [--endpoint URL]
#                    [--apply | --no-apply | --drift] [--main-branch NAME] [--no-refresh]
#                    [--policy-pack DIR | --no-policy] [--policy-config FILE] [--lock-wait SECONDS]
#                    [--local-postgres]
#
# Environment:
#   CI_COMMIT_BRANCH (GitLab), GITHUB_REF_NAME (GitHub Actions), BRANCH_NAME (Jenkins, others):
#       the branch; the plan is applied when it is the main branch (MAIN_BRANCH, default main).
#   PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE (or PULUMI_ACCESS_TOKEN): the shared state backend.
#   the controller: --endpoint, else LINSTOR_ENDPOINT, else the stack's controller block, else LS_CONTROLLERS.
#   POLICY_CONFIG: the team's policy config (JSON), like --policy-config.
# --local-postgres: a throwaway PostgreSQL state backend for this run only (local-postgres.sh), to try it out.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"          # the pulumi-linstor checkout (its Pulumi.yaml is the program)

stack_file="${STACK_FILE:-stack.yaml}"
stack_name="${PULUMI_STACK:-cluster}"
summary="${PLAN_SUMMARY:-plan.md}"
endpoint=""
apply=""
drift=no
refresh=yes
policy_pack="$root/policy"
policy_config="${POLICY_CONFIG:-}"
lock_wait=""
local_pg=no
main_branch="${MAIN_BRANCH:-main}"

die() { printf 'pipeline: %s\n' "$*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --stack) stack_file="${2:?--stack needs a file}"; shift 2 ;;
    --stack-name) stack_name="${2:?--stack-name needs a name}"; shift 2 ;;
    --summary) summary="${2:?--summary needs a file}"; shift 2 ;;
    --endpoint) endpoint="${2:?--endpoint needs a URL}"; shift 2 ;;
    --main-branch) main_branch="${2:?--main-branch needs a name}"; shift 2 ;;
    --apply) apply=yes; shift ;;
    --no-apply) apply=no; shift ;;
    --drift) drift=yes; apply=no; shift ;;
    --no-refresh) refresh=no; shift ;;
    --policy-pack) policy_pack="${2:?--policy-pack needs a folder}"; shift 2 ;;
    --no-policy) policy_pack=""; shift ;;
    --policy-config) policy_config="${2:?--policy-config needs a file}"; shift 2 ;;
    --lock-wait) lock_wait="${2:?--lock-wait needs seconds}"; shift 2 ;;
    --local-postgres) local_pg=yes; shift ;;
    -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument \"$1\" (see --help)" ;;
  esac
done

branch="${CI_COMMIT_BRANCH:-${GITHUB_REF_NAME:-${BRANCH_NAME:-}}}"
if [ -z "$apply" ]; then
  if [ -n "$branch" ] && [ "$branch" = "$main_branch" ]; then apply=yes; else apply=no; fi
fi
say() { printf '[pipeline] %s\n' "$*" >&2; }
if [ "$drift" = yes ]; then
  say "stack file $stack_file, Pulumi stack $stack_name: drift check"
else
  say "stack file $stack_file, Pulumi stack $stack_name, branch ${branch:-(unknown)}, apply: $apply"
fi

# Paths the caller gave are relative to where it runs; the helpers run in the checkout.
abs() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }
stack_arg="$stack_file"                   # as given: problems name the file the way the user wrote it
stack_file="$(abs "$stack_file")"
summary="$(abs "$summary")"
[ -f "$stack_file" ] || { say "no stack file at $stack_file"; exit 1; }
[ -z "$policy_pack" ] || policy_pack="$(abs "$policy_pack")"
[ -z "$policy_config" ] || policy_config="$(abs "$policy_config")"

# A fresh checkout lacks the compiled provider and policy pack (the dynamic provider process and the
# policy analyzer load bin/) and maybe the engine.
if [ ! -f "$root/bin/provider/resources/impl.js" ] || [ ! -f "$root/bin/policy/index.js" ] || [ ! -d "$root/node_modules/@pulumi/pulumi" ]; then
  say "installing dependencies and building"
  bash "$root/scripts/ensure-deps.sh"
fi
if [ -x "$root/.pulumi-engine/bin/pulumi" ]; then
  export PATH="$root/.pulumi-engine/bin:$PATH"
elif ! command -v pulumi >/dev/null 2>&1; then
  say "no Pulumi engine: run scripts/install-pulumi.sh or put pulumi on PATH"
  exit 1
fi
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_SKIP_CONFIRMATIONS=true PULUMI_NODEJS_TRANSPILE_ONLY=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

# A throwaway PostgreSQL state backend for this run (to try the team setup; a team sets
# PULUMI_BACKEND_URL to its own database instead). Stopped, and its data deleted, on exit.
if [ "$local_pg" = yes ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/pl-postgres-XXXXXX")
  trap 'bash "$here/local-postgres.sh" stop "$pg_dir"' EXIT
  PULUMI_BACKEND_URL=$(bash "$here/local-postgres.sh" start "$pg_dir")
  export PULUMI_BACKEND_URL
  export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-}"
  pulumi login "$PULUMI_BACKEND_URL" >/dev/null
  say "state backend: a local PostgreSQL for this run only"
fi
# The helpers are TypeScript, run from the checkout's sources wherever the pipeline runs.
export TS_NODE_PROJECT="$root/tsconfig.json"
ts() { node -r "$root/node_modules/ts-node/register/transpile-only" "$@"; }

# 1. validate: offline, before anything reaches a controller. GitHub shows the problems inline.
format=text
[ "${GITHUB_ACTIONS:-}" = "true" ] && format=github
say "validate"
if ! ts "$root/provider/cli.ts" validate --format "$format" "$stack_arg"; then
  printf '## pulumi-linstor: `%s`\n\n**The stack file is invalid**; nothing was sent to the controller. See the job log.\n' \
    "$stack_arg" > "$summary"
  exit 1
fi

# 2 and 3. preview with the Markdown summary, then up when applying (or the drift check).
args=(--stack "$stack_arg" --stack-name "$stack_name" --summary "$summary")
[ -n "$endpoint" ] && args+=(--endpoint "$endpoint")
[ "$apply" = yes ] && args+=(--apply)
[ "$drift" = yes ] && args+=(--drift)
[ "$refresh" = no ] && args+=(--no-refresh)
[ -n "$policy_pack" ] && args+=(--policy-pack "$policy_pack")
[ -n "$policy_config" ] && args+=(--policy-config "$policy_config")
[ -n "$lock_wait" ] && args+=(--lock-wait "$lock_wait")
status=0
ts "$root/scripts/gitops.ts" "${args[@]}" || status=$?

# GitHub Actions shows this file on the run's summary page.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$summary" ]; then cat "$summary" >> "$GITHUB_STEP_SUMMARY"; fi
say "summary written to $summary"
exit "$status"
