// Issue 17 point 6: an interrupted move must say exactly what was done. Giving a diskless replica
// a disk is one step, waiting for its resync another; when the resync stalls, the report names the
// disk as added and the wait as failed, with the state the resync was in.
import * as assert from "assert";
import * as linstor from "../../provider";
import { TestStack } from "../../harness/pulumi";
import { useSimulator } from "../../harness/sim";

describe("an interrupted move (real engine + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 200 * 1024 });

  it("reports the added disk as done and the resync wait as the failed step, with how far the resync got (issue 17 point 6)", async () => {
    // Thick LVM pools resync in full (a thin pool may skip the sync of blocks never written).
    const c = sim().client();
    for (const node of ["vulcan", "remus", "romulus"]) {
      await c.storagePools.create(node, { storage_pool_name: "thick", provider_kind: "LVM", props: { "StorDriver/StorPoolName": "drbdpool" } });
    }
    let diskful = ["remus", "romulus"];
    let diskless = ["vulcan"];
    const stack = await TestStack.create({
      program: async () => {
        const rd = new linstor.ResourceDefinition("Mover", { name: "Mover", layerStack: ["DRBD", "STORAGE"] });
        const vd = new linstor.VolumeDefinition("Mover/0", { resource: rd.name, size: "16m" });
        new linstor.Resource("Mover", {
          resource: rd.name, nodes: diskful, diskless, storagePool: "thick", timeouts: { syncSeconds: 2 },
        }, { dependsOn: [vd] });
      },
      config: { "linstor:endpoint": sim().url },
    });
    try {
      await stack.up();
      await sim().fault({ kind: "stall-resync", resource: "Mover", node: "vulcan" });
      diskful = ["remus", "romulus", "vulcan"];
      diskless = [];
      const failure = await stack.up().then(() => undefined, (e: unknown) => String(e instanceof Error ? e.message : e));
      assert.ok(failure, "the up fails while the resync is stalled");
      // The disk was added: that step completed; the wait is the step that failed, and says where the resync stood.
      assert.match(failure, /step 2 failed: wait until Mover is UpToDate on vulcan[^\n]*: timed out after 2 s waiting for Mover to be UpToDate on [^\n]*\(held up by vulcan\); last seen: vulcan: volume 0 (Inconsistent|SyncTarget)[^\n]*; resync at \d+\.\d%/);
      assert.match(failure, /completed before it:\s+1\. give the diskless replica of Mover on vulcan a disk \(pool thick\)/);
      assert.doesNotMatch(failure, /no step completed before it/);
      assert.match(failure, /replica of Mover on vulcan: diskful in thick/);
      // Once the resync runs again, the next up only waits: the disk is not added twice.
      await sim().clearFaults();
      await sim().clearRequests();
      await stack.up();
      const toggles = (await sim().requests()).log.filter((l) => l.method === "PUT" && l.path.endsWith("/toggle-disk"));
      assert.deepStrictEqual(toggles, [], "the disk is not toggled again");
    } finally {
      await sim().clearFaults();
      await stack.destroy().catch(() => undefined);
      await stack.dispose();
      for (const node of ["vulcan", "remus", "romulus"]) await c.storagePools.delete(node, "thick").catch(() => undefined);
    }
  });
});
