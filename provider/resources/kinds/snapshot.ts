// Snapshot: a snapshot of a definition on some nodes, plus a declarative rollback: changing
// rollbackTrigger rolls the definition back to this snapshot once.

import type { InputsOf, OutputsOf } from "../../model/declaration";
import { objectKey } from "../../model/keys";
import { snapshotDeclaration } from "../../model/kinds";
import { sameName } from "../../model/names";
import type { LiveCluster, LiveSnapshot } from "../../model/types";
import type { KindDescriptor } from "../kind";
import { declaredKind, specOf } from "./declared";

export type SnapshotInputs = InputsOf<typeof snapshotDeclaration>;
export type SnapshotOutputs = OutputsOf<typeof snapshotDeclaration>;

function liveSnapshot(i: SnapshotInputs, live: LiveCluster): LiveSnapshot | undefined {
  return live.snapshots.find((s) => sameName(s.resource, i.resource) && sameName(s.name, i.name));
}

export const snapshotKind: KindDescriptor<SnapshotInputs, SnapshotOutputs> = declaredKind(snapshotDeclaration, {
  ref: (i) => ({ kind: "Snapshot", resource: i.resource, name: i.name }),
  desired(i, previous) {
    const key = objectKey({ kind: "Snapshot", resource: i.resource, name: i.name });
    // On create the trigger is recorded, not acted on: a new snapshot is never rolled back to at once.
    // On update, no trigger before counts as "" so that setting one rolls back (once).
    const last = previous ? previous.rollbackTrigger ?? "" : i.rollbackTrigger;
    return {
      snapshots: [specOf(snapshotDeclaration, i)],
      previousRollbackTriggers: last === undefined ? {} : { [key]: last },
    };
  },
  scope: (i) => ({ resources: [i.resource] }),
  exists: (i, live) => liveSnapshot(i, live) !== undefined,
  observe(i, live) {
    const s = liveSnapshot(i, live);
    return s && { snapshotNodes: s.nodes, successful: s.successful, volumeSizesKib: s.volumes.map((v) => v.sizeKib) };
  },
  liveInputs(i, live) {
    const s = liveSnapshot(i, live);
    if (!s || !i.nodes) return i;
    const same = s.nodes.length === i.nodes.length && i.nodes.every((n) => s.nodes.some((l) => sameName(l, n)));
    return { ...i, nodes: same ? i.nodes : s.nodes };
  },
});
