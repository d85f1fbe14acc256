// One measured step of a contender: wall time, the REST requests the simulator counted, the peak
// RSS of every process that ran, and the machine's 1-minute load average when it ended.

import * as os from "os";
import type { SimHandle } from "../harness/sim";
import { ProcessRole, ProcessRssSampler } from "./rss";
import { RequestCounts, requestCounts } from "./sim";
import { median, round, timed } from "./stats";

export interface Measured {
  ms: number;
  requests: RequestCounts;
  /** Highest VmHWM per kind of process during the step (KiB). */
  rssKib: Partial<Record<ProcessRole, number>>;
  load: number;
}

export async function measure<T>(sim: SimHandle | undefined, fn: () => Promise<T>): Promise<Measured & { value: T }> {
  await sim?.clearRequests();
  const sampler = new ProcessRssSampler();
  sampler.start();
  const out = await timed(fn).finally(() => sampler.stop());
  const rssKib = sampler.peaks();
  const requests = sim ? await requestCounts(sim) : { total: 0, reads: 0, writes: 0, byRoute: {} };
  return { ...out, requests, rssKib, load: round(os.loadavg()[0], 2) };
}

/** Median of each role's peak over several steps. */
export function medianRss(steps: Partial<Record<ProcessRole, number>>[]): Partial<Record<ProcessRole, number>> {
  const roles = new Set(steps.flatMap((s) => Object.keys(s) as ProcessRole[]));
  return Object.fromEntries([...roles].map((r) => [r, median(steps.map((s) => s[r]).filter((x): x is number => x !== undefined))]));
}

export function describeRss(rss: Partial<Record<ProcessRole, number>>): string {
  return Object.entries(rss).map(([role, kib]) => `${role} ${Math.round((kib ?? 0) / 1024)}`).join(", ") + " MiB";
}
