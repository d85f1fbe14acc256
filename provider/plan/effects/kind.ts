// What a step kind does to the planner's projection, declared once per kind: how it changes the
// working state, and which wait step follows it when the controller finishes the change later.

import type { Step, StepKindName, StepOf } from "../steps";
import type { WorkingState } from "../state";

export interface StepEffect<K extends StepKindName> {
  project(state: WorkingState, step: StepOf<K>): void;
  /** The wait that follows the step: the controller carries the change out after answering. */
  settledBy?(step: StepOf<K>, state: WorkingState): Step | undefined;
}

/** Effects of a group of kinds (one file per area). */
export type EffectTable<K extends StepKindName> = { [P in K]: StepEffect<P> };

export const noEffect = { project: (): void => undefined };
