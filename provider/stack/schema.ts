// The JSON Schema check of a stack (schema/stack.schema.json, compiled once by ajv) and the
// translation of ajv's errors into plain sentences tied to the offending place.
//
// Names and sizes are checked once, by provider/model (nameProblem, parseSizeKib), in semantic.ts:
// the schema's patterns for them serve editors, and their ajv errors are dropped here so that no
// problem is reported twice in two wordings.

import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { stringify } from "yaml";
import type { Segment } from "./source";

export interface RawProblem {
  segments: Segment[];
  /** Point at the map key rather than its value. */
  key?: boolean;
  message: string;
}

interface SchemaNode {
  title?: string;
  examples?: unknown[];
  enum?: unknown[];
  properties?: Record<string, unknown>;
  type?: string | string[];
}

/** Schema titles whose values semantic.ts checks through provider/model instead. */
const NAME_TITLES = new Set(["node name", "storage pool name", "resource group name", "resource name", "snapshot name"]);
const SIZE_TITLES = new Set(["size", "volume"]);

let compiled: ValidateFunction | undefined;

export function stackSchema(): object {
  // Resolved at run time so the same file serves ts-node (provider/stack) and the build (bin/provider/stack).
  return require(schemaPath()) as object;
}

/** The stack schema file on disk (for `# yaml-language-server: $schema=` lines). */
export function schemaPath(): string {
  const path = require("node:path") as typeof import("node:path");
  const fs = require("node:fs") as typeof import("node:fs");
  for (const up of ["../../schema", "../../../schema"]) {
    const candidate = path.resolve(__dirname, up, "stack.schema.json");
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`schema/stack.schema.json not found above ${__dirname}`);
}

/** The ajv the stack schema is compiled with (strict; `patternErrorMessage` is for editors only). */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true, strictTypes: false });
  ajv.addVocabulary(["patternErrorMessage"]);
  return ajv;
}

function validator(): ValidateFunction {
  compiled ??= createAjv().compile(stackSchema());
  return compiled;
}

/** Every schema problem of the value (empty when it conforms). */
export function schemaProblems(value: unknown): RawProblem[] {
  const validate = validator();
  if (validate(value)) return [];
  const problems: RawProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describe(error);
    if (problem) problems.push(problem);
  }
  return problems;
}

function pointerSegments(pointer: string): Segment[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((raw) => {
    const text = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    return /^\d+$/.test(text) ? Number(text) : text;
  });
}

function describe(error: ErrorObject): RawProblem | undefined {
  const segments = pointerSegments(error.instancePath);
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const title = schema.title ?? "";
  const params = error.params as Record<string, unknown>;

  if (error.keyword === "propertyNames") return undefined; // its inner errors carry the detail
  if (error.propertyName !== undefined) {
    if (NAME_TITLES.has(title)) return undefined;
    return { segments: [...segments, error.propertyName], key: true, message: `${JSON.stringify(error.propertyName)} is not a valid ${title || "key"} (${exampleText(schema)})` };
  }
  // A number is a size without a unit: provider/model says how to write it.
  if (SIZE_TITLES.has(title) && (error.keyword === "pattern" || (error.keyword === "type" && typeof error.data === "number"))) return undefined;
  if (NAME_TITLES.has(title) && error.keyword !== "type") return undefined;

  switch (error.keyword) {
    case "type": {
      // LINSTOR keeps every property as a string; YAML reads 3 or yes as a number or boolean.
      const hint = title === "property value" && error.data !== null && typeof error.data !== "object"
        ? `quote it: "${String(error.data)}"`
        : exampleText(schema);
      return { segments, message: `is ${describeValue(error.data)}, must be ${typeWords(String(params.type))} (${hint})` };
    }
    case "additionalProperties":
      return unknownKey(segments, String(params.additionalProperty), schema);
    case "required": {
      const missing = String(params.missingProperty);
      const propertySchema = (schema.properties?.[missing] ?? {}) as SchemaNode;
      return { segments: [...segments, missing], message: `is required (${exampleText(resolveLocal(propertySchema), missing)})` };
    }
    case "enum":
      return { segments, message: `${JSON.stringify(error.data)} is not allowed (one of: ${canonicalChoices(schema.enum ?? []).join(", ")})` };
    case "pattern":
      return { segments, message: `${JSON.stringify(error.data)} is not a valid ${title || "value"} (${exampleText(schema)})` };
    case "minimum":
    case "exclusiveMinimum":
    case "maximum":
    case "exclusiveMaximum":
      return { segments, message: `${String(error.data)} is out of range (${rangeWords(error.keyword, params.limit)})` };
    case "minItems":
      return { segments, message: `is an empty list (list at least ${String(params.limit)}; ${exampleText(schema)})` };
    case "minProperties":
      return { segments, message: `is an empty map (${exampleText(schema)})` };
    case "minLength":
      return { segments, message: `is an empty string (${exampleText(schema)})` };
    case "maxLength":
      return { segments, message: `is too long (at most ${String(params.limit)} characters)` };
    default:
      return { segments, message: `${error.message ?? "is not valid"}` };
  }
}

function unknownKey(segments: Segment[], key: string, schema: SchemaNode): RawProblem {
  const allowed = Object.keys(schema.properties ?? {});
  let hint: string;
  if (allowed.includes(`${key}Env`) || allowed.includes(`${key}File`)) {
    const refs = [`${key}Env`, `${key}File`].filter((k) => allowed.includes(k));
    hint = `secrets never go into a stack file: name where it is kept with ${refs.join(" or ")}`;
  } else {
    const near = closest(key, allowed);
    hint = near ? `did you mean "${near}"?` : allowed.length > 0 ? `allowed here: ${allowed.join(", ")}` : "no keys are allowed here";
  }
  return { segments: [...segments, key], key: true, message: `unknown key (${hint})` };
}

/** The nearest allowed key when it is plausibly a typo (case, or up to two edits). */
function closest(key: string, allowed: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.min(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** `$ref`'d property schemas carry their examples in the definition; the raw property may not. */
function resolveLocal(schema: SchemaNode & { $ref?: string; allOf?: { $ref?: string }[] }): SchemaNode {
  const ref = schema.$ref ?? schema.allOf?.[0]?.$ref;
  if (ref && schema.examples === undefined) {
    const name = ref.replace("#/definitions/", "");
    const definitions = (stackSchema() as { definitions: Record<string, SchemaNode> }).definitions;
    return { ...definitions[name], ...schema };
  }
  return schema;
}

const EXAMPLE_WIDTH = 90;

/** The schema's first example, written the way it would be in the stack (YAML flow style). */
function exampleText(schema: SchemaNode, key?: string): string {
  const example = schema.examples?.[0];
  if (example === undefined) return "see the schema";
  let shown = stringify(example, { collectionStyle: "flow", lineWidth: 0 }).trim();
  if (shown.length > EXAMPLE_WIDTH && typeof example === "object" && example !== null && !Array.isArray(example)) {
    shown = `{ ${Object.keys(example).map((k) => `${k}: ...`).join(", ")} }`;
  }
  return key ? `e.g. ${key}: ${shown}` : `e.g. ${shown}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  if (typeof value === "number") return Number.isInteger(value) ? `the number ${value}` : `the fraction ${value}`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: "a text", number: "a number", integer: "a whole number", boolean: "true or false",
  object: "a map", array: "a list", null: "empty",
};

function typeWords(types: string): string {
  const words = types.split(",").map((t) => TYPE_WORDS[t] ?? t);
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

function rangeWords(keyword: string, limit: unknown): string {
  switch (keyword) {
    case "minimum": return `at least ${String(limit)}`;
    case "exclusiveMinimum": return `more than ${String(limit)}`;
    case "maximum": return `at most ${String(limit)}`;
    default: return `less than ${String(limit)}`;
  }
}

/** Enums list both spellings of case-insensitive values; show each once, as first written. */
function canonicalChoices(values: unknown[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const text = String(value);
    if (seen.has(text.toUpperCase())) continue;
    seen.add(text.toUpperCase());
    out.push(text);
  }
  return out;
}
