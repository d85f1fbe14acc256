// Every step kind's runner, in one table: a kind without an entry does not compile.

import type { ClusterApi } from "../../client/cluster-api";
import type { Step, StepKindName } from "../../plan/steps";
import type { PlacementWorld } from "../placement-checks";
import type { WaitContext } from "../waits";
import { definitionRunners } from "./definitions";
import type { RunnerTable, StepOutcome, StepRunner, StepTarget } from "./kind";
import { nodeRunners } from "./nodes";
import { poolRunners } from "./pools";
import { replicaRunners } from "./replicas";
import { snapshotRunners } from "./snapshots";

const RUNNERS: RunnerTable<StepKindName> = { ...nodeRunners, ...poolRunners, ...definitionRunners, ...replicaRunners, ...snapshotRunners };

function runnerOf(step: Step): StepRunner<StepKindName> {
  return RUNNERS[step.op] as unknown as StepRunner<StepKindName>;
}

export function runStep(api: ClusterApi, step: Step, ctx: WaitContext): Promise<StepOutcome> {
  return runnerOf(step).run(api, step as never, ctx);
}

export function stepTarget(step: Step): StepTarget {
  return runnerOf(step).target(step as never);
}

export function placesReplicas(step: Step): boolean {
  return runnerOf(step).placementProblems !== undefined;
}

/** What the step creates that later placements may use. */
export function declareForPlacement(world: PlacementWorld, step: Step): void {
  runnerOf(step).declares?.(world, step as never);
}

export function placementProblems(world: PlacementWorld, step: Step): string[] {
  return runnerOf(step).placementProblems?.(world, step as never) ?? [];
}

export type { StepOutcome, StepTarget } from "./kind";
