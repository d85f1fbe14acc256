// A throwaway Pulumi stack on the real engine (Automation API, file backend in a temp folder),
// shared with the end-to-end tests so the benchmark runs the engine exactly as they do.

import type { PulumiFn } from "@pulumi/pulumi/automation";
import { TestStack } from "../harness/pulumi";

export type { RunResult } from "../harness/pulumi";
export { TestStack };

export function benchStack(program: PulumiFn, endpoint: string, projectName = "pulumi-linstor-bench"): Promise<TestStack> {
  return TestStack.create({ program, projectName, stackName: "bench", config: { "linstor:endpoint": endpoint } });
}

/** Replicas as `rd@node` (`~` marks diskless), sorted: compares end states of two runs. */
export function replicaSummary(rs: { name?: string; node_name?: string; flags?: string[] }[]): string[] {
  return rs.map((r) => `${r.name}@${r.node_name}${(r.flags ?? []).some((f) => /DISKLESS/.test(f)) ? "~" : ""}`).sort();
}
