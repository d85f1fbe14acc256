// How the planner reads the health of replicas and nodes from live state.

import type { LayerKind, LiveNode, LiveReplica, LiveVolume } from "../model/types";

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
 * These layers replicate (they include DRBD). Unknown layers count as DRBD, LINSTOR's default stack.
 * Without DRBD, LINSTOR's "replicas" of a definition are unrelated local volumes: nothing copies
 * data between them.
 */
export function layersReplicate(layers: readonly LayerKind[] | undefined): boolean {
  return !layers?.length || layers.includes("DRBD");
}

/** The replica replicates through DRBD (and so reports DRBD disk states). */
export function hasDrbd(replica: LiveReplica): boolean {
  return layersReplicate(replica.layers);
}

/**
 * The volume holds its data: UpToDate for DRBD. A replica without DRBD (e.g. STORAGE only) has no
 * disk state at all (a real controller reports `state: {}`); its volume is ready once the satellite
 * has created it, which the controller shows as the volume's device path.
 */
export function isVolumeReady(replica: LiveReplica, volume: LiveVolume): boolean {
  if (hasDrbd(replica)) return volume.diskState === "UpToDate";
  return volume.diskState === "UpToDate" || (volume.devicePath !== undefined && volume.devicePath !== "");
}

/**
 * Every volume of this diskful replica holds its data (see isVolumeReady). `volumeCount` is the number
 * of volume definitions: a replica that reports fewer volumes (state unknown, node offline) is not.
 */
export function isUpToDate(replica: LiveReplica, volumeCount: number): boolean {
  if (replica.diskless || replica.deleting) return false;
  if (replica.volumes.length < volumeCount) return false;
  return replica.volumes.every((v) => isVolumeReady(replica, v));
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
