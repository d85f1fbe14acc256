// Deletes, in reverse dependency order: snapshots, replicas, volume definitions, definitions,
// resource groups, what is left on removed nodes, storage pools, nodes. Nothing that still holds
// data the stack does not give up is deleted: such deletes are refused with what blocks them.
// The evacuation of removed nodes lives here too, though it runs before the replica sets.

import type { LiveReplica, LiveStoragePool, Props } from "../model/types";
import { objectKey } from "../model/keys";
import { nameKey, sameName } from "../model/names";
import { formatKib } from "../model/sizes";
import type { PlanContext } from "./context";
import { isDiskful, isOnline, isTieBreaker, isUpToDate, layersReplicate, replicaKind, replicaNoun } from "./replica-health";
import { propsForCreate } from "./propchange";

export function planRemovals(ctx: PlanContext): void {
  deleteSnapshots(ctx);
  deleteReplicaSets(ctx);
  deleteVolumeDefinitions(ctx);
  deleteDefinitions(ctx);
  deleteResourceGroups(ctx);
  const removable = clearNodes(ctx);
  deleteStoragePools(ctx);
  deleteNodes(ctx, removable);
}

function deleteSnapshots(ctx: PlanContext): void {
  for (const ref of ctx.absentOf("Snapshot")) {
    const live = ctx.state.snapshot(ref.resource, ref.name);
    if (!live) continue;
    ctx.emit({ op: "deleteSnapshot", resource: live.resource, name: live.name }, `delete snapshot ${live.name} of ${live.resource}`);
  }
}

/** Replica sets marked absent, and the replicas of definitions marked absent: diskless first, then diskful. */
function deleteReplicaSets(ctx: PlanContext): void {
  const names = new Map<string, string>();
  for (const ref of ctx.absentOf("Resource")) names.set(nameKey(ref.resource), ref.resource);
  for (const ref of ctx.absentOf("ResourceDefinition")) names.set(nameKey(ref.name), ref.name);
  for (const resource of names.values()) {
    const name = ctx.resourceName(resource);
    const replicas = ctx.state.replicas(resource);
    if (replicas.length === 0) continue;
    const volumes = ctx.state.volumeCount(resource);
    if (ctx.definitions.get({ kind: "ResourceDefinition", name: resource }) && replicas.some((r) => isUpToDate(r, volumes))) {
      ctx.refuse(`removing every replica of ${name} would delete its last UpToDate diskful replica while the stack keeps definition ${name} ` +
        `(linstor-server#130); keep at least one replica, or remove the definition too`);
      continue;
    }
    for (const r of replicas.filter((x) => x.inUse)) {
      ctx.refuse(`${name}: the replica on ${r.node} is in use (Primary); LINSTOR cannot remove it; stop its user first`);
    }
    const ordered = [...replicas.filter((r) => r.diskless), ...replicas.filter(isDiskful)];
    for (const r of ordered) {
      const kind = replicaNoun(r);
      ctx.emit({ op: "deleteReplica", resource: name, node: r.node, keepTiebreaker: false }, `remove ${kind} of ${name} from ${r.node}`);
    }
  }
}

function deleteVolumeDefinitions(ctx: PlanContext): void {
  for (const ref of ctx.absentOf("VolumeDefinition")) {
    if (ctx.isAbsent({ kind: "ResourceDefinition", name: ref.resource })) continue; // goes with its definition
    const rd = ctx.state.definition(ref.resource);
    const vd = rd?.volumes.find((v) => v.number === ref.number);
    if (!rd || !vd) continue;
    const holders = ctx.state.replicas(ref.resource).filter(isDiskful).map((r) => r.node);
    const data = holders.length ? ` (its data on ${holders.join(", ")} is deleted)` : "";
    ctx.emit({ op: "deleteVolumeDefinition", resource: rd.name, number: ref.number }, `delete volume ${ref.number} of ${rd.name}, ${formatKib(vd.sizeKib)}${data}`);
  }
}

function deleteDefinitions(ctx: PlanContext): void {
  for (const ref of ctx.absentOf("ResourceDefinition")) {
    const rd = ctx.state.definition(ref.name);
    if (!rd) continue;
    const snapshots = ctx.state.snapshotsOf(ref.name);
    if (snapshots.length) {
      const list = snapshots.map((s) => `${s.name} (on ${s.nodes.join(", ") || "no node"})`).join(", ");
      ctx.refuse(`resource definition ${rd.name} cannot be deleted: it still has snapshots the stack does not manage: ${list}; ` +
        `LINSTOR refuses to delete a definition with snapshots; delete them (linstor snapshot delete ${rd.name} <name>) or list them as absent`);
      continue;
    }
    ctx.emit({ op: "deleteResourceDefinition", name: rd.name }, `delete resource definition ${rd.name}`);
  }
}

function deleteResourceGroups(ctx: PlanContext): void {
  for (const ref of ctx.absentOf("ResourceGroup")) {
    const group = ctx.state.group(ref.name);
    if (!group) continue;
    const users = ctx.state.resourceDefinitions.filter((d) => d.resourceGroup !== undefined && sameName(d.resourceGroup, ref.name));
    if (users.length) {
      ctx.refuse(`resource group ${group.name} cannot be deleted: definitions ${users.map((d) => d.name).join(", ")} still use it`);
      continue;
    }
    ctx.emit({ op: "deleteResourceGroup", name: group.name }, `delete resource group ${group.name}`);
  }
}

/** What a node holds that blocks its removal: replicas (tiebreakers aside) and snapshots. */
function holdings(ctx: PlanContext, node: string, mode: "evacuate" | "refuse"): string[] {
  const held = ctx.state.replicasOn(node)
    .filter((r) => !isTieBreaker(r) && (mode === "refuse" || isDiskful(r)))
    .map((r) => `replica of ${r.resource} (${replicaKind(r)})`);
  for (const s of ctx.state.snapshots.filter((x) => x.nodes.some((n) => sameName(n, node)))) held.push(`snapshot ${s.name} of ${s.resource}`);
  return held;
}

/** Replica sets the plan tears down anyway (their definition or the set itself is absent). */
function tornDown(ctx: PlanContext, resource: string): boolean {
  return ctx.isAbsent({ kind: "ResourceDefinition", name: resource }) || ctx.isAbsent({ kind: "Resource", resource });
}

/**
 * Before the replica sets are planned: every diskful replica on a node that is removed with onRemove
 * "evacuate" is added elsewhere, synced, then removed (linstor-server#220, #301). Sets with explicit
 * nodes move by their own plan; sets being torn down are not moved. Running first keeps the counts of
 * auto-placed sets true (the controller would count the leaving replica as present).
 */
export function planEvacuations(ctx: PlanContext): void {
  const movable = (r: LiveReplica): boolean => isDiskful(r) && !tornDown(ctx, r.resource) &&
    ctx.resources.get({ kind: "Resource", resource: r.resource })?.nodes === undefined;
  for (const ref of ctx.absentOf("Node")) {
    const node = ctx.state.node(ref.name);
    if (!node || ctx.onRemove(node.name) !== "evacuate") continue;
    evacuate(ctx, `node ${node.name}`, ctx.state.replicasOn(node.name).filter(movable));
  }
  // A pool removed on its own, or ahead of its node (Pulumi deletes a node's pools before the node).
  for (const ref of ctx.absentOf("StoragePool")) {
    const pool = ctx.state.pool(ref.node, ref.name);
    if (!pool || ctx.poolOnRemove(pool.node, pool.name) !== "evacuate") continue;
    const inPool = ctx.state.replicasOn(pool.node).filter((r) => r.storagePool !== undefined && sameName(r.storagePool, pool.name));
    evacuate(ctx, `storage pool ${pool.name} on ${pool.node}`, inPool.filter(movable));
  }
}

/**
 * Nodes marked absent, after everything else: their tiebreakers go; with onRemove "evacuate" their
 * diskless replicas go too; anything still held (with "refuse": any replica; always: snapshots, which
 * cannot move) refuses the plan. Returns the nodes that end up removable.
 */
function clearNodes(ctx: PlanContext): string[] {
  const removable: string[] = [];
  for (const ref of ctx.absentOf("Node")) {
    const node = ctx.state.node(ref.name);
    if (!node) continue;
    const mode = ctx.onRemove(node.name);
    const snapshots = ctx.state.snapshots.filter((s) => s.nodes.some((n) => sameName(n, node.name)));
    if (mode === "evacuate" && snapshots.length) {
      ctx.refuse(`node ${node.name} holds ${snapshots.map((s) => `snapshot ${s.name} of ${s.resource}`).join(", ")}; snapshots cannot move to another node: delete them (list them as absent) before removing the node`);
      continue;
    }
    const held = holdings(ctx, node.name, mode);
    if (held.length) {
      const hint = mode === "refuse" ? "move or delete them first, or set onRemove: evacuate" : "they could not be moved";
      ctx.refuse(`node ${node.name} still holds ${held.join(", ")}; ${hint}`);
      continue;
    }
    const inUse = ctx.state.replicasOn(node.name).filter((r) => r.inUse);
    if (inUse.length) {
      ctx.refuse(`node ${node.name} cannot be removed: ${inUse.map((r) => r.resource).join(", ")} in use (Primary) there; stop the users first`);
      continue;
    }
    for (const r of ctx.state.allReplicasOn(node.name)) {
      const kind = replicaNoun(r);
      const why = ` (node ${node.name} is removed)`;
      if (r.deleting) ctx.emit({ op: "waitReplicaGone", resource: r.resource, node: r.node }, `wait until the pending deletion of ${r.resource} on ${node.name} finishes${why}`);
      else ctx.emit({ op: "deleteReplica", resource: r.resource, node: r.node, keepTiebreaker: false }, `remove ${kind} of ${r.resource} from ${node.name}${why}`);
    }
    removable.push(node.name);
  }
  return removable;
}

/** Moves `replicas` off `from` ("node n3", "storage pool thin on n3"): add elsewhere, wait, remove. */
function evacuate(ctx: PlanContext, from: string, replicas: LiveReplica[]): void {
  if (replicas.length === 0) return;
  const inUse = replicas.filter((r) => r.inUse);
  if (inUse.length) {
    ctx.refuse(`${from} cannot be evacuated: ${inUse.map((r) => r.resource).join(", ")} in use (Primary) there; stop the users first`);
    return;
  }
  // Evacuating promises the data survives; without DRBD nothing would copy it to the new volume.
  const local = replicas.filter((r) => !layersReplicate(ctx.state.definition(r.resource)?.layerStack));
  if (local.length) {
    const names = local.map((r) => r.resource).join(", ");
    ctx.refuse(`${from} cannot be evacuated: ${names} ${local.length > 1 ? "have" : "has"} no DRBD layer, so LINSTOR cannot move ` +
      `${local.length > 1 ? "their data" : "its data"} (a new volume elsewhere would start empty); copy the data yourself, then take ` +
      `${local[0].node} out of the nodes of ${names} in the stack`);
    return;
  }
  const moves: { replica: LiveReplica; target: string; pool: string }[] = [];
  for (const r of replicas) {
    const target = pickTarget(ctx, r);
    if (!target) {
      const need = neededKib(ctx, r.resource);
      ctx.refuse(`${from} cannot be evacuated: no other ONLINE node without a replica of ${r.resource} has a storage pool with ${formatKib(need)} free`);
      return;
    }
    if (target.freeKib !== undefined) target.freeKib -= neededKib(ctx, r.resource);
    moves.push({ replica: r, target: target.node, pool: target.name });
  }
  const byResource = new Map<string, typeof moves>();
  for (const m of moves) byResource.set(nameKey(m.replica.resource), [...(byResource.get(nameKey(m.replica.resource)) ?? []), m]);
  for (const group of byResource.values()) {
    const resource = group[0].replica.resource;
    const placements = group.map((m) => ({ node: m.target, storagePool: m.pool, props: managedReplicaProps(ctx, resource) }));
    ctx.emit({ op: "createReplicas", resource, replicas: placements },
      `add replica of ${resource} on ${group.map((m) => `${m.target} (pool ${m.pool})`).join(", ")} to evacuate ${from}`);
  }
  for (const group of byResource.values()) {
    const resource = group[0].replica.resource;
    const targets = group.map((m) => m.target);
    ctx.emit({ op: "waitSynced", resource, nodes: targets }, `wait until ${resource} is UpToDate on ${targets.join(", ")} (resync before ${from} gives its replica up)`);
  }
  for (const m of moves) {
    ctx.emit({ op: "deleteReplica", resource: m.replica.resource, node: m.replica.node, keepTiebreaker: false },
      `remove replica of ${m.replica.resource} from ${m.replica.node} (evacuated to ${m.target})`);
  }
}

/** Props the stack manages on the replicas of this resource, so an evacuated replica matches its peers. */
function managedReplicaProps(ctx: PlanContext, resource: string): Props | undefined {
  return propsForCreate(ctx.resources.get({ kind: "Resource", resource })?.props);
}

function neededKib(ctx: PlanContext, resource: string): number {
  return (ctx.state.definition(resource)?.volumes ?? []).reduce((sum, v) => sum + v.sizeKib, 0);
}

/**
 * Where an evacuated replica goes: the caller's preference (PlanOptions.evacuationTargets), else the
 * ONLINE node not being removed, without a replica of the resource, whose diskful pool has room:
 * same pool name first, then same provider kind, then most free space, then name.
 */
function pickTarget(ctx: PlanContext, r: LiveReplica): LiveStoragePool | undefined {
  const need = neededKib(ctx, r.resource);
  const source = r.storagePool ? ctx.state.pool(r.node, r.storagePool) : undefined;
  const allowed = ctx.resources.get({ kind: "Resource", resource: r.resource })?.autoPlace?.storagePools;
  const candidates = ctx.state.storagePools.filter((p) => {
    const node = ctx.state.node(p.node);
    if (!node || !isOnline(node) || ctx.nodeLeaving(p.node) || node.flags.includes("DELETE") || node.flags.includes("EVACUATE")) return false;
    if (String(p.providerKind).toUpperCase() === "DISKLESS") return false;
    if (ctx.isAbsent({ kind: "StoragePool", node: p.node, name: p.name })) return false;
    if (allowed?.length && !allowed.some((a) => sameName(a, p.name))) return false;
    if (ctx.state.replica(r.resource, p.node)) return false;
    return p.freeKib !== undefined && p.freeKib >= need;
  });
  const preferred = ctx.options.evacuationTargets?.[objectKey({ kind: "Resource", resource: r.resource })] ?? [];
  for (const node of preferred) {
    const onNode = candidates.filter((p) => sameName(p.node, node));
    if (onNode.length) return rank(onNode, r, source)[0];
  }
  return rank(candidates, r, source)[0];
}

function rank(pools: LiveStoragePool[], r: LiveReplica, source: LiveStoragePool | undefined): LiveStoragePool[] {
  const score = (p: LiveStoragePool): [number, number, number] => [
    r.storagePool && sameName(p.name, r.storagePool) ? 0 : 1,
    source && String(source.providerKind) === String(p.providerKind) ? 0 : 1,
    -(p.freeKib ?? 0),
  ];
  return [...pools].sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return nameKey(a.node).localeCompare(nameKey(b.node)) || nameKey(a.name).localeCompare(nameKey(b.name));
  });
}

/** Storage pools marked absent: only when no volume and no snapshot remains in them. */
function deleteStoragePools(ctx: PlanContext): void {
  for (const ref of ctx.absentOf("StoragePool")) {
    const pool = ctx.state.pool(ref.node, ref.name);
    if (!pool) continue;
    const blockers: string[] = [];
    const inPool = ctx.state.allReplicasOn(pool.node).filter((x) => x.storagePool !== undefined && sameName(x.storagePool, pool.name));
    for (const r of inPool) {
      if (!r.deleting) blockers.push(`volumes of ${r.resource}`);
    }
    for (const s of ctx.state.snapshots.filter((x) => x.nodes.some((n) => sameName(n, pool.node)))) {
      if (snapshotMayUse(ctx, s.resource, pool)) blockers.push(`snapshot ${s.name} of ${s.resource}`);
    }
    if (blockers.length) {
      ctx.refuse(`storage pool ${pool.name} on ${pool.node} cannot be deleted: it still holds ${blockers.join(", ")}; move or delete them first`);
      continue;
    }
    for (const r of inPool) {
      ctx.emit({ op: "waitReplicaGone", resource: r.resource, node: r.node },
        `wait until the pending deletion of ${r.resource} on ${r.node} finishes (it still uses pool ${pool.name})`);
    }
    ctx.emit({ op: "deleteStoragePool", node: pool.node, name: pool.name }, `delete storage pool ${pool.name} on ${pool.node}`);
  }
}

/** A snapshot's volumes live in the pool of the replica it was taken from; unknown means it may be this pool. */
function snapshotMayUse(ctx: PlanContext, resource: string, pool: LiveStoragePool): boolean {
  const replica = ctx.state.replica(resource, pool.node);
  if (replica?.storagePool) return sameName(replica.storagePool, pool.name);
  return pool.supportsSnapshots;
}

function deleteNodes(ctx: PlanContext, removable: string[]): void {
  for (const node of removable) {
    ctx.emit({ op: "assertNodeEmpty", name: node }, `check that node ${node} holds no replica and no snapshot any more`);
    ctx.emit({ op: "deleteNode", name: node }, `delete node ${node}`);
  }
}
