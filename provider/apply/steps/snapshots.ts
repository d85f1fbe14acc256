// Snapshot steps: take, delete, restore, roll back, and the waits for success and removal.

import type { ClusterApi } from "../../client/cluster-api";
import { MANAGED_PROPS_KEY, OWNER_KEY, parseManagedProps } from "../../model/props";
import type { LiveReplica } from "../../model/types";
import type { StepOf } from "../../plan/steps";
import { ConflictError } from "../errors";
import { nodeProblem } from "../placement-checks";
import { waitSnapshotGone, waitSnapshotSuccessful } from "../waits";
import { createOrVerify, deleted, done, RunnerTable, same, sameSet, StepOutcome, waited } from "./kind";

type SnapshotKinds =
  | "createSnapshot" | "waitSnapshotSuccessful" | "deleteSnapshot" | "waitSnapshotGone"
  | "restoreVolumeDefinitions" | "restoreReplicas" | "rollback";

const onResource = (s: { resource: string }) => ({ resource: s.resource });
const onTarget = (s: { to: string }) => ({ resource: s.to });

export const snapshotRunners: RunnerTable<SnapshotKinds> = {
  createSnapshot: {
    target: onResource,
    run: (api, s) => createOrVerify(() => api.snapshots.create(s.resource, s.name, s.nodes), async () => {
      const nodes = (await api.snapshots.read(s.resource, s.name))?.nodes ?? [];
      return s.nodes?.length && !sameSet(s.nodes, nodes) ? [`nodes are ${nodes.join(", ")}, wanted ${s.nodes.join(", ")}`] : [];
    }, `snapshot ${s.name} of ${s.resource}`),
  },
  waitSnapshotSuccessful: { target: onResource, run: (_api, s, ctx) => waited(waitSnapshotSuccessful(ctx, s.resource, s.name)) },
  deleteSnapshot: { target: onResource, run: async (api, s) => deleted(await api.snapshots.delete(s.resource, s.name)) },
  waitSnapshotGone: { target: onResource, run: (_api, s, ctx) => waited(waitSnapshotGone(ctx, s.resource, s.name)) },
  restoreVolumeDefinitions: { target: onTarget, declares: (w, s) => w.restoreSizes(s.from, s.snapshot, s.to), run: restoreVolumeDefinitions },
  restoreReplicas: {
    target: onTarget,
    run: restoreReplicas,
    placementProblems: (w, s) => {
      const problems = (s.nodes ?? []).map((n) => nodeProblem(w, n)).filter((p): p is string => p !== undefined);
      return problems.length ? [`restore ${s.to} on ${(s.nodes ?? []).join(", ")}: ${problems.join("; ")}`] : [];
    },
  },
  rollback: {
    target: onResource,
    run: async (api, s) => {
      const before = await api.replicas.list(s.resource);
      const rcs = await api.snapshots.rollback(s.resource, s.snapshot);
      rcs.push(...await restoreReplicaProps(api, s.resource, before));
      return done(rcs);
    },
  },
};

async function restoreVolumeDefinitions(api: ClusterApi, s: StepOf<"restoreVolumeDefinitions">): Promise<StepOutcome> {
  const [snap, have] = await Promise.all([api.snapshots.read(s.from, s.snapshot), api.volumes.list(s.to)]);
  if (!have.length) return done(await api.snapshots.restoreVolumeDefinitions(s.from, s.snapshot, s.to));
  const want = snap?.volumes ?? [];
  const equal = want.length === have.length && want.every((w) => have.some((h) => h.number === w.number && h.sizeKib === w.sizeKib));
  if (equal) return { rcs: [], already: true };
  throw new ConflictError(`volume definitions of ${s.to}`, [`${have.length} volume(s) exist that differ from snapshot ${s.snapshot} of ${s.from}`]);
}

async function restoreReplicas(api: ClusterApi, s: StepOf<"restoreReplicas">): Promise<StepOutcome> {
  const have = await api.replicas.list(s.to);
  if (!have.length) return done(await api.snapshots.restoreReplicas(s.from, s.snapshot, s.to, s.nodes));
  const diskful = have.filter((r) => !r.diskless).map((r) => r.node);
  if (!s.nodes?.length || sameSet(s.nodes, diskful)) return { rcs: [], already: true };
  throw new ConflictError(`replicas of ${s.to}`, [`exist on ${diskful.join(", ")}, wanted a restore on ${s.nodes.join(", ")}`]);
}

/**
 * A restore-based rollback (LINSTOR >= 1.31) recreates every replica, and the new ones lack the
 * props the old ones had: the stack's (with its marker and owner mark) and an operator's `Aux/`
 * ones. Set again what vanished, on the nodes that still hold a replica.
 */
async function restoreReplicaProps(api: ClusterApi, rd: string, before: LiveReplica[]): Promise<StepOutcome["rcs"]> {
  const out: StepOutcome["rcs"] = [];
  for (const now of await api.replicas.list(rd)) {
    const old = before.find((b) => same(b.node, now.node));
    if (!old) continue;
    const managed = new Set([...parseManagedProps(old.props[MANAGED_PROPS_KEY]), MANAGED_PROPS_KEY, OWNER_KEY]);
    const lost = Object.entries(old.props).filter(([k]) => (managed.has(k) || k.startsWith("Aux/")) && now.props[k] === undefined);
    if (lost.length) out.push(...await api.replicas.setProps(rd, now.node, { set: Object.fromEntries(lost), remove: [] }));
  }
  return out;
}
