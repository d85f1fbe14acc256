// A definition without DRBD has no replicas in DRBD's sense: each volume is local to its node and
// nothing copies data between them. "Moving" one (a node swapped in the stack) deletes the data on
// the old node; preview and up say so as a warning, and the plan never speaks of a resync.
import * as assert from "assert";
import * as linstor from "../../provider";
import { TestStack, type RunResult } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";

function warnings(r: RunResult): string[] {
  return r.events.flatMap((e) => (e.diagnosticEvent && (e.diagnosticEvent.severity as string) === "warning" ? [e.diagnosticEvent.message.trim()] : []));
}

describe("a volume without DRBD swapped to another node (real engine + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true });

  it("preview and up warn that the old volume's data is deleted; no resync is claimed", async () => {
    let nodes = ["vulcan", "kronos"];
    const stack = await TestStack.create({
      program: async () => {
        const rd = new linstor.ResourceDefinition("LocalData", { name: "LocalData", layerStack: ["STORAGE"] });
        const vd = new linstor.VolumeDefinition("LocalData/0", { resource: rd.name, size: "16m" });
        new linstor.Resource("LocalData", { resource: rd.name, nodes, storagePool: "thinpool" }, { dependsOn: [vd] });
      },
      config: { "linstor:endpoint": sim().url },
    });
    try {
      const first = await stack.up();
      assert.deepStrictEqual(warnings(first), []);
      assert.match(first.stdout, /wait until the volumes of LocalData on vulcan, kronos are created \(no DRBD layer: nothing to resync\)/);

      nodes = ["vulcan", "remus"];
      const expected = "LocalData has no DRBD layer: removing its volume on kronos deletes the data there; nothing copies it to another node";
      const preview = await stack.preview();
      assert.deepStrictEqual(warnings(preview), [expected]);
      assert.match(preview.stdout, /remove replica of LocalData from kronos \(LocalData has no DRBD layer: the data on kronos is deleted, not moved\)/);
      assert.doesNotMatch(preview.stdout, /resync/i);

      const up = await stack.up();
      assert.deepStrictEqual(warnings(up), [expected]);
      const replicas = (await sim().client().resources.view()).filter((r) => r.name === "LocalData").map((r) => r.node_name).sort();
      assert.deepStrictEqual(replicas, ["remus", "vulcan"]);
    } finally {
      await stack.dispose();
    }
  });
});
