// Reading raw resource inputs into typed fields, collecting every problem with its property name.

import { propValueProblem } from "../../model/linstor-rules";
import { nameProblem, NameKind } from "../../model/names";
import { parseSizeKib } from "../../model/sizes";
import type { Props } from "../../model/types";
import type { InputProblem, Timeouts } from "../kind";

type Raw = Record<string, unknown>;

export class FieldReader {
  readonly problems: InputProblem[] = [];
  constructor(private readonly raw: Raw, private readonly prefix = "") {}

  private fail(key: string, reason: string): undefined {
    this.problems.push({ property: this.prefix + key, reason });
    return undefined;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  string(key: string, required = false): string | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return required ? this.fail(key, "is required") : undefined;
    if (typeof v !== "string" || v === "") return this.fail(key, `must be a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  }

  name(key: string, kind: NameKind, required = true): string {
    const v = this.string(key, required);
    if (v === undefined) return "";
    const problem = nameProblem(kind, v);
    if (problem) this.fail(key, problem);
    return v;
  }

  names(key: string, kind: NameKind): string[] | undefined {
    const list = this.stringList(key);
    list?.forEach((v, i) => {
      const problem = nameProblem(kind, v);
      if (problem) this.fail(`${key}[${i}]`, problem);
    });
    return list;
  }

  integer(key: string, min: number, max: number): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) return this.fail(key, `must be a whole number, got ${JSON.stringify(v)}`);
    if (v < min || v > max) return this.fail(key, `is ${v}, allowed are ${min} to ${max}`);
    return v;
  }

  boolean(key: string): boolean | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") return this.fail(key, `must be true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], required = false): T | undefined {
    const v = this.string(key, required);
    if (v === undefined) return undefined;
    const match = allowed.find((a) => a.toUpperCase() === v.toUpperCase());
    if (!match) return this.fail(key, `is '${v}', expected one of ${allowed.join(", ")}`);
    return match;
  }

  stringList(key: string): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || x === "")) {
      return this.fail(key, "must be a list of non-empty strings");
    }
    return v as string[];
  }

  props(key = "props"): Props | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) return this.fail(key, "must be a map of property names to strings");
    const out: Props = {};
    for (const [k, val] of Object.entries(v as Raw)) {
      if (typeof val !== "string") { this.fail(`${key}.${k}`, `must be a string, got ${JSON.stringify(val)}`); continue; }
      const problem = propValueProblem(k, val);
      if (problem) { this.fail(`${key}.${k}`, problem); continue; }
      out[k] = val;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  sizeKib(key: string, required = true): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return required ? this.fail(key, "is required (e.g. 150M, 10GiB)") : undefined;
    if (typeof v !== "string" && typeof v !== "number") return this.fail(key, `must be a size such as 150m, got ${JSON.stringify(v)}`);
    try {
      return parseSizeKib(v);
    } catch (err) {
      return this.fail(key, (err as Error).message);
    }
  }

  object(key: string): FieldReader | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) return this.fail(key, "must be a map");
    const inner = new FieldReader(v as Raw, `${this.prefix}${key}.`);
    inner.problems.length = 0;
    return inner;
  }

  /** Collects the problems of a nested reader into this one. */
  absorb(inner: FieldReader | undefined): void {
    if (inner) this.problems.push(...inner.problems);
  }

  timeouts(): Timeouts | undefined {
    const t = this.object("timeouts");
    if (!t) return undefined;
    const out: Timeouts = { syncSeconds: t.integer("syncSeconds", 1, 7 * 24 * 3600), deleteSeconds: t.integer("deleteSeconds", 1, 24 * 3600) };
    this.absorb(t);
    return dropUndefined(out);
  }
}

/** Removes undefined fields so inputs compare and serialize cleanly. */
export function dropUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** The managed props as live shows them: only keys the inputs set; a key missing live is drift. */
export function managedPropsView(wanted: Props | undefined, live: Props): Props | undefined {
  if (!wanted) return undefined;
  const out: Props = {};
  for (const k of Object.keys(wanted)) if (live[k] !== undefined) out[k] = live[k];
  return out;
}
