// The one shape check of declared fields: types, LINSTOR names, ranges, enums, sizes and property
// values, each problem as `{path, reason}` (path `ssh.port`, `nodes[2]`, `props.Aux/x`). Used by
// the dynamic resources (normalize), the model's spec checks (validate.ts), the YAML stack (for
// what JSON Schema cannot say: names, sizes, property values) and the provider plugin.
//
// Keys the field set does not declare are ignored: a resource's state holds its outputs beside its
// inputs, and bookkeeping is stripped by the caller. Values come back normalized: enums in their
// declared spelling, empty props dropped, undefined entries left out.

import type { Field, FieldSet, Shape } from "./declaration";
import { propValueProblem } from "./linstor-rules";
import { nameKey, nameProblem } from "./names";
import { parseSizeKib, SizeError } from "./sizes";

export interface ShapeProblem {
  /** Where, as a dot path below the checked value (`ssh.port`, `nodes[2]`). */
  path: string;
  /** What is wrong, phrased to follow the path (`is required`, `must be ...`, `is 0, LINSTOR allows 1 to 32`). */
  reason: string;
}

export interface Checked<T> {
  value: T;
  problems: ShapeProblem[];
}

type Raw = Record<string, unknown>;

function isMap(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function shown(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (isMap(v)) return "a map";
  return JSON.stringify(v);
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** Checks `raw` against a field set; `prefix` is prepended to every path. */
export function checkShape<S extends FieldSet>(fields: S, raw: unknown, prefix = ""): Checked<Shape<S>> {
  const problems: ShapeProblem[] = [];
  if (!isMap(raw)) {
    problems.push({ path: prefix || "(inputs)", reason: `must be a map, got ${shown(raw)}` });
    return { value: {} as Shape<S>, problems };
  }
  const out: Raw = {};
  for (const [key, field] of Object.entries(fields)) {
    const v = raw[key];
    const path = join(prefix, key);
    if (v === undefined || v === null) {
      if (field.required) problems.push({ path, reason: "is required" });
      continue;
    }
    const checked = checkField(field, v, path);
    problems.push(...checked.problems);
    if (checked.value !== undefined) out[key] = checked.value;
  }
  return { value: out as Shape<S>, problems };
}

/** Checks one present value against its field; the value is undefined when it is unusable. */
export function checkField(field: Field, v: unknown, path: string): Checked<unknown> {
  const fail = (reason: string): Checked<unknown> => ({ value: undefined, problems: [{ path, reason }] });
  switch (field.type) {
    case "string":
      if (typeof v !== "string" || v === "") return fail(`must be a non-empty string, got ${shown(v)}`);
      if (field.pattern && !new RegExp(field.pattern).test(v)) return fail(`${shown(v)} is ${field.patternHint ?? `not of the form ${field.pattern}`}`);
      return { value: v, problems: [] };
    case "name": {
      if (typeof v !== "string") return fail(`must be a ${field.name === "storagePool" ? "storage pool" : field.name} name (a string), got ${shown(v)}`);
      const problem = nameProblem(field.name, v);
      return problem ? { value: v, problems: [{ path, reason: problem }] } : { value: v, problems: [] };
    }
    case "integer":
      if (typeof v !== "number" || !Number.isInteger(v)) return fail(`must be a whole number, got ${shown(v)}`);
      if (v < field.min || v > field.max) {
        return fail(field.max >= Number.MAX_SAFE_INTEGER ? `is ${v}, must be at least ${field.min}` : `is ${v}, LINSTOR allows ${field.min} to ${field.max}`);
      }
      return { value: v, problems: [] };
    case "boolean":
      return typeof v === "boolean" ? { value: v, problems: [] } : fail(`must be true or false, got ${shown(v)}`);
    case "enum": {
      const match = typeof v === "string" ? field.values.find((a) => a.toUpperCase() === v.toUpperCase()) : undefined;
      return match ? { value: match, problems: [] } : fail(`is ${shown(v)}, expected one of ${field.values.join(", ")}`);
    }
    case "size":
      if (typeof v !== "string" && typeof v !== "number") return fail(`must be a size such as 150M, got ${shown(v)}`);
      try {
        parseSizeKib(v);
        return { value: v, problems: [] };
      } catch (err) {
        if (!(err instanceof SizeError)) throw err;
        return fail(err.message);
      }
    case "props":
      return checkProps(v, path);
    case "list":
      return checkList(field, v, path);
    case "object":
      return checkShape(field.fields, v, path);
  }
}

function checkProps(v: unknown, path: string): Checked<unknown> {
  if (!isMap(v)) return { value: undefined, problems: [{ path, reason: `must be a map of property names to strings, got ${shown(v)}` }] };
  const problems: ShapeProblem[] = [];
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    const at = `${path}.${k}`;
    if (k === "" || /[,\s]/.test(k)) { problems.push({ path: at, reason: `is not a property key (no spaces or commas)` }); continue; }
    if (typeof val !== "string") { problems.push({ path: at, reason: `must be a string, got ${shown(val)} (quote it)` }); continue; }
    const problem = propValueProblem(k, val);
    if (problem) { problems.push({ path: at, reason: problem }); continue; }
    out[k] = val;
  }
  return { value: Object.keys(out).length > 0 ? out : undefined, problems };
}

function checkList(field: Extract<Field, { type: "list" }>, v: unknown, path: string): Checked<unknown> {
  if (!Array.isArray(v)) return { value: undefined, problems: [{ path, reason: `must be a list, got ${shown(v)}` }] };
  const problems: ShapeProblem[] = [];
  if (field.minItems !== undefined && v.length < field.minItems) {
    problems.push({ path, reason: `is an empty list (list at least ${field.minItems}, or leave it out)` });
  }
  const seen = new Map<string, number>();
  const out = v.map((item, i) => {
    const checked = checkField(field.items, item, `${path}[${i}]`);
    problems.push(...checked.problems);
    if (field.items.type === "name" && typeof item === "string") {
      const first = seen.get(nameKey(item));
      if (first !== undefined) problems.push({ path: `${path}[${i}]`, reason: `names '${item}' twice (also ${path}[${first}]; names are case-insensitive)` });
      else seen.set(nameKey(item), i);
    }
    return checked.value ?? item;
  });
  return { value: out, problems };
}

/** `path: reason` lines, as errors show them. */
export function formatProblems(problems: readonly ShapeProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.reason}`).join("\n");
}
