// Nodes: registration, deletion (replicas first), evacuation, removal, and a node's connection
// going down and coming back.
import { code, RcError } from "../apicallrc";
import { mergeFilter, pickDiskful } from "../autoplace";
import { SimCore } from "../core";
import { toggleDiskful } from "./disk-toggle";
import { createResource, deleteBlockers, dropResource, finishDeletes, manageTieBreaker, markForDeletion } from "./replicas";
import { removeRscDfn } from "./resource-definitions";
import { addPool } from "./storage-pools";
import { checkName, checkNodeName, key } from "../names";
import { DISKLESS_POOL, isDeleting, isDiskless, NodeRec, Props, sortedValues, uuid } from "../state";
export const NODE_TYPES = ["CONTROLLER", "SATELLITE", "COMBINED", "AUXILIARY", "REMOTE_SPDK", "EBS_TARGET"];

export interface NetIfBody {
  name?: string;
  address?: string;
  satellite_port?: number;
  satellite_encryption_type?: string;
  is_active?: boolean;
}

export interface NodeBody {
  name?: string;
  type?: string;
  props?: Props;
  flags?: string[];
  net_interfaces?: NetIfBody[];
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

/** Node.setActiveStltConn: the first interface with a satellite port and encryption type. */
export function activeStltConn(n: NodeRec): string | undefined {
  return n.netIfs.find((i) => i.satellite_port !== undefined && i.satellite_encryption_type !== undefined)?.name;
}

/** Node deletion: its replicas go first (each via the satellites), then pools, then the node. */
export async function deleteNode(sim: SimCore, n: NodeRec, rc: import("../apicallrc").Rc): Promise<void> {
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
export async function evacuate(sim: SimCore, n: NodeRec, target: string[], doNotTarget: string[], rc: import("../apicallrc").Rc): Promise<void> {
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

/** Brings a node back: pending deletes finish, outdated replicas start to resync. */
export function nodeOnline(sim: SimCore, name: string): void {
  const n = sim.node(name);
  if (n.online) return;
  n.online = true;
  sim.event("node-online", { node: n.name });
  for (const rd of Object.values(sim.state.rscDfns)) {
    const r = rd.resources[key(n.name)];
    if (r && isDeleting(r)) dropResource(sim, rd, r);
    if (rd.flags.includes("DELETE") && Object.keys(rd.resources).length === 0) removeRscDfn(sim, rd);
  }
  if (n.flags.includes("DELETE")) removeNode(sim, n);
}

export function nodeOffline(sim: SimCore, name: string): void {
  const n = sim.node(name);
  if (!n.online) return;
  n.online = false;
  sim.event("node-offline", { node: n.name });
}
