// Property-based tests of the planner against the in-memory cluster model (test/helpers/cluster-model.ts).
// Random live clusters and random desired states; the plan applied to the model must
//  - run without a controller refusal,
//  - converge (planning again against the result yields no step),
//  - never leave fewer UpToDate diskful replicas than min(desired, current) (linstor-server#130),
//  - touch only objects in scope, and delete nothing before what depends on it is gone.
// The only refusals allowed are the ones a random scenario legitimately provokes (a node or pool that
// still holds data, an unmanaged snapshot in the way).

import { strict as assert } from "assert";
import fc from "fast-check";
import { plan, PlanError, type Plan, type PlanOptions, type Step } from "../../provider/plan";
import type { DesiredState, LiveCluster, ObjectRef, ResourceSpec } from "../../provider/model/types";
import { objectKey } from "../../provider/model/keys";
import { ClusterModel, emptyCluster, withDefinition, withNodes, withReplica, withSnapshot } from "../helpers/cluster-model";

const GIB = 1024 * 1024;
const up = (s: string) => s.toUpperCase();
const same = (a: string, b: string) => up(a) === up(b);

interface Scenario {
  live: LiveCluster;
  desired: DesiredState;
  options: PlanOptions;
}

type Gen = fc.GeneratorValue;

const chance = (g: Gen, percent: number) => g(fc.integer, { min: 0, max: 99 }) < percent;
const pick = <T>(g: Gen, list: T[]): T => list[g(fc.integer, { min: 0, max: list.length - 1 })];
const someOf = <T>(g: Gen, list: T[], min: number, max: number): T[] => g(fc.subarray, list, { minLength: Math.min(min, list.length), maxLength: Math.min(max, list.length) });
/** The same name in another spelling: identity is case-insensitive. */
const spell = (g: Gen, name: string) => pick(g, [name, name.toUpperCase(), name[0].toUpperCase() + name.slice(1)]);

function scenario(g: Gen): Scenario {
  const nodes = Array.from({ length: g(fc.integer, { min: 3, max: 5 }) }, (_, i) => `node${i}`);
  const live = withNodes(emptyCluster(), nodes);
  for (const p of live.storagePools) if (p.name === "thin") p.freeKib = g(fc.integer, { min: 20, max: 100 }) * GIB;
  const offline = chance(g, 15) ? pick(g, nodes) : undefined;
  if (offline) (live.nodes.find((n) => n.name === offline) as { connectionStatus: string }).connectionStatus = "OFFLINE";

  if (chance(g, 40)) live.resourceGroups.push({ name: "rgold", placement: { placeCount: 2 }, props: {} });
  const resources = Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, (_, i) => `res${i}`);
  for (const r of resources) {
    withDefinition(live, r, chance(g, 20) ? [GIB, 2 * GIB] : [g(fc.integer, { min: 1, max: 4 }) * GIB]);
    if (live.resourceGroups.length && chance(g, 30)) (live.resourceDefinitions.at(-1) as { resourceGroup?: string }).resourceGroup = "rgold";
    const diskful = someOf(g, nodes, 0, 3);
    diskful.forEach((n, i) => withReplica(live, r, n, {
      state: i === 0 || chance(g, 80) ? "UpToDate" : pick(g, ["Inconsistent", "SyncTarget(12.00%)", "Outdated"]),
    }));
    // An offline node reports no volume state.
    for (const rep of live.resources.filter((x) => x.resource === r && x.node === offline)) rep.volumes = [];
    const free = nodes.filter((n) => !diskful.includes(n));
    if (diskful.length === 2 && free.length && chance(g, 50)) withReplica(live, r, free.shift() as string, { tieBreaker: true });
    else if (free.length && chance(g, 20)) withReplica(live, r, free.shift() as string, { diskless: true });
    if (free.length && chance(g, 10)) withReplica(live, r, free.pop() as string, { deleting: true, state: "Outdated" });
    if (chance(g, 30)) {
      for (const rep of live.resources.filter((x) => x.resource === r)) Object.assign(rep.props, { "Aux/old": "1", "Aux/foreign": "f", "Aux/pulumi-linstor/managed-props": "Aux/old" });
    }
    const primary = live.resources.find((x) => x.resource === r && !x.deleting);
    if (primary && chance(g, 4)) primary.inUse = true;
    const upToDate = diskful.filter((n) => live.resources.some((x) => x.resource === r && x.node === n && x.volumes.every((v) => v.diskState === "UpToDate")));
    if (upToDate.length && chance(g, 35)) withSnapshot(live, r, "snap0", someOf(g, upToDate, 1, 3));
  }

  const desired: DesiredState = { nodes: [], storagePools: [], resourceGroups: [], resourceDefinitions: [], volumeDefinitions: [], resources: [], snapshots: [], absent: [], previousRollbackTriggers: {} };
  const absent = desired.absent as ObjectRef[];
  const groups: string[] = [];
  if (chance(g, 40)) {
    desired.resourceGroups?.push({ name: "rg0", description: pick(g, ["fast", "slow"]), placement: { placeCount: g(fc.integer, { min: 1, max: 3 }), storagePools: ["thin"] }, props: chance(g, 50) ? { "Aux/g": "1" } : undefined });
    groups.push("rg0");
  }
  if (live.resourceGroups.length) {
    const fate = g(fc.integer, { min: 0, max: 2 });
    if (fate === 0) absent.push({ kind: "ResourceGroup", name: "RGOLD" });
    else if (fate === 1) {
      desired.resourceGroups?.push({ name: "rgold", placement: { placeCount: g(fc.integer, { min: 1, max: 3 }) } });
      groups.push("rgold");
    }
  }
  const options: PlanOptions = { nodeOnRemove: {} };
  const leaving = chance(g, 30) ? pick(g, nodes) : undefined;
  if (leaving) {
    absent.push({ kind: "Node", name: spell(g, leaving) });
    (options.nodeOnRemove as Record<string, string>)[up(leaving)] = chance(g, 75) ? "evacuate" : "refuse";
  }
  const available = nodes.filter((n) => n !== leaving);
  if (chance(g, 25)) available.push("node9");
  for (const n of available) {
    desired.nodes?.push({ name: spell(g, n), address: `192.168.0.${available.indexOf(n) + 1}`, props: chance(g, 20) ? { "Aux/rack": pick(g, ["1", "2"]) } : undefined });
    desired.storagePools?.push({ node: spell(g, n), name: "thin", providerKind: "LVM_THIN", backingPool: "vg/thin" });
  }

  const replicaSet = (r: string): ResourceSpec | undefined => {
    const blocked = live.resources.filter((x) => x.resource === r && x.deleting).map((x) => x.node);
    const props = chance(g, 30) ? { "Aux/team": pick(g, ["a", "b"]) } : undefined;
    if (chance(g, 55)) {
      const chosen = someOf(g, available, 1, 3);
      const rest = available.filter((n) => !chosen.includes(n));
      const diskless = rest.length && chance(g, 30) ? [pick(g, rest)] : undefined;
      return { resource: spell(g, r), nodes: chosen.map((n) => spell(g, n)), storagePool: "thin", diskless, props };
    }
    // Room for auto-placement: ONLINE nodes the plan keeps, without a replica being deleted (the
    // executor's pre-flight, not the planner, reports a placement that cannot be met).
    const room = available.filter((n) => !blocked.includes(n) && n !== offline).length;
    if (room > 0 && chance(g, 85)) {
      return { resource: spell(g, r), autoPlace: { placeCount: g(fc.integer, { min: 1, max: Math.min(3, room) }), storagePools: ["thin"] }, props };
    }
    return undefined;
  };

  for (const r of resources) {
    const snap = live.snapshots.find((s) => s.resource === r);
    if (chance(g, 15)) {
      absent.push({ kind: "ResourceDefinition", name: spell(g, r) });
      if (chance(g, 50)) absent.push({ kind: "Resource", resource: r });
      if (snap && chance(g, 90)) absent.push({ kind: "Snapshot", resource: r, name: "snap0" });
      continue;
    }
    if (chance(g, 70)) {
      const group = groups.length && chance(g, 40) ? pick(g, groups) : undefined;
      desired.resourceDefinitions?.push({ name: spell(g, r), resourceGroup: group, props: chance(g, 30) ? { "Aux/x": pick(g, ["1", "2"]) } : undefined });
    }
    const size = live.resourceDefinitions.find((d) => d.name === r)?.volumes[0].sizeKib as number;
    if (chance(g, 60)) desired.volumeDefinitions?.push({ resource: spell(g, r), number: 0, sizeKib: size + (chance(g, 25) ? GIB : 0) });
    const second = live.resourceDefinitions.find((d) => d.name === r)?.volumes.find((v) => v.number === 1);
    if (second && chance(g, 30)) absent.push({ kind: "VolumeDefinition", resource: r, number: 1 });
    else if (!second && chance(g, 15)) desired.volumeDefinitions?.push({ resource: r, number: 1, sizeKib: GIB, props: { "Aux/v": "1" } });
    const set = replicaSet(r);
    if (set) desired.resources?.push(set);
    if (snap) {
      const fate = g(fc.integer, { min: 0, max: 9 });
      if (fate < 5) {
        const trigger = chance(g, 50) ? pick(g, ["t1", "t2"]) : undefined;
        desired.snapshots?.push({ resource: r, name: "snap0", rollbackTrigger: trigger });
        (desired.previousRollbackTriggers as Record<string, string>)[objectKey({ kind: "Snapshot", resource: r, name: "snap0" })] = "t1";
      } else if (fate < 8) absent.push({ kind: "Snapshot", resource: spell(g, r), name: "SNAP0" });
    }
    if (set && chance(g, 20)) {
      const where = set.nodes && chance(g, 40) ? [pick(g, set.nodes)] : undefined;
      desired.snapshots?.push({ resource: r, name: "snap1", nodes: where });
      if (chance(g, 30)) desired.resources?.push({ resource: `${r}copy`, restoreFrom: { resource: r, snapshot: "snap1" } });
    }
  }

  if (chance(g, 30)) {
    desired.resourceDefinitions?.push({ name: "fresh" });
    desired.volumeDefinitions?.push({ resource: "fresh", number: 0, sizeKib: GIB });
    const set = replicaSet("fresh");
    if (set) desired.resources?.push(set);
  }

  const sources = live.snapshots.filter((s) => !absent.some((a) => a.kind === "ResourceDefinition" && same(a.name, s.resource)) &&
    !absent.some((a) => a.kind === "Snapshot" && same(a.resource, s.resource)) && s.nodes.some((n) => n !== leaving));
  if (sources.length && chance(g, 20)) {
    const s = pick(g, sources);
    const on = s.nodes.filter((n) => n !== leaving);
    const nodesWanted = chance(g, 50) ? [...someOf(g, on, 1, 2), ...someOf(g, available.filter((n) => !on.includes(n)), 0, 1)] : undefined;
    desired.resources?.push({ resource: "copy", nodes: nodesWanted, storagePool: nodesWanted ? "thin" : undefined, restoreFrom: { resource: s.resource, snapshot: s.name } });
  }
  return { live, desired, options };
}

const ALLOWED_REFUSALS = [/still holds/, /cannot be evacuated/, /snapshots cannot move/, /cannot be deleted/, /not ONLINE/, /in use \(Primary\)/];

/** Plan, or undefined when the refusal is one the scenario may legitimately provoke. */
function planOrRefusal(s: Scenario): Plan | undefined {
  try {
    return plan(s.desired, s.live, s.options);
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    for (const p of e.problems) assert.ok(ALLOWED_REFUSALS.some((re) => re.test(p)), `unexpected refusal: ${p}`);
    return undefined;
  }
}

/** The replica count the stack asks for, or undefined when the set is torn down or rolled back. */
function wantedCount(s: Scenario, p: Plan, resource: string): number | undefined {
  const gone = (s.desired.absent ?? []).some((a) => (a.kind === "ResourceDefinition" && same(a.name, resource)) || (a.kind === "Resource" && same(a.resource, resource)));
  if (gone || p.steps.some((x) => x.op === "rollback" && same(x.resource, resource))) return undefined;
  const spec = s.desired.resources?.find((r) => same(r.resource, resource));
  if (spec?.nodes) return spec.nodes.length;
  if (spec?.autoPlace) return spec.autoPlace.placeCount;
  return s.live.resources.filter((r) => same(r.resource, resource) && !r.diskless && !r.deleting).length;
}

const stats = { planned: 0, refused: 0, steps: 0 };

/** The resource a replica-level step acts on. */
function resourceOf(step: Step): string | undefined {
  if ("resource" in step && typeof step.resource === "string") return step.resource;
  if (step.op === "createVolumeDefinition") return step.volume.resource;
  if (step.op === "restoreReplicas" || step.op === "restoreVolumeDefinitions") return step.to;
  if (step.op === "createResourceDefinition") return step.definition.name;
  if (step.op === "modifyResourceDefinition" || step.op === "deleteResourceDefinition" || step.op === "waitDefinitionGone") return step.name;
  return undefined;
}

function nodeOf(step: Step): string | undefined {
  switch (step.op) {
    case "createNode": return step.node.name;
    case "modifyNode": case "deleteNode": case "waitNodeGone": case "assertNodeEmpty": return step.name;
    case "createStoragePool": return step.pool.node;
    case "toggleDisk": case "modifyReplica": case "deleteReplica": case "waitReplicaGone": case "modifyStoragePool": case "deleteStoragePool": return step.node;
    default: return undefined;
  }
}

/** Is the step about an object the caller named (or one an absent node's removal requires)? */
function inScope(s: Scenario, step: Step): boolean {
  const named = new Set<string>([
    ...(s.desired.nodes ?? []).map((x) => objectKey({ kind: "Node", name: x.name })),
    ...(s.desired.storagePools ?? []).map((x) => objectKey({ kind: "StoragePool", node: x.node, name: x.name })),
    ...(s.desired.resourceGroups ?? []).map((x) => objectKey({ kind: "ResourceGroup", name: x.name })),
    ...(s.desired.resourceDefinitions ?? []).map((x) => objectKey({ kind: "ResourceDefinition", name: x.name })),
    ...(s.desired.volumeDefinitions ?? []).map((x) => objectKey({ kind: "VolumeDefinition", resource: x.resource, number: x.number })),
    ...(s.desired.resources ?? []).map((x) => objectKey({ kind: "Resource", resource: x.resource })),
    ...(s.desired.snapshots ?? []).map((x) => objectKey({ kind: "Snapshot", resource: x.resource, name: x.name })),
    ...(s.desired.absent ?? []).map(objectKey),
  ]);
  const has = (ref: ObjectRef) => named.has(objectKey(ref));
  const leaving = (s.desired.absent ?? []).filter((a) => a.kind === "Node").map((a) => (a as { name: string }).name);
  switch (step.op) {
    case "createNode": case "modifyNode": case "deleteNode": case "waitNodeGone": case "assertNodeEmpty":
      return has({ kind: "Node", name: nodeOf(step) as string });
    case "createStoragePool": return has({ kind: "StoragePool", node: step.pool.node, name: step.pool.name });
    case "modifyStoragePool": case "deleteStoragePool": return has({ kind: "StoragePool", node: step.node, name: step.name });
    case "createResourceGroup": return has({ kind: "ResourceGroup", name: step.group.name });
    case "modifyResourceGroup": case "deleteResourceGroup": return has({ kind: "ResourceGroup", name: step.name });
    case "createVolumeDefinition": return has({ kind: "VolumeDefinition", resource: step.volume.resource, number: step.volume.number });
    case "resizeVolumeDefinition": case "modifyVolumeDefinition": case "deleteVolumeDefinition":
      return has({ kind: "VolumeDefinition", resource: step.resource, number: step.number });
    case "createSnapshot": case "deleteSnapshot": case "waitSnapshotSuccessful": case "waitSnapshotGone":
      return has({ kind: "Snapshot", resource: step.resource, name: step.name });
    case "rollback": return has({ kind: "Snapshot", resource: step.resource, name: step.snapshot });
    case "restoreReplicas": case "restoreVolumeDefinitions": return has({ kind: "Resource", resource: step.to });
    default: {
      const r = resourceOf(step) as string;
      if (has({ kind: "Resource", resource: r }) || has({ kind: "ResourceDefinition", name: r })) return true;
      if ((s.desired.snapshots ?? []).some((x) => same(x.resource, r))) return true; // wait before a snapshot, rollback
      if ((s.desired.volumeDefinitions ?? []).some((x) => same(x.resource, r))) return true; // wait before a resize
      // Evacuation of a removed node touches every resource that had a replica there.
      return s.live.resources.some((x) => same(x.resource, r) && leaving.some((n) => same(n, x.node)));
    }
  }
}

/** Nothing refers to an object after the step that deleted it (except the wait for its deletion). */
function checkDeleteOrder(steps: Step[]): void {
  steps.forEach((step, i) => {
    const later = steps.slice(i + 1).filter((x) => x.op !== "waitDefinitionGone" && x.op !== "waitNodeGone");
    if (step.op === "deleteResourceDefinition") {
      const after = later.find((x) => resourceOf(x) !== undefined && same(resourceOf(x) as string, step.name));
      assert.equal(after, undefined, `step ${after?.description} after deleting definition ${step.name}`);
    }
    if (step.op === "deleteNode") {
      const after = later.find((x) => nodeOf(x) !== undefined && same(nodeOf(x) as string, step.name));
      assert.equal(after, undefined, `step ${after?.description} after deleting node ${step.name}`);
    }
    if (step.op === "deleteStoragePool") {
      const after = later.find((x) => x.op === "createReplicas" && x.replicas.some((p) => same(p.node, step.node) && p.storagePool !== undefined && same(p.storagePool, step.name)));
      assert.equal(after, undefined, `replica placed in pool ${step.name} on ${step.node} after deleting it`);
    }
    if (step.op === "deleteReplica" && !step.keepTiebreaker) {
      const after = later.find((x) => x.op === "deleteSnapshot" && same(x.resource, step.resource));
      // Snapshots of a set being torn down go first.
      assert.ok(!after || !steps.some((x) => x.op === "deleteResourceDefinition" && same(x.name, step.resource)), `snapshot of ${step.resource} deleted after its replicas`);
    }
  });
}

const scenarios = fc.gen().map((g) => scenario(g));
/** PLAN_PROPERTY_RUNS=20000 for a long bug hunt; the default keeps the file at a few seconds. */
const runs = (n: number) => Number(process.env.PLAN_PROPERTY_RUNS ?? 0) || n;

describe("plan: properties (fast-check, cluster model)", () => {
  after(() => {
    if (process.env.PLAN_PROPERTY_RUNS) console.log(`    scenarios: ${JSON.stringify(stats)}`);
    // Not a timing check: the generator must mostly produce plannable scenarios, or the properties prove little.
    assert.ok(stats.planned > stats.refused, `planned ${stats.planned}, refused ${stats.refused}`);
    assert.ok(stats.steps > stats.planned, "plans do something on average");
  });

  it("applied to the model, a plan converges and never drops below min(desired, current) UpToDate replicas (linstor-server#130)", () => {
    fc.assert(fc.property(scenarios, (s) => {
      const p = planOrRefusal(s);
      if (!p) {
        stats.refused++;
        return;
      }
      stats.planned++;
      stats.steps += p.steps.length;
      const model = new ClusterModel(s.live);
      try {
        model.applyAll(p.steps);
      } catch (e) {
        (e as Error).message += `\nplan:\n  ${p.steps.map((x) => x.description).join("\n  ")}`;
        throw e;
      }
      const triggers = { ...(s.desired.previousRollbackTriggers ?? {}) };
      for (const snap of s.desired.snapshots ?? []) {
        if (snap.rollbackTrigger !== undefined) triggers[objectKey({ kind: "Snapshot", resource: snap.resource, name: snap.name })] = snap.rollbackTrigger;
      }
      const again = plan({ ...s.desired, previousRollbackTriggers: triggers }, model.read(), s.options);
      assert.deepEqual(again.steps.map((x) => x.description), [],
        `planning again after the apply yields nothing; first plan:\n  ${p.steps.map((x) => x.description).join("\n  ")}`);
      const start = new ClusterModel(s.live);
      for (const rd of s.live.resourceDefinitions) {
        const want = wantedCount(s, p, rd.name);
        if (want === undefined) continue;
        const floor = Math.min(want, start.upToDate(rd.name));
        const low = model.minUpToDate.get(up(rd.name)) ?? 0;
        assert.ok(low >= floor, `${rd.name}: ${low} UpToDate diskful replicas at one point, floor ${floor}; plan:\n  ${p.steps.map((x) => x.description).join("\n  ")}`);
      }
    }), { numRuns: runs(700) });
  });

  it("stays in scope, deletes dependents first, is deterministic and leaves its inputs alone", () => {
    fc.assert(fc.property(scenarios, (s) => {
      const before = JSON.stringify(s);
      const p = planOrRefusal(s);
      assert.equal(JSON.stringify(s), before, "inputs unchanged");
      if (!p) return;
      assert.deepEqual(planOrRefusal(s), p, "same plan twice");
      for (const step of p.steps) {
        assert.ok(inScope(s, step), `out of scope: ${step.description}`);
        assert.ok(step.description.length > 10, `a readable description: ${JSON.stringify(step)}`);
      }
      checkDeleteOrder(p.steps);
    }), { numRuns: runs(400) });
  });
});
