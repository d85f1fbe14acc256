// Snapshots: take (suspend → snapshot → resume), delete, and rollback (restore-based since 1.31,
// in place before). Each snapshot freezes a copy of the bytes.
import { randomBytes } from "node:crypto";
import { code, CodeName, Rc, RcError } from "../apicallrc";
import { atLeast, SimCore, sleep } from "../core";
import { createResource, dropResource, fixLayerStack, manageTieBreaker, reportDeployed } from "./replicas";
import { checkName, key } from "../names";
import { errorReportId } from "../parseerrors";
import { isDeleting, isDiskless, Props, RscDfnRec, RscRec, SnapshotRec, sortedValues, supportsSnapshots, uuid } from "../state";
function snapCtx(rd: string, snap?: string) {
  return { obj_refs: { RscDfn: rd, ...(snap ? { Snapshot: snap } : {}) } };
}

/** Snapshot errors carry the context in their details and obj_refs (CtrlSnapshotCrtHelper). */
export function snapErr(name: CodeName, message: string, rd: string, snap: string, extra: { details?: string; report?: boolean } = {}): RcError {
  const ctx = `Resource: ${rd}, Snapshot: ${snap}`;
  return new RcError(name, message, {
    details: extra.details ? `${extra.details}\n${ctx}` : ctx,
    obj_refs: { RscDfn: rd, Snapshot: snap },
    ...(extra.report ? { error_report_ids: [errorReportId()] } : {}),
  });
}

/** DeviceProviderKind.isSnapshotSupported: FILE_THIN pools report the trait but cannot snapshot. */
function driverSnapshots(kind: string): boolean {
  return supportsSnapshots(kind) && kind !== "FILE_THIN";
}

export function takeSnapshot(sim: SimCore, rd: RscDfnRec, name: string, nodes: string[], props: Props, rc: Rc): SnapshotRec {
  checkName("snap", name);
  if (rd.snapshots[key(name)]) {
    throw new RcError("FAIL_EXISTS_SNAPSHOT_DFN", `A snapshot definition with the name '${name}' already exists in resource definition '${rd.name}'.`, {
      cause: `The snapshot '${name}' of resource '${rd.name}' already exists.`,
      correction: "Specify another name for the new snapshot.",
    });
  }
  const skipMsg = (r: RscRec, why: string) =>
    rc.add(code("WARN_PLAIN", "CRT", "SNAPSHOT"), `Snapshot for resource '${rd.name}' will not be created on node '${r.node}' because that node is currently ${why}.`, snapCtx(rd.name, name));
  const evacuating = (r: RscRec) => !!sim.findNode(r.node)?.flags.includes("EVACUATE");
  const connectedDiskful = Object.values(rd.resources).filter((r) => !isDiskless(r) && !isDeleting(r) && sim.findNode(r.node)?.online);
  if (!connectedDiskful.length) {
    throw snapErr("FAIL_NOT_CONNECTED", "No diskful connected satellite for snapshot or no resources.", rd.name, name, { details: "Snapshots need at least one diskful online satellite.", report: true });
  }
  const targets: RscRec[] = [];
  if (nodes.length) {
    for (const n of nodes) {
      const r = rd.resources[key(n)];
      if (!r) throw snapErr("FAIL_NOT_FOUND_RSC", `Resource '${rd.name}' on node '${n}' not found.`, rd.name, name);
      if (isDiskless(r)) throw snapErr("FAIL_SNAPSHOTS_NOT_SUPPORTED", `Cannot create snapshot from diskless resource on node '${r.node}'`, rd.name, name);
      if (evacuating(r)) skipMsg(r, "evacuating");
      else targets.push(r);
    }
  } else {
    for (const r of sortedValues(rd.resources)) {
      if (isDiskless(r) || isDeleting(r)) continue;
      if (evacuating(r)) skipMsg(r, "evacuating");
      else if (!sim.findNode(r.node)?.online) skipMsg(r, "offline");
      else targets.push(r);
    }
  }
  if (!targets.length) throw snapErr("FAIL_NOT_FOUND_RSC", "No resources found for snapshotting", rd.name, name);
  for (const r of targets) {
    for (const v of r.vlms) {
      const pool = sim.pool(r.node, v.storPool);
      if (!pool || !driverSnapshots(pool.kind)) {
        throw snapErr("FAIL_SNAPSHOTS_NOT_SUPPORTED", `Storage driver '${pool?.kind ?? "DISKLESS"}' does not support snapshots.`, rd.name, name, { details: `Used for storage pool '${v.storPool}' on '${r.node}'.`, report: true });
      }
    }
    if ((r.props["DrbdOptions/SkipDisk"] ?? "").toLowerCase() === "true") throw snapErr("FAIL_SNAPSHOT_NOT_UPTODATE", `SkipDisk is enabled for resource ${rd.name}`, rd.name, name);
  }
  // takeSnapshotInTransaction: a participant that is not UpToDate aborts the snapshot (IO resumed)
  if (targets.some((r) => r.vlms.some((v) => v.disk !== "UpToDate"))) {
    throw snapErr("FAIL_SNAPSHOT_NOT_UPTODATE", "Cannot take snapshot from non-UpToDate DRBD device. Snapshot creation aborted", rd.name, name);
  }
  const s: SnapshotRec = {
    rd: rd.name,
    name,
    uuid: uuid(),
    flags: ["SUCCESSFUL"],
    snapDfnProps: props,
    rdProps: { ...rd.props },
    vds: rd.vlmDfns.map((v) => ({ vlmNr: v.vlmNr, sizeKib: v.sizeKib })),
    nodes: [],
    seq: ++sim.state.snapSeq,
  };
  rc.add(code("CREATED", "CRT", "SNAPSHOT"), `New snapshot '${name}' of resource '${rd.name}' registered.`, { details: `Snapshot '${name}' of resource '${rd.name}' UUID is: ${s.uuid}`, ...snapCtx(rd.name, name) });
  for (const r of targets) rc.add(code("MODIFIED", "MOD", "SNAPSHOT"), `Suspended IO of '${rd.name}' on '${r.node}' for snapshot`, snapCtx(rd.name, name));
  for (const r of targets) {
    for (const v of r.vlms) {
      const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
      sim.data.copy(sim.volFile(rd, r.node, v.vlmNr), sim.data.snapPath(key(rd.name), key(name), key(r.node), v.vlmNr), (vd?.sizeKib ?? 0) * 1024);
    }
    s.nodes.push({ node: r.node, createTs: Date.now(), uuid: uuid(), vlms: r.vlms.map((v) => ({ vlmNr: v.vlmNr, storPool: v.storPool, kind: sim.pool(r.node, v.storPool)?.kind ?? "", allocatedKib: 0 })) });
    rc.add(code("CREATED", "CRT", "SNAPSHOT"), `Took snapshot of '${rd.name}' on '${r.node}'`, snapCtx(rd.name, name));
  }
  for (const r of targets) rc.add(code("MODIFIED", "MOD", "SNAPSHOT"), `Resumed IO of '${rd.name}' on '${r.node}' after snapshot`, snapCtx(rd.name, name));
  rd.snapshots[key(name)] = s;
  sim.event("snapshot-created", { resource: rd.name, detail: `${name} on ${s.nodes.map((n) => n.node).join(",")}` });
  return s;
}

export function deleteSnapshot(sim: SimCore, rd: RscDfnRec, s: SnapshotRec, nodes: string[], rc: Rc): void {
  const only = nodes.map(key);
  if (only.length) {
    for (const n of s.nodes.filter((x) => only.includes(key(x.node)))) for (const v of n.vlms) sim.data.remove(sim.data.snapPath(key(rd.name), key(s.name), key(n.node), v.vlmNr));
    s.nodes = s.nodes.filter((x) => !only.includes(key(x.node)));
  }
  if (!only.length || !s.nodes.length) {
    sim.data.removeSnapshot(key(rd.name), key(s.name));
    delete rd.snapshots[key(s.name)];
  }
  rc.add(code("DELETED", "DEL", "SNAPSHOT"), `Snapshot '${s.name}' of resource '${rd.name}' deleted.`, { details: `Snapshot '${s.name}' of resource '${rd.name}' UUID was: ${s.uuid}`, ...snapCtx(rd.name, s.name) });
  sim.event("snapshot-deleted", { resource: rd.name, detail: s.name + (only.length ? ` on ${nodes.join(",")}` : "") });
}

function rollbackChecks(sim: SimCore, rd: RscDfnRec, s: SnapshotRec): void {
  if (!s.flags.includes("SUCCESSFUL")) throw new RcError("FAIL_UNKNOWN_ERROR", "Unable to use failed snapshot");
  for (const r of sortedValues(rd.resources)) {
    if (!sim.findNode(r.node)?.online) {
      throw new RcError("FAIL_NOT_CONNECTED", `No active connection to satellite '${r.node}'.`, { details: "Snapshot rollback cannot be performed when the corresponding satellites are not connected." });
    }
  }
  for (const r of sortedValues(rd.resources)) {
    if (r.inUse) throw new RcError("FAIL_IN_USE", `Resource '${rd.name}' on node '${r.node}' is still in use.`, { cause: "Resource is mounted/in use.", correction: `Un-mount resource '${rd.name}' on the node '${r.node}'.` });
  }
}

/**
 * Rollback since LINSTOR 1.31 (CtrlSnapshotRollbackApiCallHandler): every resource is deleted, the
 * volume definitions are reset to the snapshot, the snapshot is restored on its nodes and every
 * other node that had a resource gets one back (make-available): diskful ones resync from the
 * restored replicas, diskless and tie-breaker ones come back diskless. All are new objects.
 */
async function restoreRollback(sim: SimCore, rd: RscDfnRec, s: SnapshotRec, rc: Rc): Promise<void> {
  rollbackChecks(sim, rd, s);
  const had = sortedValues(rd.resources).map((r) => ({ node: r.node, diskful: !isDiskless(r), pool: r.vlms[0]?.storPool ?? r.props["StorPoolName"] }));
  const safety = `safety-snap-${randomBytes(8).toString("hex").slice(0, 10)}`;
  rc.add(code("CREATED", "CRT", "SNAPSHOT"), `New snapshot '${safety}' of resource '${rd.name}' registered.`, snapCtx(rd.name, safety));
  rc.add(code("DELETED", "DEL", "RSC_DFN"), `Resource definition '${rd.name}' marked for deletion.`, { obj_refs: { RscDfn: rd.name } });
  const all = sortedValues(rd.resources);
  for (const r of [...all.filter(isDiskless), ...all.filter((x) => !isDiskless(x))]) {
    rc.add(code("MODIFIED", "DEL", "RSC_DFN"), `Resource '${rd.name}' on '${r.node}' marked for deletion`, { obj_refs: { RscDfn: rd.name } });
    dropResource(sim, rd, r);
  }
  await sleep(sim.cfg.satelliteDelayMs);
  // volume definitions as in the snapshot
  for (const sv of s.vds) {
    const vd = rd.vlmDfns.find((v) => v.vlmNr === sv.vlmNr);
    if (vd) vd.sizeKib = sv.sizeKib;
  }
  rd.vlmDfns = rd.vlmDfns.filter((v) => s.vds.some((sv) => sv.vlmNr === v.vlmNr));
  const restored: RscRec[] = [];
  for (const sn of s.nodes) {
    const r = createResource(sim, rd, sn.node, { props: { StorPoolName: sn.vlms[0]?.storPool ?? "" }, upToDate: true }, rc);
    for (const v of r.vlms) {
      const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
      sim.data.copy(sim.data.snapPath(key(rd.name), key(s.name), key(sn.node), v.vlmNr), sim.volFile(rd, r.node, v.vlmNr), (vd?.sizeKib ?? 0) * 1024);
    }
    sim.refreshAllocated(rd, r);
    restored.push(r);
    rc.add(code("CREATED", "CRT", "RSC"), `Restored resource '${rd.name}' on '${r.node}' from snapshot '${s.name}'`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
  }
  // make-available for the nodes without the snapshot: diskful ones resync, the rest diskless
  for (const h of had) {
    if (rd.resources[key(h.node)]) continue;
    const r = h.diskful ? createResource(sim, rd, h.node, { props: h.pool ? { StorPoolName: h.pool } : {} }, rc) : createResource(sim, rd, h.node, { diskless: true }, rc);
    restored.push(r);
  }
  rc.add(code("DELETED", "DEL", "SNAPSHOT"), `Snapshot '${safety}' of resource '${rd.name}' deleted.`, snapCtx(rd.name, safety));
  const tb = manageTieBreaker(sim, rd, rc);
  await sleep(sim.cfg.satelliteDelayMs);
  reportDeployed(sim, rd, tb.created ? [...restored, tb.created] : restored, rc);
}

/** Rollback before LINSTOR 1.31: in place, and only when every diskful node holds the snapshot. */
async function inPlaceRollback(sim: SimCore, rd: RscDfnRec, s: SnapshotRec, rc: Rc): Promise<void> {
  for (const r of sortedValues(rd.resources)) {
    if (isDiskless(r)) continue;
    if (!s.nodes.some((n) => key(n.node) === key(r.node))) {
      throw new RcError("FAIL_NOT_FOUND_SNAPSHOT", `Snapshot '${s.name}' of resource '${rd.name}' on node '${r.node}' not found.`, {
        cause: `The resource '${rd.name}' exists on node '${r.node}', which holds no copy of snapshot '${s.name}'.`,
        correction: `Delete the resource on node '${r.node}' (or roll back to a snapshot taken on every node with a disk) and retry.`,
      });
    }
  }
  rollbackChecks(sim, rd, s);
  rc.add(code("MODIFIED", "MOD", "SNAPSHOT"), `Snapshot '${s.name}' of resource '${rd.name}' marked down for rollback.`, snapCtx(rd.name, s.name));
  for (const r of sortedValues(rd.resources)) rc.add(code("MODIFIED", "MOD", "RSC"), `Deactivated resource '${rd.name}' on '${r.node}' for rollback`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
  await sleep(sim.cfg.satelliteDelayMs);
  for (const r of sortedValues(rd.resources)) {
    if (isDiskless(r)) continue;
    for (const v of r.vlms) {
      const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
      sim.data.copy(sim.data.snapPath(key(rd.name), key(s.name), key(r.node), v.vlmNr), sim.volFile(rd, r.node, v.vlmNr), (vd?.sizeKib ?? 0) * 1024);
      v.disk = "UpToDate";
      v.sync = undefined;
    }
    sim.refreshAllocated(rd, r);
    rc.add(code("MODIFIED", "MOD", "RSC"), `Rolled resource '${rd.name}' back on '${r.node}'`, { obj_refs: { RscDfn: rd.name, Node: r.node } });
  }
}

/** Restores a snapshot's replicas (on `nodes`, default all of them) into a definition without resources. */
export async function restoreResources(sim: SimCore, rd: RscDfnRec, s: SnapshotRec, target: RscDfnRec, nodes: string[], rename: Record<string, string>, rc: Rc): Promise<void> {
  if (Object.keys(target.resources).length) throw new RcError("FAIL_EXISTS_RSC", "Cannot restore to resource definition which already has resources", { obj_refs: { RscDfn: target.name } });
  const wanted = nodes.map(key);
  const onNodes = wanted.length ? wanted.map((n) => s.nodes.find((x) => key(x.node) === n)?.node ?? n) : s.nodes.map((n) => n.node);
  if (!target.vlmDfns.length) {
    rc.plain("WARN_NOT_FOUND", "No volumes to restore.");
    return;
  }
  // CtrlSnapshotRestoreApiCallHandler: every target volume must be in the snapshot, with the same size
  for (const v of target.vlmDfns) {
    const sv = s.vds.find((x) => x.vlmNr === v.vlmNr);
    if (!sv) throw new RcError("FAIL_NOT_FOUND_SNAPSHOT_VLM_DFN", `Snapshot does not contain required volume number ${v.vlmNr}`);
    if (v.sizeKib !== sv.sizeKib) {
      throw new RcError("FAIL_INVLD_VLM_SIZE", `Snapshot size does not match for volume number ${v.vlmNr}; snapshot size: ${sv.sizeKib}KiB, required size: ${v.sizeKib}KiB`);
    }
  }
  Object.assign(target.props, s.snapDfnProps);
  for (const n of onNodes) {
    if (!s.nodes.some((x) => key(x.node) === key(n))) throw new RcError("FAIL_NOT_FOUND_SNAPSHOT", `Snapshot '${s.name}' of resource '${rd.name}' on node '${n}' not found.`);
  }
  fixLayerStack(sim, target, rd.layerStack.length ? [...rd.layerStack] : ["DRBD", "STORAGE"]);
  target.flags.push("RESTORE_TARGET");
  const created: RscRec[] = [];
  for (const n of onNodes) {
    const sn = s.nodes.find((x) => key(x.node) === key(n));
    if (!sn) throw new RcError("FAIL_NOT_FOUND_SNAPSHOT", `Snapshot '${s.name}' of resource '${rd.name}' on node '${n}' not found.`);
    const pool = sn.vlms[0]?.storPool;
    const renamed = pool && rename[pool] ? rename[pool] : pool;
    const r = createResource(sim, target, sn.node, { props: renamed ? { StorPoolName: renamed } : {}, upToDate: true, extraFlags: [] }, rc);
    for (const v of r.vlms) {
      const vd = target.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
      sim.data.copy(sim.data.snapPath(key(rd.name), key(s.name), key(sn.node), v.vlmNr), sim.volFile(target, r.node, v.vlmNr), (vd?.sizeKib ?? 0) * 1024);
    }
    sim.refreshAllocated(target, r);
    created.push(r);
    rc.add(code("CREATED", "CRT", "RSC"), `Restored resource '${target.name}' on '${r.node}' from snapshot '${s.name}' of '${rd.name}'`, { obj_refs: { RscDfn: target.name, Node: r.node } });
  }
  const tb = manageTieBreaker(sim, target, rc);
  await sleep(sim.cfg.satelliteDelayMs);
  target.flags = target.flags.filter((f) => f !== "RESTORE_TARGET");
  reportDeployed(sim, target, tb.created ? [...created, tb.created] : created, rc);
  sim.event("snapshot-restored", { resource: target.name, detail: `from ${rd.name}/${s.name} on ${created.map((r) => r.node).join(",")}` });
}

/** Rollback by the simulated version: restore-based since LINSTOR 1.31, in place before. */
export async function rollback(sim: SimCore, rd: RscDfnRec, s: SnapshotRec, rc: Rc): Promise<void> {
  if (atLeast(sim.cfg, 1, 31)) await restoreRollback(sim, rd, s, rc);
  else await inPlaceRollback(sim, rd, s, rc);
}
