// The benchmark machinery as a library: run.ts is the command, the smoke test calls runBench with
// a tiny configuration.

import * as os from "os";
import type { BenchConfig } from "./config";
import { benchConvergence } from "./convergence";
import { benchPlanner } from "./planner";
import { BenchResults, machineInfo, writeResults } from "./results";
import { benchMove } from "./move";
import { benchScale } from "./scale";
import { benchStart } from "./start";
import { benchWalkthrough } from "./walkthrough";
import { benchPlugin } from "./plugin";

export { benchConfig, SECTIONS } from "./config";
export type { BenchConfig } from "./config";
export type { BenchResults } from "./results";
export { markdownTable, textTable } from "./table";

export async function runBench(cfg: BenchConfig, log: (s: string) => void = () => undefined): Promise<{ results: BenchResults; file: string }> {
  const started = Date.now();
  const { resultsDir, ...config } = cfg;
  const results: BenchResults = { startedAt: new Date(started).toISOString(), durationMs: 0, machine: machineInfo(), config };
  const on = (s: string): boolean => cfg.sections.includes(s as BenchConfig["sections"][number]);
  // The planner first: it measures CPU alone, before any engine or simulator has run.
  if (on("planner")) results.planner = benchPlanner(cfg, log);
  if (on("walkthrough")) results.walkthrough = await benchWalkthrough(cfg, log);
  if (on("plugin")) results.plugin = await benchPlugin(cfg, log);
  if (on("convergence")) results.convergence = await benchConvergence(cfg, log);
  if (on("start")) results.start = await benchStart(cfg, log);
  if (on("move")) results.move = await benchMove(cfg, log);
  if (on("scale")) results.scale = await benchScale(cfg, log);
  results.durationMs = Date.now() - started;
  results.machine.loadAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  return { results, file: writeResults(resultsDir, results) };
}
