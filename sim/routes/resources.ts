// Resources: the view, explicit create, auto-place, modify, delete, toggle-disk (+ migrate).
import { API_CALL_PARSE_ERROR, code, Rc, RcError } from "../apicallrc";
import { deployedDiskful, mergeFilter, pickDiskful } from "../autoplace";
import { SimCore, sleep } from "../core";
import { applyPropChanges, body, Ctx, json, mutate, paginate, propsMatch, qAll, read, route, Route } from "../http";
import { key } from "../names";
import { renderResource } from "../render";
import { createResource, deleteReplica, finishDeletes, fixLayerStack, holdsData, manageTieBreaker, propEntriesFirst, reportDeployed } from "../rscops";
import { addFlag, DISKLESS_POOL, isDeleting, isDiskless, isTieBreaker, Props, removeFlag, RscDfnRec, RscRec, SelectFilter, sortedValues } from "../state";
import { checkLayers } from "./rscdfns";

interface RscCreateBody {
  resource?: { node_name?: string; props?: Props; flags?: string[]; name?: string };
  layer_list?: string[];
  drbd_client?: boolean;
  drbd_node_id?: number;
  drbd_tcp_ports?: number[];
}

interface AutoPlaceBody {
  diskless_on_remaining?: boolean;
  select_filter?: SelectFilter;
  layer_list?: string[];
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

/** Turns a diskless replica diskful in a pool; the new disk resyncs when the RD holds data. */
export function toggleDiskful(sim: SimCore, rd: RscDfnRec, r: RscRec, poolName: string | undefined, rc: Rc): void {
  const name = poolName ?? rd.props["StorPoolName"] ?? sim.state.rscGrps[key(rd.rscGrp)]?.selectFilter.storage_pool_list?.[0] ?? Object.values(rd.resources).find((x) => !isDiskless(x))?.vlms[0]?.storPool ?? "DfltStorPool";
  const pool = sim.pool(r.node, name);
  if (!pool || pool.kind === "DISKLESS") {
    throw new RcError("FAIL_NOT_FOUND_DFLT_STOR_POOL", `The storage pool '${name}' for resource '${rd.name}' for volume number '${rd.vlmDfns[0]?.vlmNr ?? 0}' is not deployed on node '${r.node}'.`);
  }
  const needSync = holdsData(sim, rd) || pool.kind === "LVM" || pool.kind === "FILE";
  removeFlag(r.flags, "DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER");
  r.drbdFlags = r.drbdFlags.filter((f) => f !== "CLIENT");
  r.props["StorPoolName"] = pool.name;
  r.vlms = r.vlms.map((v) => {
    const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
    return { ...v, storPool: pool.name, disk: needSync ? "Inconsistent" : "UpToDate", sync: needSync ? { doneKib: 0, totalKib: vd?.sizeKib ?? 0 } : undefined, allocatedKib: 0 };
  });
  sim.refreshAllocated(rd, r);
  rc.add(code("MODIFIED", "MOD", "RSC"), `Successfully toggled disk of resource '${rd.name}' on node '${r.node}' to diskful.`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
  sim.event("disk-added", { resource: rd.name, node: r.node, detail: needSync ? "Inconsistent" : "UpToDate" });
}

function toggleDiskless(sim: SimCore, rd: RscDfnRec, r: RscRec, rc: Rc): void {
  // validateDiskRemovalAllowed: counts diskful replicas on ONLINE nodes; disk states are not checked
  if (!rd.layerStack.includes("DRBD")) throw new RcError("FAIL_INVLD_LAYER_STACK", "Toggle disk is only supported in combination with DRBD");
  const onlineDiskful = Object.values(rd.resources).filter((x) => !isDiskless(x) && !isDeleting(x) && sim.findNode(x.node)?.online);
  if (onlineDiskful.length <= 1) throw new RcError("FAIL_INSUFFICIENT_REPLICA_COUNT", "Cannot remove the disk from the only online resource with a disk");
  for (const v of r.vlms) sim.data.remove(sim.volFile(rd, r.node, v.vlmNr));
  addFlag(r.flags, "DISKLESS", "DRBD_DISKLESS");
  r.props["StorPoolName"] = DISKLESS_POOL;
  r.vlms = r.vlms.map((v) => ({ ...v, storPool: DISKLESS_POOL, disk: "Diskless", sync: undefined, allocatedKib: 0 }));
  rc.add(code("MODIFIED", "MOD", "RSC"), `Successfully toggled disk of resource '${rd.name}' on node '${r.node}' to diskless.`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
  sim.event("disk-removed", { resource: rd.name, node: r.node });
}

interface ToggleBody {
  operation?: string;
  storage_pool?: string;
  migrate_from?: string;
  layer_list?: string[];
}

async function toggleDisk(c: Ctx, op: "DISKFUL" | "DISKLESS" | undefined, poolName: string | undefined, migrateFrom: string | undefined, rc: Rc): Promise<void> {
  const sim = c.sim;
  const rd = sim.rd(c.params.rd);
  const r = sim.rsc(rd, c.params.node);
  const want = op ?? (isDiskless(r) ? "DISKFUL" : "DISKLESS");
  // handleNoopAction: INFO_NOOP when the replica is already in the target state
  if (want === "DISKFUL") {
    if (!isDiskless(r)) {
      rc.ok("INFO_NOOP", `Resource '${rd.name}' on node '${r.node}' is already diskful`);
      return;
    }
    let from: RscRec | undefined;
    if (migrateFrom) {
      from = sim.rsc(rd, migrateFrom);
      if (isDiskless(from)) throw new RcError("FAIL_INVLD_REQUEST", `Cannot migrate from resource '${rd.name}' on node '${from.node}' because it is diskless.`);
    }
    toggleDiskful(sim, rd, r, poolName, rc);
    if (from) {
      // the source disk goes once this replica is UpToDate (the resync engine finishes the move)
      r.migrateFrom = from.node;
      rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' on node '${from.node}' will be deleted once '${r.node}' is UpToDate.`);
    }
  } else {
    if (isDiskless(r)) {
      rc.ok("INFO_NOOP", `Resource '${rd.name}' on node '${r.node}' is already ${r.drbdFlags.includes("CLIENT") ? "a diskless client" : "diskless"}`);
      return;
    }
    toggleDiskless(sim, rd, r, rc);
  }
  const tb = manageTieBreaker(sim, rd, rc);
  await sleep(sim.cfg.satelliteDelayMs);
  if (tb.created) reportDeployed(sim, rd, [tb.created], rc);
  await finishDeletes(sim, rd, tb.toDelete, rc);
}

/** ToggleOp.parse: a missing or unknown operation escapes the handler as a 400 parse error. */
function opOf(s: string | undefined): "DISKFUL" | "DISKLESS" {
  const bad = (msg: string) => Object.assign(new RcError(API_CALL_PARSE_ERROR, msg), { httpStatus: 400 });
  if (!s) throw bad("No toggle operation type was specified");
  const u = s.toUpperCase();
  if (u === "INTO_DRBD_DISKFUL") return "DISKFUL";
  if (u === "INTO_DRBD_DISKLESS" || u === "INTO_DRBD_CLIENT") return "DISKLESS";
  throw bad(`Could not parse '${s}'. Valid operations: INTO_DRBD_DISKFUL, INTO_DRBD_CLIENT, INTO_DRBD_DISKLESS`);
}

function viewResources(c: Ctx): { rd: RscDfnRec; r: RscRec }[] {
  const nodes = qAll(c, "nodes").map(key);
  const rsc = qAll(c, "resources").map(key);
  const pools = qAll(c, "storage_pools").map(key);
  const props = qAll(c, "props");
  const out: { rd: RscDfnRec; r: RscRec }[] = [];
  for (const rd of sortedValues(c.sim.state.rscDfns)) {
    if (rsc.length && !rsc.includes(key(rd.name))) continue;
    for (const r of sortedValues(rd.resources)) {
      if (nodes.length && !nodes.includes(key(r.node))) continue;
      if (pools.length && !r.vlms.some((v) => pools.includes(key(v.storPool)))) continue;
      if (!propsMatch(r.props, props)) continue;
      out.push({ rd, r });
    }
  }
  return out;
}

const T = (c: Ctx, op: "DISKFUL" | "DISKLESS" | undefined, pool?: string, from?: string) =>
  mutate(c, { op: "MOD", obj: "RSC" }, 200, async (rc) => {
    body<unknown>(c, "ToggleDiskDiskful");
    await toggleDisk(c, op, pool, from, rc);
  });

export const resourceRoutes: Route[] = [
  route("GET", "/v1/view/resources", (c) => json(200, paginate(c, viewResources(c)).map((x) => renderResource(c.sim, x.rd, x.r, true)))),
  route("GET", "/v1/resource-definitions/{rd}/resources", (c) =>
    read({ op: "MOD", obj: "RSC" }, () => {
      const rd = c.sim.rd(c.params.rd);
      return paginate(c, sortedValues(rd.resources)).map((r) => renderResource(c.sim, rd, r, false));
    }),
  ),
  route("GET", "/v1/resource-definitions/{rd}/resources/{node}", (c) =>
    read({ op: "MOD", obj: "RSC" }, () => {
      const rd = c.sim.rd(c.params.rd);
      const r = rd.resources[key(c.params.node)];
      if (!r) throw new RcError("FAIL_NOT_FOUND_RSC", `Resource '${c.params.rd}' on '${c.params.node}' not found.`);
      return renderResource(c.sim, rd, r, false);
    }),
  ),
  route("GET", "/v1/resource-definitions/{rd}/resources/{node}/volumes", (c) =>
    read({ op: "MOD", obj: "VLM" }, () => {
      const rd = c.sim.rd(c.params.rd);
      return renderResource(c.sim, rd, c.sim.rsc(rd, c.params.node), true).volumes;
    }),
  ),
  route("GET", "/v1/resource-definitions/{rd}/resources/{node}/volumes/{vlmNr}", (c) =>
    read({ op: "MOD", obj: "VLM" }, () => {
      const rd = c.sim.rd(c.params.rd);
      const vols = renderResource(c.sim, rd, c.sim.rsc(rd, c.params.node), true).volumes as { volume_number: number }[];
      const v = vols.find((x) => x.volume_number === Number(c.params.vlmNr));
      if (!v) throw new RcError("FAIL_NOT_FOUND_VLM", `Volume ${c.params.vlmNr} of resource '${rd.name}' on node '${c.params.node}' not found.`);
      return v;
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/resources", (c) =>
    mutate(c, { op: "CRT", obj: "RSC" }, 201, async (rc) => {
      const items = body<RscCreateBody[]>(c, "array:ResourceCreate");
      const rd = c.sim.rd(c.params.rd);
      await createResources(c.sim, rd, Array.isArray(items) ? items : [], rc);
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/resources/{node}", (c) =>
    mutate(c, { op: "CRT", obj: "RSC" }, 201, async (rc) => {
      const item = body<RscCreateBody>(c, "ResourceCreate");
      const rd = c.sim.rd(c.params.rd);
      await createResources(c.sim, rd, [{ ...item, resource: { ...(item.resource ?? {}), node_name: c.params.node } }], rc);
    }),
  ),
  route("POST", "/v1/resource-definitions/{rd}/autoplace", (c) =>
    mutate(c, { op: "CRT", obj: "RSC", objRefs: { RscDfn: c.params.rd } }, 201, async (rc) => {
      const b = body<AutoPlaceBody>(c, "AutoPlaceRequest");
      const rd = c.sim.rd(c.params.rd);
      // the REST layer overwrites select_filter.diskless_on_remaining and layer_stack with the top-level fields
      await autoPlace(c.sim, rd, b.select_filter ?? {}, b.diskless_on_remaining === true, b.layer_list, rc);
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}", (c) =>
    mutate(c, { op: "MOD", obj: "RSC" }, 200, (rc) => {
      const b = body<{ override_props?: Props; delete_props?: string[]; delete_namespaces?: string[] }>(c, "ResourceModify");
      const rd = c.sim.rd(c.params.rd);
      const r = c.sim.rsc(rd, c.params.node);
      applyPropChanges(r.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' on node '${r.node}' modified.`, { details: `Resource '${rd.name}' on node '${r.node}' UUID is: ${r.uuid}`, obj_refs: { RscDfn: rd.name, Node: r.node } });
    }),
  ),
  route("DELETE", "/v1/resource-definitions/{rd}/resources/{node}", (c) =>
    mutate(c, { op: "DEL", obj: "RSC" }, 200, async (rc) => {
      const rd = c.sim.findRd(c.params.rd);
      const r = rd?.resources[key(c.params.node)];
      if (!rd || !r) throw new RcError("WARN_NOT_FOUND", `Node: ${c.params.node}, Resource: ${c.params.rd} not found.`, { details: `Node: ${c.params.node}, Resource: ${c.params.rd}`, obj_refs: { RscDfn: c.params.rd, Node: c.params.node } });
      if (isDeleting(r) && !c.sim.findNode(r.node)?.online) {
        rc.plain("WARN_NOT_CONNECTED", `No active connection to satellite '${r.node}'`);
        return;
      }
      await deleteReplica(c.sim, rd, r, rc, c.query.get("keep_tiebreaker") === "true");
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk", (c) =>
    mutate(c, { op: "MOD", obj: "RSC" }, 200, async (rc) => {
      const b = body<ToggleBody>(c, "ToggleDiskRequest");
      await toggleDisk(c, opOf(b.operation), b.storage_pool, b.migrate_from, rc);
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk/diskful", (c) => T(c, "DISKFUL")),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk/diskful/{pool}", (c) => T(c, "DISKFUL", c.params.pool)),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk/diskless", (c) => T(c, "DISKLESS")),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/toggle-disk/diskless/{pool}", (c) => T(c, "DISKLESS")),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/migrate-disk/{from}", (c) => T(c, "DISKFUL", undefined, c.params.from)),
  route("PUT", "/v1/resource-definitions/{rd}/resources/{node}/migrate-disk/{from}/{pool}", (c) => T(c, "DISKFUL", c.params.pool, c.params.from)),
];
