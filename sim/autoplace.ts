// The autoplacer after linstor-server's core/apicallhandler/controller/autoplacer: StorPoolFilter
// (candidate pools), StrategyHandler (scores: MaxFreeSpace, MinReservedSpace, MinRscCount with
// weights from Autoplacer/Weights/*), Selector/SelectionManager (backtracking search for the best
// total score under the same/different-props, one-pool-per-node and driver-mixing rules).
import { RcError } from "./apicallrc";
import type { SimCore } from "./core";
import { key } from "./names";
import { isDeleting, isDiskless, NodeRec, RscDfnRec, SelectFilter, StorPoolRec, thinKind } from "./state";

export interface Pick {
  node: NodeRec;
  pool: StorPoolRec;
}

/**
 * AutoSelectFilterPojo.merge: a request field that is not null wins, an explicit [] included. A
 * REST select_filter always carries node_name_list (default []), so the group's node list only
 * applies when there is no request filter (balancing, spawn without a select_filter).
 */
export function mergeFilter(req: SelectFilter | undefined, rg: SelectFilter): SelectFilter {
  const out: SelectFilter = { ...rg };
  if (req) out.node_name_list = [];
  for (const [k, v] of Object.entries(req ?? {})) {
    if (v === undefined || v === null) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  if (req?.storage_pool && !req.storage_pool_list) out.storage_pool_list = [req.storage_pool];
  if (!out.storage_pool_list && out.storage_pool) out.storage_pool_list = [out.storage_pool];
  return out;
}

function propPrio(sources: (Record<string, string> | undefined)[], k: string): string | undefined {
  for (const s of sources) if (s?.[k] !== undefined) return s[k];
  return undefined;
}

function falseProp(v: string | undefined): boolean {
  return (v ?? "").toLowerCase() === "false";
}

/** Resources that count as deployed diskful replicas (not DELETE/EVICTED/EVACUATE, no SkipDisk). */
export function deployedDiskful(sim: SimCore, rd: RscDfnRec) {
  return Object.values(rd.resources).filter(
    (r) =>
      !isDiskless(r) &&
      !isDeleting(r) &&
      !r.flags.includes("EVICTED") &&
      !r.flags.includes("EVACUATE") &&
      !sim.findNode(r.node)?.flags.includes("EVACUATE") &&
      (r.props["DrbdOptions/SkipDisk"] ?? "").toLowerCase() !== "true",
  );
}

/** FreeCapacityAutoPoolSelectorUtils: the oversubscription estimate of what still fits in a pool (KiB). */
export function capacityEstimate(sim: SimCore, p: StorPoolRec): number {
  const spd = sim.state.storPoolDfns[key(p.name)]?.props;
  const ctrl = sim.state.controllerProps;
  const base = Number(propPrio([p.props, spd, ctrl], "MaxOversubscriptionRatio") ?? (thinKind(p.kind) ? 20 : 1));
  const freeRatio = Number(propPrio([p.props, spd, ctrl], "MaxFreeCapacityOversubscriptionRatio") ?? base);
  const totalRatio = Number(propPrio([p.props, spd, ctrl], "MaxTotalCapacityOversubscriptionRatio") ?? base);
  const free = sim.freeKib(p) ?? 0;
  const reserved = sim.volumesInPool(p.node, p.name).reduce((a, v) => a + v.sizeKib, 0) + sim.snapshotAllocatedKib(p);
  return Math.min(free * freeRatio, (p.totalKib ?? 0) * totalRatio - reserved);
}

/** Autoplacer/MinThinFreeSpace (pool → RD → RG → node → controller): percent of total or KiB; default 10 %. */
function minThinFree(sim: SimCore, rd: RscDfnRec, p: StorPoolRec, n: NodeRec): number {
  const rg = sim.state.rscGrps[key(rd.rscGrp)];
  const v = propPrio([p.props, rd.props, rg?.props, n.props, sim.state.controllerProps], "Autoplacer/MinThinFreeSpace") ?? "10%";
  const m = /^\s*([\d.]+)\s*(%|[KMGT]i?B?)?\s*$/i.exec(v);
  if (!m) return 0;
  const num = Number(m[1]);
  if (m[2] === "%") return ((p.totalKib ?? 0) * num) / 100;
  const unit = (m[2] ?? "K").toUpperCase()[0];
  return num * ({ K: 1, M: 1024, G: 1024 ** 2, T: 1024 ** 3 } as Record<string, number>)[unit];
}

function splitSpec(spec: string): [string, string | undefined] {
  const i = spec.indexOf("=");
  return i < 0 ? [spec, undefined] : [spec.slice(0, i), spec.slice(i + 1)];
}

/**
 * replicas_on_same `k` without a value: the value is fixed by every deployed resource (diskless
 * and tie-breakers too); more than one value → FAIL_UNDECIDABLE_AUTOPLACMENT.
 */
function fixedSameValues(sim: SimCore, rd: RscDfnRec, f: SelectFilter): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const spec of f.replicas_on_same ?? []) {
    const [k, v] = splitSpec(spec);
    if (v !== undefined) {
      out.set(k, v);
      continue;
    }
    const seen = new Set(Object.values(rd.resources).filter((r) => !isDeleting(r)).map((r) => sim.findNode(r.node)?.props[k]));
    if (seen.size > 1) {
      throw new RcError("FAIL_UNDECIDABLE_AUTOPLACMENT", `The property in --replicas-on-same '${k}' is already set on already deployed nodes with different values. Autoplacer cannot decide which value to continue with.`);
    }
    out.set(k, seen.size ? [...seen][0] : undefined);
  }
  return out;
}

interface Candidate {
  pool: StorPoolRec;
  node: NodeRec;
  score: number;
}

/** StorPoolFilter.filter: the pools a new diskful replica may use. */
function candidatePools(sim: SimCore, rd: RscDfnRec, f: SelectFilter, needKib: number, same: Map<string, string | undefined>): StorPoolRec[] {
  const out: StorPoolRec[] = [];
  const notWith = [...(f.not_place_with_rsc ?? []), rd.name].map(key);
  const regex = f.not_place_with_rsc_regex ? new RegExp(f.not_place_with_rsc_regex, "i") : undefined;
  const ctrl = sim.state.controllerProps;
  const diffForbidden = (f.replicas_on_different ?? []).map(splitSpec).filter(([, v]) => v !== undefined);
  for (const n of Object.values(sim.state.nodes)) {
    // only EVACUATE excludes a node (StorPoolFilter: the DELETE result is overwritten)
    if (!n.online || n.flags.includes("EVACUATE")) continue;
    if (n.type !== "SATELLITE" && n.type !== "COMBINED") continue;
    if (f.node_name_list?.length && !f.node_name_list.map(key).includes(key(n.name))) continue;
    if (falseProp(n.props["AutoplaceTarget"] ?? ctrl["AutoplaceTarget"])) continue;
    let blocked = false;
    for (const other of Object.values(sim.state.rscDfns)) {
      const r = other.resources[key(n.name)];
      if (!r || isDeleting(r)) continue;
      // a node holding only a diskless copy of this resource may get the disk
      if (other === rd && isDiskless(r)) continue;
      if (notWith.includes(key(other.name)) || (regex && regex.test(other.name))) blocked = true;
    }
    if (blocked) continue;
    // replicas_on_same: keys verbatim, `k=v` or the value the deployed resources fixed
    if ([...same].some(([k, v]) => n.props[k] === undefined || (v !== undefined && n.props[k] !== v))) continue;
    if (diffForbidden.some(([k, v]) => n.props[k] === v)) continue;
    for (const p of sim.poolsOf(n.name)) {
      if (p.kind === "DISKLESS" || falseProp(p.props["AutoplaceTarget"])) continue;
      if (f.storage_pool_list?.length && !f.storage_pool_list.map(key).includes(key(p.name))) continue;
      if (f.provider_list?.length && !f.provider_list.map((x) => x.toUpperCase()).includes(p.kind)) continue;
      const est = capacityEstimate(sim, p);
      if (est < needKib) continue;
      if (thinKind(p.kind) && est < minThinFree(sim, rd, p, n)) continue;
      out.push(p);
    }
  }
  return out;
}

/** StrategyHandler.rate: each strategy normalized by its highest value, weighted, summed. */
function rate(sim: SimCore, pools: StorPoolRec[]): Map<StorPoolRec, number> {
  const w = (k: string, d: number) => {
    const v = Number(sim.state.controllerProps[`Autoplacer/Weights/${k}`]);
    return Number.isFinite(v) && sim.state.controllerProps[`Autoplacer/Weights/${k}`] !== undefined ? v : d;
  };
  const free = new Map(pools.map((p) => [p, sim.freeKib(p) ?? 0]));
  const reserved = new Map(pools.map((p) => [p, sim.volumesInPool(p.node, p.name).reduce((a, v) => a + v.sizeKib, 0)]));
  const rscs = new Map(pools.map((p) => [p, new Set(sim.volumesInPool(p.node, p.name).map((v) => key(v.rd.name))).size]));
  const norm = (m: Map<StorPoolRec, number>) => {
    const max = Math.max(0, ...m.values());
    return (p: StorPoolRec) => (max > 0 ? (m.get(p) as number) / max : 0);
  };
  const [nf, nr, nc] = [norm(free), norm(reserved), norm(rscs)];
  const [wf, wr, wc] = [w("MaxFreeSpace", 1), w("MinReservedSpace", 0), w("MinRscCount", 0.00001)];
  return new Map(pools.map((p) => [p, wf * nf(p) - wr * nr(p) - wc * nc(p)]));
}

/** DeviceProviderKind.isMixingAllowed: families mix freely; LVM/ZFS kinds cross only when allowed. */
function family(kind: string): string {
  if (kind === "ZFS" || kind === "ZFS_THIN") return "ZFS";
  if (kind === "FILE" || kind === "FILE_THIN") return "FILE";
  return kind;
}

/** FAIL_NOT_ENOUGH_NODES with the criteria and AutoSelectFilterPojo.asHelpString (recorded from LINSTOR 1.34). */
export function notEnoughNodes(rd: RscDfnRec, f: SelectFilter, needKib: number, count: number): RcError {
  const lines = ["Not enough nodes fulfilling the following auto-place criteria:"];
  if (f.storage_pool_list?.length) {
    lines.push(` * has a deployed storage pool named [${f.storage_pool_list.join(", ")}]`);
    lines.push(` * the storage pools have to have at least '${needKib}' free space`);
  }
  lines.push(" * the current access context has enough privileges to use the node and the storage pool");
  lines.push(" * the node is online");
  lines.push("");
  lines.push("Auto-place configuration details:");
  const list = (label: string, xs: string[] | undefined) => {
    if (xs?.length) lines.push(`   ${label}:`, ...xs.map((x) => `      ${x}`));
  };
  if (f.place_count !== undefined) lines.push(`   Replica count: ${f.place_count}`);
  lines.push(`   Additional replica count: ${f.additional_place_count ?? count}`);
  list("Node name", f.node_name_list);
  list("Storage pool name", f.storage_pool_list);
  list("Diskless storage pool name", f.storage_pool_diskless_list);
  list("Do not place with resource", [...(f.not_place_with_rsc ?? []), rd.name]);
  if (f.not_place_with_rsc_regex) lines.push(`   Do not place with resource (regex): ${f.not_place_with_rsc_regex}`);
  list("Replicas on same nodes", f.replicas_on_same);
  list("Replicas on different nodes", f.replicas_on_different);
  list("Layer stack", f.layer_stack);
  list("Allowed providers", f.provider_list);
  lines.push(`   Diskless on remaining: ${f.diskless_on_remaining === true}`);
  lines.push("");
  lines.push(`Auto-placing resource: ${rd.name}`);
  return new RcError("FAIL_NOT_ENOUGH_NODES", "Not enough available nodes", { details: lines.join("\n"), obj_refs: { RscDfn: rd.name } });
}

/**
 * Picks `count` pools on distinct nodes with the highest total score (Selector.select: recursive
 * backtracking, pruned when the best possible rest cannot beat the best found), or throws
 * FAIL_NOT_ENOUGH_NODES.
 */
export function pickDiskful(sim: SimCore, rd: RscDfnRec, f: SelectFilter, count: number): Pick[] {
  const needKib = rd.vlmDfns.reduce((a, v) => a + v.sizeKib, 0);
  const same = fixedSameValues(sim, rd, f);
  const pools = candidatePools(sim, rd, f, needKib, same);
  const scores = rate(sim, pools);
  const cands: Candidate[] = pools
    .map((p) => ({ pool: p, node: sim.node(p.node), score: scores.get(p) as number }))
    .sort((a, b) => b.score - a.score || key(a.node.name).localeCompare(key(b.node.name)) || key(a.pool.name).localeCompare(key(b.pool.name)));
  const rg = sim.state.rscGrps[key(rd.rscGrp)];
  const allowMix = (propPrio([rd.props, rg?.props, sim.state.controllerProps], "AllowMixingStoragePoolDriver") ?? "").toLowerCase() === "true";
  const deployed = deployedDiskful(sim, rd);
  const deployedKinds = deployed.flatMap((r) => r.vlms.map((v) => sim.pool(r.node, v.storPool)?.kind)).filter((k): k is string => !!k && k !== "DISKLESS");
  // replicas_on_different: how often each value may occur (deployed replicas count)
  const diffKeys = (f.replicas_on_different ?? []).map(splitSpec).filter(([, v]) => v === undefined).map(([k]) => k);
  const maxPer = (k: string) => f.x_replicas_on_different_map?.[k] ?? 1;
  const baseCounts = new Map(diffKeys.map((k) => [k, new Map<string, number>()]));
  for (const r of deployed) {
    for (const k of diffKeys) {
      const v = sim.findNode(r.node)?.props[k];
      if (v !== undefined) baseCounts.get(k)!.set(v, (baseCounts.get(k)!.get(v) ?? 0) + 1);
    }
  }
  const allowed = (c: Candidate, picked: Candidate[]): boolean => {
    if (picked.some((x) => key(x.node.name) === key(c.node.name))) return false;
    if (c.pool.freeSpaceMgr && picked.some((x) => x.pool.freeSpaceMgr === c.pool.freeSpaceMgr)) return false;
    for (const k of diffKeys) {
      const v = c.node.props[k];
      if (v === undefined) continue;
      const n = (baseCounts.get(k)!.get(v) ?? 0) + picked.filter((x) => x.node.props[k] === v).length;
      if (n + 1 > maxPer(k)) return false;
    }
    for (const [k] of same) if (picked.some((x) => x.node.props[k] !== c.node.props[k])) return false;
    if (!allowMix) {
      const kinds = [...deployedKinds, ...picked.map((x) => x.pool.kind)];
      if (kinds.some((k) => family(k) !== family(c.pool.kind))) return false;
    }
    return true;
  };
  let best: Candidate[] | undefined;
  let bestScore = -Infinity;
  let steps = 0;
  const total = (xs: Candidate[]) => xs.reduce((a, x) => a + x.score, 0);
  const search = (from: number, picked: Candidate[]): void => {
    if (++steps > 200000) return; // a safety valve for very large simulated clusters
    if (picked.length === count) {
      const t = total(picked);
      if (t > bestScore) [best, bestScore] = [[...picked], t];
      return;
    }
    // the best the rest could still add (candidates are sorted by score)
    const room = cands.slice(from, from + (count - picked.length)).reduce((a, x) => a + x.score, 0);
    if (best && total(picked) + room <= bestScore) return;
    for (let i = from; i < cands.length; i++) {
      if (!allowed(cands[i], picked)) continue;
      picked.push(cands[i]);
      search(i + 1, picked);
      picked.pop();
    }
  };
  search(0, []);
  if (!best) throw notEnoughNodes(rd, f, needKib, count);
  return (best as Candidate[]).map((c) => ({ node: c.node, pool: c.pool }));
}

/**
 * The tie-breaker's place (CtrlRscAutoTieBreakerHelper.getStorPoolForTieBreaker): the diskless
 * autoplacer with the group's filter (storage pool list ignored): diskless pools on online,
 * non-evacuating nodes without this resource; MinRscCount decides (fewest resources with volumes
 * in that diskless pool), then node name.
 */
export function pickTieBreakerNode(sim: SimCore, rd: RscDfnRec, exclude: string[] = []): Pick | undefined {
  const f = sim.state.rscGrps[key(rd.rscGrp)]?.selectFilter ?? {};
  const ctrlTarget = sim.state.controllerProps["AutoplaceTarget"];
  const candidates: Pick[] = [];
  for (const n of Object.values(sim.state.nodes)) {
    if (!n.online || n.flags.includes("EVACUATE")) continue;
    if (n.type !== "SATELLITE" && n.type !== "COMBINED") continue;
    if (rd.resources[key(n.name)] || exclude.map(key).includes(key(n.name))) continue;
    if (f.node_name_list?.length && !f.node_name_list.map(key).includes(key(n.name))) continue;
    if ((n.props["AutoplaceTarget"] ?? ctrlTarget ?? "").toLowerCase() === "false") continue;
    for (const p of sim.poolsOf(n.name)) {
      if (p.kind !== "DISKLESS" || (p.props["AutoplaceTarget"] ?? "").toLowerCase() === "false") continue;
      if (f.storage_pool_diskless_list?.length && !f.storage_pool_diskless_list.map(key).includes(key(p.name))) continue;
      candidates.push({ node: n, pool: p });
    }
  }
  const inPool = (c: Pick) => new Set(sim.volumesInPool(c.node.name, c.pool.name).map((v) => key(v.rd.name))).size;
  candidates.sort((a, b) => inPool(a) - inPool(b) || key(a.node.name).localeCompare(key(b.node.name)) || key(a.pool.name).localeCompare(key(b.pool.name)));
  return candidates[0];
}
