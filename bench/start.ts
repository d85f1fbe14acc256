// Section "start": the fixed cost of one `pulumi up`. The engine's own start is an `up` of a
// program without resources; a one-definition up adds one definition (3 Pulumi resources) to a
// stack that holds the cluster already (its nodes and pools adopted by an earlier up). The issue's
// goal: the second ≤ 5 s above the first.

import type { BenchConfig } from "./config";
import { EMPTY_PROGRAM } from "./contenders/engine-floor";
import { describeRss, measure, Measured } from "./measure";
import { linstorProject, nodeProject, withProject } from "./project";
import { pulumiArgs } from "./pulumi-cli";
import { scaleStackYaml, withCluster } from "./scale-program";
import { median, round } from "./stats";

export interface StartRun {
  empty: Measured;
  oneDefinition: Measured;
}

export interface StartResult {
  runs: StartRun[];
  median: { emptyMs: number; oneDefinitionMs: number; aboveEngineMs: number; oneDefinitionRequests: number };
}

async function oneRun(cfg: BenchConfig, log: (s: string) => void): Promise<StartRun> {
  const empty = await withProject("empty", nodeProject("empty", EMPTY_PROGRAM), {}, async (p) => {
    const { value: _out, ...m } = await measure(undefined, () => p.stack.cli(pulumiArgs(cfg, "create")));
    return m;
  });
  log(`start: empty program up ${empty.ms} ms, RSS ${describeRss(empty.rssKib)}, load ${empty.load}`);
  const oneDefinition = await withCluster((sim) => {
    const { files, config } = linstorProject("one", scaleStackYaml(0), sim.url);
    return withProject("one", files, config, async (p) => {
      await p.stack.cli(pulumiArgs(cfg, "create"));
      p.write("stack.yaml", scaleStackYaml(1));
      const { value: _out, ...m } = await measure(sim, () => p.stack.cli(pulumiArgs(cfg, "update")));
      return m;
    });
  });
  log(`start: one-definition up ${oneDefinition.ms} ms, ${oneDefinition.requests.total} requests, RSS ${describeRss(oneDefinition.rssKib)}, load ${oneDefinition.load}`);
  return { empty, oneDefinition };
}

export async function benchStart(cfg: BenchConfig, log: (s: string) => void): Promise<StartResult> {
  const runs: StartRun[] = [];
  for (let i = 0; i < cfg.startRuns; i++) runs.push(await oneRun(cfg, log));
  const emptyMs = median(runs.map((r) => r.empty.ms));
  const oneDefinitionMs = median(runs.map((r) => r.oneDefinition.ms));
  return {
    runs,
    median: { emptyMs, oneDefinitionMs, aboveEngineMs: round(oneDefinitionMs - emptyMs), oneDefinitionRequests: median(runs.map((r) => r.oneDefinition.requests.total)) },
  };
}
