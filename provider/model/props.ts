// Tracking of the properties this provider set, so foreign properties are never removed.
//
// Each object we manage carries MANAGED_PROPS_KEY: a comma list of the prop keys we set on it at the
// last apply. On the next apply, a key we set before and no longer want is removed; a key that is
// in neither list belongs to someone else (an operator, the controller) and is left alone.

import type { Props } from "./types";

export const MANAGED_PROPS_KEY = "Aux/pulumi-linstor/managed-props";

/** Parse the marker's comma list; empty entries are dropped. */
export function parseManagedProps(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(",").map((k) => k.trim()).filter((k) => k !== "");
}

/** The marker value for a set of wanted keys: sorted, so equal sets give equal strings. */
export function formatManagedProps(keys: Iterable<string>): string {
  return [...new Set(keys)].filter((k) => k !== MANAGED_PROPS_KEY).sort().join(",");
}

/** The wanted props plus the marker naming them (what we store on the object). */
export function withManagedMarker(props: Props | undefined): Props {
  const wanted = { ...(props ?? {}) };
  delete wanted[MANAGED_PROPS_KEY];
  return { ...wanted, [MANAGED_PROPS_KEY]: formatManagedProps(Object.keys(wanted)) };
}
