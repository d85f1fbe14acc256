// Issue 17, points 2 and 7: a `pulumi refresh` after `pulumi config set linstor:endpoint …` reads
// the controller the config names now, and leaves the stack outputs as that controller has them.
//
// Without the program, the engine configures a refresh's providers from the state (the config of the
// last `up`) and keeps the stack outputs of the last `up`: nothing a provider can change. Running the
// program (`--run-program`, or PULUMI_RUN_PROGRAM=true, which the README's environment sets) gives
// the providers the current config and recomputes the outputs; this test runs with that environment.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as linstor from "../../provider";
import { repoRoot } from "../../scripts/engine";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";

/** The variables the README's "run pulumi by hand" block exports, except where the state and engine live. */
function readmeEnvironment(): Record<string, string> {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const block = /To run `pulumi` by hand[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, "the README has a block on running pulumi by hand");
  const env: Record<string, string> = {};
  for (const [, name, value] of block.replace(/\\\n/g, " ").matchAll(/\b([A-Z_]+)=("[^"]*"|\S+)/g)) {
    if (name !== "PATH" && name !== "PULUMI_BACKEND_URL") env[name] = value.replace(/^"|"$/g, "");
  }
  return env;
}

describe("the current provider config reaches refresh (README environment, real engine + simulator)", function () {
  this.timeout(300_000);
  const oldSim = useSimulator({ seedCluster: true });
  // No balancer: it would add back the replica this test leaves out.
  const currentSim = useSimulator({ seedCluster: true, balance: false });

  it("refresh reads the controller `linstor:endpoint` names now, and the outputs show what it has", async () => {
    const stack = await TestStack.create({
      program: async () => {
        const rd = new linstor.ResourceDefinition("Moved", { name: "Moved", layerStack: ["DRBD", "STORAGE"] });
        const vd = new linstor.VolumeDefinition("Moved/0", { resource: rd.name, size: "32m" });
        const r = new linstor.Resource("Moved", { resource: rd.name, nodes: ["vulcan", "kronos"], storagePool: "thinpool" }, { dependsOn: [vd] });
        return { nodes: r.diskfulNodes };
      },
      config: { "linstor:endpoint": oldSim().url },
      env: { ...readmeEnvironment(), LINSTOR_ENDPOINT: "", LS_CONTROLLERS: "" },
    });
    try {
      const up = await stack.up();
      assert.deepStrictEqual(up.outputs.nodes.value, ["vulcan", "kronos"]);
      // The same cluster behind a new address, where one replica has since gone.
      const c = currentSim().client();
      await c.resourceDefinitions.create({ resource_definition: { name: "Moved", layer_data: [{ type: "DRBD" }, { type: "STORAGE" }] } });
      await c.volumeDefinitions.create("Moved", { volume_definition: { size_kib: 32768 } });
      await c.resources.create("Moved", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }]);
      await stack.stack.setConfig("linstor:endpoint", { value: currentSim().url });
      await oldSim().clearRequests();
      await currentSim().clearRequests();
      await stack.refresh();
      assert.strictEqual((await oldSim().requests()).total, 0, "refresh sent requests to the old controller");
      assert.ok((await currentSim().requests()).total > 0, "refresh did not read the controller the config names");
      assert.deepStrictEqual((await stack.stack.outputs()).nodes.value, ["vulcan"], "the outputs after refresh are the controller's");
    } finally {
      await stack.stack.setConfig("linstor:endpoint", { value: oldSim().url });
      await stack.destroy().catch(() => undefined);
      await stack.dispose();
    }
  });
});
