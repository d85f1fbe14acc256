// Placement pre-flight: before anything changes, every step that places replicas is checked
// against live state plus what earlier steps create (./placement-checks.ts); one PlacementError
// lists every placement that cannot be met.

import type { LiveCluster } from "../model/types";
import type { Plan, Step } from "../plan/steps";
import { PlacementError } from "./errors";
import { PlacementWorld } from "./placement-checks";
import { declareForPlacement, placementProblems } from "./steps";

/**
 * Throws PlacementError listing every placement of the plan that cannot be met. `earlier` are steps
 * that run before this plan (a preview's creates of other resources of the same run): what they
 * create counts as present, their own placements are not judged again here.
 */
export function preflight(plan: Plan, live: LiveCluster, earlier: readonly Step[] = []): void {
  const problems = checkPlacements(plan, live, earlier);
  if (problems.length) throw new PlacementError(problems);
}

/** The problems preflight would throw, one line per failing step. */
export function checkPlacements(plan: Plan, live: LiveCluster, earlier: readonly Step[] = []): string[] {
  const world = new PlacementWorld(live);
  for (const step of [...earlier, ...plan.steps]) declareForPlacement(world, step);
  return plan.steps.flatMap((step) => placementProblems(world, step));
}
