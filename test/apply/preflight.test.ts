// Placement pre-flight against a fixed live cluster (pure: no controller involved).

import * as assert from "assert";
import { checkPlacements, PlacementError, preflight } from "../../provider/apply";
import type { LiveCluster, LiveNode, LiveStoragePool } from "../../provider/model/types";
import type { Plan, Step } from "../../provider/plan/steps";

const MiB = 1024;
const GiB = 1024 * MiB;

function node(name: string, status = "ONLINE", props: Record<string, string> = {}): LiveNode {
  return { name, type: "SATELLITE", connectionStatus: status, flags: [], props };
}
function thin(nodeName: string, freeKib: number, totalKib = 10 * GiB): LiveStoragePool {
  return { node: nodeName, name: "thinpool", providerKind: "LVM_THIN", props: {}, freeKib, totalKib, thin: true, supportsSnapshots: true };
}

function cluster(over: Partial<LiveCluster> = {}): LiveCluster {
  return {
    nodes: [node("vulcan"), node("kronos"), node("remus"), node("romulus")],
    storagePools: [thin("vulcan", 8 * GiB), thin("kronos", 8 * GiB), thin("remus", 8 * GiB), thin("romulus", 8 * GiB)],
    resourceGroups: [],
    resourceDefinitions: [],
    resources: [],
    snapshots: [],
    ...over,
  };
}

const rdSteps = (name: string, sizeKib: number): Step[] => [
  { op: "createResourceDefinition", definition: { name, layerStack: ["DRBD", "STORAGE"] }, description: `create ${name}` },
  { op: "createVolumeDefinition", volume: { resource: name, number: 0, sizeKib }, description: `create volume 0 of ${name}` },
];
const planOf = (...steps: Step[]): Plan => ({ steps, notes: [] });

describe("placement pre-flight (linstor-server #95, #457: say which criterion fails)", () => {
  it("accepts an auto-place that fits", () => {
    assert.deepStrictEqual(checkPlacements(planOf(...rdSteps("SharedData", 150 * MiB),
      { op: "autoPlace", resource: "SharedData", placement: { placeCount: 3, storagePools: ["thinpool"] }, description: "auto-place" }), cluster()), []);
  });

  it("names each node that fails, by the controller's capacity estimate, and offline nodes", () => {
    const live = cluster({
      nodes: [node("vulcan", "OFFLINE"), node("kronos"), node("remus"), node("romulus")],
      // kronos: 40 MiB free of 10 GiB: over-committed 20 times that is 800 MiB, less than the
      // 1 GiB (10% of its total) that Autoplacer/MinThinFreeSpace keeps.
      storagePools: [thin("vulcan", 8 * GiB), thin("kronos", 40 * MiB), thin("remus", 8 * GiB), thin("romulus", 8 * GiB)],
    });
    const plan = planOf(...rdSteps("SharedData", 150 * MiB),
      { op: "autoPlace", resource: "SharedData", placement: { placeCount: 3, storagePools: ["thinpool"] }, description: "auto-place" });
    assert.throws(() => preflight(plan, live), (err: unknown) => {
      assert.ok(err instanceof PlacementError);
      assert.strictEqual(err.problems.length, 1);
      const msg = err.problems[0];
      assert.match(msg, /^auto-place 3 of SharedData: only 2 nodes qualify, 3 needed/);
      assert.match(msg, /kronos: pool thinpool would keep less than Autoplacer\/MinThinFreeSpace \(1 GiB\) of its over-commit estimate \(800 MiB\)/);
      assert.match(msg, /vulcan: OFFLINE/);
      assert.doesNotMatch(msg, /remus:|romulus:/);
      return true;
    });
  });

  it("is never stricter than the controller: thin pools are over-committed by its ratios, thick ones are not (real 1.34 rules)", () => {
    const nodes = [node("kronos")];
    const thick: LiveStoragePool = { node: "kronos", name: "thinpool", providerKind: "LVM", props: {}, freeKib: 100 * GiB, totalKib: 100 * GiB, thin: false, supportsSnapshots: false };
    const big = planOf(...rdSteps("Big", 500 * GiB),
      { op: "autoPlace", resource: "Big", placement: { placeCount: 1, storagePools: ["thinpool"] }, description: "auto-place" });
    // 500 GiB on 100 GiB of thin space: the controller over-commits 20 times (MaxOversubscriptionRatio).
    assert.deepStrictEqual(checkPlacements(big, cluster({ nodes, storagePools: [thin("kronos", 100 * GiB, 100 * GiB)] })), []);
    // The same on thick space cannot be placed.
    assert.match(checkPlacements(big, cluster({ nodes, storagePools: [thick] }))[0], /kronos: pool thinpool can take 100 GiB free, needs 500 GiB/);
    // The controller's own props count: a ratio of 2 leaves 200 GiB.
    const strict = cluster({ nodes, storagePools: [thin("kronos", 100 * GiB, 100 * GiB)], controllerProps: { MaxOversubscriptionRatio: "2" } });
    assert.match(checkPlacements(big, strict)[0], /pool thinpool can take 200 GiB by the controller's over-commit estimate, needs 500 GiB/);
    // ... and the pool's own override wins over the controller's.
    const loose = cluster({ nodes, storagePools: [{ ...thin("kronos", 100 * GiB, 100 * GiB), props: { MaxOversubscriptionRatio: "10" } }], controllerProps: { MaxOversubscriptionRatio: "2" } });
    assert.deepStrictEqual(checkPlacements(big, loose), []);
    // MinThinFreeSpace as an absolute size on the controller (no unit = KiB).
    const floor = cluster({ nodes, storagePools: [thin("kronos", 10 * GiB, 100 * GiB)], controllerProps: { "Autoplacer/MinThinFreeSpace": String(300 * GiB) } });
    const small = planOf(...rdSteps("Small", GiB),
      { op: "autoPlace", resource: "Small", placement: { placeCount: 1, storagePools: ["thinpool"] }, description: "auto-place" });
    assert.match(checkPlacements(small, floor)[0], /would keep less than Autoplacer\/MinThinFreeSpace \(300 GiB\) of its over-commit estimate \(200 GiB\)/);
  });

  it("counts existing diskful replicas toward the place count and skips their nodes", () => {
    const live = cluster({
      nodes: [node("vulcan", "OFFLINE"), node("kronos"), node("remus"), node("romulus")],
      resourceDefinitions: [{ name: "SharedData", layerStack: ["DRBD", "STORAGE"], props: {}, flags: [], volumes: [{ number: 0, sizeKib: 150 * MiB, props: {}, flags: [] }] }],
      resources: ["kronos", "remus"].map((n) => ({ resource: "SharedData", node: n, diskless: false, tieBreaker: false, flags: [], props: {}, ports: [], deleting: false, volumes: [] })),
    });
    const step: Step = { op: "autoPlace", resource: "SharedData", placement: { placeCount: 3 }, description: "auto-place" };
    assert.deepStrictEqual(checkPlacements(planOf(step), live), []);
    const four: Step = { op: "autoPlace", resource: "SharedData", placement: { placeCount: 4 }, description: "auto-place" };
    assert.match(checkPlacements(planOf(four), live)[0], /only 1 node qualifies, 2 needed; vulcan: OFFLINE/);
  });

  it("checks explicit placements: missing node, missing pool, DISKLESS pool, space", () => {
    const live = cluster({
      storagePools: [thin("vulcan", 8 * GiB), thin("kronos", 8 * GiB),
        { node: "remus", name: "DfltDisklessStorPool", providerKind: "DISKLESS", props: {}, thin: false, supportsSnapshots: false }],
    });
    const plan = planOf(...rdSteps("LocalData", 150 * MiB), {
      op: "createReplicas", resource: "LocalData", description: "place LocalData",
      replicas: [{ node: "vulcan", storagePool: "thinpool" }, { node: "ghost", storagePool: "thinpool" },
        { node: "romulus", storagePool: "thinpool" }, { node: "remus", storagePool: "DfltDisklessStorPool" }],
    });
    const [msg] = checkPlacements(plan, live);
    assert.match(msg, /^place LocalData on vulcan, ghost, romulus, remus: /);
    assert.match(msg, /ghost: no such node/);
    assert.match(msg, /romulus: no storage pool thinpool/);
    assert.match(msg, /remus: pool DfltDisklessStorPool is DISKLESS/);
    assert.doesNotMatch(msg, /vulcan:/);
  });

  it("treats nodes and pools the plan creates as present", () => {
    const plan = planOf(
      { op: "createNode", node: { name: "atlas", address: "10.0.0.9" }, description: "register atlas" },
      { op: "createStoragePool", pool: { node: "atlas", name: "thinpool", providerKind: "LVM_THIN", backingPool: "drbdpool/thinpool" }, description: "pool" },
      ...rdSteps("R1", GiB),
      { op: "createReplicas", resource: "R1", replicas: [{ node: "atlas", storagePool: "thinpool" }], description: "place R1" },
    );
    assert.deepStrictEqual(checkPlacements(plan, cluster()), []);
  });

  it("applies replicas-on-different, replicas-on-same and do-not-place-with", () => {
    const live = cluster({
      nodes: [node("vulcan", "ONLINE", { "Aux/rack": "a" }), node("kronos", "ONLINE", { "Aux/rack": "a" }),
        node("remus", "ONLINE", { "Aux/rack": "b" }), node("romulus", "ONLINE", { "Aux/rack": "b" })],
      resources: [{ resource: "Noisy", node: "remus", diskless: false, tieBreaker: false, flags: [], props: {}, ports: [], deleting: false, volumes: [] }],
    });
    const different: Step = { op: "autoPlace", resource: "R", placement: { placeCount: 3, replicasOnDifferent: ["Aux/rack"] }, description: "ap" };
    assert.match(checkPlacements(planOf(...rdSteps("R", MiB), different), live)[0], /only 2 nodes qualify.*replicas-on-different/);
    // Keys are looked up verbatim, as the controller does: "rack" is not "Aux/rack" (the CLI adds Aux/, the REST API does not).
    const bare: Step = { op: "autoPlace", resource: "R", placement: { placeCount: 3, replicasOnDifferent: ["rack"] }, description: "ap" };
    assert.deepStrictEqual(checkPlacements(planOf(...rdSteps("R", MiB), bare), live), []);
    const sameRack: Step = { op: "autoPlace", resource: "R", placement: { placeCount: 2, replicasOnSame: ["Aux/rack"] }, description: "ap" };
    assert.deepStrictEqual(checkPlacements(planOf(...rdSteps("R", MiB), sameRack), live), []);
    const avoid: Step = { op: "autoPlace", resource: "R", placement: { placeCount: 4, doNotPlaceWith: ["noisy"] }, description: "ap" };
    assert.match(checkPlacements(planOf(...rdSteps("R", MiB), avoid), live)[0], /remus: holds Noisy \(do-not-place-with\)/);
  });
});
