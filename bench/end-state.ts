// What every contender of a workload must leave behind, read over REST: one line per replica
// (definition, node, diskful or not, pool, disk states, volume sizes), sorted. Ports and minors
// are left out: they follow the order of creation, which differs between contenders.

import { toLiveReplica } from "../provider/client/live";
import type { LinstorClient } from "../provider/client";

export async function endState(c: LinstorClient): Promise<string[]> {
  const definitions = await c.resourceDefinitions.list({ withVolumeDefinitions: true });
  const sizes = new Map(definitions.map((rd) => [rd.name, (rd.volume_definitions ?? []).map((v) => v.size_kib)]));
  return (await c.resources.view()).map(toLiveReplica).map((r) => [
    r.resource, r.node, r.diskless ? "diskless" : "diskful", r.storagePool ?? "-",
    r.volumes.map((v) => v.diskState ?? "?").join(","), (sizes.get(r.resource) ?? []).join(","),
  ].join(" ")).sort();
}

/** The first line where two end states differ, or undefined when they are the same. */
export function firstDifference(a: string[], b: string[]): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `${a[i] ?? "(nothing)"} ≠ ${b[i] ?? "(nothing)"}`;
  }
  return undefined;
}
