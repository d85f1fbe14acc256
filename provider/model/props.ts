// Tracking of the properties this provider set, so foreign properties are never removed.
//
// Each object we manage carries MANAGED_PROPS_KEY: a comma list of the prop keys we set on it at the
// last apply. On the next apply, a key we set before and no longer want is removed; a key that is
// in neither list belongs to someone else (an operator, the controller) and is left alone.

import type { Props } from "./types";

export const MANAGED_PROPS_KEY = "Aux/pulumi-linstor/managed-props";

/**
 * Which stack made an object ("project/stack"), set in the object's create call itself: an object
 * this stack created but never recorded (a crash, a lost answer, a wait that ran out) is recognised
 * as its own by the next run and finished, instead of being refused as somebody else's.
 */
export const OWNER_KEY = "Aux/pulumi-linstor/owner";

/**
 * The controller's replica balancing switch of a definition. The planner sets it to "false" on
 * definitions with explicit placements (the balancer would otherwise add or drop replicas); the
 * export leaves that implied value out.
 */
export const BALANCE_KEY = "BalanceResourcesEnabled";
/**
 * The bookkeeping input (never compared, never sent to LINSTOR) a YAML stack gives a definition whose
 * replica set it declares with explicit nodes or auto-placement: the definition's create then
 * switches the balancer off itself, so the replica set needs no modify for it.
 */
export const PLACES_REPLICAS_INPUT = "__placesReplicas";

/** Bookkeeping keys of this provider: kept on the objects, never shown in plans. */
export const BOOKKEEPING_PROPS: readonly string[] = [MANAGED_PROPS_KEY, OWNER_KEY];

/** The owner value of the stack a Pulumi URN belongs to (urn:pulumi:STACK::PROJECT::…), or undefined. */
export function ownerFromUrn(urn: string | undefined): string | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn ?? "");
  return m ? `${m[2]}/${m[1]}` : undefined;
}

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
