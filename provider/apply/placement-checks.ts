// The placement checks of the pre-flight (./preflight.ts): explicit placements and auto-placements
// against live nodes, pools and free space, the way the controller's autoplacer filters candidates
// (linstor-rest.md §7), naming which criterion fails for which node instead of the controller's
// opaque "Not enough available nodes" (linstor-server #95, #457, #494).
//
// Objects the plan creates itself (nodes, pools, volume definitions) count as present; their
// capacity is unknown, so their free space is not checked.

import { formatKib } from "../model/sizes";
import type { LiveCluster, LiveNode, LiveStoragePool, PlacementSpec, ReplicaPlacement } from "../model/types";
import { capacityEstimateKib, poolSpaceProblem } from "./capacity";

const up = (s: string): string => s.toUpperCase();
const same = (a: string | undefined, b: string | undefined): boolean => up(a ?? "") === up(b ?? "");

/** Live state plus what the plan creates before its placements (declared by the step kinds). */
export class PlacementWorld {
  readonly plannedNodes = new Set<string>();
  readonly plannedPools: { node: string; name: string; providerKind: string }[] = [];
  private readonly sizes = new Map<string, Map<number, number>>();

  constructor(readonly live: LiveCluster) {
    for (const d of live.resourceDefinitions) for (const v of d.volumes) this.setSize(d.name, v.number, v.sizeKib);
  }

  declareNode(name: string): void {
    this.plannedNodes.add(up(name));
  }

  declarePool(node: string, name: string, providerKind: string): void {
    this.plannedPools.push({ node, name, providerKind });
  }

  setSize(rd: string, nr: number, kib: number): void {
    const m = this.sizes.get(up(rd)) ?? new Map<number, number>();
    m.set(nr, kib);
    this.sizes.set(up(rd), m);
  }

  /** The volumes of a snapshot restored into `to` get the snapshot's sizes. */
  restoreSizes(from: string, snapshot: string, to: string): void {
    const snap = this.live.snapshots.find((x) => same(x.resource, from) && same(x.name, snapshot));
    for (const v of snap?.volumes ?? []) this.setSize(to, v.number, v.sizeKib);
  }

  /** KiB each diskful replica of the definition needs. */
  needKib(rd: string): number {
    return [...(this.sizes.get(up(rd))?.values() ?? [])].reduce((a, b) => a + b, 0);
  }
}

type World = PlacementWorld;

export function nodeProblem(w: World, name: string): string | undefined {
  const n = w.live.nodes.find((x) => same(x.name, name));
  if (!n) return w.plannedNodes.has(up(name)) ? undefined : `${name}: no such node`;
  return nodeStateProblem(n);
}

function nodeStateProblem(n: LiveNode): string | undefined {
  if (n.connectionStatus !== "ONLINE") return `${n.name}: ${n.connectionStatus}`;
  const bad = n.flags.filter((f) => f === "DELETE" || f === "EVACUATE" || f === "EVICTED");
  if (bad.length) return `${n.name}: flagged ${bad.join(", ")}`;
  return undefined;
}

/** Why this pool cannot take `need` KiB of `rd`, by the controller's capacity rules (capacity.ts). */
function spaceProblem(w: World, p: LiveStoragePool, rd: string, need: number): string | undefined {
  return poolSpaceProblem(p, need, w.live, rd, formatKib);
}

function findPool(w: World, node: string, pool: string): LiveStoragePool | { planned: true; providerKind: string } | undefined {
  const live = w.live.storagePools.find((p) => same(p.node, node) && same(p.name, pool));
  if (live) return live;
  const planned = w.plannedPools.find((p) => same(p.node, node) && same(p.name, pool));
  return planned ? { planned: true, providerKind: planned.providerKind } : undefined;
}

/** Problems of one explicit replica (empty when it can be placed). */
export function explicitProblems(w: World, rd: string, r: ReplicaPlacement | { node: string; storagePool?: string; diskless?: boolean }): string[] {
  const live = w.live.resources.find((x) => same(x.resource, rd) && same(x.node, r.node) && !x.deleting);
  // An existing diskful replica needs nothing more; an existing diskless one (e.g. a tiebreaker
  // that becomes diskful) still needs the disk space.
  if (live && (r.diskless || !live.diskless)) return [];
  const np = nodeProblem(w, r.node);
  if (np) return [np];
  if (r.diskless) return [];
  const poolName = r.storagePool ?? "DfltStorPool";
  const pool = findPool(w, r.node, poolName);
  if (!pool) return [`${r.node}: no storage pool ${poolName}`];
  if (pool.providerKind === "DISKLESS") return [`${r.node}: pool ${poolName} is DISKLESS, a diskful replica needs a pool with a backing disk`];
  if ("planned" in pool) return [];
  const sp = spaceProblem(w, pool, rd, w.needKib(rd));
  return sp ? [`${r.node}: ${sp}`] : [];
}

/** The controller looks placement keys up verbatim (no Aux/ fallback: that prefix is the CLI's doing). */
function nodePropValue(n: LiveNode, key: string): string | undefined {
  return n.props[key];
}

/** Checks an auto-placement; returns problems (empty when it can be met). */
export function autoPlaceProblems(w: World, rd: string, p: PlacementSpec & { placeCount: number }, avoidNodes: string[] = []): string[] {
  const existing = w.live.resources.filter((r) => same(r.resource, rd) && !r.diskless && !r.deleting);
  const needed = p.placeCount - existing.length;
  if (needed <= 0) return [];
  const need = w.needKib(rd);
  const reasons: string[] = [];
  let candidates: { node: LiveNode; pool: LiveStoragePool }[] = [];
  const avoid = (p.doNotPlaceWith ?? []).map(up);
  const avoidRe = p.doNotPlaceWithRegex ? new RegExp(p.doNotPlaceWithRegex, "i") : undefined;

  for (const node of [...w.live.nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    if (existing.some((r) => same(r.node, node.name))) continue;
    if (avoidNodes.some((a) => same(a, node.name))) continue;
    const np = nodeStateProblem(node);
    if (np) { reasons.push(np); continue; }
    if (node.type !== "SATELLITE" && node.type !== "COMBINED") continue;
    if (nodePropValue(node, "AutoplaceTarget") === "false") { reasons.push(`${node.name}: AutoplaceTarget=false`); continue; }
    const blocking = w.live.resources.filter((r) => same(r.node, node.name) && !r.deleting &&
      (avoid.includes(up(r.resource)) || (avoidRe?.test(r.resource) ?? false)));
    if (blocking.length) { reasons.push(`${node.name}: holds ${blocking[0].resource} (do-not-place-with)`); continue; }
    const missingSame = (p.replicasOnSame ?? []).filter((k) => nodePropValue(node, k.split("=")[0]) === undefined ||
      (k.includes("=") && nodePropValue(node, k.split("=")[0]) !== k.slice(k.indexOf("=") + 1)));
    if (missingSame.length) { reasons.push(`${node.name}: node property ${missingSame[0]} not set (replicas-on-same)`); continue; }

    const pools = w.live.storagePools.filter((sp) => same(sp.node, node.name) && sp.providerKind !== "DISKLESS" &&
      (!p.storagePools?.length || p.storagePools.some((n) => same(n, sp.name))) &&
      (!p.providerList?.length || p.providerList.some((k) => same(k, String(sp.providerKind)))) &&
      sp.props.AutoplaceTarget !== "false");
    if (!pools.length) {
      reasons.push(`${node.name}: no ${p.storagePools?.length ? `storage pool ${p.storagePools.join(" or ")}` : "diskful storage pool"}${p.providerList?.length ? ` of kind ${p.providerList.join("/")}` : ""}`);
      continue;
    }
    const fitting = pools.filter((sp) => !spaceProblem(w, sp, rd, need));
    const room = (sp: LiveStoragePool): number => capacityEstimateKib(sp, w.live) ?? Infinity;
    if (!fitting.length) {
      const best = [...pools].sort((a, b) => room(b) - room(a))[0];
      reasons.push(`${node.name}: ${spaceProblem(w, best, rd, need)}`);
      continue;
    }
    const bestPool = fitting.sort((a, b) => room(b) - room(a))[0];
    candidates.push({ node, pool: bestPool });
  }

  // replicas-on-same: existing replicas fix the value; otherwise the largest group of equal values.
  for (const key of (p.replicasOnSame ?? []).map((k) => k.split("=")[0])) {
    const fixed = existing.map((r) => w.live.nodes.find((n) => same(n.name, r.node))).map((n) => (n ? nodePropValue(n, key) : undefined)).find((v) => v !== undefined);
    const groups = new Map<string, typeof candidates>();
    for (const c of candidates) {
      const v = nodePropValue(c.node, key) as string;
      groups.set(v, [...(groups.get(v) ?? []), c]);
    }
    const pick = fixed !== undefined ? fixed : [...groups.entries()].sort((a, b) => b[1].length - a[1].length)[0]?.[0];
    for (const c of candidates) if (nodePropValue(c.node, key) !== pick) reasons.push(`${c.node.name}: ${key}=${nodePropValue(c.node, key)}, the replicas are on ${key}=${pick} (replicas-on-same)`);
    candidates = candidates.filter((c) => nodePropValue(c.node, key) === pick);
  }

  // replicas-on-different: at most one replica per value (existing replicas use theirs up).
  let qualifying = candidates.length;
  for (const key of p.replicasOnDifferent ?? []) {
    const used = new Set(existing.map((r) => w.live.nodes.find((n) => same(n.name, r.node))).map((n) => (n ? nodePropValue(n, key) : undefined)).filter((v): v is string => v !== undefined));
    const values = new Set<string>();
    let count = 0;
    for (const c of candidates) {
      const v = nodePropValue(c.node, key);
      if (v === undefined) { count++; continue; }
      if (used.has(v) || values.has(v)) { reasons.push(`${c.node.name}: ${key}=${v} already holds a replica (replicas-on-different)`); continue; }
      values.add(v);
      count++;
    }
    qualifying = Math.min(qualifying, count);
  }

  if (qualifying >= needed) return [];
  const have = existing.length ? ` (${existing.length} exist)` : "";
  const head = `auto-place ${p.placeCount} of ${rd}${have}: only ${qualifying} node${qualifying === 1 ? "" : "s"} qualif${qualifying === 1 ? "ies" : "y"}, ${needed} needed`;
  return [[head, ...reasons].join("; ")];
}
