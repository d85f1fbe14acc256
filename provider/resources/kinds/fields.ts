// Small helpers of the kinds' descriptors: clean values, and the managed props as live shows them.

import type { Props } from "../../model/types";

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
