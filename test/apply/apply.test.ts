// The executor over HTTP against the simulator, with hand-written plans (independent of the
// planner): converging re-runs, conflicts, resync waits with progress, wait budgets, the 3→2
// tiebreaker boundary, toggle-disk, and the placement pre-flight.

import * as assert from "assert";
import {
  apply, ApplyError, ConflictError, PlacementError, ProgressEvent, WaitTimeoutError,
} from "../../provider/apply";
import { LinstorClient, readLive } from "../../provider/client";
import type { Plan, Step } from "../../provider/plan/steps";
import { pattern, useSimulator } from "../../harness/sim";

const MiB = 1024;
const plan = (...steps: Step[]): Plan => ({ steps, notes: [] });
const fast = { poll: { initialMs: 20, factor: 1.5, maxMs: 200 } };

function definition(name: string, sizeKib: number, layers: ("DRBD" | "STORAGE")[] = ["DRBD", "STORAGE"]): Step[] {
  return [
    { op: "createResourceDefinition", definition: { name, layerStack: layers }, description: `create resource definition ${name}` },
    { op: "createVolumeDefinition", volume: { resource: name, number: 0, sizeKib }, description: `create volume 0 of ${name}` },
  ];
}
const replicas = (resource: string, nodes: string[]): Step => ({
  op: "createReplicas", resource, replicas: nodes.map((node) => ({ node, storagePool: "thinpool" })),
  description: `place ${resource} on ${nodes.join(", ")}`,
});

describe("apply (executor) against the simulator", function () {
  // 8 MiB/s: an 8 MiB volume takes about a second to resync, long enough to watch progress.
  const sim = useSimulator({ resyncRateKibPerSec: 8 * MiB, balance: false });
  let c: LinstorClient;
  before(() => {
    c = sim().client();
  });

  it("creates in order, and a re-run converges with every step 'already'", async () => {
    const p = plan(...definition("conv", 4 * MiB), replicas("conv", ["vulcan", "kronos"]));
    const first = await apply(p, c, fast);
    assert.deepStrictEqual(first.steps.map((s) => s.outcome), ["done", "done", "done"]);
    const second = await apply(p, c, fast);
    assert.deepStrictEqual(second.steps.map((s) => s.outcome), ["already", "already", "already"]);
    const live = await readLive(c, { resources: ["conv"] });
    assert.deepStrictEqual(live.resources.filter((r) => !r.diskless).map((r) => r.node).sort(), ["kronos", "vulcan"]);
  });

  it("an existing object that differs is a clear ConflictError inside an ApplyError", async () => {
    const p = plan({ op: "createVolumeDefinition", volume: { resource: "conv", number: 0, sizeKib: 8 * MiB }, description: "create volume 0 of conv (8 MiB)" });
    await assert.rejects(apply(p, c, fast), (e: unknown) => {
      assert.ok(e instanceof ApplyError);
      assert.ok(e.reason instanceof ConflictError);
      assert.match(e.message, /volume 0 of conv already exists but differs: size is 4 MiB, wanted 8 MiB/);
      assert.match(e.message, /exists now:\n {2}resource definition conv with volume 0/);
      return true;
    });
  });

  it("a pool that exists with another kind is a conflict; the error shows the node and its pools", async () => {
    const p = plan({ op: "createStoragePool", pool: { node: "vulcan", name: "thinpool", providerKind: "LVM", backingPool: "drbdpool" }, description: "create pool thinpool on vulcan" });
    await assert.rejects(apply(p, c, fast), (e: unknown) => {
      assert.ok(e instanceof ApplyError && e.reason instanceof ConflictError);
      assert.match(e.message, /storage pool thinpool on vulcan already exists but differs: provider kind is "LVM_THIN", wanted "LVM"/);
      assert.ok(e.existsNow.includes("node vulcan: ONLINE"));
      assert.ok(e.existsNow.includes("storage pool thinpool on vulcan: LVM_THIN"));
      return true;
    });
  });

  it("waits for a new replica to resync, reporting percent and the node it waits for", async () => {
    const data = pattern("resync", 256 * 1024);
    await apply(plan(...definition("sync1", 8 * MiB), replicas("sync1", ["remus", "romulus"]), { op: "waitSynced", resource: "sync1", description: "wait" }), c, fast);
    await sim().writeData("sync1", "remus", 0, 0, data);
    const events: ProgressEvent[] = [];
    await apply(plan(replicas("sync1", ["vulcan"]), { op: "waitSynced", resource: "sync1", nodes: ["vulcan"], description: "wait until sync1 is UpToDate on vulcan" }), c,
      { ...fast, onProgress: (e) => events.push(e) });
    const waits = events.filter((e): e is Extract<ProgressEvent, { type: "wait" }> => e.type === "wait");
    assert.ok(waits.some((w) => w.node === "vulcan" && w.state.startsWith("vulcan:")), "the wait names the node it waits for");
    assert.ok(waits.some((w) => w.percent !== undefined && w.percent < 100), "resync percent is reported");
    assert.match(waits[waits.length - 1].state, /UpToDate/);
    assert.deepStrictEqual(await sim().readData("sync1", "vulcan", 0, 0, data.length), data);
  });

  it("a wait that runs out of budget names resource, node and last state, and says what exists", async () => {
    await sim().fault({ kind: "stall-resync", resource: "sync1", node: "kronos" });
    try {
      await assert.rejects(apply(plan(replicas("sync1", ["kronos"]), { op: "waitSynced", resource: "sync1", nodes: ["kronos"], description: "wait until sync1 is UpToDate on kronos" }), c,
        { ...fast, timeouts: { synced: 600 } }), (e: unknown) => {
        assert.ok(e instanceof ApplyError);
        assert.ok(e.reason instanceof WaitTimeoutError);
        assert.strictEqual(e.reason.resource, "sync1");
        assert.strictEqual(e.reason.node, "kronos");
        assert.match(e.reason.lastState, /^kronos: volume 0 (Inconsistent|SyncTarget)/);
        assert.strictEqual(e.completed.length, 1, "the replica create completed");
        assert.match(e.message, /replica of sync1 on kronos: diskful/);
        return true;
      });
    } finally {
      await sim().clearFaults();
    }
  });

  it("deleteReplica at the 3→2 boundary leaves no tiebreaker behind on that node", async () => {
    await apply(plan({ op: "waitSynced", resource: "sync1", description: "wait" }), c, fast);
    const remove = (node: string): Step[] => [
      { op: "deleteReplica", resource: "sync1", node, description: `remove ${node}` },
      { op: "waitReplicaGone", resource: "sync1", node, description: `wait until ${node} is gone` },
    ];
    await apply(plan(...remove("kronos")), c, fast);
    await apply(plan(...remove("vulcan")), c, fast);
    const live = await readLive(c, { resources: ["sync1"] });
    assert.ok(!live.resources.some((r) => r.node === "vulcan"), JSON.stringify(live.resources.map((r) => [r.node, r.flags])));
    assert.strictEqual(live.resources.filter((r) => !r.diskless).length, 2);
  });

  it("toggle-disk gives a diskless replica a disk; the wait step after it sees the resync through", async () => {
    await apply(plan({ op: "createReplicas", resource: "sync1", replicas: [{ node: "kronos", diskless: true }], description: "diskless on kronos" },
      { op: "toggleDisk", resource: "sync1", node: "kronos", into: "diskful", storagePool: "thinpool", description: "disk on kronos" },
      { op: "waitSynced", resource: "sync1", nodes: ["kronos"], description: "wait for kronos" }), c, fast);
    const live = await readLive(c, { resources: ["sync1"] });
    const diskful = live.resources.filter((r) => !r.diskless && !r.deleting).map((r) => r.node).sort();
    assert.deepStrictEqual(diskful, ["kronos", "remus", "romulus"]);
    assert.ok(live.resources.find((r) => r.node === "kronos")?.volumes.every((v) => v.diskState === "UpToDate"));
  });

  it("pre-flight refuses an impossible auto-place before any write, naming each failing node", async () => {
    await sim().setNodeOnline("vulcan", false);
    try {
      await sim().clearRequests();
      // 64 TiB: more than the controller over-commits (20 times) the seed's thin pools.
      const p = plan(...definition("big", 64 * 2 ** 30), { op: "autoPlace", resource: "big", placement: { placeCount: 3, storagePools: ["thinpool"] }, description: "auto-place 3" });
      await assert.rejects(apply(p, c, fast), (e: unknown) => {
        assert.ok(e instanceof PlacementError, String(e));
        assert.match(e.message, /^auto-place 3 of big: only 0 nodes qualify, 3 needed/);
        assert.match(e.message, /vulcan: OFFLINE/);
        assert.match(e.message, /kronos: pool thinpool can take .* by the controller's over-commit estimate, needs 64 TiB/);
        return true;
      });
      const writes = (await sim().requests()).log.filter((r) => r.method !== "GET" && r.path.startsWith("/v1/"));
      assert.deepStrictEqual(writes, []);
    } finally {
      await sim().setNodeOnline("vulcan", true);
    }
  });
});
