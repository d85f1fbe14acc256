// The parts of schema/stack.schema.json that describe the kinds' declared fields, generated from
// the declarations (provider/model/kinds): a node's fields, its ssh block, a pool's prepare block
// and the placement rules. The rest of the file (the stack's own layout: resources that bundle a
// definition, its volumes and replicas; pools on many nodes; the controller block) is written by
// hand. `scripts/gen-stack-schema.ts` rewrites the file; a test checks it is up to date.

import type { Field, FieldSet } from "../model/declaration";
import { nodeDeclaration, placementFields, prepareField, sshField } from "../model/kinds";
import { LAYER_KINDS, PROVIDER_KINDS } from "../model/types";

type Json = Record<string, unknown>;

/** Where declared object types and word lists live in the stack schema. */
const TYPE_REFS: Record<string, string> = { NodeSsh: "#/definitions/ssh", PoolPrepare: "#/definitions/prepare" };

function documented(key: string, field: Field): Json {
  const description = field.default !== undefined ? `${field.doc} Default: ${String(field.default)}.` : field.doc;
  return { title: field.title ?? key, description, ...(field.example !== undefined ? { examples: [field.example] } : {}) };
}

/** Enums are matched case-insensitively: editors accept both spellings. */
function spellings(values: readonly string[]): string[] {
  const lower = values.map((v) => v.toLowerCase()).filter((v) => !values.includes(v));
  const upper = values.map((v) => v.toUpperCase()).filter((v) => !values.includes(v));
  return [...values, ...lower, ...upper];
}

function fieldSchema(key: string, field: Field): Json {
  switch (field.type) {
    case "props":
      return { $ref: "#/definitions/props" };
    case "size":
      return { $ref: "#/definitions/size", ...documented(key, field) };
    case "object":
      return { $ref: TYPE_REFS[field.typeName] };
    case "string":
      return {
        ...documented(key, field), type: "string",
        ...(field.pattern ? { pattern: field.pattern, patternErrorMessage: field.patternHint ?? `must match ${field.pattern}` } : { minLength: 1 }),
      };
    case "name":
      return { ...documented(key, field), type: "string", minLength: 1 };
    case "integer":
      return { ...documented(key, field), type: "integer", minimum: field.min, maximum: field.max };
    case "boolean":
      return { ...documented(key, field), type: "boolean" };
    case "enum":
      if (field.values === PROVIDER_KINDS) return { $ref: "#/definitions/providerKind" };
      return { ...documented(key, field), type: "string", enum: spellings(field.values) };
    case "list":
      if (field.items.type === "enum" && field.items.values === LAYER_KINDS) return { $ref: "#/definitions/layerList", ...documented(key, field) };
      // Pools are named by their declaration in the stack (semantic.ts resolves the references).
      if (field.items.type === "name" && field.items.name === "storagePool") return { $ref: "#/definitions/poolRefList", ...documented(key, field) };
      return {
        ...documented(key, field), type: "array", ...(field.minItems !== undefined ? { minItems: field.minItems } : {}),
        items: fieldSchema(key, field.items),
      };
  }
}

/** JSON Schema properties of a field set, without the keys a stack writes elsewhere or never. */
function properties(fields: FieldSet, leaveOut: (key: string, field: Field) => boolean): Json {
  const out: Json = {};
  for (const [key, field] of Object.entries(fields)) if (!leaveOut(key, field)) out[key] = fieldSchema(key, field);
  return out;
}

function required(fields: FieldSet, present: Json): string[] | undefined {
  const keys = Object.keys(present).filter((k) => fields[k].required);
  return keys.length > 0 ? keys : undefined;
}

function objectSchema(entry: Json, fields: FieldSet, leaveOut: (key: string, field: Field) => boolean): Json {
  const props = properties(fields, leaveOut);
  const req = required(fields, props);
  return { ...entry, type: "object", additionalProperties: false, ...(req ? { required: req } : {}), properties: props };
}

/** Stack-level options (adopt, onDestroy) and the name (the map key) are not written per object. */
const STACK_LEVEL = new Set(["name", "adopt", "onDestroy", "timeouts"]);
/** A stack file never holds a secret: it names the variable or file instead (`*Env`, `*File`). */
const notInStack = (key: string, field: Field) => STACK_LEVEL.has(key) || field.secret === true;

/** The placement rules a resource group's placement and a resource's autoPlace share (count and layers aside). */
const PLACEMENT_OWN = new Set(["placeCount", "layerStack"]);

/** The generated definitions, by name, and the generated parts inside hand-written ones. */
export function applyDeclarations(schema: Json): Json {
  const definitions = { ...(schema.definitions as Record<string, Json>) };
  const rules = properties(placementFields, (key) => PLACEMENT_OWN.has(key));
  const passThrough = Object.fromEntries(Object.keys(rules).map((k) => [k, true]));

  definitions.node = objectSchema({
    title: "node",
    description: "One LINSTOR node (usually a satellite).",
    examples: [{ address: "10.43.70.1" }, { address: "10.43.70.2", type: "COMBINED", props: { "Aux/rack": "r1" } }],
  }, nodeDeclaration.inputs, notInStack);
  definitions.ssh = objectSchema({
    title: "ssh",
    description: "Optional host checks (satellite service, drbdadm) and storage preparation over SSH before the node is registered. " +
      "Keys and passwords are named by environment variable or file, never written inline.",
    examples: [sshField.example],
  }, sshField.fields, notInStack);
  // thinPoolSizeKib is for programs; a stack writes a size.
  definitions.prepare = objectSchema({ title: prepareField.title, description: prepareField.doc, examples: [prepareField.example] },
    prepareField.fields, (key) => key === "thinPoolSizeKib");
  definitions.placementRules = { ...definitions.placementRules, properties: rules };

  const group = definitions.resourceGroup as { properties: Record<string, Json> };
  const placement = group.properties.placement;
  group.properties.placement = {
    ...placement,
    properties: { placeCount: fieldSchema("placeCount", placementFields.placeCount), ...passThrough, layerStack: fieldSchema("layerStack", placementFields.layerStack) },
  };
  const resource = definitions.resource as { properties: Record<string, Json> };
  const autoPlace = resource.properties.autoPlace;
  const count = (autoPlace.properties as Json).count;
  resource.properties.autoPlace = { ...autoPlace, properties: { count, ...passThrough } };
  return { ...schema, definitions };
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Json).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`);
    return entries.length > 0 ? `{ ${entries.join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

/** JSON text the way the schema file is written: what fits in `width` on one line, the rest indented. */
export function formatSchema(value: unknown, indent = "", width = 150): string {
  const line = oneLine(value);
  if (indent.length + line.length <= width || value === null || typeof value !== "object") return line;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + formatSchema(v, inner, width)).join(",\n")}\n${indent}]`;
  const entries = Object.entries(value as Json).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatSchema(v, inner, width)}`);
  return `{\n${entries.join(",\n")}\n${indent}}`;
}
