#!/bin/sh
# The Node.js language host for the Pulumi CLI (copied into .pulumi-engine/bin by pulumi-linstor's
# scripts/install-pulumi.sh, beside the host binary it starts).
# That host (sdk/v3 v3.68.0) takes a project's runtime options as flags, which newer CLIs no longer
# pass (they send them over RPC): they are read here from Pulumi.yaml in the project folder, where
# the CLI starts the host, and handed over as flags (typescript, tsconfig, nodeargs).
flags=$(node -e '
const fs = require("fs"), path = require("path");
const file = ["Pulumi.yaml", "Pulumi.yml"].find((f) => fs.existsSync(f));
if (!file) process.exit(0);
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));
const yaml = require(require.resolve("js-yaml", { paths: [sdk] }));
const runtime = (yaml.load(fs.readFileSync(file, "utf8")) || {}).runtime;
const o = (runtime && typeof runtime === "object" && runtime.options) || {};
const flags = [];
if (o.typescript !== undefined) flags.push("-typescript=" + (o.typescript === true || o.typescript === "true"));
if (o.tsconfig) flags.push("-tsconfig=" + o.tsconfig);
if (o.nodeargs) flags.push("-nodeargs=" + o.nodeargs);
process.stdout.write(flags.join("\n"));
' 2>/dev/null) || flags=""
host="$(dirname "$0")/pulumi-language-nodejs-v3.68.0"
if [ -n "$flags" ]; then
  # one flag per line: split on newlines only, no globbing
  set -f
  IFS='
'
  set -- $flags "$@"
  unset IFS
  set +f
fi
exec "$host" "$@"
