// How the planner reads the health of replicas and nodes from live state.

import type { LiveNode, LiveReplica } from "../model/types";

/** A replica that is not on its way out. Replicas flagged for deletion count as gone for safety math. */
export function isActive(replica: LiveReplica): boolean {
  return !replica.deleting;
}

export function isDiskful(replica: LiveReplica): boolean {
  return !replica.diskless;
}

/** A diskless replica the controller placed as quorum witness; read and reported, never drift. */
export function isTieBreaker(replica: LiveReplica): boolean {
  return replica.diskless && replica.tieBreaker;
}

/**
 * Every volume of this diskful replica reports UpToDate. `volumeCount` is the number of volume
 * definitions: a replica that reports fewer volumes (state unknown, node offline) is not UpToDate.
 */
export function isUpToDate(replica: LiveReplica, volumeCount: number): boolean {
  if (replica.diskless || replica.deleting) return false;
  if (replica.volumes.length < volumeCount) return false;
  return replica.volumes.every((v) => v.diskState === "UpToDate");
}

export function isOnline(node: LiveNode | undefined): boolean {
  return node !== undefined && node.connectionStatus.toUpperCase() === "ONLINE";
}

/** What to call a replica in a step line: "tiebreaker", "diskless replica" or "replica". */
export function replicaNoun(replica: LiveReplica): string {
  if (isTieBreaker(replica)) return "tiebreaker";
  return replica.diskless ? "diskless replica" : "replica";
}

/** A short label of a replica's kind for messages. */
export function replicaKind(replica: LiveReplica): string {
  if (isTieBreaker(replica)) return "tiebreaker";
  if (replica.diskless) return "diskless";
  return replica.storagePool ? `diskful, pool ${replica.storagePool}` : "diskful";
}
