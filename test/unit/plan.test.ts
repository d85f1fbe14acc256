// Unit tests of the planner, one branch at a time. Named after the LINSTOR issue they pin where there is one.

import { strict as assert } from "assert";
import { plan, PlanError, MANAGED_PROPS_KEY, BALANCE_KEY, type Plan, type Step } from "../../provider/plan";
import { READD_KEY } from "../../provider/plan/snapshots";
import type { DesiredState, LiveCluster, ResourceSpec } from "../../provider/model/types";
import { ClusterModel, emptyCluster, withDefinition, withNodes, withReplica, withSnapshot } from "../helpers/cluster-model";

const GIB = 1024 * 1024;

/** Compact form of a step: "op target". */
function brief(step: Step): string {
  switch (step.op) {
    case "createReplicas": return `createReplicas ${step.resource} ${step.replicas.map((r) => r.node + (r.diskless ? "(diskless)" : "")).join(",")}`;
    case "deleteReplica": case "waitReplicaGone": return `${step.op} ${step.resource} ${step.node}`;
    case "waitSynced": return `waitSynced ${step.resource}${step.nodes ? " " + step.nodes.join(",") : ""}`;
    case "toggleDisk": return `toggleDisk ${step.resource} ${step.node} ${step.into}`;
    case "autoPlace": return `autoPlace ${step.resource} ${step.placement.placeCount}`;
    case "modifyReplica": return `modifyReplica ${step.resource} ${step.node}`;
    case "createSnapshot": case "deleteSnapshot": case "waitSnapshotSuccessful": case "waitSnapshotGone": return `${step.op} ${step.resource} ${step.name}`;
    case "rollback": return `rollback ${step.resource} ${step.snapshot}`;
    case "restoreVolumeDefinitions": case "restoreReplicas": return `${step.op} ${step.to}`;
    case "createNode": return `createNode ${step.node.name}`;
    case "createStoragePool": return `createStoragePool ${step.pool.node} ${step.pool.name}`;
    case "deleteStoragePool": case "modifyStoragePool": return `${step.op} ${step.node} ${step.name}`;
    case "createResourceGroup": return `createResourceGroup ${step.group.name}`;
    case "createResourceDefinition": return `createResourceDefinition ${step.definition.name}`;
    case "createVolumeDefinition": return `createVolumeDefinition ${step.volume.resource} ${step.volume.number}`;
    case "resizeVolumeDefinition": return `resizeVolumeDefinition ${step.resource} ${step.number} ${step.sizeKib}`;
    case "deleteVolumeDefinition": case "modifyVolumeDefinition": return `${step.op} ${step.resource} ${step.number}`;
    default: return `${step.op} ${"name" in step ? step.name : ""}`;
  }
}

const SETTLING_WAITS = new Set<Step["op"]>(["waitReplicaGone", "waitDefinitionGone", "waitNodeGone", "waitSnapshotSuccessful", "waitSnapshotGone"]);

/**
 * The steps in compact form, without the wait that directly follows a delete or a snapshot (its
 * own test below pins those); a wait of another kind (a pending deletion) stays.
 */
const briefs = (p: Plan) => p.steps.filter((s, i) => !(SETTLING_WAITS.has(s.op) && i > 0 && followsItsChange(p.steps[i - 1], s))).map(brief)
  .filter((b, i, all) => !(b.startsWith("waitSynced") && i > 0 && /^(rollback|restoreReplicas) /.test(all[i - 1])));

function followsItsChange(prev: Step, wait: Step): boolean {
  const target = (s: Step) => brief(s).split(" ").slice(1).join(" ");
  return prev.op.startsWith("delete") || prev.op === "createSnapshot" ? target(prev) === target(wait) : false;
}

function refused(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof PlanError, `expected a PlanError, got ${String(e)}`);
    assert.ok(e.problems.length > 0);
    return e.problems;
  }
  assert.fail("expected the plan to be refused");
}

/** Apply a plan to the cluster model and check that planning again yields nothing. */
function converges(desired: DesiredState, live: LiveCluster): ClusterModel {
  const model = new ClusterModel(live);
  model.applyAll(plan(desired, live).steps);
  const again = plan(desired, model.read());
  assert.deepEqual(briefs(again), [], "a second plan after applying the first is empty");
  return model;
}

function seedCluster(): LiveCluster {
  const live = withNodes(emptyCluster(), ["kronos", "romulus", "remus", "vulcan"]);
  withDefinition(live, "SharedData", [GIB]);
  for (const n of ["kronos", "romulus", "remus"]) withReplica(live, "SharedData", n);
  return live;
}

const shared = (nodes: string[], extra: Partial<ResourceSpec> = {}): DesiredState => ({
  resources: [{ resource: "SharedData", nodes, storagePool: "thin", ...extra }],
});

describe("plan: creates in dependency order", () => {
  it("creates node, pool, group, definition, volume, replicas, snapshot in that order", () => {
    const desired: DesiredState = {
      nodes: [{ name: "alpha", address: "10.0.0.1" }, { name: "beta", address: "10.0.0.2" }],
      storagePools: [
        { node: "alpha", name: "thin", providerKind: "LVM_THIN", backingPool: "vg/thin" },
        { node: "beta", name: "thin", providerKind: "LVM_THIN", backingPool: "vg/thin" },
      ],
      resourceGroups: [{ name: "rg1", placement: { placeCount: 2 } }],
      resourceDefinitions: [{ name: "data", resourceGroup: "rg1" }],
      volumeDefinitions: [{ resource: "data", number: 0, sizeKib: 150 * 1024 }],
      resources: [{ resource: "data", nodes: ["alpha", "beta"], storagePool: "thin" }],
      snapshots: [{ resource: "data", name: "s1" }],
    };
    const p = plan(desired, emptyCluster());
    assert.deepEqual(briefs(p), [
      "createNode alpha", "createNode beta",
      "createStoragePool alpha thin", "createStoragePool beta thin",
      "createResourceGroup rg1", "createResourceDefinition data", "createVolumeDefinition data 0",
      "createReplicas data alpha,beta", "waitSynced data alpha,beta", "createSnapshot data s1",
    ]);
    const rd = p.steps[5];
    assert.equal(rd.op === "createResourceDefinition" && rd.definition.props?.[BALANCE_KEY], "false", "explicit nodes switch balancing off");
    assert.match(p.steps[6].description, /create volume 0 of data \(150 MiB\)/);
    assert.match(p.steps[7].description, /add replicas of data on alpha \(pool thin\), beta \(pool thin\)/);
  });

  it("an object that exists and is equal yields no step; names compare case-insensitively", () => {
    const live = seedCluster();
    live.resourceDefinitions[0].props = { [BALANCE_KEY]: "false", [MANAGED_PROPS_KEY]: BALANCE_KEY };
    const p = plan({
      nodes: [{ name: "KRONOS", address: "10.0.0.1" }],
      resourceDefinitions: [{ name: "shareddata" }],
      volumeDefinitions: [{ resource: "SHAREDDATA", number: 0, sizeKib: GIB }],
      resources: [{ resource: "sharedData", nodes: ["Kronos", "ROMULUS", "remus"], storagePool: "THIN" }],
    }, live);
    assert.deepEqual(briefs(p), []);
  });

  it("refuses a reference to a missing node, pool, group or definition with a precise problem", () => {
    const problems = refused(() => plan({
      storagePools: [{ node: "ghost", name: "thin", providerKind: "LVM_THIN", backingPool: "vg/thin" }],
      resourceDefinitions: [{ name: "data", resourceGroup: "nogroup" }],
      volumeDefinitions: [{ resource: "other", number: 0, sizeKib: GIB }],
      resources: [{ resource: "data", nodes: ["vulcan"], storagePool: "fast" }],
    }, withNodes(emptyCluster(), ["vulcan"])));
    assert.ok(problems.some((p) => /storage pool thin on ghost needs node ghost, which is neither in the stack nor on the controller/.test(p)));
    assert.ok(problems.some((p) => /needs resource group nogroup/.test(p)));
    assert.ok(problems.some((p) => /volume 0 of other needs resource definition other/.test(p)));
    assert.ok(problems.some((p) => /storage pool fast does not exist on node vulcan/.test(p)));
  });

  it("refuses invalid specs, duplicates and objects both wanted and absent", () => {
    const problems = refused(() => plan({
      resourceDefinitions: [{ name: "x" }, { name: "Data" }, { name: "DATA" }],
      absent: [{ kind: "ResourceDefinition", name: "data" }],
    }, emptyCluster()));
    assert.ok(problems.some((p) => /resource name 'x' is too short/.test(p)));
    assert.ok(problems.some((p) => /ResourceDefinition\/DATA is listed twice/.test(p)));
    assert.ok(problems.some((p) => /resource definition data is both wanted and marked absent/.test(p)));
  });
});

describe("plan: replica moves", () => {
  it("moves a replica as add → wait until synced → remove (seed article: kronos to vulcan)", () => {
    const live = seedCluster();
    const p = plan(shared(["vulcan", "romulus", "remus"]), live);
    assert.deepEqual(briefs(p), [
      "modifyResourceDefinition SharedData",
      "createReplicas SharedData vulcan",
      "waitSynced SharedData vulcan,romulus,remus",
      "deleteReplica SharedData kronos",
    ]);
    assert.equal(p.steps[1].description, "add replica of SharedData on vulcan (pool thin)");
    assert.equal(p.steps[2].description, "wait until SharedData is UpToDate on vulcan (resync of the new replica, before removing kronos)");
    assert.equal(p.steps[3].description, "remove replica of SharedData from kronos");
    const model = converges(shared(["vulcan", "romulus", "remus"]), live);
    assert.equal(model.minUpToDate.get("SHAREDDATA"), 3, "never fewer than three UpToDate replicas");
  });

  it("every wait is its own step, as the architecture's replica-set plan shows: add, wait for resync, delete, wait until gone (issue #17 point 6)", () => {
    const p = plan(shared(["vulcan", "romulus", "remus"]), seedCluster());
    assert.deepEqual(p.steps.slice(1).map((s) => `${s.op}: ${s.description}`), [
      "createReplicas: add replica of SharedData on vulcan (pool thin)",
      "waitSynced: wait until SharedData is UpToDate on vulcan (resync of the new replica, before removing kronos)",
      "deleteReplica: remove replica of SharedData from kronos",
      "waitReplicaGone: wait until the controller reports the replica of SharedData on kronos gone",
    ]);
    const snap = plan({ snapshots: [{ resource: "SharedData", name: "s1" }], absent: [{ kind: "Snapshot", resource: "SharedData", name: "old" }] },
      withSnapshot(seedCluster(), "SharedData", "old", ["kronos"]));
    assert.deepEqual(snap.steps.map((s) => s.op), ["createSnapshot", "waitSnapshotSuccessful", "deleteSnapshot", "waitSnapshotGone"]);
  });

  it("a definition without DRBD: a 'move' is said to delete the old volume's data and copy nothing (no resync claimed)", () => {
    const live = withNodes(emptyCluster(), ["vulcan", "kronos", "remus"]);
    withDefinition(live, "LocalData");
    live.resourceDefinitions[0].layerStack = ["STORAGE"];
    live.resourceDefinitions[0].props = { [BALANCE_KEY]: "false", [MANAGED_PROPS_KEY]: BALANCE_KEY };
    for (const n of ["vulcan", "kronos"]) withReplica(live, "LocalData", n);
    for (const r of live.resources) { r.layers = ["STORAGE"]; r.volumes = r.volumes.map((v) => ({ ...v, diskState: undefined, devicePath: "/dev/vg/LocalData_00000" })); }
    const p = plan({ resources: [{ resource: "LocalData", nodes: ["vulcan", "remus"], storagePool: "thin" }] }, live);
    assert.deepEqual(p.steps.map((s) => s.description), [
      "add replica of LocalData on remus (pool thin)",
      "wait until the volume of LocalData on remus is created (no DRBD layer: it starts empty, nothing is copied, before removing kronos)",
      "remove replica of LocalData from kronos (LocalData has no DRBD layer: the data on kronos is deleted, not moved)",
      "wait until the controller reports the replica of LocalData on kronos gone",
    ]);
    assert.deepEqual(p.warnings, ["LocalData has no DRBD layer: removing its volume on kronos deletes the data there; nothing copies it to another node"]);
    const first = plan({ resources: [{ resource: "LocalData", nodes: ["vulcan", "kronos", "remus"], storagePool: "thin" }] }, live);
    assert.equal(first.warnings, undefined, "adding a volume loses nothing");
    assert.match(first.steps[1].description, /^wait until the volume of LocalData on remus is created \(no DRBD layer: nothing to resync\)$/);
  });

  it("resource move never deletes the last UpToDate replica (linstor-server#130)", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb", { state: "Inconsistent" });
    const p = plan({ resources: [{ resource: "r1", nodes: ["nb", "nc"], storagePool: "thin" }] }, live);
    const wait = briefs(p).indexOf("waitSynced r1 nb,nc");
    const del = briefs(p).indexOf("deleteReplica r1 na");
    assert.ok(wait >= 0 && del > wait, `wait for b and c before removing a: ${briefs(p).join(" | ")}`);
    const model = converges({ resources: [{ resource: "r1", nodes: ["nb", "nc"], storagePool: "thin" }] }, live);
    assert.ok((model.minUpToDate.get("R1") ?? 0) >= 1);
  });

  it("refuses to remove replicas when every replica it keeps is on an offline node (linstor-server#130)", () => {
    const live = withNodes(emptyCluster(), ["na"]);
    withNodes(live, ["nb"], { status: "OFFLINE" });
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb", { state: undefined });
    live.resources[1].volumes = [];
    const problems = refused(() => plan({ resources: [{ resource: "r1", nodes: ["nb"], storagePool: "thin" }] }, live));
    assert.match(problems[0], /removing the replica on na would leave no UpToDate diskful replica/);
  });

  it("refuses a move whose new replica is on an offline node while that would drop the UpToDate count (linstor-server#130)", () => {
    const live = withNodes(emptyCluster(), ["na", "nb"]);
    withNodes(live, ["nc"], { status: "OFFLINE" });
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb");
    const problems = refused(() => plan({ resources: [{ resource: "r1", nodes: ["na", "nc"], storagePool: "thin" }] }, live));
    assert.equal(problems[0], "r1: removing the replica on nb would leave 1 UpToDate diskful replica, fewer than the 2 there are now: " +
      "nc is not ONLINE and cannot sync; bring it online first (linstor-server#130)");
  });

  it("several moves at once: adds all new replicas, waits once, then removes the old ones (linstor-server#133)", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc", "nd", "ne"]);
    withDefinition(live, "r1");
    for (const n of ["na", "nb", "nc"]) withReplica(live, "r1", n);
    const desired: DesiredState = { resources: [{ resource: "r1", nodes: ["nc", "nd", "ne"], storagePool: "thin" }] };
    assert.deepEqual(briefs(plan(desired, live)).slice(1), [
      "createReplicas r1 nd,ne", "waitSynced r1 nc,nd,ne", "deleteReplica r1 na", "deleteReplica r1 nb",
    ]);
    const model = converges(desired, live);
    assert.equal(model.minUpToDate.get("R1"), 3);
  });

  it("reducing the count removes without waiting when the kept replicas are UpToDate; a tiebreaker left at 3→2 is not drift (linstor-server#205)", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    for (const n of ["na", "nb", "nc"]) withReplica(live, "r1", n);
    const desired: DesiredState = { resources: [{ resource: "r1", nodes: ["na", "nb"], storagePool: "thin" }] };
    const p = plan(desired, live);
    assert.deepEqual(briefs(p).slice(1), ["deleteReplica r1 nc"]);
    const del = p.steps[1];
    assert.equal(del.op === "deleteReplica" && del.keepTiebreaker, true);
    assert.equal(del.description, "remove replica of r1 from nc (at an even count the controller may keep it as tiebreaker)");
    const model = converges(desired, live);
    const tb = model.read().resources.find((r) => r.node === "nc");
    assert.ok(tb?.tieBreaker, "the controller kept c as tiebreaker");
    assert.ok(plan(desired, model.read()).notes.some((n) => /tiebreaker on nc/.test(n)), "the tiebreaker is reported");
  });

  it("waits for out-of-sync kept replicas before removing one", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb", { state: "SyncTarget(40.00%)" });
    withReplica(live, "r1", "nc");
    const p = plan({ resources: [{ resource: "r1", nodes: ["na", "nb"], storagePool: "thin" }] }, live);
    assert.deepEqual(briefs(p).slice(1), ["waitSynced r1 na,nb", "deleteReplica r1 nc"]);
    assert.match(p.steps[1].description, /wait until r1 is UpToDate on nb \(resync, before removing nc\)/);
  });

  it("a diskless replica that should have a disk is toggled, synced, and only then the old one goes", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb");
    withReplica(live, "r1", "nc", { diskless: true });
    const desired: DesiredState = { resources: [{ resource: "r1", nodes: ["nb", "nc"], storagePool: "thin", diskless: ["na"] }] };
    assert.deepEqual(briefs(plan(desired, live)).slice(1), [
      "toggleDisk r1 nc diskful", "waitSynced r1 nb,nc", "toggleDisk r1 na diskless",
    ]);
    converges(desired, live);
  });

  it("diskless nodes become diskless replicas; a tiebreaker on a wanted diskless node is taken over", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc", "nd"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb");
    withReplica(live, "r1", "nc", { tieBreaker: true });
    const desired: DesiredState = { resources: [{ resource: "r1", nodes: ["na", "nb"], storagePool: "thin", diskless: ["nc", "nd"] }] };
    const p = plan(desired, live);
    assert.deepEqual(briefs(p).slice(1), ["createReplicas r1 nc(diskless),nd(diskless)"]);
    assert.match(p.steps[1].description, /taking over the tiebreaker on nc/);
    const model = converges(desired, live);
    assert.ok(!model.read().resources.some((r) => r.tieBreaker));
  });

  it("tiebreakers are read and reported, never fought as drift (linstor-server#105)", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1", [GIB], { [BALANCE_KEY]: "false" });
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb");
    withReplica(live, "r1", "nc", { tieBreaker: true });
    const p = plan({ resources: [{ resource: "r1", nodes: ["na", "nb"], storagePool: "thin" }] }, live);
    assert.deepEqual(briefs(p), []);
    assert.deepEqual(p.notes, ["r1: tiebreaker on nc (diskless quorum witness placed by the controller); left as is"]);
  });

  it("a replica still being deleted on a wanted node is waited for, then created again; deleting replicas count as gone", () => {
    const live = withNodes(emptyCluster(), ["na", "nb"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb", { deleting: true });
    const desired: DesiredState = { resources: [{ resource: "r1", nodes: ["na", "nb"], storagePool: "thin" }] };
    assert.deepEqual(briefs(plan(desired, live)).slice(1), ["waitReplicaGone r1 nb", "createReplicas r1 nb", "waitSynced r1 na,nb"]);
    converges(desired, live);
  });

  it("refuses to remove a replica that is in use", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "na", { inUse: true });
    withReplica(live, "r1", "nb");
    const problems = refused(() => plan({ resources: [{ resource: "r1", nodes: ["nb", "nc"], storagePool: "thin" }] }, live));
    assert.match(problems[0], /r1: the replica on na is in use \(Primary\)/);
  });

  it("explicit placements switch off the controller's balancing; an owned definition carries it as a managed prop", () => {
    const live = seedCluster();
    const p = plan({ resources: [{ resource: "SharedData", nodes: ["kronos", "romulus", "remus"], storagePool: "thin" }] }, live);
    assert.equal(p.steps.length, 1);
    const step = p.steps[0];
    assert.ok(step.op === "modifyResourceDefinition");
    assert.deepEqual(step.props, { set: { [BALANCE_KEY]: "false" }, remove: [] });
    assert.match(step.description, /switch off the controller's replica balancing for SharedData/);
    const owned = plan({ resourceDefinitions: [{ name: "SharedData" }], resources: shared(["kronos", "romulus", "remus"]).resources }, live).steps[0];
    assert.ok(owned.op === "modifyResourceDefinition");
    assert.deepEqual(owned.props.set, { [BALANCE_KEY]: "false", [MANAGED_PROPS_KEY]: BALANCE_KEY });
  });

  it("a definition planned alone whose replicas the stack places: its create switches balancing off, unclaimed; its updates leave the key alone", () => {
    const live = seedCluster();
    const alone = (props?: Record<string, string>): DesiredState => ({ resourceDefinitions: [{ name: "r9", props }], replicasPlacedElsewhere: ["R9"] });
    const create = plan(alone({ "Aux/team": "a" }), live).steps[0];
    assert.ok(create.op === "createResourceDefinition");
    assert.deepEqual(create.definition.props, { "Aux/team": "a", [MANAGED_PROPS_KEY]: "Aux/team", [BALANCE_KEY]: "false" }, "on the create, not in the marker");
    assert.match(create.description, /with BalanceResourcesEnabled=false \(the stack places its replicas\)/);
    const bare = plan({ resourceDefinitions: [{ name: "r9" }] }, live).steps[0];
    assert.ok(bare.op === "createResourceDefinition" && bare.definition.props === undefined, "without the hint nothing is added");
    const own = plan(alone({ [BALANCE_KEY]: "true" }), live).steps[0];
    assert.ok(own.op === "createResourceDefinition");
    assert.equal(own.definition.props?.[BALANCE_KEY], "true", "a value the stack sets itself wins");
    // Created that way, the definition's later updates neither remove the key nor claim it.
    withDefinition(live, "r9", [GIB], { "Aux/team": "a", [MANAGED_PROPS_KEY]: "Aux/team", [BALANCE_KEY]: "false" });
    const update = plan(alone({ "Aux/team": "b" }), live).steps;
    assert.equal(update.length, 1);
    assert.ok(update[0].op === "modifyResourceDefinition");
    assert.deepEqual(update[0].props, { set: { "Aux/team": "b" }, remove: [] });
    assert.deepEqual(plan(alone({ "Aux/team": "a" }), live).steps, [], "nothing to do once created");
  });
});

describe("plan: auto-placement", () => {
  const auto = (placeCount: number, extra: Partial<ResourceSpec> = {}): DesiredState => ({
    resources: [{ resource: "r1", autoPlace: { placeCount, storagePools: ["thin"] }, ...extra }],
  });

  it("places only when fewer diskful replicas than placeCount, then waits", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    const p = plan(auto(3), live);
    // The stack decides the count, so the controller's balancer is switched off first.
    assert.deepEqual(briefs(p), ["modifyResourceDefinition r1", "autoPlace r1 3", "waitSynced r1"]);
    assert.equal(p.steps[1].description, "auto-place 2 more replicas of r1 (3 wanted, 1 present, pools thin)");
    const model = converges(auto(3), live);
    assert.equal(model.upToDate("r1"), 3);
  });

  it("never moves replicas that already satisfy the count, and reports extra ones", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    for (const n of ["na", "nb", "nc"]) withReplica(live, "r1", n);
    live.resourceDefinitions[0].props.BalanceResourcesEnabled = "false";
    const p = plan(auto(2), live);
    assert.deepEqual(briefs(p), []);
    assert.match(p.notes[0], /r1 has 3 diskful replicas, autoPlace asks for 2; none is removed/);
    assert.deepEqual(briefs(plan(auto(3), live)), []);
  });

  it("keeps the controller away from nodes the plan removes", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    const p = plan({ ...auto(2), absent: [{ kind: "Node", name: "nc" }] }, live);
    const step = p.steps.find((s) => s.op === "autoPlace") as Step;
    assert.ok(step.op === "autoPlace");
    assert.deepEqual(step.avoidNodes, ["nc"]);
    assert.deepEqual(briefs(p).slice(-2), ["assertNodeEmpty nc", "deleteNode nc"]);
  });
});

describe("plan: volumes", () => {
  it("grows a volume after waiting for every replica to be UpToDate", () => {
    const live = seedCluster();
    const desired: DesiredState = { volumeDefinitions: [{ resource: "SharedData", number: 0, sizeKib: 2 * GIB }] };
    const p = plan(desired, live);
    assert.deepEqual(briefs(p), ["waitSynced SharedData", `resizeVolumeDefinition SharedData 0 ${2 * GIB}`]);
    assert.equal(p.steps[1].description, "grow volume 0 of SharedData from 1 GiB to 2 GiB");
    converges(desired, live);
  });

  it("makes a volume that holds no data smaller by creating it again", () => {
    const live = withNodes(emptyCluster(), ["na"]);
    withDefinition(live, "r1", [2 * GIB]);
    const p = plan({ volumeDefinitions: [{ resource: "r1", number: 0, sizeKib: GIB }] }, live);
    assert.deepEqual(briefs(p), ["deleteVolumeDefinition r1 0", "createVolumeDefinition r1 0"]);
  });

  it("refuses shrinking with a clear error", () => {
    const problems = refused(() => plan({ volumeDefinitions: [{ resource: "SharedData", number: 0, sizeKib: 512 * 1024 }] }, seedCluster()));
    assert.equal(problems[0], "volume 0 of SharedData is 1 GiB (1048576 KiB) on the controller, the stack asks for 512 MiB (524288 KiB): " +
      "shrinking is not supported by LINSTOR; keep the size, or create a new definition and copy the data");
  });
});

describe("plan: properties and the managed-props marker", () => {
  it("sets wanted keys, removes keys it set before, never touches foreign keys, updates the marker", () => {
    const live = seedCluster();
    live.resourceDefinitions[0].props = { "Aux/mine": "1", "Aux/old": "x", "Aux/foreign": "keep", [MANAGED_PROPS_KEY]: "Aux/mine,Aux/old" };
    const desired: DesiredState = { resourceDefinitions: [{ name: "SharedData", props: { "Aux/mine": "2", "Aux/new": "y" } }] };
    const step = plan(desired, live).steps[0];
    assert.ok(step.op === "modifyResourceDefinition");
    assert.deepEqual(step.props, { set: { "Aux/mine": "2", "Aux/new": "y", [MANAGED_PROPS_KEY]: "Aux/mine,Aux/new" }, remove: ["Aux/old"] });
    assert.equal(step.description, "update resource definition SharedData: set Aux/mine=2, Aux/new=y; remove Aux/old");
    const model = converges(desired, live);
    assert.equal(model.read().resourceDefinitions[0].props["Aux/foreign"], "keep");
  });

  it("uses desired.previousProps when the marker is missing, and drops the marker when nothing is wanted", () => {
    const live = withNodes(emptyCluster(), ["na"]);
    live.nodes[0].props = { "Aux/rack": "1", "Aux/other": "z", [MANAGED_PROPS_KEY]: "Aux/rack" };
    const p = plan({ nodes: [{ name: "na", address: "10.0.0.1" }], previousProps: { "Node/NA": ["Aux/other"] } }, live);
    const step = p.steps[0];
    assert.ok(step.op === "modifyNode");
    assert.deepEqual(step.props, { set: {}, remove: ["Aux/other", "Aux/rack", MANAGED_PROPS_KEY] });
  });

  it("replica props go on every replica of the set, including new ones", () => {
    const live = seedCluster();
    const desired = shared(["kronos", "romulus", "vulcan"], { props: { "DrbdOptions/Net/protocol": "C" } });
    const p = plan(desired, live);
    const create = p.steps.find((s) => s.op === "createReplicas");
    assert.ok(create?.op === "createReplicas");
    assert.deepEqual(create.replicas[0].props, { "DrbdOptions/Net/protocol": "C", [MANAGED_PROPS_KEY]: "DrbdOptions/Net/protocol" });
    assert.equal(p.steps.filter((s) => s.op === "modifyReplica").length, 2, "kronos and romulus get the prop too");
    converges(desired, live);
  });
});

describe("plan: snapshots, restore and rollback", () => {
  it("deletes snapshots before their definition", () => {
    const live = seedCluster();
    withSnapshot(live, "SharedData", "s1", ["kronos", "romulus"]);
    const desired: DesiredState = { absent: [{ kind: "Snapshot", resource: "SharedData", name: "s1" }, { kind: "ResourceDefinition", name: "SharedData" }] };
    assert.deepEqual(briefs(plan(desired, live)), [
      "deleteSnapshot SharedData s1", "deleteReplica SharedData kronos", "deleteReplica SharedData romulus", "deleteReplica SharedData remus",
      "deleteResourceDefinition SharedData",
    ]);
    const model = converges(desired, live);
    assert.equal(model.read().resourceDefinitions.length, 0);
  });

  it("an unmanaged snapshot blocking a definition delete is named in the error (linstor-server#32)", () => {
    const live = seedCluster();
    withSnapshot(live, "SharedData", "nightly", ["kronos"]);
    const problems = refused(() => plan({ absent: [{ kind: "ResourceDefinition", name: "SharedData" }] }, live));
    assert.match(problems[0], /resource definition SharedData cannot be deleted: it still has snapshots the stack does not manage: nightly \(on kronos\)/);
  });

  it("waits for UpToDate data before a snapshot and refuses pools without snapshot support", () => {
    const live = seedCluster();
    live.resources[0].volumes[0].diskState = "Inconsistent";
    assert.deepEqual(briefs(plan({ snapshots: [{ resource: "SharedData", name: "s1" }] }, live)), ["waitSynced SharedData", "createSnapshot SharedData s1"]);
    const thick = withNodes(emptyCluster(), ["na"], { provider: "LVM" });
    withDefinition(thick, "r1");
    withReplica(thick, "r1", "na");
    assert.match(refused(() => plan({ snapshots: [{ resource: "r1", name: "s1" }] }, thick))[0], /pool thin \(LVM\), which cannot take snapshots/);
  });

  it("rollback removes replicas and the tiebreaker on nodes without the snapshot, rolls back, re-adds and resyncs", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc", "nd"]);
    withDefinition(live, "r1");
    for (const n of ["na", "nb", "nc"]) withReplica(live, "r1", n);
    withReplica(live, "r1", "nd", { tieBreaker: true });
    withSnapshot(live, "r1", "s1", ["na", "nb"]);
    const desired: DesiredState = {
      snapshots: [{ resource: "r1", name: "s1", rollbackTrigger: "2" }],
      previousRollbackTriggers: { "Snapshot/R1/S1": "1" },
    };
    const p = plan(desired, live);
    assert.deepEqual(briefs(p), [
      "modifyResourceDefinition r1", "deleteReplica r1 nc", "deleteReplica r1 nd", "rollback r1 s1", "createReplicas r1 nc", "waitSynced r1 nc", "modifyResourceDefinition r1",
    ]);
    for (const s of p.steps.filter((x) => x.op === "deleteReplica")) assert.equal(s.op === "deleteReplica" && s.keepTiebreaker, false);
    assert.match(p.steps.find((s) => s.op === "rollback")?.description ?? "", /roll r1 back to snapshot s1 \(trigger '1' → '2'/);
    const model = new ClusterModel(live);
    model.applyAll(p.steps);
    assert.deepEqual(briefs(plan({ ...desired, previousRollbackTriggers: { "Snapshot/R1/S1": "2" } }, model.read())), []);
  });

  it("on a controller from 1.31 on, a rollback is one restore-based step: no replica is removed first (CtrlSnapshotRollbackApiCallHandler)", () => {
    const build = (version: string | undefined) => {
      const live = withNodes(emptyCluster(), ["na", "nb", "nc", "nd"]);
      live.controllerVersion = version;
      withDefinition(live, "r1");
      for (const n of ["na", "nb", "nc"]) withReplica(live, "r1", n);
      withReplica(live, "r1", "nd", { tieBreaker: true });
      withSnapshot(live, "r1", "s1", ["na", "nb"]);
      return live;
    };
    const desired: DesiredState = { snapshots: [{ resource: "r1", name: "s1", rollbackTrigger: "2" }], previousRollbackTriggers: { "Snapshot/R1/S1": "1" } };
    for (const version of ["1.34.0-rc.1-8-3e9306a9d", "1.31.0", "v1.32.1"]) {
      const p = plan(desired, build(version));
      assert.deepEqual(briefs(p), ["rollback r1 s1"], version);
      assert.match(p.steps[0].description, /recreates every replica from the snapshot; nc has no snapshot and resync/);
    }
    // Older (and unknown) controllers keep the procedure that moves the replicas without the snapshot out of the way.
    for (const version of ["1.30.2", undefined]) {
      assert.deepEqual(briefs(plan(desired, build(version))).slice(0, 4),
        ["modifyResourceDefinition r1", "deleteReplica r1 nc", "deleteReplica r1 nd", "rollback r1 s1"], String(version));
    }
  });

  it("a rollback interrupted after removing replicas (provider killed) adds them back on the next run", () => {
    // Found by the fault campaign: the Resource's inputs do not change, so only the note the
    // rollback leaves on the definition tells the retry which replicas to bring back.
    const live = withNodes(emptyCluster(), ["na", "nb", "nc", "nd"]);
    withDefinition(live, "r1");
    for (const n of ["na", "nb", "nc"]) withReplica(live, "r1", n);
    withSnapshot(live, "r1", "s1", ["na", "nb"]);
    const desired: DesiredState = { snapshots: [{ resource: "r1", name: "s1", rollbackTrigger: "2" }], previousRollbackTriggers: { "Snapshot/R1/S1": "1" } };
    const p = plan(desired, live);
    const model = new ClusterModel(live);
    model.applyAll(p.steps.slice(0, 2)); // the note, then nc removed: killed here
    const interrupted = model.read();
    assert.deepEqual(interrupted.resources.map((r) => r.node).sort(), ["na", "nb"]);
    // The engine retries the same update (same trigger change): nc comes back after the rollback.
    assert.deepEqual(briefs(plan(desired, interrupted)), [
      "modifyResourceDefinition r1", "rollback r1 s1", "createReplicas r1 nc", "waitSynced r1 nc", "modifyResourceDefinition r1",
    ]);
    // Killed after the rollback, before the re-add, with the trigger already recorded: still brought back.
    const after = new ClusterModel(interrupted);
    after.applyAll(plan(desired, interrupted).steps.slice(0, 2));
    const done = plan({ ...desired, previousRollbackTriggers: { "Snapshot/R1/S1": "2" } }, after.read());
    assert.deepEqual(briefs(done), ["createReplicas r1 nc", "waitSynced r1 nc", "modifyResourceDefinition r1"]);
    after.applyAll(done.steps);
    assert.deepEqual(after.read().resources.map((r) => r.node).sort(), ["na", "nb", "nc"]);
    assert.equal(after.read().resourceDefinitions[0].props[READD_KEY], undefined, "the note is cleared");
  });

  it("a trigger seen for the first time is recorded, not acted on; an unchanged trigger does nothing", () => {
    const live = seedCluster();
    withSnapshot(live, "SharedData", "s1", ["kronos", "romulus", "remus"]);
    const first = plan({ snapshots: [{ resource: "SharedData", name: "s1", rollbackTrigger: "v1" }] }, live);
    assert.deepEqual(briefs(first), []);
    assert.match(first.notes[0], /rollback trigger 'v1' is recorded/);
    assert.deepEqual(briefs(plan({ snapshots: [{ resource: "SharedData", name: "s1", rollbackTrigger: "v1" }], previousRollbackTriggers: { "Snapshot/SHAREDDATA/S1": "v1" } }, live)), []);
  });

  it("restores into a new definition: definition, volumes from the snapshot, replicas, then the rest of the set", () => {
    const live = seedCluster();
    withSnapshot(live, "SharedData", "s1", ["kronos", "romulus"]);
    const desired: DesiredState = {
      resources: [{ resource: "Copy", nodes: ["romulus", "vulcan"], storagePool: "thin", restoreFrom: { resource: "SharedData", snapshot: "s1" } }],
    };
    assert.deepEqual(briefs(plan(desired, live)), [
      "createResourceDefinition Copy", "restoreVolumeDefinitions Copy", "restoreReplicas Copy",
      "createReplicas Copy vulcan", "waitSynced Copy romulus,vulcan",
    ]);
    converges(desired, live);
  });

  it("an interrupted restore resumes with the snapshot's replicas, never with empty new ones; its snapshots come after", () => {
    const live = seedCluster();
    withSnapshot(live, "SharedData", "s1", ["kronos", "romulus"]);
    withDefinition(live, "Copy", [GIB]);
    const desired: DesiredState = {
      resources: [{ resource: "Copy", restoreFrom: { resource: "SharedData", snapshot: "s1" } }],
      snapshots: [{ resource: "Copy", name: "first" }],
    };
    assert.deepEqual(briefs(plan(desired, live)), ["restoreReplicas Copy", "createSnapshot Copy first"]);
    converges(desired, live);
  });

  it("restores from a snapshot the same plan takes", () => {
    const live = seedCluster();
    const desired: DesiredState = {
      snapshots: [{ resource: "SharedData", name: "s2" }],
      resources: [{ resource: "Copy", restoreFrom: { resource: "SharedData", snapshot: "s2" } }],
    };
    assert.deepEqual(briefs(plan(desired, live)), ["createSnapshot SharedData s2", "createResourceDefinition Copy", "restoreVolumeDefinitions Copy", "restoreReplicas Copy"]);
    const model = converges(desired, live);
    assert.equal(model.read().resources.filter((r) => r.resource === "Copy").length, 3);
  });

  it("refuses a restore from a missing snapshot or onto nodes without it", () => {
    const live = seedCluster();
    withSnapshot(live, "SharedData", "s1", ["kronos"]);
    const r = (nodes: string[] | undefined, snapshot: string) => ({ resources: [{ resource: "Copy", nodes, restoreFrom: { resource: "SharedData", snapshot } }] });
    assert.match(refused(() => plan(r(undefined, "nope"), live))[0], /snapshot nope of SharedData, which does not exist/);
    assert.match(refused(() => plan(r(["vulcan"], "s1"), live))[0], /none of the nodes the stack lists \(vulcan\) holds it/);
  });
});

describe("plan: deletes", () => {
  it("removing every replica while the stack keeps the definition is refused (linstor-server#130)", () => {
    const problems = refused(() => plan({ resourceDefinitions: [{ name: "SharedData" }], absent: [{ kind: "Resource", resource: "SharedData" }] }, seedCluster()));
    assert.match(problems[0], /would delete its last UpToDate diskful replica while the stack keeps definition SharedData/);
  });

  it("an absent replica set goes diskless first, with keepTiebreaker off", () => {
    const live = seedCluster();
    withReplica(live, "SharedData", "vulcan", { diskless: true });
    const p = plan({ absent: [{ kind: "Resource", resource: "SharedData" }] }, live);
    assert.deepEqual(briefs(p), ["deleteReplica SharedData vulcan", "deleteReplica SharedData kronos", "deleteReplica SharedData romulus", "deleteReplica SharedData remus"]);
    converges({ absent: [{ kind: "Resource", resource: "SharedData" }] }, live);
  });

  it("a storage pool that still holds volumes or snapshots is never deleted", () => {
    const live = seedCluster();
    withSnapshot(live, "SharedData", "s1", ["kronos"]);
    const problems = refused(() => plan({ absent: [{ kind: "StoragePool", node: "kronos", name: "thin" }] }, live));
    assert.equal(problems[0], "storage pool thin on kronos cannot be deleted: it still holds volumes of SharedData, snapshot s1 of SharedData; move or delete them first");
    const empty = plan({ absent: [{ kind: "StoragePool", node: "vulcan", name: "thin" }] }, live);
    assert.deepEqual(briefs(empty), ["deleteStoragePool vulcan thin"]);
  });

  it("a pool whose replicas the same plan moves away is deleted after the move", () => {
    const live = seedCluster();
    const desired: DesiredState = { ...shared(["vulcan", "romulus", "remus"]), absent: [{ kind: "StoragePool", node: "kronos", name: "thin" }] };
    assert.deepEqual(briefs(plan(desired, live)).slice(-2), ["deleteReplica SharedData kronos", "deleteStoragePool kronos thin"]);
    converges(desired, live);
  });

  it("a resource group in use is not deleted", () => {
    const live = seedCluster();
    live.resourceGroups.push({ name: "rg", placement: {}, props: {} });
    live.resourceDefinitions[0].resourceGroup = "rg";
    assert.match(refused(() => plan({ absent: [{ kind: "ResourceGroup", name: "rg" }] }, live))[0], /resource group rg cannot be deleted: definitions SharedData still use it/);
  });

  it("deletes a volume definition alone, and skips it when its definition goes too", () => {
    const live = seedCluster();
    live.resourceDefinitions[0].volumes.push({ number: 1, sizeKib: GIB, props: {}, flags: [] });
    assert.deepEqual(briefs(plan({ absent: [{ kind: "VolumeDefinition", resource: "SharedData", number: 1 }] }, live)), ["deleteVolumeDefinition SharedData 1"]);
  });
});

describe("plan: node removal", () => {
  it("refuses to remove a node that still holds replicas, listing them (linstor-server#220)", () => {
    const live = seedCluster();
    withSnapshot(live, "SharedData", "s1", ["kronos"]);
    const problems = refused(() => plan({ absent: [{ kind: "Node", name: "kronos" }] }, live));
    assert.equal(problems[0], "node kronos still holds replica of SharedData (diskful, pool thin), snapshot s1 of SharedData; move or delete them first, or set onRemove: evacuate");
  });

  it("evacuates: re-places each diskful replica, waits, removes, checks empty, deletes (linstor-server#301)", () => {
    const live = seedCluster();
    live.storagePools.find((p) => p.node === "vulcan" && p.name === "thin")!.freeKib = 200 * GIB;
    const desired: DesiredState = { absent: [{ kind: "Node", name: "kronos" }] };
    const p = plan(desired, live, { nodeOnRemove: { KRONOS: "evacuate" } });
    assert.deepEqual(briefs(p), [
      "createReplicas SharedData vulcan", "waitSynced SharedData vulcan", "deleteReplica SharedData kronos", "assertNodeEmpty kronos", "deleteNode kronos",
    ]);
    assert.equal(p.steps[0].description, "add replica of SharedData on vulcan (pool thin) to evacuate node kronos");
    const model = new ClusterModel(live);
    model.applyAll(p.steps);
    assert.equal(model.minUpToDate.get("SHAREDDATA"), 3);
    assert.deepEqual(briefs(plan(desired, model.read())), []);
  });

  it("evacuation is refused when no node has room, and respects evacuationTargets", () => {
    const live = seedCluster();
    live.storagePools.find((p) => p.node === "vulcan" && p.name === "thin")!.freeKib = 10;
    assert.match(refused(() => plan({ absent: [{ kind: "Node", name: "kronos" }] }, live, { nodeOnRemove: { KRONOS: "evacuate" } }))[0],
      /node kronos cannot be evacuated: no other ONLINE node without a replica of SharedData has a storage pool with 1 GiB free/);
    withNodes(live, ["zeus", "apollo"]);
    live.storagePools.find((p) => p.node === "zeus" && p.name === "thin")!.freeKib = 500 * GIB;
    const p = plan({ absent: [{ kind: "Node", name: "kronos" }] }, live, { nodeOnRemove: { KRONOS: "evacuate" }, evacuationTargets: { "Resource/SHAREDDATA": ["apollo"] } });
    assert.equal(brief(p.steps[0]), "createReplicas SharedData apollo");
  });

  it("a tiebreaker on a removed node does not block it", () => {
    const live = withNodes(emptyCluster(), ["na", "nb", "nc"]);
    withDefinition(live, "r1");
    withReplica(live, "r1", "na");
    withReplica(live, "r1", "nb");
    withReplica(live, "r1", "nc", { tieBreaker: true });
    assert.deepEqual(briefs(plan({ absent: [{ kind: "Node", name: "nc" }] }, live)), ["deleteReplica r1 nc", "assertNodeEmpty nc", "deleteNode nc"]);
  });

  it("a node the stack still places replicas on cannot be removed", () => {
    const problems = refused(() => plan({ ...shared(["kronos", "romulus"]), absent: [{ kind: "Node", name: "kronos" }] }, seedCluster()));
    assert.match(problems[0], /needs node kronos, which the stack removes/);
  });
});

describe("plan: purity", () => {
  it("does not change its inputs and gives the same plan twice", () => {
    const live = seedCluster();
    const desired = shared(["vulcan", "romulus", "remus"]);
    const before = JSON.stringify([desired, live]);
    const a = plan(desired, live);
    const b = plan(desired, live);
    assert.equal(JSON.stringify([desired, live]), before);
    assert.deepEqual(a, b);
  });
});
