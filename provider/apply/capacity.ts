// How much a storage pool can still take, by the controller's own rules (1.34,
// FreeCapacityAutoPoolSelectorUtils and StorPoolFilter), so the pre-flight is never stricter than
// the controller:
//   estimate = min(free × MaxFreeCapacityOversubscriptionRatio,
//                  total × MaxTotalCapacityOversubscriptionRatio − reserved)
// Both ratios default to MaxOversubscriptionRatio: 20 for thin pools, 1 for thick ones; props are
// looked up on the pool, then the controller. `reserved` is what the pool already promised: the
// volumes placed in it and the snapshots taken there. A volume fits when the estimate covers its
// size; a thin pool must also keep Autoplacer/MinThinFreeSpace (default 10% of its total) in the
// estimate, looked up on the pool, the definition, its group, the node, then the controller.

import { sameName } from "../model/names";
import type { LiveCluster, LiveStoragePool, Props } from "../model/types";

const THIN_DEFAULT_RATIO = 20;
const THICK_DEFAULT_RATIO = 1;
const DEFAULT_MIN_THIN_FREE = "10%";

function ratio(pool: LiveStoragePool, ctrl: Props, key: string): number {
  for (const v of [pool.props[key], ctrl[key], pool.props.MaxOversubscriptionRatio, ctrl.MaxOversubscriptionRatio]) {
    const n = v === undefined ? NaN : Number(v);
    if (Number.isFinite(n) && n > 0) return n;
  }
  return pool.thin ? THIN_DEFAULT_RATIO : THICK_DEFAULT_RATIO;
}

/** KiB the pool already promised: its volumes (definition sizes) and its snapshots. */
export function reservedKib(pool: LiveStoragePool, live: LiveCluster): number {
  const sizeOf = (rd: string): number =>
    (live.resourceDefinitions.find((d) => sameName(d.name, rd))?.volumes ?? []).reduce((a, v) => a + v.sizeKib, 0);
  const inPool = live.resources.filter((r) => !r.diskless && sameName(r.node, pool.node) && r.storagePool !== undefined && sameName(r.storagePool, pool.name));
  let total = inPool.reduce((a, r) => a + sizeOf(r.resource), 0);
  for (const s of live.snapshots) {
    if (!s.nodes.some((n) => sameName(n, pool.node))) continue;
    if (!inPool.some((r) => sameName(r.resource, s.resource))) continue;
    total += s.volumes.reduce((a, v) => a + v.sizeKib, 0);
  }
  return total;
}

/** The controller's estimate of what the pool can still take, or undefined when it reports no capacity. */
export function capacityEstimateKib(pool: LiveStoragePool, live: LiveCluster): number | undefined {
  if (pool.freeKib === undefined) return undefined;
  const ctrl = live.controllerProps ?? {};
  const byFree = pool.freeKib * ratio(pool, ctrl, "MaxFreeCapacityOversubscriptionRatio");
  if (pool.totalKib === undefined) return byFree;
  const byTotal = pool.totalKib * ratio(pool, ctrl, "MaxTotalCapacityOversubscriptionRatio") - reservedKib(pool, live);
  return Math.min(byFree, byTotal);
}

/** Autoplacer/MinThinFreeSpace: a percent of the pool's total or a size (no unit = KiB). */
export function parseMinThinFree(value: string, totalKib: number | undefined): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT](?:i[bB]|[bB])?|[bB]|[sS]|%)?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "").toLowerCase();
  if (unit === "%") return totalKib === undefined ? undefined : Math.ceil((totalKib * n) / 100);
  if (unit === "") return n;
  if (unit === "b") return Math.ceil(n / 1024);
  if (unit === "s") return Math.ceil((n * 512) / 1024);
  const power = "kmgt".indexOf(unit[0]);
  const decimal = unit.endsWith("b") && !unit.endsWith("ib");
  const bytes = n * (decimal ? 1000 : 1024) ** (power + 1);
  return Math.ceil(bytes / 1024);
}

function minThinFreeKib(pool: LiveStoragePool, live: LiveCluster, resource: string): number {
  const rd = live.resourceDefinitions.find((d) => sameName(d.name, resource));
  const group = rd?.resourceGroup ? live.resourceGroups.find((g) => sameName(g.name, rd.resourceGroup as string)) : undefined;
  const node = live.nodes.find((n) => sameName(n.name, pool.node));
  const key = "Autoplacer/MinThinFreeSpace";
  const value = [pool.props, rd?.props, group?.props, node?.props, live.controllerProps].map((p) => p?.[key]).find((v) => v !== undefined);
  return parseMinThinFree(value ?? DEFAULT_MIN_THIN_FREE, pool.totalKib) ?? 0;
}

/** Why the controller would not place `needKib` of `resource` in this pool, or undefined when it would. */
export function poolSpaceProblem(pool: LiveStoragePool, needKib: number, live: LiveCluster, resource: string, formatKib: (k: number) => string): string | undefined {
  const estimate = capacityEstimateKib(pool, live);
  if (estimate === undefined || needKib <= 0) return undefined;
  const floor = pool.thin ? minThinFreeKib(pool, live, resource) : 0;
  if (estimate >= needKib && estimate >= floor) return undefined;
  const shown = formatKib(Math.max(0, Math.floor(estimate)));
  if (estimate < needKib) {
    const how = pool.thin ? `${shown} by the controller's over-commit estimate` : `${shown} free`;
    return `pool ${pool.name} can take ${how}, needs ${formatKib(needKib)}`;
  }
  return `pool ${pool.name} would keep less than Autoplacer/MinThinFreeSpace (${formatKib(floor)}) of its over-commit estimate (${shown})`;
}
