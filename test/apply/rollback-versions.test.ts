// The rollback follows the controller's version (issue 18): against a simulator that answers as
// LINSTOR 1.30 (in-place rollback, refused on a node without the snapshot) the provider moves that
// replica out of the way and back; against 1.34 (restore-based) it sends one rollback. Both end with
// the snapshot's data on every replica. Plan + apply over HTTP.
import * as assert from "assert";
import { apply } from "../../provider/apply";
import { readLive } from "../../provider/client";
import type { DesiredState } from "../../provider/model/types";
import { plan } from "../../provider/plan";
import { pattern, useSimulator } from "../../harness/sim";

const SNAP_KEY = "Snapshot/SHAREDDATA/SNAP1";

for (const version of ["1.30.0", "1.34.0"]) {
  describe(`rollback on a controller that says ${version}`, function () {
    this.timeout(120_000);
    const sim = useSimulator({ resyncRateKibPerSec: 1 << 20, balance: false, linstorVersion: version });

    it(version === "1.30.0"
      ? "moves the replica without the snapshot out, rolls back, re-adds it; every replica holds the snapshot's data"
      : "sends one restore-based rollback; every replica holds the snapshot's data", async () => {
      const c = sim().client();
      const desired: DesiredState = {
        resourceDefinitions: [{ name: "SharedData", layerStack: ["DRBD", "STORAGE"] }],
        volumeDefinitions: [{ resource: "SharedData", number: 0, sizeKib: 64 * 1024 }],
        resources: [{ resource: "SharedData", nodes: ["vulcan", "remus", "romulus"], storagePool: "thinpool" }],
      };
      const converge = async () => apply(plan(desired, await readLive(c)), c, { poll: { initialMs: 20, maxMs: 200 } });
      await converge();
      await sim().writeData("SharedData", "remus", 0, 0, pattern("before", 16384));
      const atSnapshot = await sim().checksum("SharedData", "remus", 0);
      desired.snapshots = [{ resource: "SharedData", name: "Snap1", nodes: ["remus", "romulus"], rollbackTrigger: "a" }];
      desired.previousRollbackTriggers = { [SNAP_KEY]: "a" };
      await converge();
      await sim().writeData("SharedData", "remus", 0, 0, pattern("after", 16384));
      assert.notStrictEqual(await sim().checksum("SharedData", "vulcan", 0), atSnapshot);

      desired.snapshots[0].rollbackTrigger = "b";
      desired.previousRollbackTriggers = { [SNAP_KEY]: "a" };
      const result = await converge();
      const ops = result.steps.map((s) => `${s.step.op}${"node" in s.step ? ` ${String(s.step.node)}` : ""}`);
      if (version === "1.30.0") {
        assert.ok(ops.indexOf("deleteReplica vulcan") >= 0 && ops.indexOf("deleteReplica vulcan") < ops.indexOf("rollback")
          && ops.indexOf("rollback") < ops.indexOf("createReplicas"), ops.join(", "));
      } else {
        assert.deepStrictEqual(ops, ["rollback", "waitSynced"]);
      }
      for (const node of ["vulcan", "remus", "romulus"]) {
        assert.strictEqual(await sim().checksum("SharedData", node, 0), atSnapshot, `SharedData on ${node}`);
      }
    });
  });
}
