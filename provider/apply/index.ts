// provider/apply: the executor. Runs a plan's steps in order through the client, waits where the
// controller settles later, reports progress, and on failure says what completed and what exists.

import type { LinstorClient } from "../client/client";
import { ClusterApi, clusterApi } from "../client/cluster-api";
import { readLive } from "../client/live";
import { ApiCallRc } from "../client/rc";
import type { LiveCluster } from "../model/types";
import type { Plan, Step } from "../plan/steps";
import { ApplyError, WaitKind } from "./errors";
import type { PollOptions } from "./poll";
import { preflight } from "./preflight";
import { ProgressListener } from "./progress";
import { placesReplicas, runStep, stepTarget } from "./steps";
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
  /** The model-typed client the steps run through (default: over `client`); tests replace parts of it. */
  api?: ClusterApi;
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

export async function apply(plan: Plan, client: LinstorClient, options: ApplyOptions = {}): Promise<ApplyResult> {
  const total = plan.steps.length;
  const result: ApplyResult = { steps: [], warnings: [] };
  if (total === 0) return result;
  // The pre-flight needs live state only when the plan places replicas.
  const places = plan.steps.some(placesReplicas);
  if (options.preflight !== false && places) preflight(plan, options.live ?? (await readLive(client)));

  const api = options.api ?? clusterApi(client);
  const ctx: WaitContext = {
    api,
    budgets: { ...DEFAULT_BUDGETS, ...options.timeouts },
    poll: options.poll,
    onProgress: options.onProgress,
  };
  const emit: ProgressListener = (e) => options.onProgress?.(e);

  for (const [index, step] of plan.steps.entries()) {
    emit({ type: "step", phase: "start", index, total, description: step.description });
    try {
      const out = await runStep(api, step, ctx);
      for (const rc of out.rcs.filter((r) => r.severity === "warning")) {
        result.warnings.push({ index, description: step.description, rc });
        emit({ type: "warning", index, description: step.description, message: rc.message });
      }
      result.steps.push({ index, step, outcome: out.already ? "already" : "done", rcs: out.rcs });
      emit({ type: "step", phase: out.already ? "already" : "done", index, total, description: step.description });
    } catch (err) {
      const reason = err instanceof Error ? err : new Error(String(err));
      throw new ApplyError(result.steps.map((s) => s.step), step, index, reason, await describeNow(client, api, step));
    }
  }
  return result;
}

/** What exists now around a failed step, best effort (a failing controller must not hide the first error). */
async function describeNow(client: LinstorClient, api: ClusterApi, step: Step): Promise<string[]> {
  const { resource, node } = stepTarget(step);
  try {
    if (resource) return await describeDefinition(client, resource);
    return node ? await describeNode(api, node) : [];
  } catch (err) {
    return [`(could not read the current state: ${err instanceof Error ? err.message : String(err)})`];
  }
}

/** A definition's volumes, replicas (kind and disk states) and snapshots as the controller reports them now. */
async function describeDefinition(client: LinstorClient, rd: string): Promise<string[]> {
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
}

/** Node and storage-pool steps: the node (and its pools) as the controller reports them now. */
async function describeNode(api: ClusterApi, node: string): Promise<string[]> {
  const n = await api.nodes.read(node);
  if (!n) return [`no node ${node}`];
  const lines = [`node ${n.name}: ${n.connectionStatus}${n.flags.length ? ` [${n.flags.join(",")}]` : ""}`];
  for (const p of await api.pools.onNode(node)) lines.push(`storage pool ${p.name} on ${n.name}: ${p.providerKind}`);
  return lines;
}
