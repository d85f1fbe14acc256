// Section 1: the seed walkthrough through `pulumi up` (8 steps, real engine) against the same
// steps as hand-written client calls, on fresh simulators with the same resync rate, run after
// run side by side.

import { STEPS, walkthrough } from "../examples/typescript/walkthrough";
import { pattern, SimHandle } from "../harness/sim";
import type { BenchConfig } from "./config";
import { RAW_STEPS, rawStep } from "./raw-walkthrough";
import { startBenchSim } from "./sim";
import { benchStack, replicaSummary } from "./stack";
import { median, round, timed } from "./stats";

export interface WalkthroughRun {
  pulumiMs: number;
  rawMs: number;
  pulumiStepMs: number[];
  rawStepMs: number[];
  /** Both ended with the same replicas on the same nodes. */
  sameEndState: boolean;
}

export interface WalkthroughResult {
  steps: number;
  resyncRateKibPerSec: number;
  runs: WalkthroughRun[];
  median: { pulumiMs: number; rawMs: number; ratio: number; pulumiStepMs: number[]; rawStepMs: number[] };
}

/**
 * Untimed, on both sides: data written into SharedData after step 2, so the moves of steps 3 and
 * 7 resync a definition that holds data (the simulator skips the resync of an empty one).
 */
async function between(sim: SimHandle, step: number): Promise<void> {
  if (step === 2) await sim.writeData("SharedData", "remus", 0, 0, pattern("bench", 64 * 1024));
}

async function endState(sim: SimHandle): Promise<string[]> {
  return replicaSummary(await sim.client().resources.view());
}

async function pulumiRun(cfg: BenchConfig): Promise<{ ms: number; stepMs: number[]; end: string[] }> {
  const sim = await startBenchSim({ seedCluster: true, resyncRateKibPerSec: cfg.resyncRateKibPerSec });
  let step = 1;
  const stack = await benchStack(async () => walkthrough(step), sim.url);
  try {
    const stepMs: number[] = [];
    for (step = 1; step <= STEPS.length; step++) {
      stepMs.push((await timed(() => stack.up())).ms);
      await between(sim, step);
    }
    return { ms: round(stepMs.reduce((a, b) => a + b, 0)), stepMs, end: await endState(sim) };
  } finally {
    await stack.dispose();
    await sim.stop();
  }
}

async function rawRun(cfg: BenchConfig): Promise<{ ms: number; stepMs: number[]; end: string[] }> {
  const sim = await startBenchSim({ seedCluster: true, resyncRateKibPerSec: cfg.resyncRateKibPerSec });
  try {
    const c = sim.client();
    const stepMs: number[] = [];
    for (let step = 1; step <= RAW_STEPS; step++) {
      stepMs.push((await timed(() => rawStep(c, step))).ms);
      await between(sim, step);
    }
    return { ms: round(stepMs.reduce((a, b) => a + b, 0)), stepMs, end: await endState(sim) };
  } finally {
    await sim.stop();
  }
}

export async function benchWalkthrough(cfg: BenchConfig, log: (s: string) => void): Promise<WalkthroughResult> {
  const runs: WalkthroughRun[] = [];
  for (let i = 0; i < cfg.walkthroughRuns; i++) {
    const p = await pulumiRun(cfg);
    const r = await rawRun(cfg);
    const sameEndState = JSON.stringify(p.end) === JSON.stringify(r.end);
    if (!sameEndState) log(`walkthrough: end states differ\n  pulumi: ${p.end.join(" ")}\n  raw:    ${r.end.join(" ")}`);
    runs.push({ pulumiMs: p.ms, rawMs: r.ms, pulumiStepMs: p.stepMs, rawStepMs: r.stepMs, sameEndState });
    log(`walkthrough run ${i + 1}/${cfg.walkthroughRuns}: pulumi ${p.ms} ms, raw client ${r.ms} ms`);
  }
  const col = (pick: (r: WalkthroughRun) => number[], k: number): number => median(runs.map((r) => pick(r)[k]));
  const pulumiMs = median(runs.map((r) => r.pulumiMs));
  const rawMs = median(runs.map((r) => r.rawMs));
  return {
    steps: STEPS.length,
    resyncRateKibPerSec: cfg.resyncRateKibPerSec,
    runs,
    median: {
      pulumiMs, rawMs, ratio: round(pulumiMs / rawMs, 2),
      pulumiStepMs: STEPS.map((_, k) => col((r) => r.pulumiStepMs, k)),
      rawStepMs: STEPS.map((_, k) => col((r) => r.rawStepMs, k)),
    },
  };
}
