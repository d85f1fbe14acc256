// Endpoints real clients call besides the core CRUD (facts §13): net-interface modify/delete,
// the key-value store, resource connections, make-available and clone.
import { code, Rc, RcError } from "../apicallrc";
import { SimCore, sleep } from "../core";
import { applyPropChanges, body, json, mutate, read, route, Route } from "../http";
import { checkName, key } from "../names";
import { errorReportId } from "../parseerrors";
import { createResource, reportDeployed, manageTieBreaker } from "../rscops";
import { satellitesOfRd } from "../satellites";
import { isDiskless, isTieBreaker, NodeRec, Props, removeFlag, RscDfnRec, sortedValues, uuid } from "../state";
import { addRscDfn, addVlmDfn } from "./rscdfns";
import { createResources, toggleDiskful } from "./resources";
import { pickDiskful, mergeFilter } from "../autoplace";

interface PropsModify {
  override_props?: Props;
  delete_props?: string[];
  delete_namespaces?: string[];
}

/** Node.setActiveStltConn: the first interface with a satellite port and encryption type. */
export function activeStltConn(n: NodeRec): string | undefined {
  return n.netIfs.find((i) => i.satellite_port !== undefined && i.satellite_encryption_type !== undefined)?.name;
}

// ---- net interfaces (CtrlNetIfApiCallHandler) ---------------------------------------------------

const netIfRoutes: Route[] = [
  route("PUT", "/v1/nodes/{node}/net-interfaces/{netif}", (c) =>
    mutate(c, { op: "MOD", obj: "NET_IF" }, 200, (rc) => {
      const b = body<{ name?: string; address?: string; satellite_port?: number; satellite_encryption_type?: string; is_active?: boolean }>(c, "NetInterface");
      const n = c.sim.node(c.params.node);
      const i = n.netIfs.find((x) => key(x.name) === key(c.params.netif));
      if (!i) {
        throw new RcError("FAIL_NOT_FOUND_NET_IF", `Node '${n.name}' has no network interface named '${c.params.netif}'.`, {
          details: `Node: '${n.name}', NetIfName: ${c.params.netif}'`,
          error_report_ids: [errorReportId()],
          obj_refs: { Node: n.name },
        });
      }
      if (b.address !== undefined) i.address = b.address;
      // port and encryption change only together
      if (b.satellite_port !== undefined && b.satellite_encryption_type !== undefined) {
        i.satellite_port = b.satellite_port;
        i.satellite_encryption_type = b.satellite_encryption_type.toUpperCase();
      }
      if (b.is_active === true) {
        if (i.satellite_port === undefined || i.satellite_encryption_type === undefined) {
          throw new RcError(BigInt.asIntN(64, 0xc000000000000000n | 211n | 212n), `Net interface '${i.name}' on node '${n.name}' cannot be the active satellite connection: it has no satellite port and encryption type.`);
        }
        for (const x of n.netIfs) x.is_active = x === i;
        n.props["CurStltConnName"] = i.name;
      }
      rc.add(code("MODIFIED", "MOD", "NET_IF"), `NetInterface '${i.name}' on node '${n.name}' modified.`, { details: `NetInterface '${i.name}' on node '${n.name}' UUID is: ${i.uuid}`, obj_refs: { UUID: i.uuid, Node: n.name } });
      c.sim.event("node-modified", { node: n.name, detail: `net interface ${i.name}` });
    }),
  ),
  route("DELETE", "/v1/nodes/{node}/net-interfaces/{netif}", (c) =>
    mutate(c, { op: "DEL", obj: "NET_IF" }, 200, (rc) => {
      const n = c.sim.node(c.params.node);
      const i = n.netIfs.find((x) => key(x.name) === key(c.params.netif));
      if (!i) {
        throw new RcError("WARN_NOT_FOUND", `Deletion of netInterface '${c.params.netif}' on node '${n.name}' had no effect.`, {
          cause: `NetInterface '${c.params.netif}' on node '${n.name}' does not exist.`,
          details: `Node: '${n.name}', NetIfName: ${c.params.netif}'`,
          obj_refs: { Node: n.name },
        });
      }
      n.netIfs = n.netIfs.filter((x) => x !== i);
      rc.add(code("DELETED", "DEL", "NET_IF"), `NetInterface '${i.name}' on node '${n.name}' deleted.`, { details: `NetInterface '${i.name}' on node '${n.name}' UUID was: ${i.uuid}`, obj_refs: { UUID: i.uuid, Node: n.name } });
      // the active connection fails over to another satellite-capable interface, if any
      const next = activeStltConn(n);
      if (next) n.props["CurStltConnName"] = next;
      else {
        delete n.props["CurStltConnName"];
        rc.plain("WARN_NO_STLT_CONN_DEFINED", `The deleted net interface '${i.name}' was the last connection to the satellite! The controller cannot reach node '${n.name}' anymore.`);
      }
      c.sim.event("node-modified", { node: n.name, detail: `net interface ${i.name} deleted` });
    }),
  ),
];

// ---- key-value store (CtrlKvsApiCallHandler) ----------------------------------------------------

function kvsOf(sim: SimCore) {
  return (sim.state.kvs ??= {});
}

const kvsRoutes: Route[] = [
  route("GET", "/v1/key-value-store", (c) => json(200, sortedValues(kvsOf(c.sim)).map((k) => ({ name: k.name, props: k.props })))),
  route("GET", "/v1/key-value-store/{kvs}", (c) =>
    read(undefined, () => {
      const k = kvsOf(c.sim)[key(c.params.kvs)];
      if (!k) throw new RcError("FAIL_NOT_FOUND_KVS", `Could not find key value store instance '${c.params.kvs}'.`);
      return [{ name: k.name, props: k.props }];
    }),
  ),
  route("PUT", "/v1/key-value-store/{kvs}", (c) =>
    mutate(c, { op: "MOD", obj: "CTRL_CONF" }, 200, (rc) => {
      const b = body<PropsModify>(c, "GenericPropsModify");
      const name = checkName("rsc", c.params.kvs);
      const k = (kvsOf(c.sim)[key(name)] ??= { name, props: {}, uuid: uuid() });
      applyPropChanges(k.props, b);
      rc.add(code("MODIFIED", "MOD", "CTRL_CONF"), "Successfully updated properties");
    }),
  ),
  route("DELETE", "/v1/key-value-store/{kvs}", (c) =>
    mutate(c, { op: "DEL", obj: "KVS" }, 200, (rc) => {
      const k = kvsOf(c.sim)[key(c.params.kvs)];
      if (!k) throw new RcError("WARN_NOT_FOUND", `Kvs '${c.params.kvs}' not found.`);
      delete kvsOf(c.sim)[key(k.name)];
      rc.add(code("DELETED"), `Kvs '${k.name}' deleted.`, { details: `Kvs '${k.name}' UUID was: ${k.uuid}` });
    }),
  ),
];

// ---- resource connections (CtrlRscConnectionApiCallHandler) -------------------------------------

function connKey(a: string, b: string): string {
  return [key(a), key(b)].sort().join("/");
}

function renderConn(x: { nodeA: string; nodeB: string; props: Props }): Record<string, unknown> {
  return { node_a: x.nodeA, node_b: x.nodeB, props: x.props };
}

const rscConnRoutes: Route[] = [
  route("GET", "/v1/resource-definitions/{rd}/resource-connections", (c) =>
    read(undefined, () => sortedValues(c.sim.rd(c.params.rd).rscConns ?? {}).map(renderConn)),
  ),
  route("GET", "/v1/resource-definitions/{rd}/resource-connections/{nodeA}/{nodeB}", (c) =>
    read(undefined, () => {
      const rd = c.sim.rd(c.params.rd);
      const a = c.sim.rsc(rd, c.params.nodeA);
      const b = c.sim.rsc(rd, c.params.nodeB);
      const x = rd.rscConns?.[connKey(a.node, b.node)];
      return renderConn(x ?? { nodeA: a.node, nodeB: b.node, props: {} });
    }),
  ),
  route("PUT", "/v1/resource-definitions/{rd}/resource-connections/{nodeA}/{nodeB}", (c) =>
    mutate(c, { op: "MOD", obj: "RSC_CONN", objRefs: { FirstNode: c.params.nodeA, SecondNode: c.params.nodeB, RscDfn: c.params.rd } }, 200, (rc) => {
      const b = body<PropsModify>(c, "GenericPropsModify");
      const rd = c.sim.rd(c.params.rd);
      const a = c.sim.rsc(rd, c.params.nodeA);
      const z = c.sim.rsc(rd, c.params.nodeB);
      const conns = (rd.rscConns ??= {});
      const x = (conns[connKey(a.node, z.node)] ??= { nodeA: a.node, nodeB: z.node, props: {}, uuid: uuid() });
      applyPropChanges(x.props, b, rc);
      const refs = { FirstNode: c.params.nodeA, SecondNode: c.params.nodeB, RscDfn: c.params.rd };
      const what = `Resource connection between nodes '${x.nodeA}' and '${x.nodeB}' for resource '${rd.name}'`;
      rc.add(code("MODIFIED", "MOD", "RSC_CONN"), `${what} modified.`, { details: `${what} UUID is: ${x.uuid}`, obj_refs: { ...refs, UUID: x.uuid } });
      // both resources are updated, each update reaching both satellites
      satellitesOfRd(c.sim, rd, "MOD", rc, refs);
      satellitesOfRd(c.sim, rd, "MOD", rc, refs);
    }),
  ),
];

// ---- make-available (CtrlRscMakeAvailableApiCallHandler) -----------------------------------------

async function makeAvailable(sim: SimCore, rd: RscDfnRec, nodeName: string, diskful: boolean, layers: string[] | undefined, rc: Rc): Promise<void> {
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

// ---- clone (CtrlRscDfnApiCallHandler.cloneRscDfn) ------------------------------------------------

const CLONE_KINDS = ["LVM", "LVM_THIN", "ZFS", "ZFS_THIN"];

function cloneStarted(rd: string, clone: string, messages: unknown[]): Record<string, unknown> {
  return { location: `/v1/resource-definitions/${rd}/clone/${clone}`, source_name: rd, clone_name: clone, messages };
}

async function cloneRd(sim: SimCore, src: RscDfnRec, b: { name?: string; resource_group?: string; layer_list?: string[] }, rc: Rc): Promise<RscDfnRec> {
  const name = checkName("rsc", b.name);
  for (const r of Object.values(src.resources)) {
    if (isDiskless(r)) continue;
    for (const v of r.vlms) {
      const kind = sim.pool(r.node, v.storPool)?.kind ?? "";
      if (!CLONE_KINDS.includes(kind)) {
        throw new RcError(code("FAIL_INVLD_PROVIDER", "CRT", "RSC_DFN"), "Clone source contains unsupported storage pools", { details: `Resource definition: ${name}`, error_report_ids: [errorReportId()], obj_refs: { RscDfn: name } });
      }
    }
  }
  const rd = addRscDfn(sim, { name, rscGrp: b.resource_group ?? src.rscGrp, layers: b.layer_list?.length ? b.layer_list : [...src.layerStack], peerSlots: src.peerSlots, props: {} }, rc);
  for (const vd of src.vlmDfns) addVlmDfn(sim, rd, { size_kib: vd.sizeKib, volume_number: vd.vlmNr }, undefined, rc);
  const created = [];
  for (const r of sortedValues(src.resources)) {
    const copy = isDiskless(r) ? createResource(sim, rd, r.node, { diskless: true }, rc) : createResource(sim, rd, r.node, { props: { StorPoolName: r.vlms[0]?.storPool ?? "" }, upToDate: true }, rc);
    if (!isDiskless(r)) {
      for (const v of copy.vlms) {
        const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
        sim.data.copy(sim.volFile(src, r.node, v.vlmNr), sim.volFile(rd, r.node, v.vlmNr), (vd?.sizeKib ?? 0) * 1024);
      }
      sim.refreshAllocated(rd, copy);
    }
    created.push(copy);
  }
  const tb = manageTieBreaker(sim, rd, rc);
  await sleep(sim.cfg.satelliteDelayMs);
  reportDeployed(sim, rd, tb.created ? [...created, tb.created] : created, rc);
  return rd;
}

const cloneRoutes: Route[] = [
  route("POST", "/v1/resource-definitions/{rd}/clone", (c) => {
    let name = "";
    // the answer is a CloneStarted object with the RC list inside (R/ResourceDefinitions.cloneResourceDefinition)
    return mutate(
      c,
      { op: "CRT", obj: "RSC_DFN" },
      201,
      async (rc) => {
        const b = body<{ name?: string; resource_group?: string; layer_list?: string[] }>(c, "ResourceDefinitionCloneRequest");
        name = b.name ?? "";
        const src = c.sim.rd(c.params.rd);
        const rd = await cloneRd(c.sim, src, b, rc);
        (c.sim.state.clones ??= {})[key(rd.name)] = { source: src.name, clone: rd.name, status: "COMPLETE" };
      },
      (entries) => cloneStarted(c.params.rd, name, entries),
    );
  }),
  route("GET", "/v1/resource-definitions/{rd}/clone/{clone}", (c) =>
    read(undefined, () => {
      const x = c.sim.state.clones?.[key(c.params.clone)];
      if (!x || key(x.source) !== key(c.params.rd)) throw new RcError("FAIL_NOT_FOUND_RSC_DFN", "Cloned resource not found.");
      return { status: x.status };
    }),
  ),
];

export const extraRoutes: Route[] = [
  ...netIfRoutes,
  ...kvsRoutes,
  ...rscConnRoutes,
  route("POST", "/v1/resource-definitions/{rd}/resources/{node}/make-available", (c) =>
    mutate(c, { op: "CRT", obj: "RSC", objRefs: { RscDfn: c.params.rd, Node: c.params.node } }, 200, async (rc) => {
      const b = body<{ diskful?: boolean; layer_list?: string[] }>(c, "ResourceMakeAvailable");
      await makeAvailable(c.sim, c.sim.rd(c.params.rd), c.params.node, b.diskful === true, b.layer_list, rc);
    }),
  ),
  ...cloneRoutes,
];
