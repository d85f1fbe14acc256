// Capacity queries: how large a volume the pools can still take (QueryMaxVlmSize).
import { SimCore } from "../core";
import { key } from "../names";
import { sortedValues, StorPoolRec, thinKind } from "../state";
/** Oversubscription estimate of a pool's room (FreeCapacityAutoPoolSelectorUtils), KiB. */
function roomKib(sim: SimCore, p: StorPoolRec): number {
  const free = sim.freeKib(p) ?? 0;
  if (!thinKind(p.kind)) return free;
  const ratio = Number(p.props["MaxOversubscriptionRatio"] ?? sim.state.controllerProps["MaxOversubscriptionRatio"] ?? 20);
  const reserved = sim.volumesInPool(p.node, p.name).reduce((a, v) => a + v.sizeKib, 0);
  return Math.max(0, Math.min(free * ratio, (p.totalKib ?? 0) * ratio - reserved));
}

/** Max volume size per pool name over the `count` best nodes holding it (QueryMaxVlmSize). */
export function maxVolumeSize(sim: SimCore, count: number, poolNames?: string[]): Record<string, unknown> {
  const byName = new Map<string, StorPoolRec[]>();
  for (const n of sortedValues(sim.state.nodes)) {
    if (!n.online || n.flags.includes("EVACUATE")) continue;
    for (const p of sim.poolsOf(n.name)) {
      if (p.kind === "DISKLESS" || (poolNames?.length && !poolNames.map(key).includes(key(p.name)))) continue;
      byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    }
  }
  const candidates = [];
  for (const [name, pools] of [...byName].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (pools.length < count) continue;
    const best = [...pools].sort((a, b) => roomKib(sim, b) - roomKib(sim, a) || a.node.localeCompare(b.node)).slice(0, count);
    candidates.push({ storage_pool: name, max_volume_size: Math.min(...best.map((p) => roomKib(sim, p))), node_names: best.map((p) => p.node), all_thin: best.every((p) => thinKind(p.kind)) });
  }
  return { candidates, default_max_oversubscription_ratio: 20 };
}
