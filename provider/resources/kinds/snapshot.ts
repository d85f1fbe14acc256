// Snapshot: a snapshot of a definition on some nodes, plus a declarative rollback: changing
// rollbackTrigger rolls the definition back to this snapshot once.

import { objectKey } from "../../model/keys";
import { sameName } from "../../model/names";
import type { LiveCluster, LiveSnapshot } from "../../model/types";
import type { CommonInputs, KindDescriptor } from "../kind";
import { dropUndefined, FieldReader } from "./fields";

export interface SnapshotInputs extends CommonInputs {
  resource: string;
  name: string;
  nodes?: string[];
  rollbackTrigger?: string;
}

export interface SnapshotOutputs {
  snapshotNodes: string[];
  successful: boolean;
  volumeSizesKib: number[];
}

function liveSnapshot(i: SnapshotInputs, live: LiveCluster): LiveSnapshot | undefined {
  return live.snapshots.find((s) => sameName(s.resource, i.resource) && sameName(s.name, i.name));
}

export const snapshotKind: KindDescriptor<SnapshotInputs, SnapshotOutputs> = {
  kind: "Snapshot",
  // A snapshot is taken once; other nodes or another name is another snapshot.
  replaceOn: ["resource", "name", "nodes"],
  ignoreInDiff: ["adopt", "timeouts", "props"],
  normalize(raw) {
    const f = new FieldReader(raw);
    const inputs = dropUndefined<SnapshotInputs>({
      resource: f.name("resource", "resource"),
      name: f.name("name", "snapshot"),
      nodes: f.names("nodes", "node"),
      rollbackTrigger: f.string("rollbackTrigger"),
      adopt: f.boolean("adopt"),
      timeouts: f.timeouts(),
    });
    return { inputs, problems: f.problems };
  },
  ref: (i) => ({ kind: "Snapshot", resource: i.resource, name: i.name }),
  desired(i, previous) {
    const key = objectKey({ kind: "Snapshot", resource: i.resource, name: i.name });
    // On create the trigger is recorded, not acted on: a new snapshot is never rolled back to at once.
    // On update, no trigger before counts as "" so that setting one rolls back (once).
    const last = previous ? previous.rollbackTrigger ?? "" : i.rollbackTrigger;
    return {
      snapshots: [dropUndefined({ resource: i.resource, name: i.name, nodes: i.nodes, rollbackTrigger: i.rollbackTrigger })],
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
};
