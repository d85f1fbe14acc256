// provider/apply: the executor. Runs a plan's steps in order through the client, waits where the
// controller settles later, reports progress, and on failure says what completed and what exists.

import type { LinstorClient } from "../client/client";
import { orUndefined } from "../client/errors";
import { readLive } from "../client/live";
import { ApiCallRc } from "../client/rc";
import type { LiveCluster } from "../model/types";
import type { Plan, Step } from "../plan/steps";
import { ApplyError, WaitKind } from "./errors";
import type { PollOptions } from "./poll";
import { preflight } from "./preflight";
import { ProgressListener } from "./progress";
import { runStep } from "./run-step";
import { DEFAULT_BUDGETS, WaitContext } from "./waits";

export { ApplyError, ConflictError, PlacementError, WaitFailedError, WaitTimeoutError, WaitKind } from "./errors";
export { capacityEstimateKib, parseMinThinFree, reservedKib } from "./capacity";
export { checkPlacements, preflight } from "./preflight";
export { formatProgress, ProgressEvent, ProgressListener } from "./progress";
export { DEFAULT_BUDGETS } from "./waits";
export type { PollOptions } from "./poll";

export interface ApplyOptions {
  /** Budget per wait kind in ms (defaults: DEFAULT_BUDGETS, e.g. 10 min for a resync). */
  timeouts?: Partial<Record<WaitKind, number>>;
  onProgress?: ProgressListener;
  /** Poll backoff: start 100 ms, factor 1.5, cap 2 s. */
  poll?: PollOptions;
  /** Run the placement pre-flight before the first step (default true). */
  preflight?: boolean;
  /** Live state to pre-flight against; read from the controller when absent. */
  live?: LiveCluster;
}

export interface StepReport {
  index: number;
  step: Step;
  /** "already": the step found its work done (a re-run after an interrupted apply). */
  outcome: "done" | "already";
  /** Every ApiCallRc entry the controller answered (successes, infos, warnings). */
  rcs: ApiCallRc[];
}

export interface ApplyResult {
  steps: StepReport[];
  /** Warnings the controller answered with, in step order (they do not fail the apply). */
  warnings: { index: number; description: string; rc: ApiCallRc }[];
}

const PLACEMENT_OPS = new Set<Step["op"]>(["createReplicas", "autoPlace", "toggleDisk", "restoreReplicas"]);

export async function apply(plan: Plan, client: LinstorClient, options: ApplyOptions = {}): Promise<ApplyResult> {
  const total = plan.steps.length;
  const result: ApplyResult = { steps: [], warnings: [] };
  if (total === 0) return result;
  // The pre-flight needs live state only when the plan places replicas.
  const places = plan.steps.some((s) => PLACEMENT_OPS.has(s.op));
  if (options.preflight !== false && places) preflight(plan, options.live ?? (await readLive(client)));

  const ctx: WaitContext = {
    client,
    budgets: { ...DEFAULT_BUDGETS, ...options.timeouts },
    poll: options.poll,
    onProgress: options.onProgress,
  };
  const emit: ProgressListener = (e) => options.onProgress?.(e);

  for (const [index, step] of plan.steps.entries()) {
    emit({ type: "step", phase: "start", index, total, description: step.description });
    try {
      const out = await runStep(client, step, ctx);
      for (const rc of out.rcs.filter((r) => r.severity === "warning")) {
        result.warnings.push({ index, description: step.description, rc });
        emit({ type: "warning", index, description: step.description, message: rc.message });
      }
      result.steps.push({ index, step, outcome: out.already ? "already" : "done", rcs: out.rcs });
      emit({ type: "step", phase: out.already ? "already" : "done", index, total, description: step.description });
    } catch (err) {
      const reason = err instanceof Error ? err : new Error(String(err));
      throw new ApplyError(result.steps.map((s) => s.step), step, index, reason, await describeNow(client, step));
    }
  }
  return result;
}

/** What exists now around a failed step, best effort (a failing controller must not hide the first error). */
async function describeNow(client: LinstorClient, step: Step): Promise<string[]> {
  const rd = resourceOf(step);
  try {
    if (!rd) return await describeInfra(client, step);
    const live = await readLive(client, { resources: [rd] });
    const lines: string[] = [];
    for (const d of live.resourceDefinitions) {
      lines.push(`resource definition ${d.name}${d.volumes.length ? ` with ${d.volumes.map((v) => `volume ${v.number} (${v.sizeKib} KiB)`).join(", ")}` : ""}${d.flags.length ? ` [${d.flags.join(",")}]` : ""}`);
    }
    for (const r of live.resources) {
      const kind = r.tieBreaker ? "tiebreaker" : r.diskless ? "diskless" : `diskful${r.storagePool ? ` in ${r.storagePool}` : ""}`;
      const states = r.volumes.map((v) => v.diskState ?? "unknown").join("/") || "no state";
      lines.push(`replica of ${r.resource} on ${r.node}: ${kind}, ${states}${r.deleting ? ", deleting" : ""}`);
    }
    for (const s of live.snapshots) lines.push(`snapshot ${s.name} of ${s.resource} on ${s.nodes.join(", ")}${s.successful ? "" : ` [${s.flags.join(",")}]`}`);
    if (!lines.length) lines.push(`nothing of ${rd}`);
    return lines;
  } catch (err) {
    return [`(could not read the current state: ${err instanceof Error ? err.message : String(err)})`];
  }
}

/** Node and storage-pool steps: the node (and its pool) as the controller reports them now. */
async function describeInfra(client: LinstorClient, step: Step): Promise<string[]> {
  const node = step.op === "createNode" ? step.node.name
    : step.op === "createStoragePool" ? step.pool.node
      : "node" in step && typeof step.node === "string" ? step.node
        : "name" in step && /Node$/.test(step.op) ? step.name : undefined;
  if (!node) return [];
  const n = await orUndefined(client.nodes.get(node));
  if (!n) return [`no node ${node}`];
  const lines = [`node ${n.name}: ${n.connection_status ?? "UNKNOWN"}${n.flags?.length ? ` [${n.flags.join(",")}]` : ""}`];
  for (const p of await client.storagePools.listOnNode(node)) {
    lines.push(`storage pool ${p.storage_pool_name} on ${n.name}: ${p.provider_kind}`);
  }
  return lines;
}

function resourceOf(step: Step): string | undefined {
  switch (step.op) {
    case "createResourceDefinition": return step.definition.name;
    case "createVolumeDefinition": return step.volume.resource;
    case "modifyResourceDefinition": case "deleteResourceDefinition": return step.name;
    case "restoreReplicas": case "restoreVolumeDefinitions": return step.to;
    default: return "resource" in step && typeof step.resource === "string" ? step.resource : undefined;
  }
}
