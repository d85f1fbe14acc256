// Every step kind's effect on the projection, in one table: a kind without an entry does not compile.

import type { Step, StepKindName, StepOp } from "../steps";
import type { WorkingState } from "../state";
import { definitionEffects } from "./definitions";
import type { EffectTable, StepEffect } from "./kind";
import { nodeEffects } from "./nodes";
import { poolEffects } from "./pools";
import { replicaEffects } from "./replicas";
import { snapshotEffects } from "./snapshots";

const EFFECTS: EffectTable<StepKindName> = { ...nodeEffects, ...poolEffects, ...definitionEffects, ...replicaEffects, ...snapshotEffects };

function effectOf(step: StepOp): StepEffect<StepKindName> {
  return EFFECTS[step.op] as unknown as StepEffect<StepKindName>;
}

export function project(state: WorkingState, step: StepOp): void {
  effectOf(step).project(state, step as never);
}

/** The wait step that follows this one, if the controller finishes its change later. */
export function settlingWait(step: StepOp, state: WorkingState): Step | undefined {
  return effectOf(step).settledBy?.(step as never, state);
}

export { newVolume } from "./replicas";
