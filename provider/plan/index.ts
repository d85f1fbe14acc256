// The planner: a pure function from (desired, live) to an ordered list of steps.
// Work in progress: the exported API below is final; the body is filled in next.

import type { DesiredState, LiveCluster } from "../model/types";
import type { Plan } from "./steps";

export type { Plan, Step, StepOp, PropChange, ReplicaPlacement } from "./steps";

/** The planner refuses a desired state; `problems` lists every reason, each precise. */
export class PlanError extends Error {
  override name = "PlanError";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.length === 1 ? problems[0] : `the plan is refused:\n- ${problems.join("\n- ")}`);
    this.problems = problems;
  }
}

export interface PlanOptions {
  /** Last known onRemove of nodes that are in desired.absent (keyed by nameKey of the node). */
  nodeOnRemove?: Record<string, "evacuate" | "refuse">;
}

export function plan(_desired: DesiredState, _live: LiveCluster, _options: PlanOptions = {}): Plan {
  throw new PlanError(["the planner is not implemented yet"]);
}
