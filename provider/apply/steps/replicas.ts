// Replica steps: create, auto-place, toggle-disk, props, delete, and the waits for resync and removal.

import type { ClusterApi } from "../../client/cluster-api";
import { anyIs, Masks, rcIs } from "../../client/rc";
import type { StepOf } from "../../plan/steps";
import { ConflictError, WaitFailedError } from "../errors";
import { autoPlaceProblems, explicitProblems } from "../placement-checks";
import { waitReplicaGone, waitSynced } from "../waits";
import { done, RunnerTable, same, StepOutcome, waited } from "./kind";

type ReplicaKinds = "createReplicas" | "autoPlace" | "toggleDisk" | "modifyReplica" | "waitSynced" | "deleteReplica" | "waitReplicaGone";

const onResource = (s: { resource: string }) => ({ resource: s.resource });

export const replicaRunners: RunnerTable<ReplicaKinds> = {
  createReplicas: {
    target: onResource,
    run: createReplicas,
    placementProblems: (w, s) => {
      const problems = s.replicas.flatMap((r) => explicitProblems(w, s.resource, r));
      return problems.length ? [`place ${s.resource} on ${s.replicas.map((r) => r.node).join(", ")}: ${problems.join("; ")}`] : [];
    },
  },
  autoPlace: { target: onResource, run: autoPlace, placementProblems: (w, s) => autoPlaceProblems(w, s.resource, s.placement, s.avoidNodes) },
  toggleDisk: {
    target: onResource,
    run: toggleDisk,
    placementProblems: (w, s) => {
      if (s.into !== "diskful") return [];
      const problems = explicitProblems(w, s.resource, { node: s.node, storagePool: s.storagePool });
      return problems.length ? [`give ${s.resource} a disk on ${s.node}: ${problems.join("; ")}`] : [];
    },
  },
  modifyReplica: { target: onResource, run: async (api, s) => done(await api.replicas.setProps(s.resource, s.node, s.props)) },
  waitSynced: { target: onResource, run: (_api, s, ctx) => waited(waitSynced(ctx, s.resource, s.nodes)) },
  deleteReplica: {
    target: onResource,
    run: async (api, s) => {
      if (!(await api.replicas.read(s.resource, s.node))) return { rcs: [], already: true };
      return done(await api.replicas.delete(s.resource, s.node, s.keepTiebreaker));
    },
  },
  waitReplicaGone: { target: onResource, run: waitGone },
};

async function createReplicas(api: ClusterApi, step: StepOf<"createReplicas">): Promise<StepOutcome> {
  const rcs = await api.replicas.create(step.resource, step.replicas);
  if (!anyIs(rcs, Masks.INFO_RSC_ALREADY_EXISTS)) return done(rcs);
  // Some replicas existed: they must be what the step asks for (a tiebreaker taken over is fine:
  // the controller turns it into the requested replica).
  const live = await api.replicas.list(step.resource);
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
    rcs.filter((r) => rcIs(r, Masks.INFO_RSC_ALREADY_EXISTS)).length === step.replicas.length;
  return { rcs, already: allExisted };
}

async function autoPlace(api: ClusterApi, step: StepOf<"autoPlace">): Promise<StepOutcome> {
  const avoid = step.avoidNodes ?? [];
  // The controller has no "avoid" filter: name every other node instead.
  const only = avoid.length ? (await api.nodes.names()).filter((n) => !avoid.some((a) => same(a, n))) : undefined;
  const rcs = await api.replicas.autoPlace(step.resource, step.placement, only);
  // The controller chose the nodes; the props every replica of the set carries go on afterwards.
  const wanted = step.replicaProps ?? {};
  if (Object.keys(wanted).length > 0) {
    for (const r of await api.replicas.list(step.resource)) {
      const missing = Object.entries(wanted).filter(([k, v]) => r.props[k] !== v);
      if (missing.length) rcs.push(...await api.replicas.setProps(step.resource, r.node, { set: Object.fromEntries(missing), remove: [] }));
    }
  }
  return { rcs, already: anyIs(rcs, Masks.WARN_RSC_ALREADY_DEPLOYED) };
}

/** toggle-disk changes an existing replica (a diskless one becomes diskful or the reverse); the plan waits for the resync next. */
async function toggleDisk(api: ClusterApi, step: StepOf<"toggleDisk">): Promise<StepOutcome> {
  const existing = await api.replicas.read(step.resource, step.node);
  if (!existing) {
    if (step.into === "diskless") throw new WaitFailedError(`toggle-disk of ${step.resource} on ${step.node}: there is no replica on ${step.node} to toggle`);
    // The diskless replica the plan saw is gone (typically a tiebreaker the controller removed
    // meanwhile): create the diskful replica instead, which reaches the same end state.
    return done(await api.replicas.create(step.resource, [{ node: step.node, storagePool: step.storagePool }]));
  }
  const already = existing.diskless === (step.into === "diskless");
  return { rcs: already ? [] : await api.replicas.toggleDisk(step.resource, step.node, step.into, step.storagePool), already };
}

/** At the 3→2 boundary the controller may keep a deleted replica as tiebreaker: unless the step keeps it, delete it again. */
async function waitGone(api: ClusterApi, step: StepOf<"waitReplicaGone">, ctx: Parameters<typeof waitReplicaGone>[0]): Promise<StepOutcome> {
  const rcs: StepOutcome["rcs"] = [];
  let redeleted = false;
  await waitReplicaGone(ctx, step.resource, step.node, async (r) => {
    if (!r.tieBreaker) return "continue";
    if (step.keepTiebreaker) return "done";
    if (!redeleted) {
      redeleted = true;
      rcs.push(...(await api.replicas.delete(step.resource, step.node, false)));
    }
    return "continue";
  });
  return done(rcs);
}
