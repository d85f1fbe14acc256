// Resource life cycle shared by every route that creates or deletes replicas (explicit create,
// auto-place, spawn, restore, toggle-disk, balancing): number allocation, pool resolution,
// initial disk state, the auto tie-breaker and the two-step delete that waits for satellites.
import { code, Rc, RcError } from "../apicallrc";
import { pickTieBreakerNode } from "../autoplace";
import { SimCore, sleep } from "../core";
import { key } from "../names";
import { satelliteRscAnswer } from "../satellites";
import { addFlag, DISKLESS_POOL, isDeleting, isDiskless, isTieBreaker, Props, removeFlag, RscDfnRec, RscRec, sortedValues, uuid, VlmRec } from "../state";

export const MINOR_MIN = 1000;
export const MINOR_MAX = 49999;
export const PORT_MIN = 7000;
export const PORT_MAX = 7999;

export function allocMinor(sim: SimCore, wanted?: number): number {
  const used = new Set<number>();
  for (const rd of Object.values(sim.state.rscDfns)) for (const v of rd.vlmDfns) if (v.minor !== undefined) used.add(v.minor);
  if (wanted !== undefined) {
    if (used.has(wanted)) throw new RcError("FAIL_INVLD_MINOR_NR", `The minor number '${wanted}' is already in use.`);
    return wanted;
  }
  for (let m = MINOR_MIN; m <= MINOR_MAX; m++) if (!used.has(m)) return m;
  throw new RcError("FAIL_POOL_EXHAUSTED_MINOR_NR", "Could not find free minor number");
}

export function allocPort(sim: SimCore, node: string): number {
  const used = new Set<number>();
  for (const rd of Object.values(sim.state.rscDfns)) for (const p of rd.resources[key(node)]?.tcpPorts ?? []) used.add(p);
  for (let p = PORT_MIN; p <= PORT_MAX; p++) if (!used.has(p)) return p;
  throw new RcError("FAIL_POOL_EXHAUSTED_TCP_PORT", `Could not find free TCP port on node '${node}'`);
}

export function allocNodeId(rd: RscDfnRec): number {
  const used = new Set(Object.values(rd.resources).map((r) => r.nodeId));
  for (let i = 0; i < 32; i++) if (!used.has(i)) return i;
  throw new RcError("FAIL_POOL_EXHAUSTED_NODE_ID", `No free node id in resource definition '${rd.name}'`);
}

function lookupPoolName(sim: SimCore, rd: RscDfnRec, node: string, props: Props, vlmNr: number): string {
  const vd = rd.vlmDfns.find((v) => v.vlmNr === vlmNr);
  const n = sim.findNode(node);
  const rg = sim.state.rscGrps[key(rd.rscGrp)];
  const rgPool = rg?.selectFilter.storage_pool_list?.length === 1 ? rg.selectFilter.storage_pool_list[0] : rg?.selectFilter.storage_pool;
  const found =
    props["StorPoolName"] ??
    vd?.props["StorPoolName"] ??
    rd.props["StorPoolName"] ??
    rg?.props["StorPoolName"] ??
    rgPool ??
    n?.props["StorPoolName"] ??
    sim.state.controllerProps["StorPoolName"];
  if (found) return found;
  // then the pools of the diskful peers
  for (const peer of Object.values(rd.resources)) {
    if (isDiskless(peer)) continue;
    const pv = peer.vlms.find((v) => v.vlmNr === vlmNr);
    if (pv && sim.pool(node, pv.storPool)) return pv.storPool;
  }
  return "DfltStorPool";
}

/**
 * Sets the layer stack of a definition whose stack is still open (the first resource fixes it).
 * Minors belong to the DRBD layer: a definition without DRBD gives its minors back.
 */
export function fixLayerStack(sim: SimCore, rd: RscDfnRec, layers: string[]): void {
  if (rd.layerStack.length) return;
  rd.layerStack = layers;
  if (!layers.includes("DRBD")) for (const v of rd.vlmDfns) v.minor = undefined;
  else for (const v of rd.vlmDfns) if (v.minor === undefined) v.minor = allocMinor(sim);
}

/** Does the definition already hold data (so that a new replica must resync)? */
export function holdsData(sim: SimCore, rd: RscDfnRec): boolean {
  return Object.values(rd.resources).some((r) => !isDiskless(r) && r.vlms.some((v) => v.allocatedKib > 0 || v.disk !== "UpToDate"));
}

export interface CreateOpts {
  props?: Props;
  diskless?: boolean;
  drbdClient?: boolean;
  tieBreaker?: boolean;
  extraFlags?: string[];
  /** start UpToDate regardless of peers (restore from snapshot) */
  upToDate?: boolean;
  /** the autoplacer reports only the props it set, not each registered resource and volume */
  quiet?: boolean;
}

/** Creates one replica (state only; the caller waits for the simulated satellite). */
export function createResource(sim: SimCore, rd: RscDfnRec, nodeName: string, opts: CreateOpts, rc: Rc): RscRec {
  const node = sim.node(nodeName);
  const props: Props = { ...(opts.props ?? {}) };
  const diskless = opts.diskless || opts.tieBreaker || false;
  const flags: string[] = [];
  if (diskless) addFlag(flags, "DISKLESS", "DRBD_DISKLESS");
  if (opts.tieBreaker) addFlag(flags, "TIE_BREAKER");
  for (const f of opts.extraFlags ?? []) addFlag(flags, f);
  if (diskless && !props["StorPoolName"]) props["StorPoolName"] = DISKLESS_POOL;
  const vlms: VlmRec[] = [];
  const hadData = holdsData(sim, rd);
  const firstDiskful = !Object.values(rd.resources).some((r) => !isDiskless(r) && !isDeleting(r));
  for (const vd of rd.vlmDfns) {
    const poolName = diskless ? props["StorPoolName"] : lookupPoolName(sim, rd, node.name, props, vd.vlmNr);
    const pool = sim.pool(node.name, poolName);
    if (!pool) {
      throw new RcError("FAIL_NOT_FOUND_DFLT_STOR_POOL", `The storage pool '${poolName}' for resource '${rd.name}' for volume number '${vd.vlmNr}' is not deployed on node '${node.name}'.`, {
        details: `The resource which should be deployed had at least one volume without a storage pool assigned.`,
      });
    }
    if (diskless && pool.kind !== "DISKLESS") {
      throw new RcError("FAIL_INVLD_STOR_POOL_NAME", "Storage pool with backing disk not allowed with diskless resource.", {
        cause: `Storage pool '${pool.name}' on node '${node.name}' has provider kind ${pool.kind}.`,
      });
    }
    if (!diskless && pool.kind === "DISKLESS") {
      addFlag(flags, "DISKLESS", "DRBD_DISKLESS");
    }
    const thick = pool.kind === "LVM" || pool.kind === "FILE";
    let disk: VlmRec["disk"] = "UpToDate";
    if (isDiskless({ flags } as RscRec)) disk = "Diskless";
    else if (!opts.upToDate && !firstDiskful && (hadData || thick)) disk = "Inconsistent";
    vlms.push({
      vlmNr: vd.vlmNr,
      storPool: pool.name,
      uuid: uuid(),
      disk,
      sync: disk === "Inconsistent" ? { doneKib: 0, totalKib: vd.sizeKib } : undefined,
      allocatedKib: 0,
      flags: [],
    });
  }
  if (!props["StorPoolName"] && vlms.length) props["StorPoolName"] = vlms[0].storPool;
  fixLayerStack(sim, rd, ["DRBD", "STORAGE"]);
  const drbd = rd.layerStack.includes("DRBD");
  // without DRBD every replica is independent storage: nothing to sync from
  if (!drbd) for (const v of vlms) if (v.disk === "Inconsistent") Object.assign(v, { disk: "UpToDate", sync: undefined });
  const r: RscRec = {
    rd: rd.name,
    node: node.name,
    props,
    flags,
    drbdFlags: opts.drbdClient ? ["CLIENT"] : [],
    nodeId: allocNodeId(rd),
    tcpPorts: drbd ? [allocPort(sim, node.name)] : [],
    uuid: uuid(),
    createTs: Date.now(),
    inUse: false,
    vlms,
  };
  rd.resources[key(node.name)] = r;
  // a new disk starts empty, whatever an earlier replica on this node left behind
  for (const v of vlms) sim.data.remove(sim.volFile(rd, node.name, v.vlmNr));
  sim.refreshAllocated(rd, r);
  const ctxRefs = rc.ctx?.objRefs ?? {};
  const given = Object.keys(opts.props ?? {});
  if (given.length) rc.add(code("CREATED", "CRT", "RSC"), `Successfully set property key(s): ${given.join(",")}`, { obj_refs: { ...ctxRefs, RscDfn: rd.name } });
  if (!opts.quiet) rc.add(code("CREATED", "CRT", "RSC"), `New resource '${rd.name}' on node '${node.name}' registered.`, { details: `Resource '${rd.name}' on node '${node.name}' UUID is: ${r.uuid}`, obj_refs: { ...ctxRefs, UUID: r.uuid, RscDfn: rd.name } });
  for (const v of opts.quiet ? [] : vlms) {
    rc.add(code("CREATED", "CRT", "VLM"), `Volume with number '${v.vlmNr}' on resource '${rd.name}' on node '${node.name}' successfully registered`, {
      details: `Volume UUID is: ${v.uuid}`,
      obj_refs: { ...ctxRefs, RscDfn: rd.name, VlmNr: String(v.vlmNr), Node: node.name },
    });
  }
  sim.event(opts.tieBreaker ? "tiebreaker-created" : "resource-created", { resource: rd.name, node: node.name, detail: diskless ? "diskless" : vlms.map((v) => v.storPool).join(",") });
  if (vlms.some((v) => v.disk === "Inconsistent")) sim.event("disk-state", { resource: rd.name, node: node.name, detail: "Inconsistent" });
  return r;
}

/** The "Successfully set property" entries of a create call come before its other entries. */
export function propEntriesFirst(rc: Rc, from: number): void {
  const tail = rc.entries.splice(from);
  const isSet = (e: { message: string }) => e.message.startsWith("Successfully set property key(s): ");
  rc.entries.push(...tail.filter(isSet), ...tail.filter((e) => !isSet(e)));
}

/**
 * The satellites' answers after a create, node by node: a new replica's satellite reports its
 * volumes created and the controller "Created resource"; each existing peer re-applies and the
 * controller reports the peers added to it (op bits of the request).
 */
export function reportDeployed(sim: SimCore, rd: RscDfnRec, created: RscRec[], rc: Rc): void {
  const op = rc.ctx?.op ?? "CRT";
  const obj = rc.ctx?.obj ?? "RSC";
  const refs = rc.ctx?.objRefs ?? {};
  const newKeys = new Set(created.map((r) => key(r.node)));
  for (const r of sortedValues(rd.resources)) {
    const isNew = newKeys.has(key(r.node));
    if (!isNew && (isDeleting(r) || !created.length)) continue;
    const online = sim.findNode(r.node)?.online;
    if (!online) {
      if (isNew) rc.plain("WARN_NOT_CONNECTED", `No active connection to satellite '${r.node}'`, { details: "The controller is trying to (re-) establish a connection to the satellite. The controller stored the changes and as soon the satellite is connected, it will receive this update." });
      continue;
    }
    if (isNew) {
      satelliteRscAnswer(sim, rd, r, op, "created", rc, refs);
      rc.add(code("MODIFIED", op, obj), `Created resource '${rd.name}' on '${r.node}'`, { obj_refs: { ...refs, RscDfn: rd.name } });
    } else {
      satelliteRscAnswer(sim, rd, r, op, "resized", rc, refs);
      rc.add(code("MODIFIED", op, obj), `Added peer(s) ${created.map((c) => `'${c.node}'`).join(", ")} to resource '${rd.name}' on '${r.node}'`, { obj_refs: { ...refs, RscDfn: rd.name } });
    }
  }
  if (rd.layerStack.includes("DRBD") && Object.keys(rd.resources).length > 1) {
    for (const r of created) {
      if (sim.findNode(r.node)?.online) rc.add(code("MODIFIED", op, "RSC"), `Resource '${rd.name}' on '${r.node}' ready`, { obj_refs: { ...refs, RscDfn: rd.name, Node: r.node } });
    }
  }
  if (!rd.vlmDfns.length && created.length) rc.plain("WARN_NOT_FOUND", `No volumes have been defined for resource '${rd.name}'`);
}

// ---- tie-breaker -------------------------------------------------------------------------------

function propPrio(sim: SimCore, rd: RscDfnRec, k: string): string | undefined {
  return rd.props[k] ?? sim.state.rscGrps[key(rd.rscGrp)]?.props[k] ?? sim.state.controllerProps[k];
}

/**
 * DrbdOptions/auto-add-quorum-tiebreaker (RD → RG → controller, "true" in any case), and quorum
 * managed by LINSTOR: quorum=majority (the default when unset) or Internal/Drbd/QuorumSetBy=linstor
 * (the default) (shouldTieBreakerExist).
 */
export function autoTieBreakerEnabled(sim: SimCore, rd: RscDfnRec): boolean {
  const v = propPrio(sim, rd, "DrbdOptions/auto-add-quorum-tiebreaker");
  const quorum = propPrio(sim, rd, "DrbdOptions/Resource/quorum") ?? "majority";
  const setBy = propPrio(sim, rd, "Internal/Drbd/QuorumSetBy") ?? "linstor";
  return (v ?? "").toLowerCase() === "true" && (quorum === "majority" || setBy === "linstor");
}

const QUORUM = "DrbdOptions/Resource/quorum";

/**
 * CtrlRscAutoQuorumHelper.manage (after the tie-breaker helper): quorum=majority with 2 diskful
 * and at least one diskless replica or 3+ diskful ones, otherwise off; left alone when a user set
 * quorum (Internal/Drbd/QuorumSetBy=user). The first value is set silently.
 */
export function manageQuorum(sim: SimCore, rd: RscDfnRec, rc: Rc): void {
  if ((rd.props["Internal/Drbd/QuorumSetBy"] ?? "linstor") === "user") return;
  const live = Object.values(rd.resources).filter((r) => !isDeleting(r));
  if (!live.length) return;
  const diskful = live.filter((r) => !isDiskless(r)).length;
  const diskless = live.length - diskful;
  const want = rd.layerStack.includes("DRBD") && (diskful >= 3 || (diskful === 2 && diskless >= 1)) ? "majority" : "off";
  const had = rd.props[QUORUM];
  if (had === want) return;
  rd.props[QUORUM] = want;
  if (had === undefined) return;
  if (want === "majority") rc.plain("INFO_PROP_SET", `Resource-definition property '${QUORUM}' updated from '${had}' to 'majority' by AutoQuorum`);
  else rc.plain("INFO_PROP_SET", `Resource-definition property '${QUORUM}' updated from '${had}' to 'off' by AutoQuorum`);
}

function shouldTieBreakerExist(rd: RscDfnRec): boolean {
  const live = Object.values(rd.resources).filter((r) => !isDeleting(r));
  const diskful = live.filter((r) => !isDiskless(r)).length;
  const voters = live.filter((r) => isDiskless(r) && !isTieBreaker(r) && !r.drbdFlags.includes("CLIENT")).length;
  return rd.layerStack.includes("DRBD") && diskful >= 2 && diskful % 2 === 0 && voters === 0;
}

export interface TieBreakerResult {
  /** a resource that was going to be deleted and is kept as tie-breaker instead */
  keptNode?: string;
  /** tie-breakers that must now be deleted */
  toDelete: RscRec[];
  created?: RscRec;
}

/** Converts a replica into the RD's tie-breaker (diskless, TIE_BREAKER), dropping its data. */
function takeover(sim: SimCore, rd: RscDfnRec, r: RscRec, rc: Rc): void {
  removeFlag(r.flags, "DELETE", "DRBD_DELETE");
  if (!isDiskless(r)) {
    for (const v of r.vlms) sim.data.remove(sim.volFile(rd, r.node, v.vlmNr));
    r.vlms = r.vlms.map((v) => ({ ...v, storPool: DISKLESS_POOL, disk: "Diskless", sync: undefined, allocatedKib: 0 }));
    r.props["StorPoolName"] = DISKLESS_POOL;
  }
  addFlag(r.flags, "DISKLESS", "DRBD_DISKLESS", "TIE_BREAKER");
  r.drbdFlags = r.drbdFlags.filter((f) => f !== "CLIENT");
  rc.plain("INFO_TIE_BREAKER_TAKEOVER", "The given resource will not be deleted but will be taken over as a linstor managed tiebreaker resource.");
  sim.event("tiebreaker-takeover", { resource: rd.name, node: r.node });
}

/**
 * The auto tie-breaker helper, run after creates and deletes (CtrlRscAutoTieBreakerHelper):
 * adds a diskless TIE_BREAKER when an even number (≥ 2) of diskful replicas has no diskless voter,
 * takes over a replica being deleted instead when it can, and marks a no longer needed one for
 * deletion. Deleting the tie-breaker by hand switches the feature off on the RD unless
 * keep_tiebreaker is given.
 */
export function manageTieBreaker(sim: SimCore, rd: RscDfnRec, rc: Rc, opts: { keepTiebreaker?: boolean } = {}): TieBreakerResult {
  const res: TieBreakerResult = { toDelete: [] };
  let enabled = autoTieBreakerEnabled(sim, rd);
  if (!enabled && opts.keepTiebreaker) {
    rd.props["DrbdOptions/auto-add-quorum-tiebreaker"] = "True";
    rc.plain("INFO_PROP_SET", "Autotiebreaker automatically enabled due to --keep-tiebreaker");
    enabled = true;
  }
  const all = Object.values(rd.resources);
  const tb = all.find((r) => isTieBreaker(r));
  const should = enabled && shouldTieBreakerExist(rd);
  if (should) {
    if (!tb) {
      // a replica being deleted becomes the tie-breaker if its node could hold one
      const canHold = (r: RscRec) => {
        const n = sim.findNode(r.node);
        return !!n?.online && !n.flags.includes("DELETE") && !n.flags.includes("EVACUATE") && !!sim.pool(r.node, DISKLESS_POOL);
      };
      const deleting = all.filter((r) => isDeleting(r) && canHold(r));
      const takeoverRsc = deleting.find((r) => isDiskless(r)) ?? deleting[0];
      if (takeoverRsc) {
        takeover(sim, rd, takeoverRsc, rc);
        res.keptNode = takeoverRsc.node;
      } else {
        const pick = pickTieBreakerNode(sim, rd);
        if (!pick) {
          rc.plain("WARN_NOT_ENOUGH_NODES_FOR_TIE_BREAKER", `Could not find suitable node to automatically create a tie breaking resource for '${rd.name}'.`);
        } else {
          res.created = createResource(sim, rd, pick.node.name, { tieBreaker: true, props: { StorPoolName: pick.pool.name } }, rc);
          rc.plain("INFO_TIE_BREAKER_CREATED", `Tie breaker resource '${rd.name}' created on ${pick.node.name}`);
        }
      }
    } else if (isDeleting(tb)) {
      if (opts.keepTiebreaker) {
        takeover(sim, rd, tb, rc);
        res.keptNode = tb.node;
      } else {
        rd.props["DrbdOptions/auto-add-quorum-tiebreaker"] = "False";
        rc.plain("INFO_PROP_SET", `Disabling auto-tiebreaker on resource-definition '${rd.name}' as tiebreaker resource was manually deleted`);
        sim.event("tiebreaker-disabled", { resource: rd.name, node: tb.node });
      }
    }
  } else if (tb && !isDeleting(tb) && sim.findNode(tb.node)?.online) {
    // only a tie-breaker on an online (synced) node is removed
    addFlag(tb.flags, "DELETE", "DRBD_DELETE");
    rc.plain("INFO_TIE_BREAKER_DELETING", "Tie breaker marked for deletion");
    sim.event("resource-flagged-delete", { resource: rd.name, node: tb.node, detail: "tiebreaker" });
    res.toDelete.push(tb);
  }
  manageQuorum(sim, rd, rc);
  return res;
}

// ---- delete ------------------------------------------------------------------------------------

/** Why a replica cannot be deleted (CtrlRscDeleteApiHelper's ensureNotInUse / ensureNotLastDisk). */
export function deleteBlockers(rd: RscDfnRec, r: RscRec): RcError[] {
  const out: RcError[] = [];
  if (r.inUse) {
    out.push(
      new RcError("FAIL_IN_USE", `Resource '${rd.name}' is still in use.`, {
        cause: "Resource is mounted/in use.",
        correction: `Un-mount resource '${rd.name}' on the node '${r.node}'.`,
      }),
    );
  }
  if (!isDiskless(r)) {
    const otherDiskful = Object.values(rd.resources).filter((x) => x !== r && !isDiskless(x) && !isDeleting(x));
    const attached = Object.values(rd.resources).filter((x) => x !== r && isDiskless(x) && !isDeleting(x));
    if (otherDiskful.length === 0 && attached.length > 0) {
      out.push(
        new RcError("FAIL_IN_USE", `Last resource of '${rd.name}' with disk still has diskless resources attached.`, {
          cause: "Resource still has diskless users.",
          correction: "Before deleting this resource, delete the diskless resources attached to it.",
        }),
      );
    }
  }
  return out;
}

export function ensureDeletable(_sim: SimCore, rd: RscDfnRec, r: RscRec): void {
  const b = deleteBlockers(rd, r);
  if (b.length) throw b[0];
}

/** Flags DELETE on a replica (CtrlRscDeleteApiCallHandler: "Node: n, Resource: r marked for deletion."). */
export function markForDeletion(sim: SimCore, rd: RscDfnRec, r: RscRec, rc: Rc): void {
  addFlag(r.flags, "DELETE", "DRBD_DELETE");
  const desc = `Node: ${r.node}, Resource: ${rd.name}`;
  rc.add(code("DELETED", "DEL", "RSC"), `${desc} marked for deletion.`, { details: `${desc} UUID is: ${r.uuid}`, obj_refs: { RscDfn: rd.name, Node: r.node } });
  sim.event("resource-flagged-delete", { resource: rd.name, node: r.node });
}

/** Drops a replica whose satellite confirmed (step 2), with its data files. */
export function dropResource(sim: SimCore, rd: RscDfnRec, r: RscRec, rc?: Rc): void {
  for (const v of r.vlms) sim.data.remove(sim.volFile(rd, r.node, v.vlmNr));
  delete rd.resources[key(r.node)];
  // a sync from the dropped replica has to pick another source
  for (const other of Object.values(rd.resources)) for (const v of other.vlms) if (v.sync?.source === key(r.node)) v.sync.source = undefined;
  const desc = `Node: ${r.node}, Resource: ${rd.name}`;
  rc?.add(code("DELETED", "DEL", "RSC"), `${desc} deletion complete.`, { details: `${desc} UUID was: ${r.uuid}`, obj_refs: { RscDfn: rd.name, Node: r.node } });
  sim.event("resource-deleted", { resource: rd.name, node: r.node });
}

/**
 * Finishes the deletes that were flagged: each peer re-applies ("Notified 'peer' that 'r' is being
 * cleaned up on Node(s): [n]"), the replica's satellite deletes its volumes ("Cleaning up 'r' on
 * 'n'"), then the replica is dropped. Replicas on offline nodes stay flagged DELETE
 * (WARN_NOT_CONNECTED) and go when their node comes back.
 */
export async function finishDeletes(sim: SimCore, rd: RscDfnRec, list: RscRec[], rc: Rc): Promise<void> {
  if (!list.length) return;
  await sleep(sim.cfg.satelliteDelayMs);
  for (const r of list) {
    const refs = { RscDfn: rd.name, Node: r.node };
    const peers = sortedValues(rd.resources).filter((x) => x !== r && !list.includes(x) && sim.findNode(x.node)?.online);
    for (const p of peers) {
      satelliteRscAnswer(sim, rd, p, "DEL", "resized", rc, { Node: r.node });
      rc.add(code("MODIFIED", "DEL", "RSC"), `Notified '${p.node}' that '${rd.name}' is being cleaned up on Node(s): [${r.node}]`, { obj_refs: refs });
    }
  }
  for (const r of list) {
    if (!rd.resources[key(r.node)] || !isDeleting(r)) continue;
    if (!sim.findNode(r.node)?.online) {
      rc.plain("WARN_NOT_CONNECTED", `No active connection to satellite '${r.node}'`, {
        details: "The controller is trying to (re-) establish a connection to the satellite. The controller stored the changes and as soon the satellite is connected, it will receive this update.",
      });
      continue;
    }
    satelliteRscAnswer(sim, rd, r, "DEL", "deleted", rc, { Node: r.node });
    rc.add(code("MODIFIED", "DEL", "RSC"), `Cleaning up '${rd.name}' on '${r.node}'`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
    dropResource(sim, rd, r, rc);
  }
}

/** The whole delete of one replica, as DELETE .../resources/{node} does it. */
export async function deleteReplica(sim: SimCore, rd: RscDfnRec, r: RscRec, rc: Rc, keepTiebreaker: boolean): Promise<void> {
  ensureDeletable(sim, rd, r);
  addFlag(r.flags, "DELETE", "DRBD_DELETE");
  const tbRes = manageTieBreaker(sim, rd, rc, { keepTiebreaker });
  if (tbRes.keptNode && key(tbRes.keptNode) === key(r.node)) {
    await sleep(sim.cfg.satelliteDelayMs);
    rc.add(code("MODIFIED", "MOD", "RSC"), `Resource '${rd.name}' on node '${r.node}' converted to tie breaker.`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
    await finishDeletes(sim, rd, tbRes.toDelete, rc);
    return;
  }
  removeFlag(r.flags, "DELETE", "DRBD_DELETE");
  markForDeletion(sim, rd, r, rc);
  await finishDeletes(sim, rd, [r, ...tbRes.toDelete], rc);
}
