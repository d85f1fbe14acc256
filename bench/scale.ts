// Sections 2 and 5: a stack of ~1,000 replicas from empty through `pulumi up`, then a no-op up,
// a preview and a refresh; wall time and the REST requests the simulator counted for each, and
// the peak RSS of the dynamic provider process during each.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { repoRoot } from "../scripts/engine";
import type { BenchConfig } from "./config";
import { byKind, KindCounts, perRoute, perRouteText } from "./requests";
import { rawScale } from "./raw-scale";
import { ProcessRssSampler } from "./rss";
import { makeCluster, nodeNames, scaleProgram, scaleYamlProject } from "./scale-program";
import { RequestCounts, requestCounts, startBenchSim } from "./sim";
import { benchStack, engineEnv, RunResult, TestStack } from "./stack";
import { median, round, timed } from "./stats";

export const SCALE_OPS = ["create", "noopUp", "preview", "refresh"] as const;
export type ScaleOp = (typeof SCALE_OPS)[number];

export interface ScaleOpResult {
  ms: number;
  requests: RequestCounts;
  byKind: Record<string, KindCounts>;
  /** Requests per definition by route (method and path pattern), most frequent first. */
  perDefinition: Record<string, number>;
  /** REST requests divided by the Pulumi resources of the stack. */
  requestsPerResource: number;
  /** Highest VmHWM of the dynamic provider process during the operation (KiB). */
  providerPeakRssKib?: number;
  /** Highest VmHWM of the engine (`pulumi`) during the operation (KiB). */
  enginePeakRssKib?: number;
  /** Engine operations other than "same" (a no-op run must have none). */
  changes: number;
  /** Bytes of the stack's checkpoint file after the operation, and per Pulumi resource. */
  stateBytes: number;
  stateBytesPerResource: number;
}

export interface ScaleResult {
  definitions: number;
  replicas: number;
  pulumiResources: number;
  nodes: number;
  runs: Record<ScaleOp, ScaleOpResult>[];
  /** The same create as a plain REST script (bench/raw-scale.ts), one per run, on its own simulator. */
  raw: { ms: number; requests: number }[];
  median: Record<ScaleOp, { ms: number; requests: number; requestsPerResource: number; providerPeakRssKib?: number; enginePeakRssKib?: number }>;
  /** TypeScript program of dynamic resources, or Pulumi YAML served by the plugin (BENCH_SCALE_FRONT_DOOR). */
  frontDoor: string;
  /** Engine environment the Pulumi runs had on top of the offline defaults (BENCH_ENGINE_ENV). */
  engineSettings: Record<string, string>;
  /** Medians: Pulumi create / raw script, and requests per definition of both. */
  comparison: { rawMs: number; createRatio: number; requestsPerDefinition: number; rawRequestsPerDefinition: number; stateBytesPerResource: number };
}

const NODES = 6;

function changesIn(r: RunResult): number {
  let n = 0;
  for (const [name, ops] of Object.entries(r.ops)) if (!name.includes(":")) n += ops.filter((o) => o !== "same" && o !== "read" && o !== "refresh").length;
  return n;
}

async function oneRun(cfg: BenchConfig, log: (s: string) => void): Promise<Record<ScaleOp, ScaleOpResult>> {
  const sim = await startBenchSim({ seedCluster: false });
  const nodes = nodeNames(NODES);
  let stack: TestStack | undefined;
  try {
    await makeCluster(sim.client(), nodes);
    stack = await scaleStack(cfg, nodes, sim.url);
    if (Object.keys(engineEnv()).length) log(`engine settings: ${JSON.stringify(engineEnv())}`);
    const resources = cfg.scaleDefinitions * 3;
    const out: Partial<Record<ScaleOp, ScaleOpResult>> = {};
    const s = stack;
    // BENCH_PARALLEL: the engine's --parallel for both ups (its default is 4 × CPUs).
    const upOptions = process.env.BENCH_PARALLEL ? { parallel: Number(process.env.BENCH_PARALLEL) } : {};
    const ops: Record<ScaleOp, () => Promise<RunResult>> = {
      create: () => s.up(upOptions), noopUp: () => s.up(upOptions), preview: () => s.preview(), refresh: () => s.refresh(),
    };
    for (const op of SCALE_OPS) {
      await sim.clearRequests();
      const sampler = new ProcessRssSampler();
      sampler.start();
      const { ms, value } = await timed(ops[op]);
      const { provider: providerPeakRssKib, engine: enginePeakRssKib } = sampler.stop();
      const requests = await requestCounts(sim);
      const stateBytes = Buffer.byteLength(await s.stateText());
      const perDefinition = perRoute(requests, cfg.scaleDefinitions);
      out[op] = {
        stateBytes, stateBytesPerResource: Math.round(stateBytes / resources),
        ms, requests, byKind: byKind(requests), perDefinition, requestsPerResource: round(requests.total / resources, 2),
        providerPeakRssKib, enginePeakRssKib, changes: op === "create" ? 0 : changesIn(value),
      };
      log(`scale ${op}: ${ms} ms, ${requests.total} requests (${requests.reads} reads, ${requests.writes} writes)` +
        (providerPeakRssKib ? `, peak RSS provider ${Math.round(providerPeakRssKib / 1024)} MiB, engine ${Math.round((enginePeakRssKib ?? 0) / 1024)} MiB` : "") +
        `, state ${stateBytes} bytes (${Math.round(stateBytes / resources)}/resource), load ${os.loadavg()[0].toFixed(2)}`);
      if (requests.total > 0) log(`scale ${op} per definition: ${perRouteText(perDefinition)}`);
    }
    const live = await sim.client().resources.view();
    if (live.length !== resources) throw new Error(`scale: expected ${resources} replicas on the controller, found ${live.length}`);
    return out as Record<ScaleOp, ScaleOpResult>;
  } finally {
    await stack?.dispose();
    if (cfg.scaleFrontDoor === "plugin" && stack) fs.rmSync(stack.stack.workspace.workDir, { recursive: true, force: true });
    await sim.stop();
  }
}

/** The scale stack through the configured front door (BENCH_SCALE_FRONT_DOOR). */
function scaleStack(cfg: BenchConfig, nodes: string[], endpoint: string): Promise<TestStack> {
  if (cfg.scaleFrontDoor === "dynamic") return benchStack(scaleProgram(cfg.scaleDefinitions, nodes), endpoint, "pulumi-linstor-scale");
  const workDir = scaleYamlProject(cfg.scaleDefinitions, nodes, path.join(repoRoot, "provider", "plugin", "bin"));
  return TestStack.forProgramDir({ workDir, stackName: "bench", config: { "linstor:endpoint": endpoint }, env: engineEnv() });
}

/** The create as a plain REST script, on a simulator and cluster of its own. */
async function rawRun(cfg: BenchConfig, log: (s: string) => void): Promise<{ ms: number; requests: number }> {
  const sim = await startBenchSim({ seedCluster: false });
  try {
    const nodes = nodeNames(NODES);
    await makeCluster(sim.client(), nodes);
    await sim.clearRequests();
    const { ms } = await timed(() => rawScale(sim.client(), cfg.scaleDefinitions, nodes));
    const requests = (await requestCounts(sim)).total;
    log(`scale raw REST script: ${ms} ms, ${requests} requests`);
    return { ms, requests };
  } finally {
    await sim.stop();
  }
}

export async function benchScale(cfg: BenchConfig, log: (s: string) => void): Promise<ScaleResult> {
  const runs: Record<ScaleOp, ScaleOpResult>[] = [];
  const raw: { ms: number; requests: number }[] = [];
  for (let i = 0; i < cfg.scaleRuns; i++) {
    raw.push(await rawRun(cfg, log));
    runs.push(await oneRun(cfg, log));
  }
  const med = {} as ScaleResult["median"];
  for (const op of SCALE_OPS) {
    const rss = runs.map((r) => r[op].providerPeakRssKib).filter((x): x is number => x !== undefined);
    const engineRss = runs.map((r) => r[op].enginePeakRssKib).filter((x): x is number => x !== undefined);
    med[op] = {
      enginePeakRssKib: engineRss.length > 0 ? median(engineRss) : undefined,
      ms: median(runs.map((r) => r[op].ms)),
      requests: median(runs.map((r) => r[op].requests.total)),
      requestsPerResource: median(runs.map((r) => r[op].requestsPerResource)),
      providerPeakRssKib: rss.length > 0 ? median(rss) : undefined,
    };
  }
  const rawMs = median(raw.map((r) => r.ms));
  const comparison = {
    rawMs, createRatio: round(med.create.ms / rawMs, 2),
    requestsPerDefinition: round(med.create.requests / cfg.scaleDefinitions, 2),
    rawRequestsPerDefinition: round(median(raw.map((r) => r.requests)) / cfg.scaleDefinitions, 2),
    stateBytesPerResource: median(runs.map((r) => r.create.stateBytesPerResource)),
  };
  return {
    definitions: cfg.scaleDefinitions, replicas: cfg.scaleDefinitions * 3, pulumiResources: cfg.scaleDefinitions * 3,
    nodes: NODES, runs, raw, median: med, comparison, frontDoor: cfg.scaleFrontDoor,
    engineSettings: { ...engineEnv(), ...(process.env.BENCH_PARALLEL ? { parallel: process.env.BENCH_PARALLEL } : {}) },
  };
}
