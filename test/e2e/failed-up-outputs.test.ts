// Issue 17, point 7: the stack outputs after a failed `up` are the truth. The engine keeps what the
// program registered before the failure (provider/stack/settled-outputs.ts): objects that are done
// show their values, the one whose step failed shows NOT_DONE, and nothing is displayed as deleted.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";
import { NOT_DONE } from "../../provider/stack/settled-outputs";

const WALKTHROUGH = path.join(repoRoot, "examples", "seed-walkthrough");

describe("stack outputs after a failed up (repository program, real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true });

  it("show what is done and mark the object whose step failed, none displayed as deleted", async () => {
    const stack = await TestStack.forProgramDir({
      workDir: repoRoot, stackName: `failed-up-${process.pid}`,
      config: { "linstor:endpoint": sim().url, "linstor:stack": path.join(WALKTHROUGH, "01-localdata.yaml") },
      env: { LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "" },
    });
    try {
      const first = await stack.up();
      assert.deepStrictEqual(Object.keys(first.outputs.resources.value), ["LocalData"]);

      // Step 2 adds SharedData; the controller refuses to place it.
      await stack.stack.setConfig("linstor:stack", { value: path.join(WALKTHROUGH, "02-shareddata.yaml") });
      await sim().fault({ kind: "error", status: 500, method: "POST", path: "/SharedData/autoplace$", count: 20 });
      let stdout = "";
      await assert.rejects(stack.stack.up({ onOutput: (s) => { stdout += s; } }));

      const outputs = await stack.stack.outputs();
      const resources = outputs.resources.value as Record<string, { nodes?: string[] } | string>;
      assert.strictEqual(resources.SharedData, NOT_DONE, "the failed object is marked, not left out");
      assert.deepStrictEqual((resources.LocalData as { nodes: string[] }).nodes, ["vulcan", "kronos"]);
      assert.deepStrictEqual(Object.keys(outputs.nodes.value).sort(), ["kronos", "remus", "romulus", "vulcan"]);
      const shownDeleted = stdout.split("\n").filter((l) => /^\s*-\s+(nodes|storagePools|resources)\s*:/.test(l));
      assert.deepStrictEqual(shownDeleted, [], `outputs displayed as deleted:\n${stdout}`);
    } finally {
      await stack.stack.setConfig("linstor:stack", { value: path.join(WALKTHROUGH, "01-localdata.yaml") });
      await stack.destroy({ runProgram: true }).catch(() => undefined);
      await stack.dispose();
      fs.rmSync(path.join(repoRoot, `Pulumi.${stack.stack.name}.yaml`), { force: true });
    }
  });
});
