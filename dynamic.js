// What the `__provider` text in the Pulumi state loads (provider/resources/shim.ts): the provider
// of one kind, from the compiled package next to this file. It lives at the package root so the
// text can name it in a few bytes, `pulumi-linstor/dynamic`; this repository reaches itself by that
// name through its self-link (package.json devDependencies, `file:.`), an installed copy through
// the project's node_modules.
const fs = require("fs");
const path = require("path");

const entry = path.join(__dirname, "bin", "provider", "resources", "impl.js");
// The same check as program.js: an uncompiled checkout says what to run.
if (!fs.existsSync(entry)) {
  throw new Error(`${entry} is missing: run \`npm run build\` (or \`npm ci\`) in ${__dirname} first`);
}
module.exports = require(entry).providerFor;
