// Placing replicas: explicit create from ResourceCreate items, auto-place, make-available.
import { code, Rc, RcError } from "../apicallrc";
import { deployedDiskful, mergeFilter, pickDiskful } from "../autoplace";
import { SimCore, sleep } from "../core";
import { toggleDiskful } from "./disk-toggle";
import { createResource, finishDeletes, fixLayerStack, manageTieBreaker, propEntriesFirst, reportDeployed } from "./replicas";
import { checkLayers } from "./resource-definitions";
import { key } from "../names";
import { DISKLESS_POOL, isDiskless, isTieBreaker, Props, removeFlag, RscDfnRec, RscRec, SelectFilter, sortedValues } from "../state";
export interface RscCreateBody {
  resource?: { node_name?: string; props?: Props; flags?: string[]; name?: string };
  layer_list?: string[];
  drbd_client?: boolean;
  drbd_node_id?: number;
  drbd_tcp_ports?: number[];
}

/** Creates replicas of one RD from ResourceCreate items, then the tie-breaker helper (§1.7). */
export async function createResources(sim: SimCore, rd: RscDfnRec, items: RscCreateBody[], rc: Rc): Promise<RscRec[]> {
  const created: RscRec[] = [];
  const first = rc.entries.length;
  for (const it of items) {
    const nodeName = it.resource?.node_name ?? "";
    const node = sim.node(nodeName);
    const flags = (it.resource?.flags ?? []).map((f) => f.toUpperCase());
    const diskless = flags.includes("DISKLESS") || flags.includes("DRBD_DISKLESS") || it.drbd_client === true;
    if (it.layer_list?.length) {
      fixLayerStack(sim, rd, checkLayers(it.layer_list));
    }
    const existing = rd.resources[key(node.name)];
    if (existing) {
      // CtrlRscCrtApiHelper: a diskful create on a DRBD-diskless replica (tie-breaker or not)
      // toggles it diskful; a diskless create on a tie-breaker makes it a normal diskless one
      if (isDiskless(existing) && !diskless && rd.layerStack.includes("DRBD")) {
        if (isTieBreaker(existing)) rc.plain("INFO_TIE_BREAKER_TAKEOVER", `Tie breaker resource '${rd.name}' on node '${node.name}' taken over by the new resource.`);
        removeFlag(existing.flags, "TIE_BREAKER");
        toggleDiskful(sim, rd, existing, it.resource?.props?.["StorPoolName"], rc);
        continue;
      }
      if (isTieBreaker(existing) && diskless) {
        removeFlag(existing.flags, "TIE_BREAKER");
        rc.ok("MODIFIED", `Tie breaker resource '${rd.name}' on node '${node.name}' is now a regular diskless resource.`, { obj_refs: { RscDfn: rd.name, Node: node.name } });
        continue;
      }
      rc.ok("INFO_RSC_ALREADY_EXISTS", `A resource '${rd.name}' on node '${node.name}' already exists.`, {
        cause: "Resource already exists",
        details: `Node(s): '${node.name}', Resource: '${rd.name}'`,
        obj_refs: { RscDfn: rd.name },
      });
      continue;
    }
    const r = createResource(sim, rd, node.name, { props: it.resource?.props, diskless, drbdClient: it.drbd_client === true, extraFlags: flags.filter((f) => !["DISKLESS", "DRBD_DISKLESS"].includes(f)) }, rc);
    created.push(r);
  }
  propEntriesFirst(rc, first);
  if (created.length && created.every(isDiskless) && !Object.values(rd.resources).some((r) => !isDiskless(r))) {
    rc.plain("WARN_ALL_DISKLESS", `Resource '${rd.name}' is now diskless on all nodes.`);
  }
  const tb = manageTieBreaker(sim, rd, rc);
  await sleep(sim.cfg.satelliteDelayMs);
  reportDeployed(sim, rd, tb.created ? [...created, tb.created] : created, rc);
  await finishDeletes(sim, rd, tb.toDelete, rc);
  return created;
}

/**
 * Auto-place (CtrlRscAutoPlaceApiCallHandler) with the group's filter merged under the request's
 * (mergeFilter: `req` undefined = no request filter, so the group's node list applies too).
 */
export async function autoPlace(sim: SimCore, rd: RscDfnRec, req: SelectFilter | undefined, dislessOnRemaining: boolean, layerList: string[] | undefined, rc: Rc): Promise<void> {
  const rg = sim.rg(rd.rscGrp);
  const f = mergeFilter(req === undefined ? undefined : { ...req, ...(layerList?.length ? { layer_stack: layerList } : {}) }, rg.selectFilter);
  if (layerList?.length) fixLayerStack(sim, rd, checkLayers(layerList));
  const placed = deployedDiskful(sim, rd);
  let needed: number;
  if (req?.additional_place_count && req.additional_place_count > 0) needed = req.additional_place_count;
  else {
    const pc = f.place_count ?? 2;
    if (pc < 1) throw new RcError("FAIL_INVLD_PLACE_COUNT", `The place count '${pc}' is invalid.`);
    needed = pc - placed.length;
  }
  if (needed < 0) {
    const all = sortedValues(rd.resources);
    rc.ok("WARN_RSC_ALREADY_DEPLOYED", `The resource '${rd.name}' was already deployed on ${all.length} nodes: ${all.map((r) => `'${r.node}'`).join(", ")}. The resource would have to be deleted from nodes to reach the placement count.`, { details: `Auto-placing resource: ${rd.name}`, obj_refs: { RscDfn: rd.name } });
    return;
  }
  if (needed === 0 && !dislessOnRemaining) {
    rc.ok("WARN_RSC_ALREADY_DEPLOYED", `Resource '${rd.name}' was already deployed on ${placed.length} nodes. Skipping.`, { details: `Used nodes: ${placed.map((r) => `'${r.node}'`).join(", ")}\nAuto-placing resource: ${rd.name}`, obj_refs: { RscDfn: rd.name } });
    return;
  }
  const picks = needed > 0 ? pickDiskful(sim, rd, { ...f, additional_place_count: needed, diskless_on_remaining: dislessOnRemaining }, needed) : [];
  const created: RscRec[] = [];
  for (const p of picks) {
    const existing = rd.resources[key(p.node.name)];
    if (existing) {
      toggleDiskful(sim, rd, existing, p.pool.name, rc);
      continue;
    }
    created.push(createResource(sim, rd, p.node.name, { props: { StorPoolName: p.pool.name }, quiet: true }, rc));
  }
  if (picks.length) {
    const sorted = [...picks].sort((a, b) => key(a.node.name).localeCompare(key(b.node.name)));
    rc.ok("CREATED", `Resource '${rd.name}' successfully autoplaced on ${picks.length} nodes`, {
      details: `Used nodes (storage pool name): ${sorted.map((p) => `'${p.node.name} (${p.pool.name})'`).join(", ")}`,
      obj_refs: { ...(rc.ctx?.objRefs ?? {}), RscDfn: rd.name, ...Object.fromEntries(sorted.flatMap((p, i) => [[`Node/${i}`, p.node.name], [`StoragePool/${i}/0`, `${p.pool.name},${p.pool.kind}`]])) },
    });
  }
  if (dislessOnRemaining) {
    for (const n of sortedValues(sim.state.nodes)) {
      if (rd.resources[key(n.name)] || !n.online || !(n.type === "SATELLITE" || n.type === "COMBINED")) continue;
      if (!sim.pool(n.name, DISKLESS_POOL)) continue;
      created.push(createResource(sim, rd, n.name, { diskless: true, drbdClient: true }, rc));
    }
  }
  const tb = manageTieBreaker(sim, rd, rc);
  await sleep(sim.cfg.satelliteDelayMs);
  reportDeployed(sim, rd, tb.created ? [...created, tb.created] : created, rc);
  await finishDeletes(sim, rd, tb.toDelete, rc);
}

// ---- make-available (CtrlRscMakeAvailableApiCallHandler) -----------------------------------------

export async function makeAvailable(sim: SimCore, rd: RscDfnRec, nodeName: string, diskful: boolean, layers: string[] | undefined, rc: Rc): Promise<void> {
  const node = sim.node(nodeName);
  const existing = rd.resources[key(node.name)];
  if (existing) {
    const tb = isTieBreaker(existing);
    if (tb) removeFlag(existing.flags, "TIE_BREAKER");
    if (diskful && isDiskless(existing)) {
      toggleDiskful(sim, rd, existing, undefined, rc);
      await sleep(sim.cfg.satelliteDelayMs);
      return;
    }
    rc.add(code("SUCCESS_PLAIN", "CRT", "RSC"), tb ? `Tiebreaker resource '${rd.name}' on '${node.name}' is now a regular diskless resource` : "Resource already deployed as requested", { obj_refs: { RscDfn: rd.name, Node: node.name } });
    return;
  }
  if (!diskful) {
    await createResources(sim, rd, [{ resource: { node_name: node.name, flags: ["DRBD_DISKLESS"] }, layer_list: layers }], rc);
    return;
  }
  // a diskful replica goes to the pool the autoplacer picks on that node
  const rg = sim.rg(rd.rscGrp);
  const [pick] = pickDiskful(sim, rd, mergeFilter({ node_name_list: [node.name], place_count: 1 }, rg.selectFilter), 1);
  await createResources(sim, rd, [{ resource: { node_name: node.name, props: { StorPoolName: pick.pool.name } }, layer_list: layers }], rc);
}
