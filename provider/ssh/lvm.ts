// Reading LVM on the host: volume groups, physical volumes, logical volumes and the signatures on
// a device. All reports use `--units k --nosuffix` (k = KiB in LVM) and a `|` separator.
import type { ProviderKind } from "../model/types";
import { commandFailed, HostProblemError, type RemoteHost } from "./connection";
import type { HostProblem } from "./errors";

export interface VgInfo { name: string; sizeKib: number; freeKib: number }
export interface LvInfo {
  vg: string;
  name: string;
  /** lv_attr; the first character is `t` for a thin pool. */
  attr: string;
  sizeKib: number;
  /** Thin pools only: data usage in percent. */
  dataPercent?: number;
  segtype: string;
}

/** The VG (and thin pool LV) named by a storage pool's backing pool. */
export interface BackingPool { vg: string; thinPool?: string }

// LVM's own rule for VG and LV names: letters, digits and + _ . -, not starting with a hyphen.
const LVM_NAME = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/;
// Device paths under /dev; no blanks or shell-unfriendly characters (they are quoted anyway).
const DEVICE = /^\/dev\/[A-Za-z0-9+_.:@=,/-]+$/;

export function parseBackingPool(kind: ProviderKind | string, backingPool: string | undefined): BackingPool | HostProblem {
  const bad = (message: string): HostProblem => ({ code: "invalid-spec", message });
  if (kind !== "LVM" && kind !== "LVM_THIN") return bad(`host preparation supports LVM and LVM_THIN storage pools, not ${kind}`);
  if (!backingPool) return bad(`a ${kind} storage pool needs backingPool (${kind === "LVM" ? "vg" : "vg/thinpool"})`);
  const parts = backingPool.split("/");
  if (kind === "LVM" && parts.length !== 1) return bad(`backingPool "${backingPool}" of an LVM pool must be a volume group name`);
  if (kind === "LVM_THIN" && parts.length !== 2) return bad(`backingPool "${backingPool}" of an LVM_THIN pool must be "vg/thinpool"`);
  for (const p of parts) {
    if (!LVM_NAME.test(p) || p === "." || p === "..") return bad(`"${p}" in backingPool is not a valid LVM name`);
  }
  return kind === "LVM" ? { vg: parts[0] } : { vg: parts[0], thinPool: parts[1] };
}

export function checkDevicePath(dev: string): HostProblem | undefined {
  if (!DEVICE.test(dev) || dev.split("/").includes("..")) {
    return { code: "invalid-spec", message: `device "${dev}" is not a /dev path` };
  }
  return undefined;
}

function kib(text: string | undefined): number {
  const n = Number.parseFloat((text ?? "").trim());
  return Number.isFinite(n) ? Math.round(n) : 0;
}

function rows(stdout: string): string[][] {
  return stdout.split("\n").map((l) => l.trim()).filter((l) => l.length > 0).map((l) => l.split("|").map((c) => c.trim()));
}

const REPORT = ["--noheadings", "--nosuffix", "--units", "k", "--separator", "|", "-o"];

export async function listVgs(host: RemoteHost): Promise<Map<string, VgInfo>> {
  const out = await host.check(["vgs", ...REPORT, "vg_name,vg_size,vg_free"]);
  const vgs = new Map<string, VgInfo>();
  for (const [name, size, free] of rows(out)) vgs.set(name, { name, sizeKib: kib(size), freeKib: kib(free) });
  return vgs;
}

/** Physical volumes: device path → VG name ("" for a PV in no VG). */
export async function listPvs(host: RemoteHost): Promise<Map<string, string>> {
  const out = await host.check(["pvs", ...REPORT, "pv_name,vg_name"]);
  const pvs = new Map<string, string>();
  for (const [dev, vg] of rows(out)) pvs.set(dev, vg ?? "");
  return pvs;
}

export async function listLvs(host: RemoteHost, vg: string): Promise<Map<string, LvInfo>> {
  const out = await host.check(["lvs", ...REPORT, "vg_name,lv_name,lv_attr,lv_size,data_percent,segtype", vg]);
  const lvs = new Map<string, LvInfo>();
  for (const [vgName, name, attr, size, data, segtype] of rows(out)) {
    const lv: LvInfo = { vg: vgName, name, attr: attr ?? "", sizeKib: kib(size), segtype: segtype ?? "" };
    if (data) lv.dataPercent = Number.parseFloat(data);
    lvs.set(name, lv);
  }
  return lvs;
}

export function isThinPool(lv: LvInfo): boolean {
  return lv.segtype === "thin-pool" || lv.attr.startsWith("t");
}

/** The device's path after symlinks (by-id, by-path), as pvs names it. */
export async function canonicalDevice(host: RemoteHost, dev: string): Promise<string> {
  const res = await host.run(["readlink", "-f", "--", dev]);
  const path = res.stdout.trim();
  return res.code === 0 && path.startsWith("/") ? path : dev;
}

/**
 * Signatures on a device (file systems, partition tables, RAID, LVM...) as `wipefs` lists them
 * without writing anything. A device that does not exist is a device-missing problem.
 */
export async function signaturesOn(host: RemoteHost, dev: string): Promise<string[]> {
  const argv = ["wipefs", "--no-act", "--noheadings", "--output", "TYPE,OFFSET", dev];
  const res = await host.run(argv);
  if (res.code !== 0) {
    if (/No such file|does not exist|not a block device/i.test(res.stderr)) {
      throw new HostProblemError({ code: "device-missing", message: `device ${dev} does not exist on ${host.target}` });
    }
    throw new HostProblemError(commandFailed(host, argv, res));
  }
  return rows(res.stdout.replace(/[ \t]+/g, "|")).map(([type, offset]) => (offset ? `${type} at offset ${offset}` : type));
}
