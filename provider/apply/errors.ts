// Errors of the executor. Each names the object, the node and the state that matter.

import type { Step } from "../plan/steps";

export type WaitKind = "synced" | "replicaGone" | "definitionGone" | "snapshotSuccessful" | "snapshotGone" | "nodeGone";

/** A wait ran out of its budget. */
export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
  constructor(
    readonly kind: WaitKind,
    readonly resource: string,
    readonly node: string | undefined,
    readonly lastState: string,
    readonly budgetMs: number,
    what: string,
    /** How far a resync had got when the budget ran out (percent), when the controller reported it. */
    readonly percent?: number,
  ) {
    const progress = percent !== undefined ? `; resync at ${percent.toFixed(1)}%` : "";
    super(`timed out after ${formatMs(budgetMs)} waiting for ${what}${node ? ` (held up by ${node})` : ""}; last seen: ${lastState}${progress}`);
  }
}

/** An object exists already, but differs from what the step asks for. */
export class ConflictError extends Error {
  override name = "ConflictError";
  constructor(readonly object: string, readonly differences: string[]) {
    super(`${object} already exists but differs: ${differences.join("; ")}`);
  }
}

/** A placement cannot be met; `problems` says which criterion fails for which node. */
export class PlacementError extends Error {
  override name = "PlacementError";
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/** A waited-for condition turned out impossible (a failed snapshot, a replica that is not there). */
export class WaitFailedError extends Error {
  override name = "WaitFailedError";
}

/**
 * A step failed after earlier steps (or the failing step itself) changed the cluster. Says which
 * steps completed, which failed and why, and what exists now, so the caller can report a partial
 * result (Pulumi: partial-init error) instead of pretending nothing happened.
 */
export class ApplyError extends Error {
  override name = "ApplyError";
  constructor(
    readonly completed: Step[],
    readonly failed: Step,
    readonly failedIndex: number,
    readonly reason: Error,
    readonly existsNow: string[],
  ) {
    super(
      [
        `step ${failedIndex + 1} failed: ${failed.description}: ${reason.message}`,
        completed.length ? `completed before it:\n${completed.map((s, i) => `  ${i + 1}. ${s.description}`).join("\n")}` : "no step completed before it",
        existsNow.length ? `exists now:\n${existsNow.map((l) => `  ${l}`).join("\n")}` : "",
      ].filter((s) => s !== "").join("\n"),
    );
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}
