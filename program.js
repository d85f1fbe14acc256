// What `pulumi up` runs (Pulumi.yaml `main`): index.ts as compiled into bin/ by `npm ci` or
// `npm run build`, so the engine starts plain JavaScript instead of type-checking the project
// through ts-node on every run. It lives here, not in bin/, because the engine runs the program
// in the folder of `main`, and stack paths (config linstor:stack) are relative to this folder.
const fs = require("fs");
const path = require("path");

const compiled = path.join(__dirname, "bin", "index.js");
if (!fs.existsSync(compiled)) {
  throw new Error(`${compiled} is missing: run \`npm run build\` (or \`npm ci\`) in ${__dirname} first`);
}
// Short stack traces and no TypeScript compiler: provider/stack/program-runtime.ts says why.
require(path.join(__dirname, "bin", "provider", "stack", "program-runtime.js")).prepareProgramRuntime(__dirname);
module.exports = require(compiled);
