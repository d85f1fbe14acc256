// Readiness conditions the executor waits for, each one poll of live state per round:
// replicas UpToDate (sync-status and volume states), a replica gone, a definition gone, a
// snapshot successful or gone, a node gone.

import type { LinstorClient } from "../client/client";
import { isNotFound, orUndefined } from "../client/errors";
import { toLiveReplica } from "../client/live";
import type { LiveReplica } from "../model/types";
import { hasDrbd, isVolumeReady } from "../plan/health";
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
  client: LinstorClient;
  budgets: WaitBudgets;
  poll?: PollOptions;
  onProgress?: ProgressListener;
}

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

function run(ctx: WaitContext, kind: WaitKind, resource: string, what: string, check: () => Promise<Observation>): Promise<Observation> {
  return pollUntil({
    kind, resource, what, budgetMs: ctx.budgets[kind], check,
    onObservation: (o, elapsedMs) => ctx.onProgress?.({ type: "wait", kind, resource, what, state: o.state, node: o.node, percent: o.percent, elapsedMs }),
  }, ctx.poll);
}

/** Where one replica stands on the way to UpToDate. */
function replicaSyncState(r: LiveReplica): { done: boolean; state: string; percent?: number } {
  if (r.volumes.length === 0) return { done: false, state: `${r.node}: no volume state reported (node offline or not yet reported)` };
  const notReady = r.volumes.filter((v) => !isVolumeReady(r, v));
  if (notReady.length === 0) return { done: true, state: `${r.node}: ${hasDrbd(r) ? "UpToDate" : "created"}` };
  const percents = notReady.map((v) => v.syncPercent).filter((p): p is number => p !== undefined);
  const states = notReady.map((v) => `volume ${v.number} ${v.diskState ?? (hasDrbd(r) ? "unknown (no report)" : "not created yet")}`).join(", ");
  return { done: false, state: `${r.node}: ${states}`, percent: percents.length ? Math.min(...percents) : undefined };
}

/**
 * Every volume of the named replicas (all diskful replicas when `nodes` is absent) is UpToDate.
 * Named nodes without a replica make the wait fail at once: nothing would ever sync there.
 */
export async function waitSynced(ctx: WaitContext, resource: string, nodes?: string[]): Promise<void> {
  const what = `${resource} to be UpToDate${nodes?.length ? ` on ${nodes.join(", ")}` : " on all diskful replicas"}`;
  await run(ctx, "synced", resource, what, async () => {
    if (!nodes?.length) {
      // The controller's own verdict first: one cheap call when all is well.
      const s = await ctx.client.resourceDefinitions.syncStatus(resource);
      if (s.synced_on_all) return { done: true, state: "synced on all diskful replicas" };
    }
    const replicas = (await ctx.client.resources.view({ resources: [resource] })).map(toLiveReplica)
      .filter((r) => !r.diskless && !r.deleting);
    const wanted = nodes?.length ? nodes : replicas.map((r) => r.node);
    const missing = wanted.filter((n) => !replicas.some((r) => same(r.node, n)));
    if (missing.length) throw new WaitFailedError(`waiting for ${what}: no diskful replica of ${resource} on ${missing.join(", ")}`);
    const states = wanted.map((n) => replicaSyncState(replicas.find((r) => same(r.node, n)) as LiveReplica));
    const pending = states.filter((s) => !s.done);
    if (pending.length === 0) return { done: true, state: "all UpToDate" };
    const slowest = pending.reduce((a, b) => ((a.percent ?? -1) <= (b.percent ?? -1) ? a : b));
    const node = slowest.state.split(":")[0];
    return { done: false, state: pending.map((s) => s.state).join("; "), node, percent: slowest.percent };
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
    const raw = await orUndefined(ctx.client.resources.get(resource, node));
    if (!raw) return { done: true, state: "gone" };
    const r = toLiveReplica(raw);
    if (!r.deleting && onPresent && (await onPresent(r)) === "done") {
      return { done: true, state: `${node}: kept as ${r.tieBreaker ? "tiebreaker" : r.diskless ? "diskless replica" : "replica"}` };
    }
    return { done: false, state: `${node}: ${r.deleting ? "deleting" : r.tieBreaker ? "tiebreaker" : "present"} (${r.flags.join(",") || "no flags"})`, node };
  });
}

export async function waitDefinitionGone(ctx: WaitContext, resource: string): Promise<void> {
  await run(ctx, "definitionGone", resource, `resource definition ${resource} to be gone`, async () => {
    const rd = await orUndefined(ctx.client.resourceDefinitions.get(resource));
    if (!rd) return { done: true, state: "gone" };
    // Name the replica that holds the delete up (typically on an offline node).
    const left = (await ctx.client.resources.view({ resources: [resource] })).map(toLiveReplica);
    const node = left[0]?.node;
    return { done: false, state: left.length ? `replicas left on ${left.map((r) => `${r.node}${r.deleting ? " (deleting)" : ""}`).join(", ")}` : `flags ${(rd.flags ?? []).join(",") || "none"}`, node };
  });
}

export async function waitSnapshotSuccessful(ctx: WaitContext, resource: string, snapshot: string): Promise<void> {
  await run(ctx, "snapshotSuccessful", resource, `snapshot ${snapshot} of ${resource} to be successful`, async () => {
    const s = await ctx.client.snapshots.get(resource, snapshot);
    const flags = s.flags ?? [];
    if (flags.includes("SUCCESSFUL")) return { done: true, state: "successful" };
    const failed = flags.filter((f) => f.startsWith("FAILED"));
    if (failed.length) throw new WaitFailedError(`snapshot ${snapshot} of ${resource} failed (${failed.join(", ")})`);
    return { done: false, state: `flags ${flags.join(",") || "none"} on ${(s.nodes ?? []).join(", ")}` };
  });
}

export async function waitSnapshotGone(ctx: WaitContext, resource: string, snapshot: string): Promise<void> {
  await run(ctx, "snapshotGone", resource, `snapshot ${snapshot} of ${resource} to be gone`, async () => {
    const s = await orUndefined(ctx.client.snapshots.get(resource, snapshot));
    return s ? { done: false, state: `flags ${(s.flags ?? []).join(",") || "none"}` } : { done: true, state: "gone" };
  });
}

export async function waitNodeGone(ctx: WaitContext, node: string): Promise<void> {
  await run(ctx, "nodeGone", node, `node ${node} to be gone`, async () => {
    try {
      const n = await ctx.client.nodes.get(node);
      return { done: false, state: `${n.connection_status ?? "UNKNOWN"}, flags ${(n.flags ?? []).join(",") || "none"}`, node };
    } catch (err) {
      if (isNotFound(err)) return { done: true, state: "gone" };
      throw err;
    }
  });
}
