// Section 3: how soon a replica move ends after its resync ends. One definition with data moves
// back and forth between kronos and vulcan through `pulumi up`; from the simulator's event log:
// resync-done of the new replica → resource-deleted of the old one (the move's end), and →
// the end of the `up` as the caller sees it.

import * as linstor from "../provider";
import { pattern } from "../harness/sim";
import { moveTimes } from "./move-events";
import type { BenchConfig } from "./config";
import { startBenchSim } from "./sim";
import { benchStack } from "./stack";
import { median, round, timed } from "./stats";

export interface MoveRun {
  from: string;
  to: string;
  resyncRateKibPerSec: number;
  upMs: number;
  resyncMs: number;
  /** resync-done → old replica deleted. */
  moveEndLagMs: number;
  /** resync-done → `pulumi up` returned. */
  upEndLagMs: number;
}

export interface ConvergenceResult {
  /** Resync durations the runs cycle through (the simulator's rate is set per run). */
  resyncSeconds: number[];
  volumeMib: number;
  runs: MoveRun[];
  median: { moveEndLagMs: number; upEndLagMs: number; resyncMs: number; upMs: number };
  max: { moveEndLagMs: number };
}

const RD = "MoveMe";
const SIZE_MIB = 150;
/**
 * Resyncs of a few seconds, so the waits' backoff has grown when they end, and of different
 * lengths, so the end falls at different points between two polls (one length could be lucky).
 */
const RESYNC_SECONDS = [2, 2.6, 3.3, 4.1, 5];

async function setResyncRate(url: string, kibPerSec: number): Promise<void> {
  const res = await fetch(`${url}/sim/config`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ resyncRateKibPerSec: kibPerSec }),
  });
  if (!res.ok) throw new Error(`POST /sim/config: HTTP ${res.status}`);
}

export async function benchConvergence(cfg: BenchConfig, log: (s: string) => void): Promise<ConvergenceResult> {
  const sim = await startBenchSim({ seedCluster: true, resyncRateKibPerSec: cfg.resyncRateKibPerSec });
  let nodes = ["kronos", "remus", "romulus"];
  const stack = await benchStack(async () => {
    const rd = new linstor.ResourceDefinition(RD, { name: RD, layerStack: ["DRBD", "STORAGE"] });
    const vd = new linstor.VolumeDefinition(`${RD}-0`, { resource: rd.name, size: `${SIZE_MIB}m` });
    new linstor.Resource(`${RD}-replicas`, { resource: rd.name, nodes, storagePool: "thinpool" }, { dependsOn: [vd] });
    return {};
  }, sim.url, "pulumi-linstor-convergence");
  const runs: MoveRun[] = [];
  try {
    await stack.up();
    await sim.writeData(RD, "remus", 0, 0, pattern("convergence", 64 * 1024));
    for (let i = 0; i < cfg.convergenceRuns; i++) {
      const [from, to] = i % 2 === 0 ? ["kronos", "vulcan"] : ["vulcan", "kronos"];
      nodes = [to, "remus", "romulus"];
      const rate = Math.round((SIZE_MIB * 1024) / RESYNC_SECONDS[i % RESYNC_SECONDS.length]);
      await setResyncRate(sim.url, rate);
      const mark = (await sim.events()).reduce((m, e) => Math.max(m, e.seq), 0);
      const { ms: upMs } = await timed(() => stack.up());
      const upEnd = Date.now();
      const t = moveTimes(await sim.events(mark), RD, from, to);
      const run = { from, to, resyncRateKibPerSec: rate, upMs, resyncMs: t.done - t.start, moveEndLagMs: t.deleted - t.done, upEndLagMs: upEnd - t.done };
      runs.push(run);
      log(`move ${from} → ${to}: resync ${run.resyncMs} ms, old replica gone ${run.moveEndLagMs} ms after the resync, up returned after ${run.upEndLagMs} ms`);
    }
  } finally {
    await stack.dispose();
    await sim.stop();
  }
  return {
    resyncSeconds: RESYNC_SECONDS.slice(0, Math.min(RESYNC_SECONDS.length, runs.length)),
    volumeMib: SIZE_MIB,
    runs,
    median: {
      moveEndLagMs: median(runs.map((r) => r.moveEndLagMs)),
      upEndLagMs: median(runs.map((r) => r.upEndLagMs)),
      resyncMs: median(runs.map((r) => r.resyncMs)),
      upMs: round(median(runs.map((r) => r.upMs))),
    },
    max: { moveEndLagMs: Math.max(...runs.map((r) => r.moveEndLagMs)) },
  };
}
