// A throwaway Pulumi stack on the real engine (Automation API, file backend in a temp folder),
// shared with the end-to-end tests so the benchmark runs the engine exactly as they do.

import type { PulumiFn } from "@pulumi/pulumi/automation";
import { TestStack } from "../harness/pulumi";

export type { RunResult } from "../harness/pulumi";
export { TestStack };

/**
 * Engine settings a run is measured with, from BENCH_ENGINE_ENV ("PULUMI_SKIP_CHECKPOINTS=true,…"):
 * the scale bench compares the same workload with and without them.
 */
export function engineEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (env.BENCH_ENGINE_ENV ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`BENCH_ENGINE_ENV: expected NAME=value, got "${pair}"`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The engine settings as results record them: a password in a backend URL is masked. */
export function engineEnvShown(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(Object.entries(engineEnv(env)).map(([k, v]) => [k, v.replace(/^([a-z0-9+]+:\/\/[^:/@]*:)[^@/]*@/i, "$1****@")]));
}

export function benchStack(program: PulumiFn, endpoint: string, projectName = "pulumi-linstor-bench"): Promise<TestStack> {
  return TestStack.create({ program, projectName, stackName: "bench", config: { "linstor:endpoint": endpoint }, env: engineEnv() });
}

/** Replicas as `rd@node` (`~` marks diskless), sorted: compares end states of two runs. */
export function replicaSummary(rs: { name?: string; node_name?: string; flags?: string[] }[]): string[] {
  return rs.map((r) => `${r.name}@${r.node_name}${(r.flags ?? []).some((f) => /DISKLESS/.test(f)) ? "~" : ""}`).sort();
}
