// Issue 17, point 7: the stack outputs after a failed `up` and after `refresh` are the truth.
// - A failed `up`: the engine keeps what the program registered before the failure
//   (provider/stack/settled-outputs.ts): objects that are done show their values, the one whose
//   step failed shows NOT_DONE, and nothing is displayed as deleted.
// - A refresh recomputes the outputs only when it runs the program; one that does not, and finds a
//   change, says that the outputs still show the last `up` (provider/resources/stale-outputs.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";
import * as linstor from "../../provider";
import { NOT_DONE } from "../../provider/stack/settled-outputs";
import { STALE_OUTPUTS_WARNING } from "../../provider/resources/stale-outputs";

const WALKTHROUGH = path.join(repoRoot, "examples", "seed-walkthrough");

describe("stack outputs after a failed up and after refresh (repository program, real engine + simulator)", function () {
  this.timeout(300_000);
  // No balancer: it would add back the replica a test deletes by hand.
  const sim = useSimulator({ seedCluster: true, balance: false });

  /** The repository's program on walkthrough step 1 (LocalData on vulcan and kronos), refresh and destroy without the program. */
  function stepOne(): Promise<TestStack> {
    return TestStack.forProgramDir({
      workDir: repoRoot, stackName: `outputs-${process.pid}`,
      config: { "linstor:endpoint": sim().url, "linstor:stack": path.join(WALKTHROUGH, "01-localdata.yaml") },
      env: { LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "", PULUMI_RUN_PROGRAM: "false" },
    });
  }

  async function cleanUp(stack: TestStack): Promise<void> {
    await sim().clearFaults();
    await stack.stack.setConfig("linstor:stack", { value: path.join(WALKTHROUGH, "01-localdata.yaml") });
    await stack.destroy({ runProgram: true }).catch(() => undefined);
    await stack.dispose();
    fs.rmSync(path.join(repoRoot, `Pulumi.${stack.stack.name}.yaml`), { force: true });
  }

  it("after a failed up: show what is done and mark the object whose step failed, none displayed as deleted", async () => {
    const stack = await stepOne();
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
      await cleanUp(stack);
    }
  });

  it("after refresh: one without the program says the outputs still show the last up; --run-program recomputes them", async () => {
    const stack = await stepOne();
    try {
      await stack.up();
      await sim().client().resources.delete("LocalData", "kronos");
      const plain = await stack.refresh();
      assert.ok(plain.stdout.includes(STALE_OUTPUTS_WARNING), `no word on the outputs after a plain refresh:\n${plain.stdout}`);
      const nodes = async () => ((await stack.stack.outputs()).resources.value as Record<string, { nodes: string[] }>).LocalData.nodes;
      assert.deepStrictEqual(await nodes(), ["vulcan", "kronos"], "a plain refresh leaves the outputs of the last up (as it says)");

      const full = await stack.refresh({ runProgram: true });
      assert.ok(!full.stdout.includes(STALE_OUTPUTS_WARNING), "the warning shows although the program ran");
      assert.deepStrictEqual(await nodes(), ["vulcan"], "refresh --run-program recomputes the outputs");
    } finally {
      await cleanUp(stack);
    }
  });

  it("a TypeScript program's settledOutputs: after a failed up, what is done and NOT_DONE for the failed object", async () => {
    let withVolume = false;
    const stack = await TestStack.create({
      program: async () => {
        const fine = new linstor.ResourceDefinition("Fine", { name: "Fine" });
        if (!withVolume) return linstor.settledOutputs({ fine: fine.name });
        const vd = new linstor.VolumeDefinition("Fine/0", { resource: fine.name, size: "32m" });
        return linstor.settledOutputs({ fine: fine.name, volume: vd.id });
      },
      config: { "linstor:endpoint": sim().url },
    });
    try {
      assert.deepStrictEqual((await stack.up()).outputs.fine.value, "Fine");
      withVolume = true;
      await sim().fault({ kind: "error", status: 500, method: "POST", path: "/Fine/volume-definitions$", count: 20 });
      await assert.rejects(stack.up());
      const outputs = await stack.stack.outputs();
      assert.strictEqual(outputs.fine.value, "Fine");
      assert.strictEqual(outputs.volume?.value, NOT_DONE);
    } finally {
      await sim().clearFaults();
      await stack.destroy().catch(() => undefined);
      await stack.dispose();
    }
  });
});
