// Progress events of an apply, for Pulumi's log (or a terminal).

import type { WaitKind } from "./errors";

export type ProgressEvent =
  /** A step starts, finishes, or was found already done (a re-run after an interrupted apply). */
  | { type: "step"; phase: "start" | "done" | "already"; index: number; total: number; description: string }
  /** A wait observed a new state: what is waited for, which node holds it up, resync percent. */
  | { type: "wait"; kind: WaitKind; resource: string; what: string; state: string; node?: string; percent?: number; elapsedMs: number }
  /** The controller accepted a step with a warning (not an error). */
  | { type: "warning"; index: number; description: string; message: string };

export type ProgressListener = (event: ProgressEvent) => void;

/** One line for a log. */
export function formatProgress(e: ProgressEvent): string {
  switch (e.type) {
    case "step":
      return `[${e.index + 1}/${e.total}] ${e.phase === "start" ? "" : e.phase === "done" ? "done: " : "already done: "}${e.description}`;
    case "wait":
      return `waiting for ${e.what}: ${e.state}${e.percent !== undefined ? ` (${e.percent.toFixed(1)}%)` : ""}`;
    case "warning":
      return `warning at step ${e.index + 1} (${e.description}): ${e.message}`;
  }
}
