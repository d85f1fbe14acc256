// The replica set of one definition. A move is add → wait until synced → remove; several moves at
// once add all new replicas, wait once, then remove the old ones. At no time are there fewer
// UpToDate diskful replicas than min(desired, current) (linstor-server#130, #133, #450).

import type { LiveReplica, ResourceSpec } from "../model/types";
import { sameName } from "../model/names";
import type { PlanContext } from "./context";
import type { ReplicaPlacement } from "../model/types";
import { isDiskful, isOnline, isTieBreaker, isUpToDate, layersReplicate, replicaNoun } from "./replica-health";
import { describePropChange, propChange, propsForCreate } from "./propchange";
import { restorePending } from "./creates-and-updates";

export function planReplicaSets(ctx: PlanContext): void {
  for (const spec of ctx.resources.values()) {
    if (restorePending(ctx, spec.resource)) continue;
    planReplicaSet(ctx, spec);
  }
}

export function planReplicaSet(ctx: PlanContext, spec: ResourceSpec): void {
  const name = ctx.resourceName(spec.resource);
  waitForPendingDeletes(ctx, spec, name);
  if (spec.autoPlace) planAutoPlaced(ctx, spec, name);
  else planExplicit(ctx, spec, name);
  planReplicaProps(ctx, spec, name);
  for (const tb of ctx.state.replicas(spec.resource).filter(isTieBreaker)) {
    ctx.note(`${name}: tiebreaker on ${tb.node} (diskless quorum witness placed by the controller); left as is`);
  }
}

/** A replica still being deleted on a node the stack wants: let the deletion finish before creating it anew. */
function waitForPendingDeletes(ctx: PlanContext, spec: ResourceSpec, name: string): void {
  for (const node of [...(spec.nodes ?? []), ...(spec.diskless ?? [])]) {
    const replica = ctx.state.replica(spec.resource, node);
    if (replica?.deleting) {
      ctx.emit({ op: "waitReplicaGone", resource: name, node: replica.node },
        `wait until the pending deletion of ${name} on ${replica.node} finishes (the stack wants a replica there again)`);
    }
  }
}

function placementLine(p: ReplicaPlacement): string {
  if (p.diskless) return `${p.node} (diskless)`;
  return p.storagePool ? `${p.node} (pool ${p.storagePool})` : p.node;
}

function emitCreate(ctx: PlanContext, name: string, placements: ReplicaPlacement[], why = ""): void {
  if (placements.length === 0) return;
  const what = placements.length === 1 ? `add replica of ${name} on ${placementLine(placements[0])}`
    : `add replicas of ${name} on ${placements.map(placementLine).join(", ")}`;
  ctx.emit({ op: "createReplicas", resource: name, replicas: placements }, what + why);
}

function planExplicit(ctx: PlanContext, spec: ResourceSpec, name: string): void {
  const current = ctx.state.replicas(spec.resource);
  const at = (node: string) => current.find((r) => sameName(r.node, node));
  const wantDiskful = spec.nodes?.map((n) => ctx.nodeName(n)) ?? current.filter(isDiskful).map((r) => r.node);
  const wantDiskless = (spec.diskless ?? []).map((n) => ctx.nodeName(n));
  const wanted = (node: string) => [...wantDiskful, ...wantDiskless].some((n) => sameName(n, node));
  const props = propsForCreate(spec.props);

  const creates: ReplicaPlacement[] = [];
  const toggleIn: LiveReplica[] = [];
  for (const node of wantDiskful) {
    const r = at(node);
    if (!r) creates.push({ node, storagePool: spec.storagePool, props });
    else if (r.diskless) toggleIn.push(r);
    else if (spec.storagePool && r.storagePool && !sameName(r.storagePool, spec.storagePool)) {
      ctx.note(`${name}: the replica on ${r.node} is in pool ${r.storagePool}, the stack names ${spec.storagePool}; a replica does not change pools in place`);
    }
  }
  const takeovers: string[] = [];
  for (const node of wantDiskless) {
    const r = at(node);
    if (!r) creates.push({ node, diskless: true, props });
    else if (isTieBreaker(r)) {
      creates.push({ node, diskless: true, props });
      takeovers.push(node);
    }
  }
  for (const r of toggleIn) {
    ctx.emit({ op: "toggleDisk", resource: name, node: r.node, into: "diskful", storagePool: spec.storagePool },
      `give the diskless replica of ${name} on ${r.node} a disk${spec.storagePool ? ` (pool ${spec.storagePool})` : ""}`);
  }
  const takeover = takeovers.length ? ` (taking over the tiebreaker on ${takeovers.join(", ")})` : "";
  emitCreate(ctx, name, creates, takeover);

  const toggleOut = current.filter((r) => isDiskful(r) && wantDiskless.some((n) => sameName(n, r.node)));
  const removeDiskful = current.filter((r) => isDiskful(r) && !wanted(r.node));
  const removeDiskless = current.filter((r) => r.diskless && !isTieBreaker(r) && !wanted(r.node));
  const leavingDiskful = [...toggleOut, ...removeDiskful];

  const newDiskful = [...creates.filter((p) => !p.diskless).map((p) => p.node), ...toggleIn.map((r) => r.node)];
  if (leavingDiskful.length || newDiskful.length) {
    syncBeforeRemoval(ctx, name, wantDiskful, newDiskful, leavingDiskful);
  }
  for (const r of [...leavingDiskful, ...removeDiskless]) {
    if (r.inUse) ctx.refuse(`${name}: the replica on ${r.node} is in use (Primary); LINSTOR cannot remove it; stop its user first`);
  }
  for (const r of toggleOut) {
    ctx.emit({ op: "toggleDisk", resource: name, node: r.node, into: "diskless" }, `remove the disk of ${name} on ${r.node} (keep it as a diskless replica)`);
  }
  for (const r of removeDiskful) {
    const local = !replicates(ctx, name);
    if (local) ctx.warn(`${name} has no DRBD layer: removing its volume on ${r.node} deletes the data there; nothing copies it to another node`);
    const tail = local ? ` (${name} has no DRBD layer: the data on ${r.node} is deleted, not moved)`
      : mayStayAsTiebreaker(ctx, name, r) ? " (at an even count the controller may keep it as tiebreaker)" : "";
    removeReplica(ctx, name, r, tail);
  }
  for (const r of removeDiskless) removeReplica(ctx, name, r, "");
}

/**
 * Wait until the replicas the set keeps are UpToDate before any diskful replica goes. Only ONLINE
 * nodes can sync; if none of the kept replicas can, removing the old ones could drop the last
 * UpToDate copy, so the plan is refused.
 */
function syncBeforeRemoval(ctx: PlanContext, name: string, wantDiskful: string[], newDiskful: string[], leaving: LiveReplica[]): void {
  const volumes = ctx.state.volumeCount(name);
  const targets = wantDiskful.filter((n) => isOnline(ctx.state.node(n)));
  const offline = wantDiskful.filter((n) => !isOnline(ctx.state.node(n)));
  if (offline.length) ctx.note(`${name}: the replicas on ${offline.join(", ")} are on nodes that are not ONLINE; they are not waited for`);
  const where = `the replica${leaving.length > 1 ? "s" : ""} on ${leaving.map((r) => r.node).join(", ")}`;
  if (leaving.length && targets.length === 0) {
    ctx.refuse(`${name}: removing ${where} would leave no UpToDate diskful replica: the replicas the stack keeps ` +
      `(on ${wantDiskful.join(", ")}) are on nodes that are not ONLINE (linstor-server#130)`);
    return;
  }
  // Only replicas on ONLINE nodes can become UpToDate; they must cover min(desired, current) before anything goes.
  const current = ctx.state.replicas(name).filter((r) => isUpToDate(r, volumes)).length;
  const floor = Math.min(wantDiskful.length, current);
  if (leaving.length && targets.length < floor) {
    ctx.refuse(`${name}: removing ${where} would leave ${targets.length} UpToDate diskful replica${targets.length === 1 ? "" : "s"}, ` +
      `fewer than the ${floor} there are now: ${offline.join(", ")} ${offline.length === 1 ? "is" : "are"} not ONLINE and cannot sync; ` +
      `bring ${offline.length === 1 ? "it" : "them"} online first (linstor-server#130)`);
    return;
  }
  const stale = targets.filter((n) => {
    const r = ctx.state.replica(name, n);
    return !r || !isUpToDate(r, volumes);
  });
  if (stale.length === 0) return;
  const reason = leaving.length ? `, before removing ${leaving.map((r) => r.node).join(", ")}` : "";
  if (!replicates(ctx, name)) {
    // Without DRBD every "replica" is an independent local volume: a new one starts empty and
    // nothing copies data into it, so the plan must not speak of a resync.
    const many = stale.length > 1;
    const why = leaving.length ? `${many ? "they start" : "it starts"} empty, nothing is copied${reason}` : "nothing to resync";
    ctx.emit({ op: "waitSynced", resource: name, nodes: targets },
      `wait until the volume${many ? "s" : ""} of ${name} on ${stale.join(", ")} ${many ? "are" : "is"} created (no DRBD layer: ${why})`);
    return;
  }
  const what = newDiskful.length ? `resync of the new replica${newDiskful.length > 1 ? "s" : ""}` : "resync";
  ctx.emit({ op: "waitSynced", resource: name, nodes: targets },
    `wait until ${name} is UpToDate on ${stale.join(", ")} (${what}${reason})`);
}

function replicates(ctx: PlanContext, name: string): boolean {
  return layersReplicate(ctx.state.definition(name)?.layerStack);
}

/** The 3→2 boundary: deleting leaves an even number ≥ 2 of diskful replicas and no diskless one to break ties. */
function mayStayAsTiebreaker(ctx: PlanContext, name: string, r: LiveReplica): boolean {
  if (ctx.nodeLeaving(r.node)) return false;
  const others = ctx.state.replicas(name).filter((x) => x !== r);
  const left = others.filter(isDiskful).length;
  return left >= 2 && left % 2 === 0 && !others.some((x) => x.diskless);
}

function removeReplica(ctx: PlanContext, name: string, r: LiveReplica, tail: string): void {
  const keepTiebreaker = isDiskful(r) && !ctx.nodeLeaving(r.node);
  const kind = replicaNoun(r);
  ctx.emit({ op: "deleteReplica", resource: name, node: r.node, keepTiebreaker }, `remove ${kind} of ${name} from ${r.node}${tail}`);
}

function planAutoPlaced(ctx: PlanContext, spec: ResourceSpec, name: string): void {
  const auto = spec.autoPlace as NonNullable<ResourceSpec["autoPlace"]>;
  // Unwanted diskless replicas go first: the auto-placer may turn a diskless replica's node into a diskful one.
  if (!auto.disklessOnRemaining) {
    const wantedDiskless = spec.diskless ?? [];
    for (const r of ctx.state.replicas(spec.resource).filter((x) => x.diskless && !isTieBreaker(x) && !wantedDiskless.some((n) => sameName(n, x.node)))) {
      if (r.inUse) ctx.refuse(`${name}: the diskless replica on ${r.node} is in use (Primary); LINSTOR cannot remove it; stop its user first`);
      removeReplica(ctx, name, r, "");
    }
  }
  const current = ctx.state.replicas(spec.resource);
  const diskful = current.filter(isDiskful).length;
  if (diskful < auto.placeCount) {
    const missing = auto.placeCount - diskful;
    const avoid = ctx.absentOf("Node").map((r) => ctx.nodeName(r.name)).filter((n) => ctx.state.node(n));
    const pools = auto.storagePools?.length ? `, pools ${auto.storagePools.join(", ")}` : "";
    const replicaProps = propsForCreate(spec.props);
    ctx.emit({ op: "autoPlace", resource: name, placement: auto, ...(avoid.length ? { avoidNodes: avoid } : {}), ...(replicaProps ? { replicaProps } : {}) },
      `auto-place ${missing} more replica${missing > 1 ? "s" : ""} of ${name} (${auto.placeCount} wanted, ${diskful} present${pools})`);
    const offline = current.filter((r) => isDiskful(r) && !isOnline(ctx.state.node(r.node))).map((r) => r.node);
    if (offline.length) ctx.note(`${name}: not waiting for the new replicas to sync: ${offline.join(", ")} is not ONLINE and would hold the wait up`);
    else if (!replicates(ctx, name)) ctx.emit({ op: "waitSynced", resource: name }, `wait until every diskful volume of ${name} is created (no DRBD layer: nothing to sync)`);
    else ctx.emit({ op: "waitSynced", resource: name }, `wait until every diskful replica of ${name} is UpToDate (initial sync of the new replicas)`);
  } else if (diskful > auto.placeCount) {
    ctx.note(`${name} has ${diskful} diskful replicas, autoPlace asks for ${auto.placeCount}; none is removed (list 'nodes' to choose which go)`);
  }
  const creates: ReplicaPlacement[] = [];
  const takeovers: string[] = [];
  const props = propsForCreate(spec.props);
  for (const node of (spec.diskless ?? []).map((n) => ctx.nodeName(n))) {
    const r = ctx.state.replica(spec.resource, node);
    if (!r || r.deleting) creates.push({ node, diskless: true, props });
    else if (isTieBreaker(r)) {
      creates.push({ node, diskless: true, props });
      takeovers.push(node);
    } else if (isDiskful(r)) {
      ctx.note(`${name}: ${node} is listed as diskless but holds a diskful replica (placed by the controller); left as is`);
    }
  }
  emitCreate(ctx, name, creates, takeovers.length ? ` (taking over the tiebreaker on ${takeovers.join(", ")})` : "");
}

/** Props of the set on every replica the stack places (tiebreakers are the controller's). */
function planReplicaProps(ctx: PlanContext, spec: ResourceSpec, name: string): void {
  const previous = ctx.previousProps({ kind: "Resource", resource: spec.resource });
  for (const r of ctx.state.replicas(spec.resource)) {
    if (isTieBreaker(r)) continue;
    const change = propChange(spec.props, r.props, previous);
    if (!change) continue;
    ctx.emit({ op: "modifyReplica", resource: name, node: r.node, props: change }, `update replica of ${name} on ${r.node}: ${describePropChange(change)}`);
  }
}
