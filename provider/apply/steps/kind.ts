// How a step kind runs, declared once per kind: the object it acts on (the failure report shows
// that object as it is now) and the run through the client. Every create is a small reconcile:
// create → on "exists" read the object and compare → equal is done ("already"), different is a
// ConflictError.

import type { ClusterApi } from "../../client/cluster-api";
import { isExists } from "../../client/errors";
import { anyIs, ApiCallRc, Masks } from "../../client/rc";
import type { StepKindName, StepOf } from "../../plan/steps";
import { ConflictError } from "../errors";
import type { PlacementWorld } from "../placement-checks";
import type { WaitContext } from "../waits";

export interface StepOutcome {
  rcs: ApiCallRc[];
  /** The step found its work done already (a re-run after an interrupted apply). */
  already: boolean;
}

/** What a step acts on: the definition it changes, or the node (for node and pool steps). */
export interface StepTarget {
  resource?: string;
  node?: string;
}

export interface StepRunner<K extends StepKindName> {
  target(step: StepOf<K>): StepTarget;
  run(api: ClusterApi, step: StepOf<K>, ctx: WaitContext): Promise<StepOutcome>;
  /** What the step creates that later placements may use (the pre-flight counts it as present). */
  declares?(world: PlacementWorld, step: StepOf<K>): void;
  /** The step places replicas: why the placement cannot be met (empty when it can). */
  placementProblems?(world: PlacementWorld, step: StepOf<K>): string[];
}

export type RunnerTable<K extends StepKindName> = { [P in K]: StepRunner<P> };

export const done = (rcs: ApiCallRc[]): StepOutcome => ({ rcs, already: false });

/** A delete the controller answered with WARN_NOT_FOUND found its work done. */
export const deleted = (rcs: ApiCallRc[]): StepOutcome => ({ rcs, already: anyIs(rcs, Masks.WARN_NOT_FOUND) });

export const same = (a: string | undefined, b: string | undefined): boolean => (a ?? "").toUpperCase() === (b ?? "").toUpperCase();
export const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.some((y) => same(x, y)));

/** Adds "field is X, wanted Y" when a wanted value differs (names compare case-insensitively). */
export function diff(out: string[], field: string, want: unknown, have: unknown): void {
  if (want === undefined) return;
  const w = JSON.stringify(want);
  const h = JSON.stringify(have);
  if (typeof want === "string" && typeof have === "string" ? !same(want, have) : w !== h) out.push(`${field} is ${h ?? "unset"}, wanted ${w}`);
}

/** Runs a create; on "exists" compares and returns "already" or throws ConflictError. */
export async function createOrVerify(create: () => Promise<ApiCallRc[]>, verify: () => Promise<string[]>, object: string): Promise<StepOutcome> {
  try {
    const rcs = await create();
    // A retried create whose first attempt had landed comes back as INFO_NOOP: verify it as well.
    if (anyIs(rcs, Masks.INFO_NOOP)) {
      const d = await verify();
      if (d.length) throw new ConflictError(object, d);
    }
    return { rcs, already: false };
  } catch (err) {
    if (!isExists(err)) throw err;
    const d = await verify();
    if (d.length) throw new ConflictError(object, d);
    return { rcs: [], already: true };
  }
}

/** A wait step: no controller answer of its own. */
export async function waited(wait: Promise<void>): Promise<StepOutcome> {
  await wait;
  return done([]);
}
