// Section "plugin": the same seed walkthrough (8 `pulumi up`s, then a no-op `up`) through the two
// front doors, dynamic resources (TypeScript program) and the provider plugin (Pulumi YAML
// programs of examples/pulumi-yaml), on fresh simulators with the same resync rate, run after run.

import { walkthrough } from "../examples/typescript/walkthrough";
import { useStep, yamlProject } from "../harness/pulumi-yaml";
import type { BenchConfig } from "./config";
import { startBenchSim } from "./sim";
import { benchStack, replicaSummary, TestStack } from "./stack";
import { median, round, timed } from "./stats";

const STEPS = 8;

export interface FrontDoorRun {
  dynamicMs: number;
  pluginMs: number;
  dynamicNoopMs: number;
  pluginNoopMs: number;
  sameEndState: boolean;
}

export interface PluginResult {
  runs: FrontDoorRun[];
  median: { dynamicMs: number; pluginMs: number; dynamicNoopMs: number; pluginNoopMs: number };
}

/** The walkthrough on a fresh simulator: total ms of the 8 steps, ms of a no-op up, end state. */
async function run(cfg: BenchConfig, make: (url: string) => Promise<{ stack: TestStack; setStep(s: number): void }>): Promise<{ ms: number; noopMs: number; end: string[] }> {
  const sim = await startBenchSim({ seedCluster: true, resyncRateKibPerSec: cfg.resyncRateKibPerSec });
  const { stack, setStep } = await make(sim.url);
  try {
    let ms = 0;
    for (let step = 1; step <= STEPS; step++) {
      setStep(step);
      ms += (await timed(() => stack.up())).ms;
    }
    const noopMs = (await timed(() => stack.up())).ms;
    return { ms: round(ms), noopMs: round(noopMs), end: replicaSummary(await sim.client().resources.view()) };
  } finally {
    await stack.dispose();
    await sim.stop();
  }
}

export async function benchPlugin(cfg: BenchConfig, log: (s: string) => void): Promise<PluginResult> {
  const runs: FrontDoorRun[] = [];
  for (let i = 0; i < cfg.walkthroughRuns; i++) {
    let step = 1;
    const dynamic = await run(cfg, async (url) => ({ stack: await benchStack(async () => walkthrough(step), url), setStep: (s) => { step = s; } }));
    const dir = yamlProject();
    const plugin = await run(cfg, async (url) => ({
      stack: await TestStack.forProgramDir({ workDir: dir, stackName: "bench", config: { "linstor:endpoint": url } }),
      setStep: (s) => useStep(dir, s),
    }));
    const sameEndState = JSON.stringify(dynamic.end) === JSON.stringify(plugin.end);
    runs.push({ dynamicMs: dynamic.ms, pluginMs: plugin.ms, dynamicNoopMs: dynamic.noopMs, pluginNoopMs: plugin.noopMs, sameEndState });
    log(`plugin run ${i + 1}/${cfg.walkthroughRuns}: dynamic ${dynamic.ms} ms, plugin ${plugin.ms} ms${sameEndState ? "" : " (END STATES DIFFER)"}`);
  }
  const m = (pick: (r: FrontDoorRun) => number): number => median(runs.map(pick));
  return { runs, median: { dynamicMs: m((r) => r.dynamicMs), pluginMs: m((r) => r.pluginMs), dynamicNoopMs: m((r) => r.dynamicNoopMs), pluginNoopMs: m((r) => r.pluginNoopMs) } };
}
