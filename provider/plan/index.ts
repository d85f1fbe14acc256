// The planner: a pure function from (desired, live) to an ordered list of steps, each with a line a
// reviewer reads in the preview. No I/O, no clock, deterministic. Only objects named in `desired`
// (or its `absent` list) are touched, plus what removing an absent node requires (its replicas).
//
// Order: nodes → storage pools → resource groups → definitions → volume definitions → rollbacks
// (on the layout the snapshot was taken from) → evacuation of removed nodes (add, wait, remove) →
// replica sets (add, wait, remove) → volume growth → new snapshots → restores → then deletes in
// reverse: snapshots → replicas → volume definitions → definitions → groups → what is left on
// removed nodes → storage pools → nodes.

import type { DesiredState, LiveCluster } from "../model/types";
import type { Plan } from "./steps";
import { PlanContext, type PlanOptions } from "./context";
import { checkReferences, indexDesired } from "./checks";
import {
  planNodes, planResourceDefinitions, planResourceGroups, planStoragePools, planVolumeDefinitions, planVolumeResizes,
} from "./creates-and-updates";
export { stackOwnsReplicas } from "./creates-and-updates";
import { planReplicaSets } from "./replicas";
import { planRestores, planRollbacks, planSnapshotCreates } from "./snapshots";
import { planEvacuations, planRemovals } from "./removal";

export type { Plan, Step, StepOp } from "./steps";
export type { PlanOptions } from "./context";
export { projectSteps } from "./projection";
export { BALANCE_KEY, MANAGED_PROPS_KEY } from "../model/props";

/** The planner refuses a desired state; `problems` lists every reason, each precise. */
export class PlanError extends Error {
  override name = "PlanError";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.length === 1 ? problems[0] : `the plan is refused:\n- ${problems.join("\n- ")}`);
    this.problems = problems;
  }
}

export function plan(desired: DesiredState, live: LiveCluster, options: PlanOptions = {}): Plan {
  const ctx = new PlanContext(desired, live, options);
  indexDesired(ctx, desired);
  if (ctx.problems.length === 0) checkReferences(ctx);
  if (ctx.problems.length) throw new PlanError(ctx.problems);

  planNodes(ctx);
  planStoragePools(ctx);
  planResourceGroups(ctx);
  planResourceDefinitions(ctx);
  planVolumeDefinitions(ctx);
  planRollbacks(ctx);
  planEvacuations(ctx);
  planReplicaSets(ctx);
  planVolumeResizes(ctx);
  planSnapshotCreates(ctx);
  planRestores(ctx);
  planSnapshotCreates(ctx);
  planRemovals(ctx);

  if (ctx.problems.length) throw new PlanError(ctx.problems);
  return { steps: ctx.steps, notes: ctx.notes, ...(ctx.warnings.length ? { warnings: ctx.warnings } : {}) };
}
