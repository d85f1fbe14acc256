// Snapshots, restores and rollbacks in the projection.

import { objectKey } from "../../model/keys";
import { sameName } from "../../model/names";
import { isDiskful, isOnline } from "../replica-health";
import type { EffectTable } from "./kind";
import { noEffect } from "./kind";

type SnapshotKinds =
  | "createSnapshot" | "waitSnapshotSuccessful" | "deleteSnapshot" | "waitSnapshotGone"
  | "restoreVolumeDefinitions" | "restoreReplicas" | "rollback";

export const snapshotEffects: EffectTable<SnapshotKinds> = {
  createSnapshot: {
    project: (state, step) => {
      const nodes = step.nodes ?? state.replicas(step.resource).filter(isDiskful).map((r) => r.node);
      const volumes = (state.definition(step.resource)?.volumes ?? []).map((v) => ({ number: v.number, sizeKib: v.sizeKib }));
      state.snapshots.push({ resource: step.resource, name: step.name, nodes, flags: ["SUCCESSFUL"], successful: true, volumes });
      state.createdSnapshots.add(objectKey({ kind: "Snapshot", resource: step.resource, name: step.name }));
    },
    settledBy: (step) => ({
      op: "waitSnapshotSuccessful", resource: step.resource, name: step.name,
      description: `wait until snapshot ${step.name} of ${step.resource} is successful`,
    }),
  },
  waitSnapshotSuccessful: noEffect,
  deleteSnapshot: {
    project: (state, step) => {
      state.snapshots = state.snapshots.filter((s) => !(sameName(s.resource, step.resource) && sameName(s.name, step.name)));
    },
    settledBy: (step) => ({
      op: "waitSnapshotGone", resource: step.resource, name: step.name,
      description: `wait until the controller reports snapshot ${step.name} of ${step.resource} gone`,
    }),
  },
  waitSnapshotGone: noEffect,
  restoreVolumeDefinitions: {
    project: (state, step) => {
      const snapshot = state.snapshot(step.from, step.snapshot);
      state.change(state.definition(step.to), (d) => {
        for (const v of snapshot?.volumes ?? []) d.volumes.push({ number: v.number, sizeKib: v.sizeKib, props: {}, flags: [] });
      });
    },
  },
  restoreReplicas: {
    project: (state, step) => {
      const snapshot = state.snapshot(step.from, step.snapshot);
      for (const node of step.nodes ?? snapshot?.nodes ?? []) {
        state.addReplica(step.to, node, state.replica(step.from, node)?.storagePool, false, true, undefined);
      }
    },
    settledBy: (step, state) => {
      // Only ONLINE nodes can report UpToDate: a restore onto an offline node is not waited for.
      const nodes = step.nodes ?? state.snapshot(step.from, step.snapshot)?.nodes ?? [];
      const online = nodes.filter((n) => isOnline(state.node(n)));
      if (nodes.length && online.length === 0) return undefined;
      const why = `(restored from snapshot ${step.snapshot} of ${step.from})`;
      return online.length === nodes.length
        ? { op: "waitSynced", resource: step.to, description: `wait until every diskful replica of ${step.to} is UpToDate ${why}` }
        : { op: "waitSynced", resource: step.to, nodes: online, description: `wait until ${step.to} is UpToDate on ${online.join(", ")} ${why}` };
    },
  },
  rollback: {
    project: () => undefined,
    settledBy: (step) => ({
      op: "waitSynced", resource: step.resource,
      description: `wait until every diskful replica of ${step.resource} is UpToDate after the rollback to ${step.snapshot}`,
    }),
  },
};
