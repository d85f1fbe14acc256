// Snapshots: taking them, restoring one into a new definition, and declarative rollback.

import type { ResourceSpec, SnapshotSpec } from "../model/types";
import { objectKey } from "../model/keys";
import { nameKey, sameName, versionAtLeast } from "../model/names";
import type { PlanContext } from "./context";
import { isDiskful, isOnline, isTieBreaker, isUpToDate } from "./replica-health";
import { BALANCE_KEY } from "../model/props";
import { planVolumeDefinitions, planVolumeResizes, restorePending } from "./creates-and-updates";
import { propsForCreate } from "./propchange";
import { planReplicaSet } from "./replicas";

/** Runs before and after the restores: snapshots of a restore target wait until it is restored. */
export function planSnapshotCreates(ctx: PlanContext): void {
  for (const spec of ctx.snapshots.values()) {
    if (restorePending(ctx, spec.resource)) continue;
    const resource = ctx.resourceName(spec.resource);
    const live = ctx.state.snapshot(spec.resource, spec.name);
    if (live) {
      if (!live.successful) ctx.note(`snapshot ${live.name} of ${resource} exists but is not successful (flags: ${live.flags.join(", ") || "none"})`);
      if (spec.nodes && !sameNodeSet(spec.nodes, live.nodes)) {
        ctx.note(`snapshot ${live.name} of ${resource} is on ${live.nodes.join(", ")}, the stack names ${spec.nodes.join(", ")}; snapshots do not change after they are taken`);
      }
      continue;
    }
    planSnapshotCreate(ctx, spec, resource);
  }
}

function sameNodeSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((n) => b.some((m) => sameName(n, m)));
}

function planSnapshotCreate(ctx: PlanContext, spec: SnapshotSpec, resource: string): void {
  const who = `snapshot ${spec.name} of ${resource}`;
  const diskful = ctx.state.replicas(spec.resource).filter(isDiskful);
  const pending = ctx.state.autoPlaced.get(nameKey(spec.resource)) ?? 0;
  if (diskful.length === 0 && pending === 0) {
    ctx.refuse(`${who}: ${resource} has no diskful replica to snapshot`);
    return;
  }
  // Without a node list LINSTOR snapshots every diskful replica on a connected node (offline ones are skipped).
  const online = (node: string) => isOnline(ctx.state.node(node));
  const involved = spec.nodes ? [] : diskful.filter((r) => online(r.node));
  for (const node of spec.nodes ?? []) {
    const r = diskful.find((x) => sameName(x.node, node));
    if (!r) ctx.refuse(`${who}: there is no diskful replica of ${resource} on ${node} (LINSTOR snapshots only diskful replicas)`);
    else if (!online(r.node)) ctx.refuse(`${who}: node ${r.node} is not ONLINE; LINSTOR can only snapshot replicas on connected nodes`);
    else involved.push(r);
  }
  if (!spec.nodes && involved.length === 0 && pending === 0) {
    ctx.refuse(`${who}: every diskful replica of ${resource} is on a node that is not ONLINE`);
    return;
  }
  const offline = diskful.filter((r) => !online(r.node)).map((r) => r.node);
  if (!spec.nodes && offline.length) ctx.note(`${who}: ${offline.join(", ")} is not ONLINE; the snapshot is taken without it`);
  for (const r of involved) {
    const pool = r.storagePool ? ctx.state.pool(r.node, r.storagePool) : undefined;
    if (pool && !pool.supportsSnapshots) {
      ctx.refuse(`${who}: the replica on ${r.node} is in pool ${pool.name} (${pool.providerKind}), which cannot take snapshots; use a thin pool (LVM_THIN, ZFS)`);
    }
  }
  // Replicas the controller is still placing sit on nodes the plan does not know; with a node offline
  // the plan cannot wait for "all of them", so the snapshot is limited to the replicas it knows.
  const listed = spec.nodes !== undefined || (pending > 0 && offline.length > 0);
  if (listed && involved.length === 0) {
    ctx.refuse(`${who}: the diskful replicas of ${resource} the plan knows are on nodes that are not ONLINE (new ones are still being placed); apply again once they are in sync`);
    return;
  }
  const nodes = listed ? involved.map((r) => r.node) : undefined;
  const volumes = ctx.state.volumeCount(spec.resource);
  const stale = involved.filter((r) => !isUpToDate(r, volumes)).map((r) => r.node);
  if (stale.length || (pending && !listed)) {
    ctx.emit({ op: "waitSynced", resource, nodes: nodes ?? (offline.length ? involved.map((r) => r.node) : undefined) },
      `wait until ${resource} is UpToDate${stale.length ? ` on ${stale.join(", ")}` : ""} (LINSTOR snapshots only UpToDate data)`);
  }
  const where = nodes ? `on ${nodes.join(", ")}` : "on every diskful replica";
  ctx.emit({ op: "createSnapshot", resource, name: spec.name, nodes }, `take snapshot ${spec.name} of ${resource} ${where}`);
}

/** Restore into a new definition: definition, volumes from the snapshot, replicas from the snapshot, then the rest of the set. */
export function planRestores(ctx: PlanContext): void {
  for (const spec of ctx.resources.values()) {
    if (!spec.restoreFrom || !restorePending(ctx, spec.resource)) continue;
    planRestore(ctx, spec, spec.restoreFrom);
  }
}

function planRestore(ctx: PlanContext, spec: ResourceSpec, from: NonNullable<ResourceSpec["restoreFrom"]>): void {
  const target = ctx.resourceName(spec.resource);
  const snapshot = ctx.state.snapshot(from.resource, from.snapshot);
  const source = `snapshot ${from.snapshot} of ${from.resource}`;
  if (!snapshot) {
    // A snapshot the stack wants but this plan could not take has its own refusal already.
    const wanted = ctx.snapshots.get({ kind: "Snapshot", resource: from.resource, name: from.snapshot }) !== undefined;
    if (!wanted || ctx.problems.length === 0) {
      ctx.refuse(`the replicas of ${target} are restored from ${source}, which does not exist${wanted ? " yet" : " (and the stack does not create it)"}`);
    }
    return;
  }
  if (!snapshot.successful) {
    ctx.refuse(`the replicas of ${target} are restored from ${source}, which is not successful (flags: ${snapshot.flags.join(", ") || "none"})`);
    return;
  }
  let nodes: string[] | undefined;
  if (spec.nodes) {
    nodes = spec.nodes.filter((n) => snapshot.nodes.some((m) => sameName(n, m))).map((n) => ctx.nodeName(n));
    if (nodes.length === 0) {
      ctx.refuse(`the replicas of ${target} are restored from ${source}, which is on ${snapshot.nodes.join(", ")}: ` +
        `none of the nodes the stack lists (${spec.nodes.join(", ")}) holds it; list at least one of them`);
      return;
    }
  }
  if (!ctx.state.definition(spec.resource)) {
    // Explicit nodes: switch the controller's balancing off from the start (not claimed as a managed prop).
    const props = spec.nodes ? { [BALANCE_KEY]: "false" } : undefined;
    ctx.emit({ op: "createResourceDefinition", definition: { name: target, props } }, `create resource definition ${target} to restore ${source} into`);
  }
  if (ctx.state.volumeCount(spec.resource) === 0) {
    ctx.emit({ op: "restoreVolumeDefinitions", from: snapshot.resource, snapshot: snapshot.name, to: target },
      `create the volumes of ${target} from ${source} (sizes as in the snapshot)`);
  }
  const where = nodes ? nodes.join(", ") : `every node that holds it (${snapshot.nodes.join(", ")})`;
  ctx.emit({ op: "restoreReplicas", from: snapshot.resource, snapshot: snapshot.name, to: target, nodes },
    `restore replicas of ${target} from ${source} on ${where}`);
  planVolumeDefinitions(ctx, spec.resource);
  planReplicaSet(ctx, spec);
  planVolumeResizes(ctx, spec.resource);
}

/**
 * Declarative rollback: the trigger changed since the last apply. Since LINSTOR 1.31 a rollback is
 * a restore (CtrlSnapshotRollbackApiCallHandler): the controller deletes every replica, restores the
 * snapshot and makes each node's replica available again, so nodes without the snapshot simply
 * resync. Older controllers roll back only where the snapshot exists: there replicas on other nodes
 * (and the tiebreaker) go first and come back after, resyncing from the rolled-back data. The
 * controller's version decides; an unknown version gets the older procedure, which works on both.
 */
export function planRollbacks(ctx: PlanContext): void {
  for (const spec of ctx.snapshots.values()) {
    if (spec.rollbackTrigger === undefined) continue;
    const key = objectKey({ kind: "Snapshot", resource: spec.resource, name: spec.name });
    const previous = ctx.desired.previousRollbackTriggers?.[key];
    const resource = ctx.resourceName(spec.resource);
    if (previous === spec.rollbackTrigger) {
      planPendingReadd(ctx, spec.resource, resource);
      continue;
    }
    if (ctx.state.createdSnapshots.has(key)) continue;
    if (previous === undefined) {
      ctx.note(`snapshot ${spec.name} of ${resource}: rollback trigger '${spec.rollbackTrigger}' is recorded, not acted on (no earlier value known); change it to roll back`);
      continue;
    }
    planRollback(ctx, spec, resource, previous);
  }
}

function planRollback(ctx: PlanContext, spec: SnapshotSpec, resource: string, previous: string): void {
  const snapshot = ctx.state.snapshot(spec.resource, spec.name);
  const who = `rollback of ${resource} to snapshot ${spec.name}`;
  if (!snapshot || !snapshot.successful) {
    ctx.refuse(`${who}: the snapshot ${snapshot ? "is not successful" : "does not exist"}`);
    return;
  }
  const replicas = ctx.state.replicas(spec.resource);
  for (const r of replicas.filter((x) => !isOnline(ctx.state.node(x.node)))) {
    ctx.refuse(`${who}: ${resource} has a replica on ${r.node}, which is not ONLINE; LINSTOR rolls back only when every node is connected`);
  }
  for (const r of replicas.filter((x) => x.inUse)) {
    ctx.refuse(`${who}: ${resource} is in use (Primary) on ${r.node}; LINSTOR rolls back only unused resources`);
  }
  const hasSnapshot = (node: string) => snapshot.nodes.some((n) => sameName(n, node));
  const without = replicas.filter((r) => isDiskful(r) && !hasSnapshot(r.node));
  if (versionAtLeast(ctx.controllerVersion, RESTORE_BASED_ROLLBACK) === true) {
    const resync = without.length ? `; ${without.map((r) => r.node).join(", ")} ha${without.length === 1 ? "s" : "ve"} no snapshot and resync` : "";
    ctx.emit({ op: "rollback", resource, snapshot: snapshot.name },
      `roll ${resource} back to snapshot ${snapshot.name} (trigger '${previous}' → '${spec.rollbackTrigger}'; data written since the snapshot is lost; ` +
      `LINSTOR ${ctx.controllerVersion} recreates every replica from the snapshot${resync})`);
    emitReadd(ctx, spec.resource, resource, pendingReadd(ctx, spec.resource).filter((p) => !replicas.some((r) => sameName(r.node, p.node))), "that an interrupted rollback removed");
    return;
  }
  const tiebreakers = replicas.filter(isTieBreaker);
  if (!replicas.some((r) => isDiskful(r) && hasSnapshot(r.node))) {
    ctx.refuse(`${who}: no diskful replica of ${resource} is on a node that holds the snapshot (${snapshot.nodes.join(", ")})`);
    return;
  }
  // Replicas an earlier, interrupted rollback removed and did not add back yet come back too.
  const readd: Readd[] = [
    ...without.map((r) => ({ node: r.node, storagePool: r.storagePool })),
    ...pendingReadd(ctx, spec.resource).filter((p) => !replicas.some((r) => sameName(r.node, p.node))),
  ];
  if (readd.length > 0) {
    ctx.emit({ op: "modifyResourceDefinition", name: resource, props: { set: { [READD_KEY]: JSON.stringify(readd) }, remove: [] } },
      `note on ${resource} which replicas to add again after the rollback (${readd.map((r) => r.node).join(", ")}), so an interrupted run still brings them back`);
  }
  for (const r of without) {
    ctx.emit({ op: "deleteReplica", resource, node: r.node, keepTiebreaker: false },
      `remove replica of ${resource} from ${r.node} before the rollback (${r.node} has no snapshot ${spec.name})`);
  }
  for (const r of tiebreakers) {
    ctx.emit({ op: "deleteReplica", resource, node: r.node, keepTiebreaker: false }, `remove the tiebreaker of ${resource} from ${r.node} before the rollback`);
  }
  ctx.emit({ op: "rollback", resource, snapshot: snapshot.name },
    `roll ${resource} back to snapshot ${snapshot.name} (trigger '${previous}' → '${spec.rollbackTrigger}'; data written since the snapshot is lost)`);
  emitReadd(ctx, spec.resource, resource, readd, "again after the rollback");
}

/**
 * Definition property naming the replicas a rollback removed and has yet to add back (JSON list
 * of {node, storagePool}). Set before the removals, cleared after the re-add: when the provider
 * dies in between, the engine's next run sees no change in the Resource's inputs, so only this
 * note on the controller brings those replicas back.
 */
export const READD_KEY = "Aux/pulumi-linstor/readd-after-rollback";

/** The first controller version whose rollback is restore-based (CHANGELOG 1.31.0). */
const RESTORE_BASED_ROLLBACK = "1.31.0";

interface Readd { node: string; storagePool?: string }

function pendingReadd(ctx: PlanContext, rd: string): Readd[] {
  const text = ctx.state.definition(rd)?.props?.[READD_KEY];
  if (!text) return [];
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list.filter((x): x is Readd => typeof x?.node === "string") : [];
  } catch {
    return [];
  }
}

/** A rollback that was interrupted after removing replicas: add them back (the trigger was applied meanwhile). */
function planPendingReadd(ctx: PlanContext, rd: string, resource: string): void {
  const pending = pendingReadd(ctx, rd);
  if (pending.length === 0 && ctx.state.definition(rd)?.props?.[READD_KEY] === undefined) return;
  const replicas = ctx.state.replicas(rd);
  emitReadd(ctx, rd, resource, pending.filter((p) => !replicas.some((r) => sameName(r.node, p.node))), "that an interrupted rollback removed");
}

function emitReadd(ctx: PlanContext, rd: string, resource: string, readd: Readd[], why: string): void {
  if (readd.length > 0) {
    const props = propsForCreate(ctx.resources.get({ kind: "Resource", resource: rd })?.props);
    const placements = readd.map((r) => ({ node: r.node, storagePool: r.storagePool, props }));
    const nodes = readd.map((r) => r.node).join(", ");
    ctx.emit({ op: "createReplicas", resource, replicas: placements }, `add the replica${readd.length > 1 ? "s" : ""} of ${resource} on ${nodes} ${why}`);
    ctx.emit({ op: "waitSynced", resource, nodes: readd.map((r) => r.node) }, `wait until ${resource} is UpToDate again on ${nodes} (resync after the rollback)`);
    ctx.emit({ op: "modifyResourceDefinition", name: resource, props: { set: {}, remove: [READD_KEY] } }, `clear the re-add note on ${resource}`);
  } else if (ctx.state.definition(rd)?.props?.[READD_KEY] !== undefined) {
    ctx.emit({ op: "modifyResourceDefinition", name: resource, props: { set: {}, remove: [READD_KEY] } }, `clear the re-add note on ${resource}`);
  }
}
