// The plans of creates this provider process has shown but not yet run. One provider process serves
// every resource of an engine operation, and the engine checks a resource only after the resources it
// depends on; so while a preview plans a replica set, the plans of its definition, volumes, nodes and
// pools of the same run are here, and the replica set is planned as if they existed (the full
// ordered plan of a first create, placement pre-flight included). A create that runs removes its
// entry: from then on the controller itself shows the object.

import type { Step } from "../plan/steps";

const planned = new Map<string, readonly Step[]>();

/** Records the plan shown for creating the resource `urn`. */
export function rememberPlannedCreate(urn: string, steps: readonly Step[]): void {
  planned.set(urn, steps);
}

/** The resource `urn` is being created for real (or its plan is void). */
export function forgetPlannedCreate(urn: string | undefined): void {
  if (urn) planned.delete(urn);
}

/** The steps of every other resource's planned create, in the order they were shown. */
export function plannedCreatesBefore(urn: string): Step[] {
  const out: Step[] = [];
  for (const [other, steps] of planned) if (other !== urn) out.push(...steps);
  return out;
}
