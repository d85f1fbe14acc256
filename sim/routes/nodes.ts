// Nodes, net interfaces, storage pools and storage-pool definitions.
import { code, RcError } from "../apicallrc";
import { sleep } from "../core";
import { applyPropChanges, body, json, mutate, paginate, propsMatch, qAll, read, route, Route } from "../http";
import { checkName, checkNodeName, key } from "../names";
import { renderNode, renderStorPool } from "../render";
import { createResource, deleteBlockers, dropResource, finishDeletes, manageTieBreaker, markForDeletion } from "../rscops";
import { mergeFilter, pickDiskful } from "../autoplace";
import { toggleDiskful } from "./resources";
import { satellitesForNodeChange } from "../satellites";
import { defaultGranularity, GRANULARITY_PROP } from "../sizes";
import { DISKLESS_POOL, isDeleting, isDiskless, NodeRec, Props, sortedValues, StorPoolRec, uuid } from "../state";
import type { SimCore } from "../core";

const NODE_TYPES = ["CONTROLLER", "SATELLITE", "COMBINED", "AUXILIARY", "REMOTE_SPDK", "EBS_TARGET"];
const PROVIDERS = ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN", "SPDK", "REMOTE_SPDK", "EBS_TARGET", "EBS_INIT"];
/** simulated capacity of a new pool unless the prop Sim/CapacityKib says otherwise: 100 GiB */
export const DEFAULT_POOL_KIB = 100 * 1024 * 1024;

interface NetIfBody {
  name?: string;
  address?: string;
  satellite_port?: number;
  satellite_encryption_type?: string;
  is_active?: boolean;
}

interface NodeBody {
  name?: string;
  type?: string;
  props?: Props;
  flags?: string[];
  net_interfaces?: NetIfBody[];
}

interface PoolBody {
  storage_pool_name?: string;
  provider_kind?: string;
  props?: Props;
  free_space_mgr_name?: string;
  shared_space?: string;
  external_locking?: boolean;
}

/** Legacy backing-pool keys are rewritten into StorDriver/StorPoolName (§1.3). */
export function rewriteLegacyPoolProps(props: Props): Props {
  const out: Props = { ...props };
  const vg = out["StorDriver/LvmVg"];
  const thin = out["StorDriver/ThinPool"];
  const legacy = vg ?? out["StorDriver/ZPool"] ?? out["StorDriver/ZPoolThin"] ?? out["StorDriver/FileDir"];
  if (legacy !== undefined && out["StorDriver/StorPoolName"] === undefined) {
    out["StorDriver/StorPoolName"] = vg !== undefined && thin !== undefined ? `${vg}/${thin}` : legacy;
  }
  for (const k of ["StorDriver/LvmVg", "StorDriver/ThinPool", "StorDriver/ZPool", "StorDriver/ZPoolThin", "StorDriver/FileDir"]) delete out[k];
  return out;
}

export function addNode(sim: SimCore, b: NodeBody): NodeRec {
  const name = checkNodeName(b.name);
  const type = (b.type ?? "Satellite").toUpperCase();
  if (!NODE_TYPES.includes(type)) throw new RcError("FAIL_INVLD_NODE_TYPE", `The specified node type '${b.type}' is invalid.`);
  if (sim.findNode(name)) {
    throw new RcError("FAIL_EXISTS_NODE", `Registration of node '${name}' failed.`, {
      cause: `A node with the name '${name}' already exists.`,
      correction: "- Specify another name for the new node\nor\n- Delete the existing node before creating a new node with the same name",
    });
  }
  const ifs = b.net_interfaces ?? [];
  if (!ifs.some((i) => i.satellite_port !== undefined && i.satellite_encryption_type !== undefined)) {
    throw new RcError("FAIL_NO_STLT_CONN_DEFINED", `No satellite connection defined for node '${name}'`, {
      correction: "Specify a net interface with a satellite port and encryption type.",
    });
  }
  const n: NodeRec = {
    name,
    type,
    // CurStltConnName: the first interface with a satellite port and encryption (Node.setActiveStltConn);
    // NodeUname: what the (simulated, at once connecting) satellite reports as its uname
    props: { ...(b.props ?? {}), CurStltConnName: ifs.find((i) => i.satellite_port !== undefined && i.satellite_encryption_type !== undefined)?.name ?? "default", NodeUname: name },
    flags: [],
    netIfs: ifs.map((i) => ({
      name: checkName("netIf", i.name ?? "default"),
      address: i.address ?? "127.0.0.1",
      satellite_port: i.satellite_port,
      satellite_encryption_type: i.satellite_encryption_type ? i.satellite_encryption_type.toUpperCase() : undefined,
      is_active: i.satellite_port !== undefined ? true : i.is_active,
      uuid: uuid(),
    })),
    uuid: uuid(),
    online: true,
  };
  sim.state.nodes[key(name)] = n;
  sim.event("node-created", { node: name });
  if (type === "SATELLITE" || type === "COMBINED") addPool(sim, n, { storage_pool_name: DISKLESS_POOL, provider_kind: "DISKLESS" });
  return n;
}

export function addPool(sim: SimCore, n: NodeRec, b: PoolBody): StorPoolRec {
  const name = checkName("storPool", b.storage_pool_name);
  const kind = (b.provider_kind ?? "").toUpperCase();
  if (!PROVIDERS.includes(kind)) throw new RcError("FAIL_INVLD_PROVIDER", `The specified provider kind '${b.provider_kind ?? ""}' is invalid.`);
  if (sim.pool(n.name, name)) {
    throw new RcError("FAIL_EXISTS_STOR_POOL", `A storage pool with the name '${name}' already exists on node '${n.name}'.`, {
      cause: `Storage pool '${name}' on node '${n.name}' already exists.`,
    });
  }
  const props = rewriteLegacyPoolProps(b.props ?? {});
  // the satellite reports the pool's allocation granularity (VG extent size for LVM) on connect
  const g = defaultGranularity(kind);
  if (g !== undefined && props[GRANULARITY_PROP] === undefined) props[GRANULARITY_PROP] = String(g);
  let totalKib: number | undefined = kind === "DISKLESS" ? undefined : DEFAULT_POOL_KIB;
  if (props["Sim/CapacityKib"] !== undefined) {
    totalKib = Number(props["Sim/CapacityKib"]);
    delete props["Sim/CapacityKib"];
  }
  const p: StorPoolRec = {
    name,
    node: n.name,
    kind,
    props,
    uuid: uuid(),
    totalKib,
    freeSpaceMgr: b.shared_space ? b.shared_space : undefined,
  };
  if (!sim.state.storPoolDfns[key(name)]) sim.state.storPoolDfns[key(name)] = { name, props: {}, uuid: uuid() };
  (sim.state.storPools[key(n.name)] ??= {})[key(name)] = p;
  sim.event("pool-created", { node: n.name, detail: name });
  return p;
}

/** The pool's satellite applies a change: "(n) Changes applied to storage pool …", "Storage pool updated on 'n'". */
function poolApplied(sim: SimCore, p: StorPoolRec, op: "CRT" | "MOD", rc: import("../apicallrc").Rc): void {
  const refs = { StorPoolDfn: p.name, Node: p.node };
  if (!sim.findNode(p.node)?.online) {
    rc.plain("WARN_NOT_CONNECTED", `No active connection to satellite '${p.node}'`);
    return;
  }
  rc.add(code("MODIFIED", op, "STOR_POOL"), `(${p.node}) Changes applied to storage pool '${p.name}' of node '${p.node}'`, { obj_refs: refs });
  rc.add(code("MODIFIED", op, "STOR_POOL"), `Storage pool updated on '${p.node}'`, { obj_refs: refs });
}

function filteredNodes(c: Parameters<Route["handler"]>[0]): NodeRec[] {
  const names = qAll(c, "nodes").map(key);
  const props = qAll(c, "props");
  return sortedValues(c.sim.state.nodes).filter((n) => (!names.length || names.includes(key(n.name))) && propsMatch(n.props, props));
}

function poolsView(c: Parameters<Route["handler"]>[0], onlyNode?: string): StorPoolRec[] {
  const names = qAll(c, "nodes").map(key);
  const pools = qAll(c, "storage_pools").map(key);
  const props = qAll(c, "props");
  const out: StorPoolRec[] = [];
  for (const n of sortedValues(c.sim.state.nodes)) {
    if (onlyNode && key(n.name) !== key(onlyNode)) continue;
    if (names.length && !names.includes(key(n.name))) continue;
    for (const p of c.sim.poolsOf(n.name)) if ((!pools.length || pools.includes(key(p.name))) && propsMatch(p.props, props)) out.push(p);
  }
  return out;
}

/** Node deletion: its replicas go first (each via the satellites), then pools, then the node. */
async function deleteNode(sim: SimCore, n: NodeRec, rc: import("../apicallrc").Rc): Promise<void> {
  // every blocker is listed, then the refusal itself
  const blockers = Object.values(sim.state.rscDfns).flatMap((rd) => (rd.resources[key(n.name)] ? deleteBlockers(rd, rd.resources[key(n.name)]) : []));
  if (blockers.length) {
    throw new RcError("FAIL_NODE_HAS_USED_RSC", "Cannot delete node, because it has in use or last diskful resources.", { cause: `Node '${n.name}' cannot be deleted.` }, blockers.flatMap((b) => b.entries));
  }
  n.flags.push("DELETE");
  rc.add(code("DELETED", "DEL", "NODE"), `Node '${n.name}' marked for deletion.`, { obj_refs: { Node: n.name } });
  sim.event("node-flagged-delete", { node: n.name });
  for (const rd of Object.values(sim.state.rscDfns)) {
    const r = rd.resources[key(n.name)];
    if (!r) continue;
    if (!isDeleting(r)) markForDeletion(sim, rd, r, rc);
    const tb = manageTieBreaker(sim, rd, rc);
    await finishDeletes(sim, rd, [r, ...tb.toDelete], rc);
  }
  if (!n.online) {
    rc.plain("WARN_NOT_CONNECTED", `No active connection to satellite '${n.name}'`);
    return;
  }
  removeNode(sim, n);
  rc.add(code("DELETED", "DEL", "NODE"), `Node '${n.name}' deleted.`, { obj_refs: { Node: n.name } });
}

/**
 * Evacuate: the node gets EVACUATE (no new replicas there); each diskful replica on it gets a
 * successor elsewhere that resyncs, then the replica on this node is deleted (as with
 * toggle-disk migrate_from); diskless replicas go at once.
 */
async function evacuate(sim: SimCore, n: NodeRec, target: string[], doNotTarget: string[], rc: import("../apicallrc").Rc): Promise<void> {
  if (!n.flags.includes("EVACUATE")) n.flags.push("EVACUATE");
  rc.add(code("MODIFIED", "MOD", "NODE"), `Node '${n.name}' is being evacuated.`, { obj_refs: { Node: n.name } });
  sim.event("node-evacuate", { node: n.name });
  for (const rd of sortedValues(sim.state.rscDfns)) {
    const r = rd.resources[key(n.name)];
    if (!r || isDeleting(r)) continue;
    if (isDiskless(r)) {
      markForDeletion(sim, rd, r, rc);
      await finishDeletes(sim, rd, [r], rc);
      continue;
    }
    const rg = sim.state.rscGrps[key(rd.rscGrp)];
    const names = (target.length ? target : Object.values(sim.state.nodes).map((x) => x.name)).filter((x) => !doNotTarget.map(key).includes(key(x)) && key(x) !== key(n.name));
    const f = mergeFilter({ node_name_list: names, storage_pool_list: [r.vlms[0]?.storPool].filter((x): x is string => !!x) }, rg?.selectFilter ?? {});
    const [pick] = pickDiskful(sim, rd, f, 1);
    const existing = rd.resources[key(pick.node.name)];
    if (existing) toggleDiskful(sim, rd, existing, pick.pool.name, rc);
    const succ = existing ?? createResource(sim, rd, pick.node.name, { props: { StorPoolName: pick.pool.name } }, rc);
    succ.migrateFrom = n.name;
    rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' moves from '${n.name}' to '${pick.node.name}'.`, { obj_refs: { RscDfn: rd.name, Node: pick.node.name } });
  }
}

export function removeNode(sim: SimCore, n: NodeRec): void {
  for (const rd of Object.values(sim.state.rscDfns)) {
    const r = rd.resources[key(n.name)];
    if (r) dropResource(sim, rd, r);
    for (const s of Object.values(rd.snapshots)) s.nodes = s.nodes.filter((x) => key(x.node) !== key(n.name));
  }
  delete sim.state.storPools[key(n.name)];
  delete sim.state.nodes[key(n.name)];
  sim.event("node-deleted", { node: n.name });
}

export const nodeRoutes: Route[] = [
  route("GET", "/v1/nodes", (c) => json(200, paginate(c, filteredNodes(c)).map((n) => renderNode(c.sim, n)))),
  route("GET", "/v1/nodes/{node}", (c) => read({ op: "MOD", obj: "NODE" }, () => renderNode(c.sim, c.sim.node(c.params.node)))),
  route("POST", "/v1/nodes", (c) =>
    mutate(c, { op: "CRT", obj: "NODE" }, 201, async (rc) => {
      const n = addNode(c.sim, body<NodeBody>(c, "Node"));
      rc.add(code("CREATED", "CRT", "NODE"), `New node '${n.name}' registered.`, { details: `Node '${n.name}' UUID is: ${n.uuid}`, obj_refs: { Node: n.name, UUID: n.uuid } });
      await sleep(c.sim.cfg.satelliteDelayMs);
      rc.add(code("CREATED", "CRT", "NODE"), `Node '${n.name}' authenticated`, { obj_refs: { Node: n.name } });
    }),
  ),
  route("PUT", "/v1/nodes/{node}", (c) =>
    mutate(c, { op: "MOD", obj: "NODE", objRefs: { Node: c.params.node } }, 200, (rc) => {
      const b = body<{ node_type?: string; override_props?: Props; delete_props?: string[]; delete_namespaces?: string[] }>(c, "NodeModify");
      const n = c.sim.node(c.params.node);
      if (b.node_type) {
        const t = b.node_type.toUpperCase();
        if (!NODE_TYPES.includes(t)) throw new RcError("FAIL_INVLD_NODE_TYPE", `The specified node type '${b.node_type}' is invalid.`);
        n.type = t;
      }
      applyPropChanges(n.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "NODE"), `Node '${n.name}' modified.`, { details: `Node '${n.name}' UUID is: ${n.uuid}`, obj_refs: { UUID: n.uuid, Node: n.name } });
      c.sim.event("node-modified", { node: n.name });
      satellitesForNodeChange(c.sim, n.name, rc);
    }),
  ),
  route("DELETE", "/v1/nodes/{node}", (c) =>
    mutate(c, { op: "DEL", obj: "NODE" }, 200, async (rc) => {
      const n = c.sim.findNode(c.params.node);
      if (!n) throw new RcError("WARN_NOT_FOUND", `Deletion of node '${c.params.node}' had no effect.`, { cause: `Node '${c.params.node}' does not exist.`, details: `Node: ${c.params.node}`, obj_refs: { Node: c.params.node } });
      await deleteNode(c.sim, n, rc);
    }),
  ),
  route("DELETE", "/v1/nodes/{node}/lost", (c) =>
    mutate(c, { op: "DEL", obj: "NODE" }, 200, (rc) => {
      const n = c.sim.findNode(c.params.node);
      if (!n) throw new RcError("WARN_NOT_FOUND", `Deletion of node '${c.params.node}' had no effect.`, { cause: `Node '${c.params.node}' does not exist.` });
      removeNode(c.sim, n);
      rc.add(code("DELETED", "DEL", "NODE"), `Node '${n.name}' deleted.`, { obj_refs: { Node: n.name } });
    }),
  ),
  route("PUT", "/v1/nodes/{node}/reconnect", (c) =>
    mutate(c, { op: "MOD", obj: "NODE" }, 200, (rc) => {
      const n = c.sim.node(c.params.node);
      rc.add(code("MODIFIED", "MOD", "NODE"), `Node '${n.name}' reconnecting.`, { obj_refs: { Node: n.name } });
    }),
  ),
  route("PUT", "/v1/nodes/{node}/evacuate", (c) =>
    mutate(c, { op: "MOD", obj: "NODE" }, 200, async (rc) => {
      const b = body<{ target?: string[]; do_not_target?: string[] }>(c, "NodeEvacuate");
      await evacuate(c.sim, c.sim.node(c.params.node), b.target ?? [], b.do_not_target ?? [], rc);
    }),
  ),
  route("PUT", "/v1/nodes/{node}/restore", (c) =>
    mutate(c, { op: "MOD", obj: "NODE" }, 200, (rc) => {
      body<unknown>(c, "NodeRestore");
      const n = c.sim.node(c.params.node);
      n.flags = n.flags.filter((f) => f !== "EVACUATE" && f !== "EVICTED");
      rc.add(code("MODIFIED", "MOD", "NODE"), `Node '${n.name}' restored.`, { obj_refs: { Node: n.name } });
      c.sim.event("node-restored", { node: n.name });
    }),
  ),
  route("GET", "/v1/nodes/{node}/net-interfaces", (c) => read({ op: "MOD", obj: "NET_IF" }, () => c.sim.node(c.params.node).netIfs)),
  route("GET", "/v1/nodes/{node}/net-interfaces/{netif}", (c) =>
    read({ op: "MOD", obj: "NET_IF" }, () => {
      const i = c.sim.node(c.params.node).netIfs.find((x) => key(x.name) === key(c.params.netif));
      if (!i) throw new RcError("FAIL_NOT_FOUND_NET_IF", `Net interface '${c.params.netif}' on node '${c.params.node}' not found.`);
      return i;
    }),
  ),
  route("POST", "/v1/nodes/{node}/net-interfaces", (c) =>
    mutate(c, { op: "CRT", obj: "NET_IF" }, 201, (rc) => {
      const b = body<NetIfBody>(c, "NetInterface");
      const n = c.sim.node(c.params.node);
      const name = checkName("netIf", b.name);
      if (n.netIfs.some((x) => key(x.name) === key(name))) throw new RcError("FAIL_EXISTS_NET_IF", `Net interface '${name}' on node '${n.name}' already exists.`);
      const i = { name, address: b.address ?? "", satellite_port: b.satellite_port, satellite_encryption_type: b.satellite_encryption_type?.toUpperCase(), is_active: b.is_active ?? false, uuid: uuid() };
      n.netIfs.push(i);
      rc.add(code("CREATED", "CRT", "NET_IF"), `New netInterface '${name}' on node '${n.name}' registered.`, { details: `NetInterface '${name}' on node '${n.name}' UUID is: ${i.uuid}`, obj_refs: { UUID: i.uuid, Node: n.name } });
    }),
  ),
  route("GET", "/v1/stats/nodes", (c) => json(200, { count: Object.keys(c.sim.state.nodes).length })),

  // storage pools
  route("GET", "/v1/view/storage-pools", (c) => json(200, paginate(c, poolsView(c)).map((p) => renderStorPool(c.sim, p)))),
  route("GET", "/v1/nodes/{node}/storage-pools", (c) =>
    read({ op: "MOD", obj: "STOR_POOL" }, () => {
      c.sim.node(c.params.node);
      return paginate(c, poolsView(c, c.params.node)).map((p) => renderStorPool(c.sim, p));
    }),
  ),
  route("GET", "/v1/nodes/{node}/storage-pools/{sp}", (c) =>
    read({ op: "MOD", obj: "STOR_POOL" }, () => {
      const p = c.sim.pool(c.params.node, c.params.sp);
      if (!p) throw new RcError("FAIL_NOT_FOUND_STOR_POOL", `Storage pool '${c.params.sp}' on node '${c.params.node}' not found.`);
      return renderStorPool(c.sim, p);
    }),
  ),
  route("POST", "/v1/nodes/{node}/storage-pools", (c) =>
    mutate(c, { op: "CRT", obj: "STOR_POOL" }, 201, async (rc) => {
      const b = body<PoolBody>(c, "StoragePool");
      const n = c.sim.node(c.params.node);
      const p = addPool(c.sim, n, b);
      const refs = { StorPoolDfn: p.name, Node: n.name };
      const given = Object.keys(b.props ?? {}).filter((k) => k !== "Sim/CapacityKib");
      if (given.length) rc.add(code("CREATED", "CRT", "STOR_POOL"), `Successfully set property key(s): ${given.join(",")}`, { obj_refs: refs });
      rc.add(code("CREATED", "CRT", "STOR_POOL"), `New storage pool '${p.name}' on node '${n.name}' registered.`, {
        details: `Storage pool '${p.name}' on node '${n.name}' UUID is: ${p.uuid}`,
        obj_refs: { UUID: p.uuid, ...refs },
      });
      await sleep(c.sim.cfg.satelliteDelayMs);
      poolApplied(c.sim, p, "CRT", rc);
    }),
  ),
  route("PUT", "/v1/nodes/{node}/storage-pools/{sp}", (c) =>
    mutate(c, { op: "MOD", obj: "STOR_POOL" }, 200, (rc) => {
      const b = body<{ override_props?: Props; delete_props?: string[]; delete_namespaces?: string[] }>(c, "StoragePoolDefinitionModify");
      const p = c.sim.pool(c.params.node, c.params.sp);
      if (!p) throw new RcError("FAIL_NOT_FOUND_STOR_POOL", `Storage pool '${c.params.sp}' on node '${c.params.node}' not found.`);
      const refs = { StorPoolDfn: p.name, Node: p.node };
      const set = Object.keys(b.override_props ?? {});
      p.props = rewriteLegacyPoolProps({ ...p.props, ...(b.override_props ?? {}) });
      applyPropChanges(p.props, { delete_props: b.delete_props, delete_namespaces: b.delete_namespaces });
      if (set.length) rc.add(code("CREATED", "CRT", "STOR_POOL"), `Successfully set property key(s): ${set.join(",")}`, { obj_refs: refs });
      if (b.delete_props?.length) rc.add(code("DELETED", "DEL", "STOR_POOL"), `Successfully deleted property key(s): ${b.delete_props.join(",")}`, { obj_refs: refs });
      rc.add(code("MODIFIED", "MOD", "STOR_POOL"), `Storage pool '${p.name}' on node '${p.node}' modified.`, {
        details: `Storage pool '${p.name}' on node '${p.node}' UUID is: ${p.uuid}`,
        obj_refs: { UUID: p.uuid, ...refs },
      });
      poolApplied(c.sim, p, "MOD", rc);
    }),
  ),
  route("DELETE", "/v1/nodes/{node}/storage-pools/{sp}", (c) =>
    mutate(c, { op: "DEL", obj: "STOR_POOL" }, 200, async (rc) => {
      const p = c.sim.pool(c.params.node, c.params.sp);
      const desc = `Node: ${c.params.node}, Storage pool name: ${c.params.sp}`;
      if (!p) {
        throw new RcError("WARN_NOT_FOUND", `Deletion of storage pool '${c.params.sp}' on node '${c.params.node}' had no effect.`, { cause: `Storage pool '${c.params.sp}' on node '${c.params.node}' does not exist.`, details: desc, obj_refs: { StorPoolDfn: c.params.sp, Node: c.params.node } });
      }
      if (c.sim.volumesInPool(p.node, p.name).length || c.sim.snapshotsInPool(p.node, p.name)) {
        throw new RcError("FAIL_IN_USE", `The specified storage pool '${p.name}' on node '${p.node}' cannot be deleted as volumes / snapshot-volumes are still using it.`, {
          details: "Volumes / snapshot-volumes that are still using the storage pool: ...",
          correction: "Delete the listed volumes and snapshot-volumes first.",
        });
      }
      await sleep(c.sim.cfg.satelliteDelayMs);
      delete c.sim.state.storPools[key(p.node)][key(p.name)];
      const d = `Node: ${p.node}, Storage pool name: ${p.name}`;
      rc.add(code("DELETED", "DEL", "STOR_POOL"), `${d} deleted.`, { details: `${d} UUID was: ${p.uuid}`, obj_refs: { UUID: p.uuid, StorPoolDfn: p.name, Node: p.node } });
      c.sim.event("pool-deleted", { node: p.node, detail: p.name });
    }),
  ),
  route("GET", "/v1/stats/storage-pools", (c) => json(200, { count: Object.values(c.sim.state.storPools).reduce((a, m) => a + Object.keys(m).length, 0) })),

  // storage pool definitions
  route("GET", "/v1/storage-pool-definitions", (c) => json(200, paginate(c, sortedValues(c.sim.state.storPoolDfns)).map((d) => ({ storage_pool_name: d.name, props: d.props })))),
  route("GET", "/v1/storage-pool-definitions/{sp}", (c) =>
    read({ op: "MOD", obj: "STOR_POOL_DFN" }, () => {
      const d = c.sim.state.storPoolDfns[key(c.params.sp)];
      if (!d) throw new RcError("FAIL_NOT_FOUND_STOR_POOL_DFN", `Storage pool definition '${c.params.sp}' not found.`);
      return { storage_pool_name: d.name, props: d.props };
    }),
  ),
  route("POST", "/v1/storage-pool-definitions", (c) =>
    mutate(c, { op: "CRT", obj: "STOR_POOL_DFN" }, 201, (rc) => {
      const b = body<{ storage_pool_name?: string; props?: Props }>(c, "StoragePoolDefinition");
      const name = checkName("storPool", b.storage_pool_name);
      if (c.sim.state.storPoolDfns[key(name)]) throw new RcError("FAIL_EXISTS_STOR_POOL_DFN", `A storage pool definition with the name '${name}' already exists.`);
      const d = { name, props: b.props ?? {}, uuid: uuid() };
      c.sim.state.storPoolDfns[key(name)] = d;
      rc.add(code("CREATED", "CRT", "STOR_POOL_DFN"), `New storage pool definition '${name}' created.`, { details: `Storage pool definition '${name}' UUID is: ${d.uuid}` });
    }),
  ),
  route("PUT", "/v1/storage-pool-definitions/{sp}", (c) =>
    mutate(c, { op: "MOD", obj: "STOR_POOL_DFN" }, 200, (rc) => {
      const b = body<{ override_props?: Props; delete_props?: string[]; delete_namespaces?: string[] }>(c, "StoragePoolDefinitionModify");
      const d = c.sim.state.storPoolDfns[key(c.params.sp)];
      if (!d) throw new RcError("FAIL_NOT_FOUND_STOR_POOL_DFN", `Storage pool definition '${c.params.sp}' not found.`);
      applyPropChanges(d.props, b, rc);
      rc.add(code("MODIFIED", "MOD", "STOR_POOL_DFN"), `Storage pool definition '${d.name}' modified.`);
    }),
  ),
  route("DELETE", "/v1/storage-pool-definitions/{sp}", (c) =>
    mutate(c, { op: "DEL", obj: "STOR_POOL_DFN" }, 200, (rc) => {
      const d = c.sim.state.storPoolDfns[key(c.params.sp)];
      if (!d) throw new RcError("WARN_NOT_FOUND", `Storage pool definition '${c.params.sp}' not found.`);
      if (Object.keys(c.sim.state.storPools).some((n) => c.sim.state.storPools[n][key(d.name)])) {
        throw new RcError("FAIL_IN_USE", `Storage pool definition '${d.name}' is still in use by storage pools.`);
      }
      delete c.sim.state.storPoolDfns[key(d.name)];
      rc.add(code("DELETED", "DEL", "STOR_POOL_DFN"), `Storage pool definition '${d.name}' deleted.`);
    }),
  ),
];
