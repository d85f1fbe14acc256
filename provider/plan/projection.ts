// The cluster as it will be once some planned steps have run. A preview plans each resource on its
// own, against the controller as it is now; objects that an earlier resource of the same run will
// create are not there yet. Planning against this projection lets them count as present.

import type { LiveCluster } from "../model/types";
import type { StepOp } from "./steps";
import { WorkingState } from "./state";

export function projectSteps(live: LiveCluster, steps: readonly StepOp[]): LiveCluster {
  if (steps.length === 0) return live;
  const state = new WorkingState(live);
  for (const step of steps) state.apply(step);
  return {
    ...live,
    nodes: state.nodes,
    storagePools: state.storagePools,
    resourceGroups: state.resourceGroups,
    resourceDefinitions: state.resourceDefinitions,
    resources: state.resources,
    snapshots: state.snapshots,
  };
}
