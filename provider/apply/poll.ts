// Polling with backoff and a budget: the only way the executor waits (no fixed sleeps).

import { WaitKind, WaitTimeoutError } from "./errors";

export interface PollOptions {
  /** First delay between polls; default 100 ms. */
  initialMs?: number;
  /** Growth per poll; default 1.5. */
  factor?: number;
  /**
   * Cap of one delay; default 750 ms, so a wait ends at most about that long after what it waits
   * for happened (a replica move is done within a second of its resync).
   */
  maxMs?: number;
}

export interface Observation {
  done: boolean;
  /** Human-readable current state, e.g. "vulcan: volume 0 SyncTarget(45.20%)". */
  state: string;
  /** The node that holds the wait up, if one does. */
  node?: string;
  percent?: number;
}

export interface PollSpec {
  kind: WaitKind;
  resource: string;
  /** What is waited for, e.g. "SharedData to be UpToDate on vulcan". */
  what: string;
  budgetMs: number;
  check: () => Promise<Observation>;
  /** Called with every observation that differs from the previous one. */
  onObservation?: (o: Observation, elapsedMs: number) => void;
}

export async function pollUntil(spec: PollSpec, opts: PollOptions = {}): Promise<Observation> {
  const initial = opts.initialMs ?? 100;
  const factor = opts.factor ?? 1.5;
  const max = opts.maxMs ?? 750;
  const start = Date.now();
  let delay = initial;
  let last: Observation | undefined;
  let progress: { at: number; percent: number } | undefined;
  for (;;) {
    const o = await spec.check();
    const elapsed = Date.now() - start;
    if (!last || last.state !== o.state || last.percent !== o.percent) spec.onObservation?.(o, elapsed);
    last = o;
    if (o.done) return o;
    const remaining = spec.budgetMs - elapsed;
    if (remaining <= 0) throw new WaitTimeoutError(spec.kind, spec.resource, o.node, o.state, spec.budgetMs, spec.what, o.percent);
    let wait = Math.min(delay, remaining);
    // A resync reports its percentage: when it should end before the next poll, look just after.
    const eta = progress && o.percent !== undefined ? etaMs(progress, { at: elapsed, percent: o.percent }) : undefined;
    if (eta !== undefined && eta < wait) wait = Math.max(Math.min(initial, wait), eta + 20);
    if (o.percent !== undefined && (!progress || o.percent !== progress.percent)) progress = { at: elapsed, percent: o.percent };
    await new Promise((r) => setTimeout(r, wait));
    delay = Math.min(max, delay * factor);
  }
}

/** Milliseconds until 100 % at the rate between two progress readings (undefined without progress). */
function etaMs(a: { at: number; percent: number }, b: { at: number; percent: number }): number | undefined {
  const rate = (b.percent - a.percent) / (b.at - a.at);
  return rate > 0 && Number.isFinite(rate) ? (100 - b.percent) / rate : undefined;
}
