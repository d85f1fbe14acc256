// Before planning: every spec checked on its own (model/validate), no object twice, nothing both
// wanted and absent, and every reference pointing at something that exists or will exist.

import type { DesiredState } from "../model/types";
import { specProblems } from "../model/validate";
import { describeRef, objectKey } from "../model/keys";
import { sameName } from "../model/names";
import type { PlanContext, SpecIndex } from "./context";

export function indexDesired(ctx: PlanContext, desired: DesiredState): void {
  addAll(ctx, ctx.nodes, desired.nodes);
  addAll(ctx, ctx.pools, desired.storagePools);
  addAll(ctx, ctx.groups, desired.resourceGroups);
  addAll(ctx, ctx.definitions, desired.resourceDefinitions);
  addAll(ctx, ctx.volumes, desired.volumeDefinitions);
  addAll(ctx, ctx.resources, desired.resources);
  addAll(ctx, ctx.snapshots, desired.snapshots);
  for (const ref of desired.absent ?? []) {
    const key = objectKey(ref);
    ctx.absent.set(key, ref);
    if (isWanted(ctx, key)) ctx.refuse(`${describeRef(ref)} is both wanted and marked absent`);
  }
}

function addAll<T>(ctx: PlanContext, index: SpecIndex<T>, specs: T[] | undefined): void {
  for (const spec of specs ?? []) {
    const problems = specProblems(index.kind, spec);
    if (problems.length) {
      problems.forEach((p) => ctx.refuse(p));
      continue;
    }
    const duplicate = index.add(spec);
    if (duplicate) ctx.refuse(`${duplicate} is listed twice in the stack (names are case-insensitive)`);
  }
}

function isWanted(ctx: PlanContext, key: string): boolean {
  return [ctx.nodes, ctx.pools, ctx.groups, ctx.definitions, ctx.volumes, ctx.resources, ctx.snapshots]
    .some((index) => index.byKey.has(key));
}

/** References between objects: what a spec needs must exist (live or in the stack) and not be removed. */
export function checkReferences(ctx: PlanContext): void {
  const nodeExists = (name: string) => ctx.nodes.get({ kind: "Node", name }) !== undefined || ctx.state.node(name) !== undefined;
  const definitionExists = (name: string) =>
    ctx.definitions.get({ kind: "ResourceDefinition", name }) !== undefined || ctx.state.definition(name) !== undefined;
  const poolExists = (node: string, name: string) =>
    ctx.pools.get({ kind: "StoragePool", node, name }) !== undefined || ctx.state.pool(node, name) !== undefined;

  const needNode = (who: string, node: string) => {
    if (ctx.nodeLeaving(node)) ctx.refuse(`${who} needs node ${node}, which the stack removes`);
    else if (!nodeExists(node)) ctx.refuse(`${who} needs node ${node}, which is neither in the stack nor on the controller`);
  };
  const needDefinition = (who: string, name: string) => {
    if (ctx.isAbsent({ kind: "ResourceDefinition", name })) ctx.refuse(`${who} needs resource definition ${name}, which the stack removes`);
    else if (!definitionExists(name)) ctx.refuse(`${who} needs resource definition ${name}, which is neither in the stack nor on the controller`);
  };

  for (const pool of ctx.pools.values()) needNode(`storage pool ${pool.name} on ${pool.node}`, pool.node);
  for (const rd of ctx.definitions.values()) {
    if (rd.resourceGroup === undefined) continue;
    const who = `resource definition ${rd.name}`;
    if (ctx.isAbsent({ kind: "ResourceGroup", name: rd.resourceGroup })) ctx.refuse(`${who} needs resource group ${rd.resourceGroup}, which the stack removes`);
    else if (!ctx.groups.get({ kind: "ResourceGroup", name: rd.resourceGroup }) && !ctx.state.group(rd.resourceGroup)) {
      ctx.refuse(`${who} needs resource group ${rd.resourceGroup}, which is neither in the stack nor on the controller`);
    }
  }
  for (const vd of ctx.volumes.values()) needDefinition(`volume ${vd.number} of ${vd.resource}`, vd.resource);
  for (const rs of ctx.resources.values()) {
    const who = `the replicas of ${rs.resource}`;
    if (rs.restoreFrom && !definitionExists(rs.resource)) {
      if (ctx.isAbsent({ kind: "ResourceDefinition", name: rs.resource })) needDefinition(who, rs.resource);
    } else {
      needDefinition(who, rs.resource);
    }
    for (const node of [...(rs.nodes ?? []), ...(rs.diskless ?? [])]) needNode(`${who} (replica on ${node})`, node);
    if (rs.storagePool) {
      for (const node of rs.nodes ?? []) {
        if (ctx.isAbsent({ kind: "StoragePool", node, name: rs.storagePool })) {
          ctx.refuse(`${who}: the replica on ${node} needs storage pool ${rs.storagePool}, which the stack removes`);
        } else if (nodeExists(node) && !poolExists(node, rs.storagePool)) {
          ctx.refuse(`${who}: storage pool ${rs.storagePool} does not exist on node ${node} (add it to the stack or pick another pool)`);
        }
      }
    }
  }
  for (const snap of ctx.snapshots.values()) {
    needDefinition(`snapshot ${snap.name} of ${snap.resource}`, snap.resource);
    for (const node of snap.nodes ?? []) needNode(`snapshot ${snap.name} of ${snap.resource}`, node);
  }
  for (const rs of ctx.resources.values()) {
    if (ctx.isAbsent({ kind: "Resource", resource: rs.resource })) continue;
    if (rs.restoreFrom && !sameName(rs.restoreFrom.resource, rs.resource)) {
      const source = { kind: "Snapshot" as const, resource: rs.restoreFrom.resource, name: rs.restoreFrom.snapshot };
      if (ctx.isAbsent(source) && ctx.state.replicas(rs.resource).length === 0) {
        ctx.refuse(`the replicas of ${rs.resource} are restored from ${describeRef(source)}, which the stack removes`);
      }
    }
  }
}
