// Checks of one desired spec that need no controller: each field's shape (shape.ts, against the
// kind's declaration) and the kind's cross-field rules (kind-rules.ts). Every problem is returned,
// each naming the object and the field.

import { DECLARATIONS } from "./kinds";
import { kindRuleProblems } from "./kind-rules";
import { checkShape } from "./shape";
import type { Kind } from "./types";

type Fields = Record<string, unknown>;

function isMap(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function label(kind: Kind, spec: Fields): string {
  const name = (key: string) => (typeof spec[key] === "string" ? String(spec[key]) : "?");
  switch (kind) {
    case "StoragePool": return `StoragePool ${name("name")} on ${name("node")}`;
    case "VolumeDefinition": return `VolumeDefinition ${name("resource")}/${String(spec.number ?? "?")}`;
    case "Resource": return `Resource ${name("resource")}`;
    case "Snapshot": return `Snapshot ${name("resource")}/${name("name")}`;
    default: return `${kind} ${name("name")}`;
  }
}

/** Problems of one spec of the given kind; empty when the spec is valid as far as can be told offline. */
export function specProblems(kind: Kind, spec: unknown): string[] {
  if (!isMap(spec)) return [`${kind}: the spec must be a map, got ${spec === null ? "null" : Array.isArray(spec) ? "a list" : typeof spec}`];
  const { value, problems } = checkShape(DECLARATIONS[kind].inputs, spec);
  const what = label(kind, spec);
  return [...problems, ...kindRuleProblems(kind, value, spec)].map((p) => `${what}: '${p.path}': ${p.reason}`);
}
