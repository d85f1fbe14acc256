// Issue 17 point 12: what the README tells a newcomer holds: its `controller:` example validates
// against the schema and loader, and it gives the same first engine build time as the installer.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkStackText } from "../../provider/stack";

const ROOT = join(__dirname, "../..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("documents the stack's controller: block with an example that validates", () => {
    const block = README.split("```yaml\n").slice(1).map((b) => b.slice(0, b.indexOf("```"))).find((b) => b.startsWith("controller:"));
    assert.ok(block, "no ```yaml block starting with controller: in the README");
    const checked = checkStackText(`${block}nodes:\n  vulcan: { address: 10.43.70.1 }\n`, "README.md");
    assert.ok(checked.ok, checked.ok ? "" : checked.problems.map((p) => p.message).join("\n"));
    assert.deepEqual(checked.stack.controller?.endpoints, ["https://10.43.70.1:3371", "https://10.43.70.2:3371"]);
    assert.equal(checked.stack.controller?.auth?.tokenEnv, "LINSTOR_TOKEN");
  });

  it("gives the first engine build time the installer announces", () => {
    const installer = readFileSync(join(ROOT, "scripts/install-pulumi.sh"), "utf8");
    const announced = /\(the first build takes ([^)]*)\)/.exec(installer)?.[1];
    assert.ok(announced, "the installer does not say how long the first build takes");
    assert.ok(README.replace(/\s+/g, " ").includes(`The first build takes ${announced}`),
      `the README does not say "The first build takes ${announced}"`);
  });
});
