// Snapshot: a snapshot of a definition on some nodes, plus a declarative rollback.

import { f, type KindDeclaration } from "../declaration";
import { lifecycleInputs } from "./shared";

export const snapshotDeclaration = {
  kind: "Snapshot",
  doc: "A snapshot of a resource definition on some nodes, with a declarative rollback: changing rollbackTrigger rolls the definition back to it, once.",
  idFormat: "<resource>/<name>",
  inputs: {
    resource: f.name("resource", "The definition to snapshot.", { required: true, replaceOnChange: true, title: "resource", example: "SharedData" }),
    name: f.name("snapshot", "Snapshot name (2 to 48 characters: letters, digits, '_' and '-').",
      { required: true, replaceOnChange: true, title: "snapshot name", example: "Snap1" }),
    // A snapshot is taken once: other nodes are another snapshot.
    nodes: f.list(f.name("node", "A node name.", { example: "romulus" }), "Nodes to snapshot; each must hold a diskful replica. Default: every node with a diskful replica.",
      { replaceOnChange: true, minItems: 1, title: "snapshot nodes", example: ["romulus", "remus"] }),
    rollbackTrigger: f.string("Declarative rollback: when this value changes from the one applied last (e.g. to a date or ticket number), " +
      "the definition is rolled back to this snapshot, once. Leave it out to never roll back.", { title: "rollback trigger", example: "2026-11-25-incident" }),
    ...lifecycleInputs,
  },
  outputs: {
    snapshotNodes: f.list(f.string("A node name."), "The nodes the snapshot is on.", { required: true, example: ["romulus", "remus"] }),
    successful: f.boolean("The snapshot was taken on every node.", { required: true, example: true }),
    volumeSizesKib: f.list(f.integer(0, Number.MAX_SAFE_INTEGER, "A size in KiB."), "Size of each snapshotted volume in KiB.", { required: true, example: [153600] }),
  },
} as const satisfies KindDeclaration;
