// Polling with backoff and a budget: the only way the executor waits (no fixed sleeps).

import { WaitKind, WaitTimeoutError } from "./errors";

export interface PollOptions {
  /** First delay between polls; default 100 ms. */
  initialMs?: number;
  /** Growth per poll; default 1.5. */
  factor?: number;
  /** Cap of one delay; default 2 s. */
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
  const max = opts.maxMs ?? 2000;
  const start = Date.now();
  let delay = initial;
  let last: Observation | undefined;
  for (;;) {
    const o = await spec.check();
    const elapsed = Date.now() - start;
    if (!last || last.state !== o.state || last.percent !== o.percent) spec.onObservation?.(o, elapsed);
    last = o;
    if (o.done) return o;
    const remaining = spec.budgetMs - elapsed;
    if (remaining <= 0) throw new WaitTimeoutError(spec.kind, spec.resource, o.node, o.state, spec.budgetMs, spec.what);
    await new Promise((r) => setTimeout(r, Math.min(delay, remaining)));
    delay = Math.min(max, delay * factor);
  }
}
