// Property changes with ownership tracking: set what the stack wants, remove only keys the stack set
// before (the managed-props marker on the object, or the caller's record) and no longer wants.

import type { Props } from "../model/types";
import { BOOKKEEPING_PROPS, MANAGED_PROPS_KEY, formatManagedProps, parseManagedProps } from "../model/props";
import type { PropChange } from "../model/types";

/** Props to send on create: the wanted ones plus the marker naming them (nothing when none are wanted). */
export function propsForCreate(wanted: Props | undefined): Props | undefined {
  const keys = Object.keys(wanted ?? {}).filter((k) => k !== MANAGED_PROPS_KEY);
  if (keys.length === 0) return undefined;
  const props: Props = {};
  for (const k of keys) props[k] = (wanted as Props)[k];
  props[MANAGED_PROPS_KEY] = formatManagedProps(keys);
  return props;
}

/**
 * The change that takes `live` to `wanted`, or undefined when nothing changes.
 * `previous` is the caller's record of keys set at the last apply (desired.previousProps).
 */
export function propChange(wanted: Props | undefined, live: Props, previous: string[] | undefined): PropChange | undefined {
  const want: Props = { ...(wanted ?? {}) };
  delete want[MANAGED_PROPS_KEY];
  const owned = new Set([...(previous ?? []), ...parseManagedProps(live[MANAGED_PROPS_KEY])]);
  const set: Props = {};
  for (const [k, v] of Object.entries(want)) {
    if (live[k] !== v) set[k] = v;
  }
  const remove = [...owned].filter((k) => k !== MANAGED_PROPS_KEY && !(k in want) && k in live).sort();
  const marker = formatManagedProps(Object.keys(want));
  if (marker === "") {
    if (MANAGED_PROPS_KEY in live) remove.push(MANAGED_PROPS_KEY);
  } else if (live[MANAGED_PROPS_KEY] !== marker) {
    set[MANAGED_PROPS_KEY] = marker;
  }
  if (Object.keys(set).length === 0 && remove.length === 0) return undefined;
  return { set, remove };
}

/** "set DrbdOptions/Net/protocol=C, Aux/team=storage; remove Aux/old" (the marker is not listed). */
export function describePropChange(change: PropChange): string {
  const sets = Object.entries(change.set).filter(([k]) => !BOOKKEEPING_PROPS.includes(k)).map(([k, v]) => `${k}=${v}`);
  const removes = change.remove.filter((k) => !BOOKKEEPING_PROPS.includes(k));
  const parts: string[] = [];
  if (sets.length) parts.push(`set ${sets.join(", ")}`);
  if (removes.length) parts.push(`remove ${removes.join(", ")}`);
  return parts.length ? parts.join("; ") : "update the managed-props marker";
}

export function applyPropChange(props: Props, change: PropChange): void {
  for (const k of change.remove) delete props[k];
  Object.assign(props, change.set);
}
