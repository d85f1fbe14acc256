// The plans of creates this provider process has shown but not yet run. One provider process serves
// every resource of an engine operation, and the engine checks a resource only after the resources it
// depends on; so while a preview plans a replica set, the plans of its definition, volumes, nodes and
// pools of the same run are here, and the replica set is planned as if they existed (the full
// ordered plan of a first create, placement pre-flight included). A create that runs removes its
// entry: from then on the controller itself shows the object.
//
// In a preview nothing runs, so every create of the stack stays here. A resource of one definition
// gets the planned steps of its own definitions and the shared ones (nodes, pools, groups), not
// every other definition's: those change nothing in its plan, and projecting them all made a
// 300-definition preview quadratic (about 23 s of planning).

import { nameKey } from "../model/names";
import { stepTarget } from "../apply/steps";
import type { Step } from "../plan/steps";

interface Planned {
  /** Order in which the plans were shown: the steps come back in that order. */
  seq: number;
  steps: readonly Step[];
  /** Name keys of the definitions the steps act on. */
  definitions: Set<string>;
}

const planned = new Map<string, Planned>();
/** The URNs whose plans act on each definition (by name key). */
const byDefinition = new Map<string, Set<string>>();
/** The URNs whose plans act on no definition in some step. */
const sharedPlans = new Set<string>();
let shown = 0;

/** Records the plan shown for creating the resource `urn`. */
export function rememberPlannedCreate(urn: string, steps: readonly Step[]): void {
  forgetPlannedCreate(urn);
  const definitions = new Set<string>();
  let shared = false;
  for (const step of steps) {
    const resource = stepTarget(step).resource;
    if (resource === undefined) shared = true;
    else definitions.add(nameKey(resource));
  }
  planned.set(urn, { seq: shown++, steps, definitions });
  if (shared) sharedPlans.add(urn);
  for (const d of definitions) {
    let urns = byDefinition.get(d);
    if (!urns) byDefinition.set(d, (urns = new Set()));
    urns.add(urn);
  }
}

/** The resource `urn` is being created for real (or its plan is void). */
export function forgetPlannedCreate(urn: string | undefined): void {
  const entry = urn === undefined ? undefined : planned.get(urn);
  if (!entry || urn === undefined) return;
  planned.delete(urn);
  sharedPlans.delete(urn);
  for (const d of entry.definitions) byDefinition.get(d)?.delete(urn);
}

/**
 * The steps of every other resource's planned create, in the order they were shown. With
 * `definitions` (the definitions a resource's plan reads): only the plans that act on one of them
 * or on no definition (nodes, pools, groups).
 */
export function plannedCreatesBefore(urn: string, definitions?: readonly string[]): Step[] {
  let entries: Planned[];
  if (!definitions || definitions.length === 0) {
    entries = [...planned.entries()].filter(([other]) => other !== urn).map(([, p]) => p);
  } else {
    const urns = new Set<string>(sharedPlans);
    for (const d of definitions) for (const other of byDefinition.get(nameKey(d)) ?? []) urns.add(other);
    urns.delete(urn);
    entries = [...urns].map((u) => planned.get(u) as Planned).sort((a, b) => a.seq - b.seq);
  }
  return entries.flatMap((p) => p.steps);
}
