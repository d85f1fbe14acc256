// The JSON document one bench run writes to bench/results/.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { BenchConfig } from "./config";
import type { ConvergenceResult } from "./convergence";
import type { PlannerResult } from "./planner";
import type { MoveResult } from "./move";
import type { ScaleResult } from "./scale";
import type { StartResult } from "./start";
import type { WalkthroughResult } from "./walkthrough";
import type { PluginResult } from "./plugin";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryMib: number;
  node: string;
  platform: string;
  /** 1-, 5- and 15-minute load averages when the run started and when it ended. */
  loadAtStart: number[];
  loadAtEnd?: number[];
}

export interface BenchResults {
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
  config: Omit<BenchConfig, "resultsDir">;
  walkthrough?: WalkthroughResult;
  plugin?: PluginResult;
  scale?: ScaleResult;
  move?: MoveResult;
  start?: StartResult;
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
    loadAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
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
