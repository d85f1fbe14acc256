// In-place updates and the notes the planner leaves for what it does not change in place.

import { strict as assert } from "assert";
import { plan, PlanError, MANAGED_PROPS_KEY, BALANCE_KEY } from "../../provider/plan";
import type { DesiredState, LiveCluster } from "../../provider/model/types";
import { ClusterModel, emptyCluster, withDefinition, withNodes, withReplica, withSnapshot } from "../helpers/cluster-model";

const GIB = 1024 * 1024;

function problems(desired: DesiredState, live: LiveCluster): string[] {
  try {
    plan(desired, live);
  } catch (e) {
    assert.ok(e instanceof PlanError);
    return e.problems;
  }
  return assert.fail("expected a PlanError");
}

function twoNodes(): LiveCluster {
  const live = withNodes(emptyCluster(), ["alpha", "beta", "gamma"]);
  withDefinition(live, "r1", [GIB], { [BALANCE_KEY]: "false" });
  withReplica(live, "r1", "alpha");
  withReplica(live, "r1", "beta");
  return live;
}

describe("plan: node registration", () => {
  it("a createNode step carries no ssh block (its secrets stay out of plans and previews)", () => {
    const p = plan({ nodes: [{ name: "delta", address: "10.0.0.9", onRemove: "evacuate", ssh: { host: "10.0.0.9", password: "hunter2" } }] }, emptyCluster());
    assert.equal(p.steps[0].description, "register node delta (SATELLITE, 10.0.0.9:3366)");
    assert.ok(!JSON.stringify(p).includes("hunter2"));
    assert.deepEqual(p.steps[0].op === "createNode" && Object.keys(p.steps[0].node).sort(), ["address", "name", "props"]);
  });
});

describe("plan: in-place updates", () => {
  it("nodes: props change in place; address and type differences are reported, not changed", () => {
    const live = twoNodes();
    const p = plan({ nodes: [{ name: "alpha", address: "192.168.1.1", type: "COMBINED", props: { "Aux/rack": "7" } }] }, live);
    assert.deepEqual(p.steps.map((s) => s.description), [`update node alpha: set Aux/rack=7`]);
    assert.ok(p.notes.some((n) => /node alpha: address is 10.0.0.1 on the controller, 192.168.1.1 in the stack/.test(n)));
    assert.ok(p.notes.some((n) => /node alpha: type is SATELLITE on the controller, COMBINED in the stack/.test(n)));
  });

  it("storage pools: props change in place; another kind is refused; another backing pool is reported", () => {
    const live = twoNodes();
    const p = plan({ storagePools: [{ node: "alpha", name: "thin", providerKind: "LVM_THIN", backingPool: "vg2/thin", props: { "Aux/a": "1" } }] }, live);
    assert.deepEqual(p.steps.map((s) => s.op), ["modifyStoragePool"]);
    assert.match(p.notes[0], /storage pool thin on alpha: backing pool is vg\/thin on the controller, vg2\/thin in the stack/);
    const refused = problems({ storagePools: [{ node: "alpha", name: "thin", providerKind: "ZFS_THIN", backingPool: "tank" }] }, live);
    assert.match(refused[0], /storage pool thin on alpha is LVM_THIN on the controller but ZFS_THIN in the stack: a pool's kind cannot change in place/);
  });

  it("resource groups: description, placement and props change in one step; a higher place count is called out", () => {
    const live = twoNodes();
    live.resourceGroups.push({ name: "rg", description: "old", placement: { placeCount: 2, storagePools: ["thin"] }, props: {} });
    const p = plan({ resourceGroups: [{ name: "RG", description: "new", placement: { placeCount: 3, storagePools: ["THIN"] }, props: { "Aux/x": "1" } }] }, live);
    assert.equal(p.steps.length, 1);
    const step = p.steps[0];
    assert.ok(step.op === "modifyResourceGroup");
    assert.equal(step.description, "update resource group rg: description \"new\"; placement (place count 2 → 3; the controller places more replicas of its definitions); set Aux/x=1");
    assert.equal(step.name, "rg", "the controller's spelling");
    assert.equal(step.groupDescription, "new");
    const same = plan({ resourceGroups: [{ name: "rg", description: "old", placement: { placeCount: 2, storagePools: ["THIN"], replicasOnSame: [] } }] }, live);
    assert.deepEqual(same.steps, [], "an empty list equals an unset one; names compare case-insensitively");
    const model = new ClusterModel(live);
    model.applyAll(p.steps);
    assert.deepEqual(plan({ resourceGroups: [{ name: "RG", description: "new", placement: { placeCount: 3, storagePools: ["THIN"] }, props: { "Aux/x": "1" } }] }, model.read()).steps, []);
  });

  it("definitions: move to another group; layers and a user's BalanceResourcesEnabled=true are reported", () => {
    const live = twoNodes();
    live.resourceGroups.push({ name: "gold", placement: {}, props: {} });
    const p = plan({
      resourceDefinitions: [{ name: "r1", resourceGroup: "gold", layerStack: ["DRBD", "LUKS", "STORAGE"], props: { [BALANCE_KEY]: "true" } }],
      resources: [{ resource: "r1", nodes: ["alpha", "beta"], storagePool: "thin" }],
    }, live);
    const step = p.steps[0];
    assert.ok(step.op === "modifyResourceDefinition");
    assert.equal(step.resourceGroup, "gold");
    assert.deepEqual(step.props.set, { [BALANCE_KEY]: "true", [MANAGED_PROPS_KEY]: BALANCE_KEY });
    assert.match(step.description, /^update resource definition r1: move to resource group gold; set BalanceResourcesEnabled=true/);
    assert.ok(p.notes.some((n) => /layers are DRBD,STORAGE on the controller, DRBD,LUKS,STORAGE in the stack/.test(n)));
    assert.ok(p.notes.some((n) => /BalanceResourcesEnabled=true with explicit nodes; the controller may add or remove replicas/.test(n)));
  });

  it("volume definitions: props change in place; another minor is reported", () => {
    const live = twoNodes();
    const p = plan({ volumeDefinitions: [{ resource: "r1", number: 0, sizeKib: GIB, minor: 1234, props: { "DrbdOptions/Disk/rs-discard-granularity": "65536" } }] }, live);
    assert.deepEqual(p.steps.map((s) => s.description), ["update volume 0 of r1: set DrbdOptions/Disk/rs-discard-granularity=65536"]);
    assert.match(p.notes[0], /volume 0 of r1: minor is 1000 on the controller, 1234 in the stack/);
  });

  it("a replica in another pool than the stack names is reported, not moved", () => {
    const live = twoNodes();
    live.resources[0].storagePool = "fast";
    const p = plan({ resources: [{ resource: "r1", nodes: ["alpha", "beta"], storagePool: "thin" }] }, live);
    assert.deepEqual(p.steps, []);
    assert.match(p.notes[0], /r1: the replica on alpha is in pool fast, the stack names thin; a replica does not change pools in place/);
  });
});

describe("plan: auto-placed sets with diskless replicas", () => {
  it("removes unwanted diskless replicas before placing, adds wanted ones after, and leaves a diskful one on a diskless-listed node", () => {
    const live = twoNodes();
    withNodes(live, ["delta"]);
    withReplica(live, "r1", "gamma", { diskless: true });
    const desired: DesiredState = { resources: [{ resource: "r1", autoPlace: { placeCount: 3 }, diskless: ["delta", "beta"] }] };
    const p = plan(desired, live);
    assert.deepEqual(p.steps.map((s) => s.op), ["deleteReplica", "waitReplicaGone", "autoPlace", "waitSynced", "createReplicas"]);
    assert.equal(p.steps[0].description, "remove diskless replica of r1 from gamma");
    assert.ok(p.notes.some((n) => /r1: beta is listed as diskless but holds a diskful replica/.test(n)));
  });

  it("keeps diskless replicas when disklessOnRemaining asks for them", () => {
    const live = twoNodes();
    withReplica(live, "r1", "gamma", { diskless: true });
    assert.deepEqual(plan({ resources: [{ resource: "r1", autoPlace: { placeCount: 2, disklessOnRemaining: true } }] }, live).steps, []);
  });
});

describe("plan: snapshot edge cases", () => {
  it("reports a snapshot that is not successful or on other nodes than the stack names", () => {
    const live = twoNodes();
    withSnapshot(live, "r1", "s1", ["alpha"], false);
    const p = plan({ snapshots: [{ resource: "r1", name: "s1", nodes: ["alpha", "beta"] }] }, live);
    assert.deepEqual(p.steps, []);
    assert.ok(p.notes.some((n) => /snapshot s1 of r1 exists but is not successful \(flags: none\)/.test(n)));
    assert.ok(p.notes.some((n) => /snapshot s1 of r1 is on alpha, the stack names alpha, beta; snapshots do not change/.test(n)));
  });

  it("snapshots only diskful replicas, on the nodes the stack names", () => {
    const live = twoNodes();
    withReplica(live, "r1", "gamma", { diskless: true });
    assert.match(problems({ snapshots: [{ resource: "r1", name: "s1", nodes: ["gamma"] }] }, live)[0], /there is no diskful replica of r1 on gamma/);
    const p = plan({ snapshots: [{ resource: "r1", name: "s1", nodes: ["beta"] }] }, live);
    assert.equal(p.steps[0].description, "take snapshot s1 of r1 on beta");
    const empty = withNodes(emptyCluster(), ["alpha"]);
    withDefinition(empty, "r2");
    assert.match(problems({ snapshots: [{ resource: "r2", name: "s1" }] }, empty)[0], /r2 has no diskful replica to snapshot/);
  });

  it("refuses a rollback while in use, to a failed snapshot, or when no replica holds the snapshot", () => {
    const trigger = (live: LiveCluster) => problems({ snapshots: [{ resource: "r1", name: "s1", rollbackTrigger: "2" }], previousRollbackTriggers: { "Snapshot/R1/S1": "1" } }, live);
    const inUse = twoNodes();
    inUse.resources[0].inUse = true;
    withSnapshot(inUse, "r1", "s1", ["alpha", "beta"]);
    assert.match(trigger(inUse)[0], /rollback of r1 to snapshot s1: r1 is in use \(Primary\) on alpha/);
    const failed = twoNodes();
    withSnapshot(failed, "r1", "s1", ["alpha"], false);
    assert.match(trigger(failed)[0], /the snapshot is not successful/);
    const elsewhere = twoNodes();
    withSnapshot(elsewhere, "r1", "s1", ["gamma"]);
    assert.match(trigger(elsewhere)[0], /no diskful replica of r1 is on a node that holds the snapshot \(gamma\)/);
  });

  it("a restore whose source snapshot the stack removes is refused", () => {
    const live = twoNodes();
    withSnapshot(live, "r1", "s1", ["alpha"]);
    const refused = problems({ resources: [{ resource: "copy", restoreFrom: { resource: "r1", snapshot: "s1" } }], absent: [{ kind: "Snapshot", resource: "r1", name: "s1" }] }, live);
    assert.match(refused[0], /the replicas of copy are restored from snapshot s1 of r1, which the stack removes/);
  });
});

describe("plan: removal edge cases", () => {
  it("a node with a snapshot cannot be evacuated; an in-use replica blocks evacuation", () => {
    const live = twoNodes();
    withSnapshot(live, "r1", "s1", ["alpha"]);
    const opts = { nodeOnRemove: { ALPHA: "evacuate" as const } };
    assert.throws(() => plan({ absent: [{ kind: "Node", name: "alpha" }] }, live, opts), /node alpha holds snapshot s1 of r1; snapshots cannot move to another node/);
    const busy = twoNodes();
    busy.resources[0].inUse = true;
    assert.throws(() => plan({ absent: [{ kind: "Node", name: "alpha" }] }, busy, opts), /node alpha cannot be evacuated: r1 in use \(Primary\) there/);
  });

  it("a replica without DRBD cannot be evacuated: nothing would copy its data to the new volume", () => {
    const live = twoNodes();
    live.resourceDefinitions[0].layerStack = ["STORAGE"];
    const opts = { nodeOnRemove: { ALPHA: "evacuate" as const } };
    assert.throws(() => plan({ absent: [{ kind: "Node", name: "alpha" }] }, live, opts),
      /node alpha cannot be evacuated: r1 has no DRBD layer, so LINSTOR cannot move its data \(a new volume elsewhere would start empty\); copy the data yourself, then take alpha out of the nodes of r1 in the stack/);
  });

  it("evacuation honours the onRemove of a node spec and moves sets it does not place explicitly, before their own plan", () => {
    const live = twoNodes();
    const desired: DesiredState = { resources: [{ resource: "r1", autoPlace: { placeCount: 2 } }], absent: [{ kind: "Node", name: "alpha" }] };
    const p = plan(desired, live, { nodeOnRemove: { ALPHA: "evacuate" } });
    assert.deepEqual(p.steps.map((s) => s.description), [
      "add replica of r1 on gamma (pool thin) to evacuate node alpha",
      "wait until r1 is UpToDate on gamma (resync before node alpha gives its replica up)",
      "remove replica of r1 from alpha (evacuated to gamma)",
      "wait until the controller reports the replica of r1 on alpha gone",
      "check that node alpha holds no replica and no snapshot any more",
      "delete node alpha",
      "wait until the controller reports node alpha gone",
    ]);
    const model = new ClusterModel(live);
    model.applyAll(p.steps);
    assert.equal(model.minUpToDate.get("R1"), 2);
    assert.deepEqual(plan(desired, model.read()).steps, []);
  });

  it("a pool removed ahead of its node (Pulumi deletes pools first) evacuates its auto-placed replicas when onRemove says so (real-controller finding)", () => {
    const live = twoNodes();
    const key = "StoragePool/ALPHA/THIN";
    // The pool's own plan: only the pool is in the desired state; r1 is auto-placed elsewhere in the stack.
    const p = plan({ absent: [{ kind: "StoragePool", node: "alpha", name: "thin" }] }, live, { poolOnRemove: { [key]: "evacuate" } });
    assert.deepEqual(p.steps.map((s) => s.description), [
      "add replica of r1 on gamma (pool thin) to evacuate storage pool thin on alpha",
      "wait until r1 is UpToDate on gamma (resync before storage pool thin on alpha gives its replica up)",
      "remove replica of r1 from alpha (evacuated to gamma)",
      "wait until the controller reports the replica of r1 on alpha gone",
      "delete storage pool thin on alpha",
    ]);
    const model = new ClusterModel(live);
    model.applyAll(p.steps);
    assert.equal(model.minUpToDate.get("R1"), 2);
    // Without the node's onRemove: evacuate the pool's delete is refused, as before.
    assert.throws(() => plan({ absent: [{ kind: "StoragePool", node: "alpha", name: "thin" }] }, twoNodes()),
      /storage pool thin on alpha cannot be deleted: it still holds volumes of r1/);
  });

  it("a resource group's props are set by a modify after its create: LINSTOR drops props in the create call (real-controller finding)", () => {
    const p = plan({ resourceGroups: [{ name: "grp", placement: { placeCount: 2 }, props: { "Aux/team": "storage" } }] }, emptyCluster());
    assert.deepEqual(p.steps.map((s) => s.op), ["createResourceGroup", "modifyResourceGroup"]);
    const create = p.steps[0];
    assert.ok(create.op === "createResourceGroup" && create.group.props === undefined, "the create call carries no props");
    assert.match(p.steps[1].description, /set props of resource group grp: set Aux\/team=storage/);
  });

  it("a group whose place count the stack leaves unset is not changed when the controller shows its default 2 (real-controller finding)", () => {
    const live = emptyCluster();
    live.resourceGroups.push({ name: "grp", placement: { placeCount: 2, storagePools: ["thin"] }, props: {} });
    assert.deepEqual(plan({ resourceGroups: [{ name: "grp", placement: { storagePools: ["thin"] } }] }, live).steps, []);
    assert.equal(plan({ resourceGroups: [{ name: "grp", placement: { placeCount: 3, storagePools: ["thin"] } }] }, live).steps[0]?.op, "modifyResourceGroup");
  });

  it("waits for replicas still being deleted before deleting their pool", () => {
    const live = twoNodes();
    withReplica(live, "r1", "gamma", { deleting: true });
    const p = plan({ absent: [{ kind: "StoragePool", node: "gamma", name: "thin" }] }, live);
    assert.deepEqual(p.steps.map((s) => s.description), [
      "wait until the pending deletion of r1 on gamma finishes (it still uses pool thin)",
      "delete storage pool thin on gamma",
    ]);
  });

  it("deleting objects that are already gone yields no step", () => {
    const live = twoNodes();
    assert.deepEqual(plan({ absent: [
      { kind: "Node", name: "ghost" }, { kind: "StoragePool", node: "alpha", name: "nope" }, { kind: "ResourceGroup", name: "nogroup" },
      { kind: "ResourceDefinition", name: "gone" }, { kind: "VolumeDefinition", resource: "r1", number: 9 }, { kind: "Resource", resource: "gone" },
      { kind: "Snapshot", resource: "r1", name: "nosnap" },
    ] }, live).steps, []);
  });
});
