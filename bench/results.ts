// The JSON document one bench run writes to bench/results/.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { BenchConfig } from "./config";
import type { ConvergenceResult } from "./convergence";
import type { PlannerResult } from "./planner";
import type { ScaleResult } from "./scale";
import type { WalkthroughResult } from "./walkthrough";
import type { PluginResult } from "./plugin";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryMib: number;
  node: string;
  platform: string;
}

export interface BenchResults {
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  config: Omit<BenchConfig, "resultsDir">;
  walkthrough?: WalkthroughResult;
  plugin?: PluginResult;
  scale?: ScaleResult;
  convergence?: ConvergenceResult;
  planner?: PlannerResult;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryMib: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Writes bench-<timestamp>.json and latest.json; returns the timestamped path. */
export function writeResults(dir: string, r: BenchResults): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${r.startedAt.replace(/[:.]/g, "-")}.json`);
  const text = `${JSON.stringify(r, null, 2)}\n`;
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, "latest.json"), text);
  return file;
}
