// Auto-placement (§7): filter nodes and pools, score by free space (ties: fewer resources in the
// pool, then node name, then pool name), pick pools on distinct nodes.
import { RcError } from "./apicallrc";
import type { SimCore } from "./core";
import { key } from "./names";
import { DISKLESS_POOL, isDeleting, isDiskless, NodeRec, RscDfnRec, SelectFilter, StorPoolRec, thinKind } from "./state";

export interface Pick {
  node: NodeRec;
  pool: StorPoolRec;
}

/** Request filter over the resource group's filter: fields set in the request win. */
export function mergeFilter(req: SelectFilter | undefined, rg: SelectFilter): SelectFilter {
  const out: SelectFilter = { ...rg };
  for (const [k, v] of Object.entries(req ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  if (req?.storage_pool && !req.storage_pool_list) out.storage_pool_list = [req.storage_pool];
  if (!out.storage_pool_list && out.storage_pool) out.storage_pool_list = [out.storage_pool];
  return out;
}

function nodeProp(n: NodeRec, k: string): string | undefined {
  return n.props[k] ?? n.props[`Aux/${k}`];
}

/** Diskful pools the auto-placer may use on a node (online, not deleting, filter ok). */
function candidatePools(sim: SimCore, rd: RscDfnRec, f: SelectFilter, needKib: number): StorPoolRec[] {
  const out: StorPoolRec[] = [];
  const notWith = (f.not_place_with_rsc ?? []).map(key);
  const regex = f.not_place_with_rsc_regex ? new RegExp(f.not_place_with_rsc_regex, "i") : undefined;
  const ctrlTarget = sim.state.controllerProps["AutoplaceTarget"];
  for (const n of Object.values(sim.state.nodes)) {
    if (!n.online || n.flags.includes("DELETE") || n.flags.includes("EVACUATE") || n.flags.includes("EVICTED")) continue;
    if (n.type !== "SATELLITE" && n.type !== "COMBINED") continue;
    if (f.node_name_list?.length && !f.node_name_list.map(key).includes(key(n.name))) continue;
    if ((n.props["AutoplaceTarget"] ?? ctrlTarget) === "false") continue;
    const own = rd.resources[key(n.name)];
    if (own && !isDiskless(own)) continue;
    let hostsOther = false;
    for (const other of Object.values(sim.state.rscDfns)) {
      if (other === rd || !other.resources[key(n.name)]) continue;
      if (notWith.includes(key(other.name)) || (regex && regex.test(other.name))) hostsOther = true;
    }
    if (hostsOther) continue;
    if (f.replicas_on_same?.length) {
      const ok = f.replicas_on_same.every((spec) => {
        const [k, want] = spec.split("=");
        const v = nodeProp(n, k);
        if (v === undefined) return false;
        if (want !== undefined) return v === want;
        const placed = Object.values(rd.resources).filter((r) => !isDiskless(r) && !isDeleting(r));
        return placed.every((r) => nodeProp(sim.node(r.node), k) === v);
      });
      if (!ok) continue;
    }
    if (f.replicas_on_different?.length) {
      const placed = Object.values(rd.resources).filter((r) => !isDiskless(r) && !isDeleting(r));
      const clash = f.replicas_on_different.some((spec) => {
        const k = spec.split("=")[0];
        const v = nodeProp(n, k);
        return v !== undefined && placed.some((r) => nodeProp(sim.node(r.node), k) === v);
      });
      if (clash) continue;
    }
    for (const p of sim.poolsOf(n.name)) {
      if (p.kind === "DISKLESS") continue;
      if (f.storage_pool_list?.length && !f.storage_pool_list.map(key).includes(key(p.name))) continue;
      if (f.provider_list?.length && !f.provider_list.map(key).includes(key(p.kind))) continue;
      if (p.props["AutoplaceTarget"] === "false") continue;
      if (!hasRoom(sim, p, needKib)) continue;
      out.push(p);
    }
  }
  return out;
}

/** Thick pools need real free space; thin pools may be over-provisioned (ratio 20, the default). */
export function hasRoom(sim: SimCore, p: StorPoolRec, needKib: number): boolean {
  const free = sim.freeKib(p) ?? 0;
  if (!thinKind(p.kind)) return free >= needKib;
  const reserved = sim.volumesInPool(p.node, p.name).reduce((a, v) => a + v.sizeKib, 0);
  return free > 0 && (p.totalKib ?? 0) * 20 - reserved >= needKib;
}

export function notEnoughNodes(rd: RscDfnRec, f: SelectFilter, needKib: number, count: number): RcError {
  const lines = ["Not enough nodes fulfilling the following auto-place criteria:"];
  if (f.storage_pool_list?.length) lines.push(` * has a deployed storage pool named ${f.storage_pool_list.map((s) => `'${s}'`).join(" or ")}`);
  lines.push(` * the storage pools have to have at least '${needKib}' free space`);
  if (f.node_name_list?.length) lines.push(` * the node has to be one of ${JSON.stringify(f.node_name_list)}`);
  if (f.replicas_on_same?.length) lines.push(` * the nodes have to have the same value for ${JSON.stringify(f.replicas_on_same)}`);
  if (f.replicas_on_different?.length) lines.push(` * the nodes have to have different values for ${JSON.stringify(f.replicas_on_different)}`);
  if (f.not_place_with_rsc?.length) lines.push(` * the nodes must not already host ${JSON.stringify(f.not_place_with_rsc)}`);
  if (f.not_place_with_rsc_regex) lines.push(` * the nodes must not already host resources matching '${f.not_place_with_rsc_regex}'`);
  if (f.provider_list?.length) lines.push(` * the provider kind has to be one of ${JSON.stringify(f.provider_list)}`);
  lines.push(" * the current access context has enough privileges to use the node and the storage pool");
  lines.push(" * the node is online");
  lines.push("");
  lines.push(`Auto-placing resource: ${rd.name}`);
  return new RcError("FAIL_NOT_ENOUGH_NODES", "Not enough available nodes", { details: lines.join("\n"), cause: `${count} more replica(s) of '${rd.name}' could not be placed` });
}

/** Picks `count` pools on distinct nodes, or throws FAIL_NOT_ENOUGH_NODES. */
export function pickDiskful(sim: SimCore, rd: RscDfnRec, f: SelectFilter, count: number): Pick[] {
  const needKib = rd.vlmDfns.reduce((a, v) => a + v.sizeKib, 0);
  const pools = candidatePools(sim, rd, f, needKib);
  const free = new Map(pools.map((p) => [p, sim.freeKib(p) ?? 0]));
  const rscCount = new Map(pools.map((p) => [p, sim.volumesInPool(p.node, p.name).length]));
  const maxFree = Math.max(1, ...free.values());
  const maxCount = Math.max(1, ...rscCount.values());
  const score = (p: StorPoolRec) => (free.get(p) as number) / maxFree - (0.00001 * (rscCount.get(p) as number)) / maxCount;
  pools.sort((a, b) => score(b) - score(a) || key(a.node).localeCompare(key(b.node)) || key(a.name).localeCompare(key(b.name)));
  const picked: Pick[] = [];
  const kinds = new Set<boolean>();
  for (const p of pools) {
    if (picked.length >= count) break;
    if (picked.some((x) => key(x.node.name) === key(p.node))) continue;
    const n = sim.node(p.node);
    // constraints must also hold between the picks themselves
    if (f.replicas_on_different?.some((spec) => picked.some((x) => nodeProp(x.node, spec.split("=")[0]) !== undefined && nodeProp(x.node, spec.split("=")[0]) === nodeProp(n, spec.split("=")[0])))) continue;
    if (f.replicas_on_same?.some((spec) => picked.some((x) => nodeProp(x.node, spec.split("=")[0]) !== nodeProp(n, spec.split("=")[0])))) continue;
    // no thick/thin mix unless allowed
    const thin = thinKind(p.kind);
    if (kinds.size && !kinds.has(thin) && sim.state.controllerProps["AllowMixingStoragePoolDriver"] !== "true") continue;
    kinds.add(thin);
    picked.push({ node: n, pool: p });
  }
  if (picked.length < count) throw notEnoughNodes(rd, f, needKib, count - picked.length);
  return picked;
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
