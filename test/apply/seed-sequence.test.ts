// The seed article's whole sequence, driven through plan + apply against the simulator's seed
// cluster (vulcan, kronos, remus, romulus; LVM_THIN pool thinpool in VG drbdpool), with bytes
// written through the data plane before each step and read back (checksums) after it.
//
//   1. LocalData: storage layer only, on vulcan and kronos, 150m (backing volume LocalData_00000)
//   2. SharedData: DRBD, auto-placed on 3 nodes (kronos, remus, romulus; port 7000, minor 1000)
//   3. move SharedData kronos → vulcan: add, resync, delete; never fewer than 3 UpToDate replicas
//   4. delete LocalData
//   5. snapshot Snap1 of SharedData on romulus and remus
//   6. restore Snap1 into SharedData_Restore
//   7. roll SharedData back to Snap1 (vulcan removed, rolled back, re-added, resynced)

import * as assert from "assert";
import { isUpToDate } from "../../provider/plan/replica-health";
import { apply, ApplyResult } from "../../provider/apply";
import { LinstorClient, readLive } from "../../provider/client";
import { objectKey } from "../../provider/model/keys";
import type { DesiredState, LiveCluster, LiveReplica } from "../../provider/model/types";
import { plan } from "../../provider/plan";
import { pattern, SimEvent, SimHandle, useSimulator } from "../../harness/sim";

const SIZE_150M = 150 * 1024;
const SNAP_KEY = objectKey({ kind: "Snapshot", resource: "SharedData", name: "Snap1" });

const diskful = (live: LiveCluster, rd: string): LiveReplica[] =>
  live.resources.filter((r) => r.resource === rd && !r.diskless && !r.deleting);
const nodesOf = (rs: LiveReplica[]): string[] => rs.map((r) => r.node).sort();

describe("seed article sequence through plan + apply (issue 4 acceptance)", function () {
  // The controller's replica balancing is on, as on a real controller: the plan must switch it off
  // for the sets the stack decides, or the balancer trims the auto-placed third replica.
  const sim = useSimulator({ resyncRateKibPerSec: 300 * 1024, balance: true, balanceIntervalMs: 200, balanceGraceMs: 0 });
  let c: LinstorClient;
  const desired: DesiredState = {};
  /** Expected checksum per "rd/node" after each step. */
  const expected = new Map<string, string>();

  before(function () {
    c = sim().client();
  });

  /** Plans and applies the desired state, then checks that a second plan is empty (convergence). */
  async function converge(afterApply?: () => void): Promise<ApplyResult> {
    const p = plan(desired, await readLive(c));
    assert.ok(p.steps.length > 0, "the step changes something");
    const result = await apply(p, c, { poll: { initialMs: 20, maxMs: 250 } });
    afterApply?.();
    const again = plan(desired, await readLive(c));
    assert.deepStrictEqual(again.steps.map((s) => s.description), [], "a second run plans nothing");
    return result;
  }

  /** Writes a pattern into one replica (replicated by the simulated DRBD to its UpToDate peers). */
  async function write(s: SimHandle, rd: string, node: string, seed: string): Promise<Buffer> {
    const data = pattern(seed, 64 * 1024);
    await s.writeData(rd, node, 0, 4096, data);
    return data;
  }

  /** Records the checksum every listed replica has now. */
  async function remember(s: SimHandle, rd: string, nodes: string[]): Promise<void> {
    for (const n of nodes) expected.set(`${rd}/${n}`, await s.checksum(rd, n, 0));
  }

  /** Every remembered replica of rd that still exists reads back unchanged; `also` nodes must match `like`. */
  async function unchanged(s: SimHandle, rd: string, also: string[] = [], like?: string): Promise<void> {
    const live = await readLive(c, { resources: [rd] });
    for (const r of diskful(live, rd)) {
      const want = expected.get(`${rd}/${r.node}`) ?? (also.includes(r.node) && like ? expected.get(`${rd}/${like}`) : undefined);
      if (want === undefined) continue;
      assert.strictEqual(await s.checksum(rd, r.node, 0), want, `${rd} on ${r.node} reads back unchanged`);
    }
  }

  it("1. LocalData: storage layer only on vulcan and kronos, 150m, backing volume LocalData_00000", async () => {
    desired.resourceDefinitions = [{ name: "LocalData", layerStack: ["STORAGE"] }];
    desired.volumeDefinitions = [{ resource: "LocalData", number: 0, sizeKib: SIZE_150M }];
    desired.resources = [{ resource: "LocalData", nodes: ["vulcan", "kronos"], storagePool: "thinpool" }];
    await converge();
    const live = await readLive(c);
    const rs = diskful(live, "LocalData");
    assert.deepStrictEqual(nodesOf(rs), ["kronos", "vulcan"]);
    assert.deepStrictEqual(live.resourceDefinitions.find((d) => d.name === "LocalData")?.layerStack, ["STORAGE"]);
    for (const r of rs) {
      assert.deepStrictEqual(r.ports, [], "no DRBD layer, no port");
      assert.match(r.volumes[0].backingDevice ?? r.volumes[0].devicePath ?? "", /drbdpool\/LocalData_00000$/);
      // LINSTOR 1.34 reports no disk state for a STORAGE-only volume: it is ready once it has a device.
      assert.strictEqual(r.volumes[0].diskState, undefined);
      assert.ok(isUpToDate(r, 1), `LocalData on ${r.node} is not ready: ${JSON.stringify(r.volumes)}`);
    }
    for (const n of ["vulcan", "kronos"]) await write(sim(), "LocalData", n, `local-${n}`);
    await remember(sim(), "LocalData", ["vulcan", "kronos"]);
  });

  it("2. SharedData: DRBD auto-placed on 3 nodes lands on kronos, remus, romulus (port 7000, minor 1000)", async () => {
    desired.resourceDefinitions?.push({ name: "SharedData", layerStack: ["DRBD", "STORAGE"] });
    desired.volumeDefinitions?.push({ resource: "SharedData", number: 0, sizeKib: SIZE_150M });
    desired.resources?.push({ resource: "SharedData", autoPlace: { placeCount: 3, storagePools: ["thinpool"] } });
    await converge();
    await unchanged(sim(), "LocalData");
    const live = await readLive(c);
    const rs = diskful(live, "SharedData");
    assert.deepStrictEqual(nodesOf(rs), ["kronos", "remus", "romulus"]);
    await apply({ steps: [{ op: "waitSynced", resource: "SharedData", description: "wait" }], notes: [] }, c, { preflight: false });
    await write(sim(), "SharedData", "kronos", "shared-1");
    await remember(sim(), "SharedData", ["kronos", "remus", "romulus"]);
    for (const r of rs) {
      assert.strictEqual(r.volumes[0].minor, 1000);
      assert.strictEqual(r.volumes[0].devicePath, "/dev/drbd1000");
    }
    // The first DRBD resource on each node: port 7000 (LocalData has no DRBD layer, so no port).
    assert.deepStrictEqual(rs.map((r) => `${r.node}:${r.ports.join(",")}`), ["kronos:7000", "remus:7000", "romulus:7000"]);
  });

  it("3. move SharedData kronos → vulcan: add, resync, delete, never fewer than three UpToDate", async () => {
    const mark = (await sim().events()).reduce((m, e) => Math.max(m, e.seq), 0);
    const shared = desired.resources?.find((r) => r.resource === "SharedData");
    assert.ok(shared);
    delete shared.autoPlace;
    shared.nodes = ["vulcan", "remus", "romulus"];
    shared.storagePool = "thinpool";
    await converge();
    const live = await readLive(c);
    assert.deepStrictEqual(nodesOf(diskful(live, "SharedData")), ["remus", "romulus", "vulcan"]);
    assert.ok(!live.resources.some((r) => r.resource === "SharedData" && r.node === "kronos"), "nothing of SharedData is left on kronos");

    const ev: SimEvent[] = (await sim().events(mark)).filter((e) => e.resource === "SharedData");
    const at = (pred: (e: SimEvent) => boolean): number => ev.findIndex(pred);
    const added = at((e) => e.type === "resource-created" && e.node === "vulcan");
    const synced = at((e) => e.type === "resync-done" && e.node === "vulcan");
    const removed = at((e) => (e.type === "resource-flagged-delete" || e.type === "resource-deleted") && e.node === "kronos");
    assert.ok(added >= 0 && synced > added && removed > synced, `add → resync → delete, got ${ev.map((e) => `${e.type}@${e.node}`).join(", ")}`);
    assert.ok(at((e) => e.type === "resync-start" && e.node === "vulcan") > added, "vulcan resynced from a peer");
    const low = ev.filter((e) => e.upToDate !== undefined && e.upToDate < 3);
    assert.deepStrictEqual(low.map((e) => `${e.type}@${e.node}: ${e.upToDate}`), [], "never fewer than three UpToDate replicas");

    await unchanged(sim(), "SharedData", ["vulcan"], "remus");
    await unchanged(sim(), "LocalData");
    expected.set("SharedData/vulcan", expected.get("SharedData/remus") as string);
    expected.delete("SharedData/kronos");
  });

  it("4. delete LocalData", async () => {
    desired.resourceDefinitions = desired.resourceDefinitions?.filter((d) => d.name !== "LocalData");
    desired.volumeDefinitions = desired.volumeDefinitions?.filter((v) => v.resource !== "LocalData");
    desired.resources = desired.resources?.filter((r) => r.resource !== "LocalData");
    desired.absent = [
      { kind: "Resource", resource: "LocalData" },
      { kind: "VolumeDefinition", resource: "LocalData", number: 0 },
      { kind: "ResourceDefinition", name: "LocalData" },
    ];
    await converge();
    const live = await readLive(c);
    assert.ok(!live.resourceDefinitions.some((d) => d.name === "LocalData"));
    assert.ok(!live.resources.some((r) => r.resource === "LocalData"));
    await unchanged(sim(), "SharedData");
  });

  it("5. snapshot Snap1 of SharedData on romulus and remus", async () => {
    desired.snapshots = [{ resource: "SharedData", name: "Snap1", nodes: ["romulus", "remus"], rollbackTrigger: "initial" }];
    await converge();
    const snap = (await readLive(c)).snapshots.find((s) => s.resource === "SharedData" && s.name === "Snap1");
    assert.ok(snap?.successful);
    assert.deepStrictEqual([...snap.nodes].sort(), ["remus", "romulus"]);
    assert.deepStrictEqual(snap.volumes, [{ number: 0, sizeKib: SIZE_150M }]);
    await unchanged(sim(), "SharedData");
    desired.previousRollbackTriggers = { [SNAP_KEY]: "initial" };
  });

  it("6. restore Snap1 into SharedData_Restore", async () => {
    desired.resources?.push({ resource: "SharedData_Restore", restoreFrom: { resource: "SharedData", snapshot: "Snap1" } });
    await converge();
    const live = await readLive(c);
    assert.deepStrictEqual(nodesOf(diskful(live, "SharedData_Restore")), ["remus", "romulus"]);
    assert.strictEqual(live.resourceDefinitions.find((d) => d.name === "SharedData_Restore")?.volumes[0]?.sizeKib, SIZE_150M);
    for (const n of ["remus", "romulus"]) {
      assert.strictEqual(await sim().checksum("SharedData_Restore", n, 0), expected.get(`SharedData/${n}`), `restored bytes on ${n} equal the snapshot`);
    }
    await unchanged(sim(), "SharedData");
  });

  it("7. roll SharedData back to Snap1: one restore-based rollback (LINSTOR 1.34 recreates vulcan, which resyncs)", async () => {
    const atSnapshot = expected.get("SharedData/remus") as string;
    // Data written after the snapshot: the rollback must discard it.
    await write(sim(), "SharedData", "remus", "after-snap");
    assert.notStrictEqual(await sim().checksum("SharedData", "vulcan", 0), atSnapshot);
    const mark = (await sim().events()).reduce((m, e) => Math.max(m, e.seq), 0);
    (desired.snapshots ?? [])[0].rollbackTrigger = "rollback-1";
    // What the resources layer records after a successful apply: the trigger acted on.
    const result = await converge(() => {
      desired.previousRollbackTriggers = { [SNAP_KEY]: "rollback-1" };
    });
    // The controller claims 1.34: the provider removes nothing itself, the controller recreates every replica.
    assert.deepStrictEqual(result.steps.map((s) => s.step.op), ["rollback", "waitSynced"]);

    const ev = (await sim().events(mark)).filter((e) => e.resource === "SharedData");
    const i = (pred: (e: SimEvent) => boolean): number => ev.findIndex(pred);
    const gone = i((e) => e.type === "resource-deleted" && e.node === "vulcan");
    const back = i((e) => e.type === "resource-created" && e.node === "vulcan");
    const resynced = i((e) => e.type === "resync-done" && e.node === "vulcan");
    assert.ok(gone >= 0 && back > gone && resynced > back, ev.map((e) => `${e.type}@${e.node ?? ""}`).join(", "));

    const live = await readLive(c);
    const rs = diskful(live, "SharedData");
    assert.deepStrictEqual(nodesOf(rs), ["remus", "romulus", "vulcan"]);
    assert.ok(rs.every((r) => r.volumes.every((v) => v.diskState === "UpToDate")));
    for (const n of ["remus", "romulus", "vulcan"]) {
      assert.strictEqual(await sim().checksum("SharedData", n, 0), atSnapshot, `SharedData on ${n} holds the snapshot's bytes`);
    }
    await unchanged(sim(), "SharedData_Restore");
  });
});
