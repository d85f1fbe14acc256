// Toggle-disk: a replica turns diskful (resyncing when the definition holds data) or diskless;
// with migrate_from the source disk goes once the new one is UpToDate.
import { code, Rc, RcError } from "../apicallrc";
import { SimCore, sleep } from "../core";
import { finishDeletes, holdsData, manageTieBreaker, reportDeployed } from "./replicas";
import { key } from "../names";
import { addFlag, DISKLESS_POOL, isDeleting, isDiskless, removeFlag, RscDfnRec, RscRec } from "../state";
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

export function toggleDiskless(sim: SimCore, rd: RscDfnRec, r: RscRec, rc: Rc): void {
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

/** Toggle-disk of one replica; `op` undefined flips it. */
export async function toggleDisk(sim: SimCore, rd: RscDfnRec, r: RscRec, op: "DISKFUL" | "DISKLESS" | undefined, poolName: string | undefined, migrateFrom: string | undefined, rc: Rc): Promise<void> {
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
