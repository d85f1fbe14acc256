// The waits: poll live state through the client until a condition (./conditions.ts) holds, within
// a budget per wait kind, reporting every new observation as progress.

import type { ClusterApi } from "../client/cluster-api";
import type { LiveReplica } from "../model/types";
import {
  definitionGoneCondition, nodeGoneCondition, replicaGoneCondition, snapshotGoneCondition, snapshotSuccessfulCondition,
  syncedCondition,
} from "./conditions";
import { WaitFailedError, WaitKind } from "./errors";
import { Observation, pollUntil, PollOptions } from "./poll";
import type { ProgressListener } from "./progress";

/** Budgets per wait kind in ms. */
export type WaitBudgets = Record<WaitKind, number>;

export const DEFAULT_BUDGETS: WaitBudgets = {
  synced: 10 * 60_000,
  replicaGone: 5 * 60_000,
  definitionGone: 5 * 60_000,
  snapshotSuccessful: 5 * 60_000,
  snapshotGone: 5 * 60_000,
  nodeGone: 5 * 60_000,
};

export interface WaitContext {
  api: ClusterApi;
  budgets: WaitBudgets;
  poll?: PollOptions;
  onProgress?: ProgressListener;
}

/** `check` learns whether it looks again (it saw an earlier answer, so it needs one read after it). */
function run(ctx: WaitContext, kind: WaitKind, resource: string, what: string, check: (again: boolean) => Promise<Observation>): Promise<Observation> {
  let checks = 0;
  return pollUntil({
    kind, resource, what, budgetMs: ctx.budgets[kind], check: () => check(checks++ > 0),
    onObservation: (o, elapsedMs) => ctx.onProgress?.({ type: "wait", kind, resource, what, state: o.state, node: o.node, percent: o.percent, elapsedMs }),
  }, ctx.poll);
}

/** Every volume of the named replicas (all diskful replicas when `nodes` is absent) is UpToDate. */
export async function waitSynced(ctx: WaitContext, resource: string, nodes?: string[]): Promise<void> {
  const what = `${resource} to be UpToDate${nodes?.length ? ` on ${nodes.join(", ")}` : " on all diskful replicas"}`;
  await run(ctx, "synced", resource, what, async (again) => {
    // The controller's own verdict first: one cheap call when all is well.
    if (!nodes?.length && (await ctx.api.definitions.syncedOnAll(resource))) return { done: true, state: "synced on all diskful replicas" };
    return syncedCondition(what, resource, await ctx.api.replicas.withStates(resource, again), nodes);
  });
}

/**
 * The replica on `node` is gone. `onPresent` runs while the replica is still there and not being
 * deleted (e.g. kept as a tiebreaker at the 3→2 boundary); it decides whether that ends the wait.
 */
export async function waitReplicaGone(
  ctx: WaitContext, resource: string, node: string, onPresent?: (r: LiveReplica) => Promise<"done" | "continue">,
): Promise<void> {
  await run(ctx, "replicaGone", resource, `the replica of ${resource} on ${node} to be gone`, async () => {
    const r = await ctx.api.replicas.read(resource, node);
    const kept = r !== undefined && !r.deleting && onPresent !== undefined && (await onPresent(r)) === "done";
    return replicaGoneCondition(node, r, kept);
  });
}

export async function waitDefinitionGone(ctx: WaitContext, resource: string): Promise<void> {
  await run(ctx, "definitionGone", resource, `resource definition ${resource} to be gone`, async (again) => {
    const rd = await ctx.api.definitions.read(resource);
    return definitionGoneCondition(rd, rd ? await ctx.api.replicas.withStates(resource, again) : []);
  });
}

export async function waitSnapshotSuccessful(ctx: WaitContext, resource: string, snapshot: string): Promise<void> {
  await run(ctx, "snapshotSuccessful", resource, `snapshot ${snapshot} of ${resource} to be successful`, async () => {
    const s = await ctx.api.snapshots.read(resource, snapshot);
    if (!s) throw new WaitFailedError(`snapshot ${snapshot} of ${resource} does not exist`);
    return snapshotSuccessfulCondition(s);
  });
}

export async function waitSnapshotGone(ctx: WaitContext, resource: string, snapshot: string): Promise<void> {
  await run(ctx, "snapshotGone", resource, `snapshot ${snapshot} of ${resource} to be gone`, async () =>
    snapshotGoneCondition(await ctx.api.snapshots.read(resource, snapshot)));
}

export async function waitNodeGone(ctx: WaitContext, node: string): Promise<void> {
  await run(ctx, "nodeGone", node, `node ${node} to be gone`, async () => nodeGoneCondition(await ctx.api.nodes.read(node)));
}
