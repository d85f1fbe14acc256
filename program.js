// What `pulumi up` runs (Pulumi.yaml `main`): index.ts as compiled into bin/ by `npm ci` or
// `npm run build`, so the engine starts plain JavaScript instead of type-checking the project
// through ts-node on every run. It lives here, not in bin/, because the engine runs the program
// in the folder of `main`, and stack paths (config linstor:stack) are relative to this folder.
const fs = require("fs");
const path = require("path");

// Stack traces in V8's own format. The engine's Node runtime installs source-map-support, and the
// SDK formats a stack trace of unlimited depth for every resource it registers and one for every
// promise it tracks; mapping each frame back through the source maps took 45 % of this program's
// CPU in a no-op `up` of a 100-definition stack (313 resources), and the `up` a quarter longer.
// The frames are this package's compiled code (a YAML stack has no TypeScript of its own), so
// nothing a user reads is lost: stack errors are reported as `file:line:col` messages, no trace.
//
// At most 10 frames, V8's default depth: the SDK raises Error.stackTraceLimit to infinity to record
// where each resource was declared, and the engine stores that trace in the state with every
// resource (30 frames, most of them the SDK's and Node's own, about 860 bytes of each resource's
// state, which the file backend writes again after every step). The first frames, the ones that
// name this package's code, are kept; errors keep the depth Node gives them anyway.
const MAX_FRAMES = 10;
Error.prepareStackTrace = (error, frames) => {
  let head;
  try {
    head = Error.prototype.toString.call(error);
  } catch {
    head = "Error";
  }
  return [head, ...frames.slice(0, MAX_FRAMES).map((f) => `    at ${f}`)].join("\n");
};

const compiled = path.join(__dirname, "bin", "index.js");
if (!fs.existsSync(compiled)) {
  throw new Error(`${compiled} is missing: run \`npm run build\` (or \`npm ci\`) in ${__dirname} first`);
}
module.exports = require(compiled);
