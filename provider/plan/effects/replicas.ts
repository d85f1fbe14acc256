// Replicas in the projection. Optimistic: a new or re-disked replica is not UpToDate until a
// waitSynced step says so.

import { nameKey, sameName } from "../../model/names";
import type { LiveVolume } from "../../model/types";
import { isActive, isDiskful } from "../replica-health";
import { applyPropChange } from "../propchange";
import type { EffectTable } from "./kind";

export function newVolume(number: number, diskless: boolean, upToDate: boolean): LiveVolume {
  return { number, diskState: diskless ? "Diskless" : upToDate ? "UpToDate" : "Inconsistent" };
}

type ReplicaKinds = "createReplicas" | "autoPlace" | "toggleDisk" | "modifyReplica" | "waitSynced" | "deleteReplica" | "waitReplicaGone";

export const replicaEffects: EffectTable<ReplicaKinds> = {
  createReplicas: {
    project: (state, step) => {
      for (const placement of step.replicas) {
        const existing = state.replica(step.resource, placement.node);
        // Creating a replica where a tiebreaker sits takes the tiebreaker over.
        if (existing && isActive(existing)) existing.tieBreaker = false;
        else state.addReplica(step.resource, placement.node, placement.storagePool, placement.diskless ?? false, false, placement.props);
      }
    },
  },
  autoPlace: {
    project: (state, step) => {
      const present = state.replicas(step.resource).filter(isDiskful).length;
      state.autoPlaced.set(nameKey(step.resource), Math.max(0, step.placement.placeCount - present));
    },
  },
  toggleDisk: {
    project: (state, step) => state.change(state.replica(step.resource, step.node), (r) => {
      r.diskless = step.into === "diskless";
      r.tieBreaker = false;
      r.storagePool = step.into === "diskful" ? step.storagePool : undefined;
      r.volumes = r.volumes.map((v) => newVolume(v.number, r.diskless, false));
    }),
  },
  modifyReplica: { project: (state, step) => state.change(state.replica(step.resource, step.node), (r) => applyPropChange(r.props, step.props)) },
  waitSynced: {
    project: (state, step) => {
      for (const r of state.replicas(step.resource)) {
        if (r.diskless) continue;
        if (step.nodes && !step.nodes.some((n) => sameName(n, r.node))) continue;
        r.volumes = r.volumes.map((v) => ({ ...v, diskState: "UpToDate", syncPercent: undefined }));
      }
    },
  },
  deleteReplica: {
    project: (state, step) => {
      state.resources = state.resources.filter((r) => !(sameName(r.resource, step.resource) && sameName(r.node, step.node)));
    },
    settledBy: (step) => ({
      op: "waitReplicaGone", resource: step.resource, node: step.node, keepTiebreaker: step.keepTiebreaker,
      description: `wait until the controller reports the replica of ${step.resource} on ${step.node} gone`,
    }),
  },
  waitReplicaGone: {
    project: (state, step) => {
      state.resources = state.resources.filter((r) => !(sameName(r.resource, step.resource) && sameName(r.node, step.node)));
    },
  },
};
