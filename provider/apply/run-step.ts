// One step through the client. Every create is a small reconcile: create → on FAIL_EXISTS read the
// object and compare → equal is done ("already"), different is a ConflictError. Every delete and
// every controller-side change that settles later is followed by its wait.

import type { LinstorClient } from "../client/client";
import type { Resource } from "../client/types";
import { isExists, orUndefined } from "../client/errors";
import { toLiveReplica, toPlacement } from "../client/live";
import { ApiCallRc, Codes, hasCode } from "../client/rc";
import { formatKib } from "../model/sizes";
import { MANAGED_PROPS_KEY, OWNER_KEY, parseManagedProps } from "../model/props";
import type { PlacementSpec } from "../model/types";
import type { Step } from "../plan/steps";
import {
  autoPlaceBody, nodeCreateBody, propsModify, replicaCreateBody, resourceDefinitionCreateBody, resourceGroupCreateBody,
  storagePoolCreateBody, volumeDefinitionCreateBody,
} from "./bodies";
import { ConflictError, WaitFailedError } from "./errors";
import {
  waitDefinitionGone, WaitContext, waitNodeGone, waitReplicaGone, waitSnapshotGone, waitSnapshotSuccessful, waitSynced,
} from "./waits";

export interface StepOutcome {
  rcs: ApiCallRc[];
  /** The step found its work done already (a re-run after an interrupted apply). */
  already: boolean;
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  (a ?? "").toUpperCase() === (b ?? "").toUpperCase();
const sameSet = (a: string[], b: string[]): boolean =>
  a.length === b.length && a.every((x) => b.some((y) => same(x, y)));

function diff(out: string[], field: string, want: unknown, have: unknown): void {
  if (want === undefined) return;
  const w = JSON.stringify(want);
  const h = JSON.stringify(have);
  if (typeof want === "string" && typeof have === "string" ? !same(want, have) : w !== h) out.push(`${field} is ${h ?? "unset"}, wanted ${w}`);
}

/** Runs a create; on FAIL_EXISTS compares and returns "already" or throws ConflictError. */
async function createOrVerify(create: () => Promise<ApiCallRc[]>, verify: () => Promise<string[]>, object: string): Promise<StepOutcome> {
  try {
    const rcs = await create();
    // A retried create whose first attempt had landed comes back as INFO_NOOP: verify it as well.
    if (hasCode(rcs, Codes.INFO_NOOP, "info")) {
      const d = await verify();
      if (d.length) throw new ConflictError(object, d);
    }
    return { rcs, already: false };
  } catch (err) {
    if (!isExists(err)) throw err;
    const d = await verify();
    if (d.length) throw new ConflictError(object, d);
    return { rcs: [], already: true };
  }
}

function placementDiffs(want: PlacementSpec | undefined, have: PlacementSpec): string[] {
  const out: string[] = [];
  if (!want) return out;
  for (const k of Object.keys(want) as (keyof PlacementSpec)[]) diff(out, `placement.${k}`, want[k], have[k]);
  return out;
}

export async function runStep(client: LinstorClient, step: Step, ctx: WaitContext): Promise<StepOutcome> {
  const done = (rcs: ApiCallRc[]): StepOutcome => ({ rcs, already: false });
  switch (step.op) {
    case "createNode": {
      const n = step.node;
      return createOrVerify(() => client.nodes.create(nodeCreateBody(n)), async () => {
        const have = await client.nodes.get(n.name);
        const nic = have.net_interfaces?.find((i) => i.satellite_port !== undefined) ?? have.net_interfaces?.[0];
        const out: string[] = [];
        diff(out, "type", (n.type ?? "SATELLITE").toUpperCase(), have.type?.toUpperCase());
        diff(out, "address", n.address, nic?.address);
        if (n.port !== undefined) diff(out, "satellite port", n.port, nic?.satellite_port);
        return out;
      }, `node ${n.name}`);
    }
    case "modifyNode":
      return done(await client.nodes.modify(step.name, propsModify(step.props)));
    case "deleteNode": {
      const rcs = await client.nodes.delete(step.name);
      await waitNodeGone(ctx, step.name);
      return { rcs, already: hasCode(rcs, Codes.WARN_NOT_FOUND) };
    }
    case "assertNodeEmpty": {
      const [rs, snaps] = await Promise.all([
        client.resources.view({ nodes: [step.name] }),
        client.snapshots.view({ nodes: [step.name] }),
      ]);
      const held = [
        ...rs.map((r) => `replica of ${r.name}`),
        ...snaps.filter((s) => (s.nodes ?? []).some((x) => same(x, step.name))).map((s) => `snapshot ${s.name} of ${s.resource_name}`),
      ];
      if (held.length) throw new WaitFailedError(`node ${step.name} still holds ${held.join(", ")}`);
      return done([]);
    }
    case "createStoragePool": {
      const p = step.pool;
      return createOrVerify(() => client.storagePools.create(p.node, storagePoolCreateBody(p)), async () => {
        const have = await client.storagePools.get(p.node, p.name);
        const out: string[] = [];
        diff(out, "provider kind", p.providerKind, have.provider_kind);
        if (p.backingPool) diff(out, "backing pool", p.backingPool, have.props?.["StorDriver/StorPoolName"]);
        return out;
      }, `storage pool ${p.name} on ${p.node}`);
    }
    case "modifyStoragePool":
      return done(await client.storagePools.modify(step.node, step.name, propsModify(step.props)));
    case "deleteStoragePool": {
      const rcs = await client.storagePools.delete(step.node, step.name);
      return { rcs, already: hasCode(rcs, Codes.WARN_NOT_FOUND) };
    }
    case "createResourceGroup": {
      const g = step.group;
      return createOrVerify(() => client.resourceGroups.create(resourceGroupCreateBody(g)), async () => {
        const have = await client.resourceGroups.get(g.name);
        const out = placementDiffs(g.placement, toPlacement(have.select_filter));
        if (g.description !== undefined) diff(out, "description", g.description, have.description ?? "");
        return out;
      }, `resource group ${g.name}`);
    }
    case "modifyResourceGroup": {
      const body = { ...propsModify(step.props), ...(step.groupDescription !== undefined ? { description: step.groupDescription } : {}) };
      if (step.placement) Object.assign(body, { select_filter: resourceGroupCreateBody({ name: step.name, placement: step.placement }).select_filter ?? {} });
      return done(await client.resourceGroups.modify(step.name, body));
    }
    case "deleteResourceGroup": {
      const rcs = await client.resourceGroups.delete(step.name);
      return { rcs, already: hasCode(rcs, Codes.WARN_NOT_FOUND) };
    }
    case "createResourceDefinition": {
      const d = step.definition;
      return createOrVerify(() => client.resourceDefinitions.create(resourceDefinitionCreateBody(d)), async () => {
        const have = await client.resourceDefinitions.get(d.name);
        const out: string[] = [];
        if (d.resourceGroup) diff(out, "resource group", d.resourceGroup, have.resource_group_name);
        const stack = (have.layer_data ?? []).map((l) => l.type.toUpperCase());
        // An empty live stack is fixed by the first replica; only a set, different one conflicts.
        if (d.layerStack?.length && stack.length) diff(out, "layer stack", d.layerStack.map((l) => l.toUpperCase()), stack);
        return out;
      }, `resource definition ${d.name}`);
    }
    case "modifyResourceDefinition": {
      const body = { ...propsModify(step.props), ...(step.resourceGroup ? { resource_group: step.resourceGroup } : {}) };
      return done(await client.resourceDefinitions.modify(step.name, body));
    }
    case "deleteResourceDefinition": {
      const rcs = await client.resourceDefinitions.delete(step.name);
      await waitDefinitionGone(ctx, step.name);
      return { rcs, already: hasCode(rcs, Codes.WARN_NOT_FOUND) };
    }
    case "createVolumeDefinition": {
      const v = step.volume;
      return createOrVerify(() => client.volumeDefinitions.create(v.resource, volumeDefinitionCreateBody(v)), async () => {
        const have = await client.volumeDefinitions.get(v.resource, v.number);
        const out: string[] = [];
        if (have.size_kib !== v.sizeKib) out.push(`size is ${formatKib(have.size_kib)}, wanted ${formatKib(v.sizeKib)}`);
        return out;
      }, `volume ${v.number} of ${v.resource}`);
    }
    case "resizeVolumeDefinition": {
      const rcs = await client.volumeDefinitions.resize(step.resource, step.number, step.sizeKib);
      return { rcs, already: hasCode(rcs, Codes.WARN_VLMDFN_RESIZE_SAME_SIZE) };
    }
    case "modifyVolumeDefinition":
      return done(await client.volumeDefinitions.setProps(step.resource, step.number, propsModify(step.props)));
    case "deleteVolumeDefinition": {
      const rcs = await client.volumeDefinitions.delete(step.resource, step.number);
      return { rcs, already: hasCode(rcs, Codes.WARN_NOT_FOUND) };
    }
    case "createReplicas":
      return createReplicas(client, step);
    case "autoPlace": {
      const body = autoPlaceBody(step.placement);
      if (step.avoidNodes?.length) {
        // The controller has no "avoid" filter: name every other node instead.
        const avoid = step.avoidNodes;
        body.select_filter.node_name_list = (await client.nodes.list()).map((n) => n.name).filter((n) => !avoid.some((a) => same(a, n)));
      }
      const rcs = await client.resources.autoPlace(step.resource, body);
      // The controller chose the nodes; the props every replica of the set carries go on afterwards.
      const wanted = step.replicaProps ?? {};
      if (Object.keys(wanted).length > 0) {
        for (const r of await client.resources.list(step.resource)) {
          const missing = Object.entries(wanted).filter(([k, v]) => r.props?.[k] !== v);
          if (missing.length) rcs.push(...await client.resources.modify(step.resource, r.node_name, { override_props: Object.fromEntries(missing) }));
        }
      }
      return { rcs, already: hasCode(rcs, Codes.WARN_RSC_ALREADY_DEPLOYED) };
    }
    case "toggleDisk": {
      // toggle-disk changes an existing replica (a diskless one becomes diskful or the reverse).
      const existing = await orUndefined(client.resources.get(step.resource, step.node));
      if (!existing) {
        if (step.into === "diskless") throw new WaitFailedError(`toggle-disk of ${step.resource} on ${step.node}: there is no replica on ${step.node} to toggle`);
        // The diskless replica the plan saw is gone (typically a tiebreaker the controller removed
        // meanwhile): reach the same end state by add → wait until synced → remove.
        return addThenRemove(client, step, ctx);
      }
      const already = toLiveReplica(existing).diskless === (step.into === "diskless");
      const rcs = already ? [] : await client.resources.toggleDisk(step.resource, step.node, {
        operation: step.into === "diskful" ? "INTO_DRBD_DISKFUL" : "INTO_DRBD_DISKLESS",
        ...(step.storagePool ? { storage_pool: step.storagePool } : {}),
        ...(step.migrateFrom ? { migrate_from: step.migrateFrom } : {}),
      });
      if (step.into === "diskful") await waitSynced(ctx, step.resource, [step.node]);
      // migrate_from: the controller drops the old disk once the new one is in sync (it may keep
      // the old replica as a diskless tiebreaker).
      if (step.migrateFrom) await waitReplicaGone(ctx, step.resource, step.migrateFrom, async (r) => (r.diskless ? "done" : "continue"));
      return { rcs, already };
    }
    case "modifyReplica":
      return done(await client.resources.modify(step.resource, step.node, propsModify(step.props)));
    case "waitSynced":
      await waitSynced(ctx, step.resource, step.nodes);
      return done([]);
    case "deleteReplica":
      return deleteReplica(client, step, ctx);
    case "createSnapshot": {
      const out = await createOrVerify(() => client.snapshots.create(step.resource, { name: step.name, ...(step.nodes?.length ? { nodes: step.nodes } : {}) }), async () => {
        const have = await client.snapshots.get(step.resource, step.name);
        const nodes = have.nodes ?? (have.snapshots ?? []).map((s) => s.node_name);
        return step.nodes?.length && !sameSet(step.nodes, nodes) ? [`nodes are ${nodes.join(", ")}, wanted ${step.nodes.join(", ")}`] : [];
      }, `snapshot ${step.name} of ${step.resource}`);
      await waitSnapshotSuccessful(ctx, step.resource, step.name);
      return out;
    }
    case "deleteSnapshot": {
      const rcs = await client.snapshots.delete(step.resource, step.name);
      await waitSnapshotGone(ctx, step.resource, step.name);
      return { rcs, already: hasCode(rcs, Codes.WARN_NOT_FOUND) };
    }
    case "restoreVolumeDefinitions": {
      const [snap, have] = await Promise.all([client.snapshots.get(step.from, step.snapshot), client.volumeDefinitions.list(step.to)]);
      if (have.length) {
        const want = snap.volume_definitions ?? [];
        const equal = want.length === have.length && want.every((w) => have.some((h) => h.volume_number === w.volume_number && h.size_kib === w.size_kib));
        if (equal) return { rcs: [], already: true };
        throw new ConflictError(`volume definitions of ${step.to}`, [`${have.length} volume(s) exist that differ from snapshot ${step.snapshot} of ${step.from}`]);
      }
      return done(await client.snapshots.restoreVolumeDefinitions(step.from, step.snapshot, step.to));
    }
    case "restoreReplicas": {
      const have = await client.resources.list(step.to);
      if (have.length) {
        const diskful = have.map(toLiveReplica).filter((r) => !r.diskless).map((r) => r.node);
        if (!step.nodes?.length || sameSet(step.nodes, diskful)) {
          await waitSynced(ctx, step.to);
          return { rcs: [], already: true };
        }
        throw new ConflictError(`replicas of ${step.to}`, [`exist on ${diskful.join(", ")}, wanted a restore on ${step.nodes.join(", ")}`]);
      }
      const rcs = await client.snapshots.restoreResource(step.from, step.snapshot, { to_resource: step.to, ...(step.nodes?.length ? { nodes: step.nodes } : {}) });
      await waitSynced(ctx, step.to);
      return done(rcs);
    }
    case "rollback": {
      const before = await client.resources.list(step.resource);
      const rcs = await client.snapshots.rollback(step.resource, step.snapshot);
      await waitSynced(ctx, step.resource);
      rcs.push(...await restoreReplicaProps(client, step.resource, before));
      return done(rcs);
    }
  }
}

/**
 * A restore-based rollback (LINSTOR >= 1.31) recreates every replica, and the new ones lack the
 * props the old ones had: the stack's (with its marker and owner mark) and an operator's `Aux/`
 * ones. Set again what vanished, on the nodes that still hold a replica.
 */
async function restoreReplicaProps(client: LinstorClient, rd: string, before: Resource[]): Promise<ApiCallRc[]> {
  const out: ApiCallRc[] = [];
  for (const now of await client.resources.list(rd)) {
    const old = before.find((b) => b.node_name.toUpperCase() === now.node_name.toUpperCase());
    if (!old) continue;
    const managed = new Set([...parseManagedProps(old.props?.[MANAGED_PROPS_KEY]), MANAGED_PROPS_KEY, OWNER_KEY]);
    const lost: [string, string][] = Object.entries(old.props ?? {}).filter(([k]) => (managed.has(k) || k.startsWith("Aux/")) && now.props?.[k] === undefined);
    if (lost.length) out.push(...await client.resources.modify(rd, now.node_name, { override_props: Object.fromEntries(lost) }));
  }
  return out;
}

async function createReplicas(client: LinstorClient, step: Extract<Step, { op: "createReplicas" }>): Promise<StepOutcome> {
  const rcs = await client.resources.create(step.resource, step.replicas.map(replicaCreateBody));
  if (!hasCode(rcs, Codes.INFO_RSC_ALREADY_EXISTS)) return { rcs, already: false };
  // Some replicas existed: they must be what the step asks for (a tiebreaker taken over is fine:
  // the controller turns it into the requested replica).
  const live = (await client.resources.list(step.resource)).map(toLiveReplica);
  const out: string[] = [];
  for (const want of step.replicas) {
    const have = live.find((r) => same(r.node, want.node));
    if (!have) continue;
    if (Boolean(want.diskless) !== have.diskless) out.push(`${want.node} is ${have.diskless ? "diskless" : "diskful"}, wanted ${want.diskless ? "diskless" : "diskful"}`);
    else if (!want.diskless && want.storagePool && have.storagePool && !same(want.storagePool, have.storagePool)) {
      out.push(`${want.node} uses pool ${have.storagePool}, wanted ${want.storagePool}`);
    }
  }
  if (out.length) throw new ConflictError(`replicas of ${step.resource}`, out);
  const allExisted = step.replicas.every((w) => live.some((r) => same(r.node, w.node))) &&
    rcs.filter((r) => r.code === Codes.INFO_RSC_ALREADY_EXISTS).length === step.replicas.length;
  return { rcs, already: allExisted };
}

async function addThenRemove(client: LinstorClient, step: Extract<Step, { op: "toggleDisk" }>, ctx: WaitContext): Promise<StepOutcome> {
  const rcs = await client.resources.create(step.resource, [replicaCreateBody({ node: step.node, storagePool: step.storagePool })]);
  await waitSynced(ctx, step.resource, [step.node]);
  if (step.migrateFrom) {
    const out = await deleteReplica(client, { op: "deleteReplica", resource: step.resource, node: step.migrateFrom, description: step.description }, ctx);
    rcs.push(...out.rcs);
  }
  return { rcs, already: false };
}

/**
 * Delete one replica and wait until it is gone. At the 3→2 boundary the controller may keep the
 * deleted replica as a diskless tiebreaker: unless the step keeps tiebreakers, delete it again.
 */
async function deleteReplica(client: LinstorClient, step: Extract<Step, { op: "deleteReplica" }>, ctx: WaitContext): Promise<StepOutcome> {
  const before = await orUndefined(client.resources.get(step.resource, step.node));
  if (!before) return { rcs: [], already: true };
  const rcs = await client.resources.delete(step.resource, step.node, { keepTiebreaker: step.keepTiebreaker });
  let redeleted = false;
  await waitReplicaGone(ctx, step.resource, step.node, async (r) => {
    if (!r.tieBreaker) return "continue";
    if (step.keepTiebreaker) return "done";
    if (!redeleted) {
      redeleted = true;
      rcs.push(...(await client.resources.delete(step.resource, step.node, { keepTiebreaker: false })));
    }
    return "continue";
  });
  return { rcs, already: false };
}
