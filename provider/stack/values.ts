// Tolerant readers of the plain stack value: each returns undefined for a value of the wrong shape
// (the schema check has reported it already).

import type { Props } from "../model";

export type Fields = Record<string, unknown>;

export function isMap(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function entries(value: unknown): [string, unknown][] {
  return isMap(value) ? Object.entries(value) : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function int(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

export function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

/** The string-valued entries of a props map. */
export function props(value: unknown): Props | undefined {
  if (!isMap(value)) return undefined;
  const out: Props = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/** Names for a message: "a, b, c", or "none". */
export function quoted(names: Iterable<string>): string {
  const list = [...names];
  return list.length === 0 ? "none" : list.join(", ");
}

/** The object without its undefined entries (specs carry only what the stack says). */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
