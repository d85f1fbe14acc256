// Readiness conditions, each a pure judgement of one observation of live state: is the wait over,
// what state is it in, which node holds it up, how far a resync got. The waits (./waits.ts) poll
// live state and ask these; tests feed them recorded controller answers.

import type { LiveNode, LiveReplica, LiveResourceDefinition, LiveSnapshot } from "../model/types";
import { hasDrbd, isVolumeReady } from "../plan/replica-health";
import { WaitFailedError } from "./errors";
import type { Observation } from "./poll";

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

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
 * Every volume of the replicas on `nodes` (every diskful replica when absent) is ready. A named
 * node without a diskful replica fails the wait at once: nothing would ever sync there.
 */
export function syncedCondition(what: string, resource: string, replicas: LiveReplica[], nodes?: string[]): Observation {
  const diskful = replicas.filter((r) => !r.diskless && !r.deleting);
  const wanted = nodes?.length ? nodes : diskful.map((r) => r.node);
  const missing = wanted.filter((n) => !diskful.some((r) => same(r.node, n)));
  if (missing.length) throw new WaitFailedError(`waiting for ${what}: no diskful replica of ${resource} on ${missing.join(", ")}`);
  const pending = wanted.map((n) => replicaSyncState(diskful.find((r) => same(r.node, n)) as LiveReplica)).filter((s) => !s.done);
  if (pending.length === 0) return { done: true, state: "all UpToDate" };
  const slowest = pending.reduce((a, b) => ((a.percent ?? -1) <= (b.percent ?? -1) ? a : b));
  return { done: false, state: pending.map((s) => s.state).join("; "), node: slowest.state.split(":")[0], percent: slowest.percent };
}

/** The replica is gone; one still there and not being deleted is "kept" when `keptAs` accepts it. */
export function replicaGoneCondition(node: string, replica: LiveReplica | undefined, kept = false): Observation {
  if (!replica) return { done: true, state: "gone" };
  if (!replica.deleting && kept) {
    return { done: true, state: `${node}: kept as ${replica.tieBreaker ? "tiebreaker" : replica.diskless ? "diskless replica" : "replica"}` };
  }
  const what = replica.deleting ? "deleting" : replica.tieBreaker ? "tiebreaker" : "present";
  return { done: false, state: `${node}: ${what} (${replica.flags.join(",") || "no flags"})`, node };
}

/** The definition is gone; while it is not, the replicas left name the node that holds it up. */
export function definitionGoneCondition(definition: LiveResourceDefinition | undefined, left: LiveReplica[]): Observation {
  if (!definition) return { done: true, state: "gone" };
  const state = left.length
    ? `replicas left on ${left.map((r) => `${r.node}${r.deleting ? " (deleting)" : ""}`).join(", ")}`
    : `flags ${definition.flags.join(",") || "none"}`;
  return { done: false, state, node: left[0]?.node };
}

/** The snapshot is SUCCESSFUL on every node; a FAILED_* flag ends the wait with an error. */
export function snapshotSuccessfulCondition(snapshot: LiveSnapshot): Observation {
  if (snapshot.successful) return { done: true, state: "successful" };
  const failed = snapshot.flags.filter((f) => f.startsWith("FAILED"));
  if (failed.length) throw new WaitFailedError(`snapshot ${snapshot.name} of ${snapshot.resource} failed (${failed.join(", ")})`);
  return { done: false, state: `flags ${snapshot.flags.join(",") || "none"} on ${snapshot.nodes.join(", ")}` };
}

export function snapshotGoneCondition(snapshot: LiveSnapshot | undefined): Observation {
  return snapshot ? { done: false, state: `flags ${snapshot.flags.join(",") || "none"}` } : { done: true, state: "gone" };
}

export function nodeGoneCondition(node: LiveNode | undefined): Observation {
  if (!node) return { done: true, state: "gone" };
  return { done: false, state: `${node.connectionStatus}, flags ${node.flags.join(",") || "none"}`, node: node.name };
}
