// Sections 2 and 5: a stack of ~1,000 replicas from empty through `pulumi up`, then a no-op up,
// a preview and a refresh; wall time and the REST requests the simulator counted for each, and
// the peak RSS of the dynamic provider process during each.

import * as os from "os";
import type { BenchConfig } from "./config";
import { byKind, KindCounts } from "./requests";
import { ProviderRssSampler } from "./rss";
import { makeCluster, nodeNames, scaleProgram } from "./scale-program";
import { RequestCounts, requestCounts, startBenchSim } from "./sim";
import { benchStack, RunResult, TestStack } from "./stack";
import { median, round, timed } from "./stats";

export const SCALE_OPS = ["create", "noopUp", "preview", "refresh"] as const;
export type ScaleOp = (typeof SCALE_OPS)[number];

export interface ScaleOpResult {
  ms: number;
  requests: RequestCounts;
  byKind: Record<string, KindCounts>;
  /** REST requests divided by the Pulumi resources of the stack. */
  requestsPerResource: number;
  /** Highest VmHWM of the dynamic provider process during the operation (KiB). */
  providerPeakRssKib?: number;
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
  median: Record<ScaleOp, { ms: number; requests: number; requestsPerResource: number; providerPeakRssKib?: number }>;
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
    stack = await benchStack(scaleProgram(cfg.scaleDefinitions, nodes), sim.url, "pulumi-linstor-scale");
    const resources = cfg.scaleDefinitions * 3;
    const out: Partial<Record<ScaleOp, ScaleOpResult>> = {};
    const s = stack;
    const ops: Record<ScaleOp, () => Promise<RunResult>> = {
      create: () => s.up(), noopUp: () => s.up(), preview: () => s.preview(), refresh: () => s.refresh(),
    };
    for (const op of SCALE_OPS) {
      await sim.clearRequests();
      const sampler = new ProviderRssSampler();
      sampler.start();
      const { ms, value } = await timed(ops[op]);
      const providerPeakRssKib = sampler.stop();
      const requests = await requestCounts(sim);
      const stateBytes = Buffer.byteLength(await s.stateText());
      out[op] = {
        stateBytes, stateBytesPerResource: Math.round(stateBytes / resources),
        ms, requests, byKind: byKind(requests), requestsPerResource: round(requests.total / resources, 2),
        providerPeakRssKib, changes: op === "create" ? 0 : changesIn(value),
      };
      log(`scale ${op}: ${ms} ms, ${requests.total} requests (${requests.reads} reads, ${requests.writes} writes)` +
        (providerPeakRssKib ? `, provider peak RSS ${Math.round(providerPeakRssKib / 1024)} MiB` : "") +
        `, state ${stateBytes} bytes (${Math.round(stateBytes / resources)}/resource), load ${os.loadavg()[0].toFixed(2)}`);
    }
    const live = await sim.client().resources.view();
    if (live.length !== resources) throw new Error(`scale: expected ${resources} replicas on the controller, found ${live.length}`);
    return out as Record<ScaleOp, ScaleOpResult>;
  } finally {
    await stack?.dispose();
    await sim.stop();
  }
}

export async function benchScale(cfg: BenchConfig, log: (s: string) => void): Promise<ScaleResult> {
  const runs: Record<ScaleOp, ScaleOpResult>[] = [];
  for (let i = 0; i < cfg.scaleRuns; i++) runs.push(await oneRun(cfg, log));
  const med = {} as ScaleResult["median"];
  for (const op of SCALE_OPS) {
    const rss = runs.map((r) => r[op].providerPeakRssKib).filter((x): x is number => x !== undefined);
    med[op] = {
      ms: median(runs.map((r) => r[op].ms)),
      requests: median(runs.map((r) => r[op].requests.total)),
      requestsPerResource: median(runs.map((r) => r[op].requestsPerResource)),
      providerPeakRssKib: rss.length > 0 ? median(rss) : undefined,
    };
  }
  return {
    definitions: cfg.scaleDefinitions, replicas: cfg.scaleDefinitions * 3, pulumiResources: cfg.scaleDefinitions * 3,
    nodes: NODES, runs, median: med,
  };
}
