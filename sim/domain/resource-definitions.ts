// Resource and volume definitions: create, delete (through the satellites), resize, clone.
import { randomBytes } from "node:crypto";
import { code, Rc, RcError } from "../apicallrc";
import { SimCore, sleep } from "../core";
import { allocMinor, createResource, dropResource, manageTieBreaker, reportDeployed } from "./replicas";
import { checkName, key } from "../names";
import { errorReportId } from "../parseerrors";
import { satelliteRscAnswer } from "../satellites";
import { addFlag, isDeleting, isDiskless, Props, RscDfnRec, sortedValues, thinKind, usesDrbd, uuid, VlmDfnRec } from "../state";
const LAYERS = ["DRBD", "LUKS", "STORAGE", "NVME", "WRITECACHE", "CACHE", "BCACHE", "OPENFLEX"];

/** Validates a layer list (case-insensitive kinds); STORAGE is appended when missing. */
export function checkLayers(list: string[] | undefined, rc?: Rc): string[] {
  if (!list?.length) return [];
  const out = list.map((l) => String(l).toUpperCase());
  for (const l of out) if (!LAYERS.includes(l)) throw new RcError("FAIL_INVLD_LAYER_KIND", `The layer kind '${l}' is invalid.`);
  if (out[out.length - 1] !== "STORAGE") {
    out.push("STORAGE");
    rc?.plain("WARN_STORAGE_KIND_ADDED", "The layerstack was extended with STORAGE kind.");
  }
  if (out.filter((l) => l === "STORAGE").length > 1 || out.slice(0, -1).includes("STORAGE")) throw new RcError("FAIL_INVLD_LAYER_STACK", `The layer stack '${out.join(",")}' is invalid.`);
  return out;
}

export interface RdCreateOpts {
  name: string;
  externalName?: string;
  props?: Props;
  rscGrp?: string;
  layers?: string[];
  peerSlots?: number;
  secret?: string;
  transport?: string;
}

export function addRscDfn(sim: SimCore, o: RdCreateOpts, rc: Rc): RscDfnRec {
  const name = checkName("rsc", o.name);
  const rg = sim.rg(o.rscGrp ?? "DfltRscGrp");
  if (sim.findRd(name)) {
    throw new RcError("FAIL_EXISTS_RSC_DFN", `A resource definition with the name '${name}' already exists`, {
      cause: `The resource definition '${name}' already exists.`,
      correction: "Specify another name for the new resource definition",
    });
  }
  if (o.peerSlots !== undefined && (o.peerSlots < 1 || o.peerSlots > 31)) throw new RcError("FAIL_INVLD_REQUEST", `Invalid peer slots: ${o.peerSlots}`);
  const rd: RscDfnRec = {
    name,
    externalName: o.externalName,
    props: { ...(o.props ?? {}) },
    flags: [],
    layerStack: checkLayers(o.layers, rc),
    rscGrp: rg.name,
    uuid: uuid(),
    peerSlots: o.peerSlots ?? rg.peerSlots ?? 7,
    secret: o.secret ?? randomBytes(15).toString("base64").replace(/[+/=]/g, "x").slice(0, 20),
    transportType: o.transport ?? "IP",
    vlmDfns: [],
    resources: {},
    snapshots: {},
  };
  sim.state.rscDfns[key(name)] = rd;
  if (Object.keys(rd.props).length) rc.add(code("CREATED", "CRT", "RSC_DFN"), `Successfully set property key(s): ${Object.keys(rd.props).join(",")}`);
  rc.add(code("CREATED", "CRT", "RSC_DFN"), `New resource definition '${name}' created.`, { details: `Resource definition '${name}' UUID is: ${rd.uuid}`, obj_refs: { RscDfn: name, UUID: rd.uuid } });
  sim.event("rd-created", { resource: name });
  return rd;
}

export function addVlmDfn(sim: SimCore, rd: RscDfnRec, b: { size_kib?: number; volume_number?: number; props?: Props; flags?: string[] }, minor: number | undefined, rc: Rc): VlmDfnRec {
  const size = Number(b.size_kib);
  if (!Number.isInteger(size) || size < 1) throw new RcError("FAIL_INVLD_VLM_SIZE", `The specified volume size '${b.size_kib}' is invalid.`, { cause: "The minimum volume size is 1 KiB" });
  let nr = b.volume_number;
  if (nr === undefined || nr === null) {
    nr = 0;
    while (rd.vlmDfns.some((v) => v.vlmNr === nr)) nr++;
  }
  if (!Number.isInteger(nr) || nr < 0 || nr > 65534) throw new RcError("FAIL_INVLD_VLM_NR", `The specified volume number '${nr}' is invalid.`);
  if (rd.vlmDfns.some((v) => v.vlmNr === nr)) {
    throw new RcError("FAIL_EXISTS_VLM_DFN", `A volume definition with the number ${nr} already exists in resource definition '${rd.name}'.`);
  }
  // the controller gives every new volume definition a random DRBD current generation id
  const gi = randomBytes(8).toString("hex").toUpperCase();
  const vd: VlmDfnRec = { vlmNr: nr, sizeKib: size, minor: usesDrbd(rd) ? allocMinor(sim, minor) : undefined, props: { DrbdCurrentGi: gi, ...(b.props ?? {}) }, flags: (b.flags ?? []).filter((f) => !f.startsWith("-")), uuid: uuid() };
  rd.vlmDfns.push(vd);
  rd.vlmDfns.sort((a, b2) => a.vlmNr - b2.vlmNr);
  rc.add(code("CREATED", "CRT", "VLM_DFN"), `New volume definition with number '${nr}' of resource definition '${rd.name}' created.`, { obj_refs: { RscDfn: rd.name, VlmNr: String(nr) } });
  // existing replicas get the new (empty) volume at once
  for (const r of Object.values(rd.resources)) {
    const diskless = isDiskless(r);
    const poolName = diskless ? r.props["StorPoolName"] ?? "DfltDisklessStorPool" : r.vlms[0]?.storPool ?? r.props["StorPoolName"] ?? "DfltStorPool";
    r.vlms.push({ vlmNr: nr, storPool: poolName, uuid: uuid(), disk: diskless ? "Diskless" : "UpToDate", allocatedKib: 0, flags: [] });
    r.vlms.sort((a, b2) => a.vlmNr - b2.vlmNr);
    sim.refreshAllocated(rd, r);
    rc.add(code("CREATED", "CRT", "VLM"), `Created volume for resource '${rd.name}' on '${r.node}'`);
  }
  sim.event("vd-created", { resource: rd.name, volume: nr, detail: `${size} KiB` });
  return vd;
}

/** RD delete: diskless replicas first, then the rest, each through the satellites (§4). */
export async function deleteRscDfn(sim: SimCore, rd: RscDfnRec, rc: Rc): Promise<void> {
  const snaps = Object.keys(rd.snapshots);
  if (snaps.length) {
    throw new RcError("FAIL_EXISTS_SNAPSHOT_DFN", `Cannot delete resource definition '${rd.name}' because it has snapshots.`);
  }
  const inUse = Object.values(rd.resources).find((r) => r.inUse);
  if (inUse) {
    throw new RcError("FAIL_IN_USE", `Resource '${rd.name}' on node '${inUse.node}' is still in use.`, {
      cause: "Resource is mounted/in use.",
      correction: `Un-mount resource '${rd.name}' on the node '${inUse.node}'.`,
    });
  }
  if (!rd.flags.includes("DELETE")) rd.flags.push("DELETE");
  rc.add(code("DELETED", "DEL", "RSC_DFN"), `Resource definition '${rd.name}' marked for deletion.`, { obj_refs: { RscDfn: rd.name } });
  sim.event("rd-flagged-delete", { resource: rd.name });
  // CtrlRscDfnTruncateApiCallHandler: diskless first, then the rest; per resource the
  // satellite's answer, then "marked for deletion"
  const all = sortedValues(rd.resources);
  for (const group of [all.filter(isDiskless), all.filter((r) => !isDiskless(r))]) {
    for (const r of group) if (!isDeleting(r)) addFlag(r.flags, "DELETE", "DRBD_DELETE");
    await sleep(sim.cfg.satelliteDelayMs);
    for (const r of group) {
      satelliteRscAnswer(sim, rd, r, "DEL", "deleted", rc);
      rc.add(code("MODIFIED", "DEL", "RSC_DFN"), `Resource '${rd.name}' on '${r.node}' marked for deletion`, { obj_refs: { RscDfn: rd.name } });
      sim.event("resource-flagged-delete", { resource: rd.name, node: r.node });
      if (sim.findNode(r.node)?.online) dropResource(sim, rd, r);
    }
  }
  if (Object.keys(rd.resources).length) {
    // DelayedApiRcException: the definition stays flagged DELETE until the satellites return
    for (const r of sortedValues(rd.resources)) rc.plain("WARN_NOT_CONNECTED", `No active connection to satellite '${r.node}'`);
    return;
  }
  removeRscDfn(sim, rd);
  rc.add(code("DELETED", "DEL", "RSC_DFN"), `Resource definition '${rd.name}' deleted.`, { details: `Resource definition '${rd.name}' UUID was: ${rd.uuid}`, obj_refs: { RscDfn: rd.name } });
}

export function removeRscDfn(sim: SimCore, rd: RscDfnRec): void {
  delete sim.state.rscDfns[key(rd.name)];
  sim.event("rd-deleted", { resource: rd.name });
}

export function resizeVd(sim: SimCore, rd: RscDfnRec, vd: VlmDfnRec, size: number, rc: Rc): void {
  if (!Number.isInteger(size) || size < 1) throw new RcError("FAIL_INVLD_VLM_SIZE", `The specified volume size '${size}' is invalid.`);
  if (size === vd.sizeKib) {
    rc.plain("WARN_VLMDFN_RESIZE_SAME_SIZE", `Volume definition ${vd.vlmNr} of resource '${rd.name}' already has the size ${size} KiB. Nothing to do.`);
    return;
  }
  if (size < vd.sizeKib) {
    const kinds = [...new Set(Object.values(rd.resources).flatMap((r) => r.vlms.map((v) => sim.pool(r.node, v.storPool)?.kind ?? "DISKLESS")))];
    throw new RcError("FAIL_INVLD_VLM_SIZE", `Shrinking volumes is not supported by ${rd.layerStack.includes("DRBD") || !rd.layerStack.length ? "DRBD" : kinds.join(", ")}.`, {
      details: `Volume definition ${vd.vlmNr} of resource '${rd.name}' has ${vd.sizeKib} KiB, requested ${size} KiB.`,
    });
  }
  for (const r of Object.values(rd.resources)) {
    if (isDiskless(r)) continue;
    const v = r.vlms.find((x) => x.vlmNr === vd.vlmNr);
    if (v && v.disk !== "UpToDate") {
      throw new RcError("FAIL_NOT_ALL_UPTODATE", "Cannot resize volume, because we have a non-UpToDate DRBD device.", {
        details: `Resource '${rd.name}' on node '${r.node}' volume ${vd.vlmNr} is ${v.disk}.`,
        correction: "Wait until all replicas are UpToDate (resync finished) and retry.",
      });
    }
    const pool = v ? sim.pool(r.node, v.storPool) : undefined;
    if (pool && !thinKind(pool.kind) && (sim.freeKib(pool) ?? 0) < size - vd.sizeKib) {
      throw new RcError("FAIL_NOT_ENOUGH_FREE_SPACE", `Not enough free space available for volume ${vd.vlmNr} of resource '${rd.name}' on node '${r.node}'.`);
    }
  }
  vd.sizeKib = size;
  for (const r of Object.values(rd.resources)) {
    if (isDiskless(r)) continue;
    sim.data.resize(sim.volFile(rd, r.node, vd.vlmNr), size * 1024);
    sim.refreshAllocated(rd, r);
  }
  // CtrlVlmDfnModifyApiCallHandler: modified, then three rounds through the satellites (volume
  // updated, resource resized, volume updated again), as LINSTOR 1.34 answers a resize
  const refs = { RscDfn: rd.name, VlmNr: String(vd.vlmNr) };
  rc.add(code("MODIFIED", "MOD", "VLM_DFN"), `Volume definition with number '${vd.vlmNr}' of resource definition '${rd.name}' modified.`, {
    details: `Volume definition with number '${vd.vlmNr}' of resource definition '${rd.name}' UUID is: ${vd.uuid}`,
    obj_refs: { UUID: vd.uuid, ...refs },
  });
  for (const round of ["Updated volume", "Resized resource", "Updated volume"]) {
    for (const r of sortedValues(rd.resources)) {
      if (isDeleting(r) || !sim.findNode(r.node)?.online) continue;
      satelliteRscAnswer(sim, rd, r, "MOD", "resized", rc, refs);
      const text = round === "Updated volume" ? `Updated volume ${vd.vlmNr} of '${rd.name}' on '${r.node}'` : `Resized resource '${rd.name}' on '${r.node}'`;
      rc.add(code("MODIFIED", "MOD", "VLM_DFN"), text, { obj_refs: refs });
    }
  }
  sim.event("vd-resized", { resource: rd.name, volume: vd.vlmNr, detail: `${size} KiB` });
}

export function removeVolumeFile(sim: SimCore, rd: RscDfnRec, node: string, nr: number): void {
  sim.data.remove(sim.volFile(rd, node, nr));
}

// ---- clone (CtrlRscDfnApiCallHandler.cloneRscDfn) ------------------------------------------------

const CLONE_KINDS = ["LVM", "LVM_THIN", "ZFS", "ZFS_THIN"];

export async function cloneRd(sim: SimCore, src: RscDfnRec, b: { name?: string; resource_group?: string; layer_list?: string[] }, rc: Rc): Promise<RscDfnRec> {
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
