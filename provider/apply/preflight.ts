// Placement pre-flight: before anything changes, every step that places replicas is checked
// against live state plus what earlier steps of the plan create (./placement-checks.ts); one
// PlacementError lists every placement that cannot be met.

import type { LiveCluster } from "../model/types";
import type { Plan } from "../plan/steps";
import { PlacementError } from "./errors";
import { PlacementWorld } from "./placement-checks";
import { declareForPlacement, placementProblems } from "./steps";

/** Throws PlacementError listing every placement of the plan that cannot be met. */
export function preflight(plan: Plan, live: LiveCluster): void {
  const problems = checkPlacements(plan, live);
  if (problems.length) throw new PlacementError(problems);
}

/** The problems preflight would throw, one line per failing step. */
export function checkPlacements(plan: Plan, live: LiveCluster): string[] {
  const world = new PlacementWorld(live);
  for (const step of plan.steps) declareForPlacement(world, step);
  return plan.steps.flatMap((step) => placementProblems(world, step));
}
