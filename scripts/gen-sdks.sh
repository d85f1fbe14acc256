#!/usr/bin/env bash
# Generates the Python and Go SDKs of the linstor package from the plugin's schema
# (`pulumi package get-schema` + `pulumi package gen-sdk`) into OUT (default sdk/, not committed).
# Usage: scripts/gen-sdks.sh [OUT]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(realpath -m "${1:-$root/sdk}")
export PATH="$root/.pulumi-engine/bin:$PATH" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_HOME="${PULUMI_HOME:-$root/.pulumi-home}"
mkdir -p "$out"
pulumi package get-schema "$root/provider/plugin/bin/pulumi-resource-linstor" > "$out/schema.json"
for lang in python go; do
  pulumi package gen-sdk "$out/schema.json" --language "$lang" --out "$out" >&2
done
echo "$out"
