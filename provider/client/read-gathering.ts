// How long the live cache holds a batch of scoped reads open for more readers (see LiveCache.refresh).
//
// In a large `up` the engine hands the provider one step at a time, and each step reads its
// definition's lists right after its write: about 20 ms apart with the engine's checkpoints off,
// 80 ms with them on (300 definitions). A batch sent at once seldom has a second reader; held open
// until the next reader is likely to come, it takes the reads of the next few steps in one request.
// A 300-definition create, one run each, requests per definition and time: checkpoints on, 6.38
// at once and 4.57 held 100 ms (50.0 and 53.6 s); checkpoints off, 5.67 at once, 3.66 held 100 ms,
// 3.95 held 40 ms (15.3, 18.8 and 14.9 s). So the window follows the readers' spacing, up to a cap.

/** The longest a batch is held open (and the longest gap between readers that still counts as a stream). */
export const GATHER_MS = 100;

/** A batch waits this many times the readers' usual spacing: long enough for the next one. */
const SPACINGS = 1.5;
/** Readers this close together came at once (their batch takes them anyway): not a spacing. */
const SAME_MOMENT_MS = 2;

export class ReadGathering {
  /** When the last batch went out, and the definitions it read. */
  private lastBatch?: { at: number; definitions: Set<string> };
  /** When the last reader of definitions the last batch did not read came, and the moving average of their spacing. */
  private lastReader?: { at: number; spacingMs?: number };

  /** `maxMs` 0: batches never wait. `clock`: wall time (it times real waits). */
  constructor(private readonly maxMs = GATHER_MS, private readonly clock: () => number = Date.now) {}

  /**
   * A reader of these definitions joins or begins a batch. Returns whether it is part of a stream:
   * the last batch went out less than maxMs ago and did not read these definitions. One
   * definition's own steps (definition, volume, replicas: each waits for the one before) are no
   * stream, so a small `up` never waits.
   */
  reader(definitions: Iterable<string>): boolean {
    const last = this.lastBatch;
    const now = this.clock();
    if (this.maxMs <= 0 || !last || now - last.at >= this.maxMs) return false;
    if (![...definitions].some((d) => !last.definitions.has(d))) return false;
    const prev = this.lastReader;
    const gap = prev ? now - prev.at : Infinity;
    if (gap < SAME_MOMENT_MS) return true;
    const spacingMs = gap >= this.maxMs ? undefined : prev?.spacingMs === undefined ? gap : 0.75 * prev.spacingMs + 0.25 * gap;
    this.lastReader = { at: now, spacingMs };
    return true;
  }

  /** How long a batch begun by a stream reader waits for more readers. */
  windowMs(): number {
    const spacing = this.lastReader?.spacingMs;
    return spacing === undefined ? this.maxMs : Math.min(this.maxMs, Math.ceil(SPACINGS * spacing));
  }

  /** A batch went out with these definitions. */
  sent(definitions: Iterable<string>): void {
    this.lastBatch = { at: this.clock(), definitions: new Set(definitions) };
  }

  /** Resolves when a batch begun by this reader should go out: after windowMs in a stream, else at the next turn of the event loop. */
  wait(streaming: boolean): Promise<void> {
    return new Promise<void>((resolve) => (streaming ? setTimeout(resolve, this.windowMs()) : setImmediate(resolve)));
  }
}
