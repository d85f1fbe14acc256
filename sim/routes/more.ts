// Further endpoints python-linstor and golinstor call (facts §13): activate/deactivate, volume
// modify, single volume groups, adjustall, capacity queries, node connections, and empty answers
// for the features the simulator does not model (remotes, physical storage, error reports).
import { code, Rc, RcError } from "../apicallrc";
import { SimCore } from "../core";
import { applyPropChanges, body, json, mutate, read, route, Route } from "../http";
import { key } from "../names";
import { satellitesForNodeChange } from "../satellites";
import { addFlag, Props, removeFlag, sortedValues, StorPoolRec, thinKind, uuid } from "../state";
import { autoPlace } from "./resources";

interface PropsModify {
  override_props?: Props;
  delete_props?: string[];
  delete_namespaces?: string[];
}

/** Oversubscription estimate of a pool's room (FreeCapacityAutoPoolSelectorUtils), KiB. */
function roomKib(sim: SimCore, p: StorPoolRec): number {
  const free = sim.freeKib(p) ?? 0;
  if (!thinKind(p.kind)) return free;
  const ratio = Number(p.props["MaxOversubscriptionRatio"] ?? sim.state.controllerProps["MaxOversubscriptionRatio"] ?? 20);
  const reserved = sim.volumesInPool(p.node, p.name).reduce((a, v) => a + v.sizeKib, 0);
  return Math.max(0, Math.min(free * ratio, (p.totalKib ?? 0) * ratio - reserved));
}

/** Max volume size per pool name over the `count` best nodes holding it (QueryMaxVlmSize). */
function maxVolumeSize(sim: SimCore, count: number, poolNames?: string[]): Record<string, unknown> {
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

function connKey(a: string, b: string): string {
  return [key(a), key(b)].sort().join("/");
}

export const moreRoutes: Route[] = [
  route("POST", "/v1/resource-definitions/{rd}/resources/{node}/activate", (c) =>
    mutate(c, { op: "MOD", obj: "RSC" }, 200, (rc: Rc) => {
      const rd = c.sim.rd(c.params.rd);
      const r = c.sim.rsc(rd, c.params.node);
      removeFlag(r.flags, "INACTIVE");
      rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' on node '${r.node}' activated.`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/resources/{node}/deactivate", (c) =>
    mutate(c, { op: "MOD", obj: "RSC" }, 200, (rc: Rc) => {
      const rd = c.sim.rd(c.params.rd);
      const r = c.sim.rsc(rd, c.params.node);
      if (r.inUse) throw new RcError("FAIL_IN_USE", `Resource '${rd.name}' on node '${r.node}' is still in use.`);
      addFlag(r.flags, "INACTIVE");
      rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' on node '${r.node}' deactivated.`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/volumes/{vlmNr}", (c) =>
    mutate(c, { op: "MOD", obj: "VLM", objRefs: { RscDfn: c.params.rd, Node: c.params.node, VlmNr: c.params.vlmNr } }, 200, (rc) => {
      const b = body<PropsModify>(c, "VolumeModify");
      const rd = c.sim.rd(c.params.rd);
      const r = c.sim.rsc(rd, c.params.node);
      const v = r.vlms.find((x) => x.vlmNr === Number(c.params.vlmNr));
      if (!v) throw new RcError("FAIL_NOT_FOUND_VLM", `Volume ${c.params.vlmNr} of resource '${rd.name}' on node '${r.node}' not found.`);
      applyPropChanges((v.props ??= {}), b, rc);
      rc.add(code("MODIFIED", "MOD", "VLM"), `Volume with number '${v.vlmNr}' on resource '${rd.name}' on node '${r.node}' modified.`, { details: `Volume UUID is: ${v.uuid}` });
    }),
  ),
  route("GET", "/v1/resource-groups/{rg}/volume-groups/{vlmNr}", (c) =>
    read(undefined, () => {
      const rg = c.sim.rg(c.params.rg);
      const v = rg.vlmGrps.find((x) => x.vlmNr === Number(c.params.vlmNr));
      if (!v) throw new RcError("FAIL_NOT_FOUND_VLM_GRP", `Volume group with number '${c.params.vlmNr}' of resource group '${rg.name}' not found.`);
      return { volume_number: v.vlmNr, props: v.props, flags: v.flags, uuid: v.uuid };
    }),
  ),
  route("PUT", "/v1/resource-groups/{rg}/volume-groups/{vlmNr}", (c) =>
    mutate(c, { op: "MOD", obj: "VLM_GRP", objRefs: { RscGrp: c.params.rg, VlmNr: c.params.vlmNr } }, 200, (rc) => {
      const b = body<PropsModify & { flags?: string[] }>(c, "VolumeGroupModify");
      const rg = c.sim.rg(c.params.rg);
      const v = rg.vlmGrps.find((x) => x.vlmNr === Number(c.params.vlmNr));
      if (!v) throw new RcError("FAIL_NOT_FOUND_VLM_GRP", `Volume group with number '${c.params.vlmNr}' of resource group '${rg.name}' not found.`);
      applyPropChanges(v.props, b, rc);
      for (const f of b.flags ?? []) if (f.startsWith("-")) v.flags = v.flags.filter((x) => x !== f.slice(1)); else if (!v.flags.includes(f)) v.flags.push(f);
      rc.add(code("MODIFIED", "MOD", "VLM_GRP"), `Volume group with number '${v.vlmNr}' of resource group '${rg.name}' modified.`, { details: `Volume group UUID is: ${v.uuid}` });
    }),
  ),
  route("POST", "/v1/resource-groups/adjustall", (c) =>
    mutate(c, { op: "MOD", obj: "RSC_GRP" }, 200, async (rc) => {
      body<unknown>(c, "ResourceGroupAdjust");
      for (const rg of sortedValues(c.sim.state.rscGrps)) {
        const pc = rg.selectFilter.place_count ?? 2;
        for (const rd of sortedValues(c.sim.state.rscDfns)) {
          if (key(rd.rscGrp) !== key(rg.name) || !rd.vlmDfns.length) continue;
          if (Object.values(rd.resources).filter((r) => !r.flags.includes("TIE_BREAKER") && !r.flags.includes("DELETE")).length >= pc) continue;
          await autoPlace(c.sim, rd, {}, false, undefined, rc);
        }
      }
    }),
  ),
  route("GET", "/v1/resource-groups/{rg}/query-max-volume-size", (c) =>
    read(undefined, () => {
      const rg = c.sim.rg(c.params.rg);
      return maxVolumeSize(c.sim, rg.selectFilter.place_count ?? 2, rg.selectFilter.storage_pool_list);
    }),
  ),
  route("GET", "/v1/query-max-volume-size", (c) => json(200, maxVolumeSize(c.sim, Number(c.query.get("place_count") ?? 2) || 2, c.query.getAll("storage_pool")))),
  route("POST", "/v1/resource-groups/{rg}/query-size-info", (c) =>
    read(undefined, () => {
      const rg = c.sim.rg(c.params.rg);
      const m = maxVolumeSize(c.sim, rg.selectFilter.place_count ?? 2, rg.selectFilter.storage_pool_list) as { candidates: { max_volume_size: number; all_thin: boolean }[] };
      const best = m.candidates.sort((a, b) => b.max_volume_size - a.max_volume_size)[0];
      return { space_info: best ? { max_vlm_size_in_kib: best.max_volume_size, available_size_in_kib: best.max_volume_size, capacity_in_kib: best.max_volume_size, default_max_oversubscription_ratio: 20 } : {} };
    }),
  ),
  // node connections
  route("GET", "/v1/node-connections", (c) =>
    json(200, sortedValues(c.sim.state.nodeConns ?? {}).map((x) => ({ node_a: x.nodeA, node_b: x.nodeB, props: x.props }))),
  ),
  route("PUT", "/v1/node-connections/{nodeA}/{nodeB}", (c) =>
    mutate(c, { op: "MOD", obj: "NODE", objRefs: { FirstNode: c.params.nodeA, SecondNode: c.params.nodeB } }, 200, (rc) => {
      const b = body<PropsModify>(c, "GenericPropsModify");
      const a = c.sim.node(c.params.nodeA);
      const z = c.sim.node(c.params.nodeB);
      const conns = (c.sim.state.nodeConns ??= {});
      const x = (conns[connKey(a.name, z.name)] ??= { nodeA: a.name, nodeB: z.name, props: {}, uuid: uuid() });
      applyPropChanges(x.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "NODE"), `Node connection between nodes '${x.nodeA}' and '${x.nodeB}' modified.`, { details: `Node connection between nodes '${x.nodeA}' and '${x.nodeB}' UUID is: ${x.uuid}` });
      satellitesForNodeChange(c.sim, a.name, rc);
    }),
  ),
  // features the simulator does not model: empty lists, missing objects
  route("GET", "/v1/remotes", () => json(200, {})),
  route("GET", "/v1/physical-storage", () => json(200, [])),
];
