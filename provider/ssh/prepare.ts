// Idempotent LVM preparation of a storage pool's backing pool: the VG on the named devices and,
// for LVM_THIN, the thin pool. Every refusal is found before anything is changed, and a device is
// only given to vgcreate when it carries no signature (an LVM PV in no VG is accepted: it holds no data).
import type { NodeSshSpec, PoolPrepareSpec, ProviderKind } from "../model/types";
import { HostProblemError, withHost, type RemoteHost, type SshOptions } from "./connection";
import { NodeHostError, type HostProblem } from "./errors";
import {
  canonicalDevice, checkDevicePath, isThinPool, listLvs, listPvs, listVgs, parseBackingPool, signaturesOn,
  type BackingPool,
} from "./lvm";

export interface PoolToPrepare {
  providerKind: ProviderKind | string;
  backingPool?: string;
  prepare: PoolPrepareSpec;
}

export interface PrepareReport {
  target: string;
  vg: string;
  thinPool?: string;
  /** True when this run changed the host. */
  changed: boolean;
  /** The changing commands that ran, in order (e.g. `vgcreate drbdpool /dev/vdb`). */
  actions: string[];
  /** Things left as they are that the caller may want to know (no resize, no vgextend). */
  notes: string[];
  /** One line for logs: what was created, or "nothing to do: ...". */
  summary: string;
}

const WHAT = "preparing the storage pool";

function checkPool(pool: PoolToPrepare): { backing: BackingPool; problems: HostProblem[] } {
  const problems: HostProblem[] = [];
  const parsed = parseBackingPool(pool.providerKind, pool.backingPool);
  const backing = "code" in parsed ? { vg: "" } : parsed;
  if ("code" in parsed) problems.push(parsed);
  const devices = pool.prepare?.devices ?? [];
  if (devices.length === 0) problems.push({ code: "invalid-spec", message: "prepare.devices is empty" });
  for (const dev of devices) {
    const bad = checkDevicePath(dev);
    if (bad) problems.push(bad);
  }
  if (new Set(devices).size !== devices.length) problems.push({ code: "invalid-spec", message: "prepare.devices lists a device twice" });
  const size = pool.prepare?.thinPoolSizeKib;
  if (size !== undefined && !(Number.isInteger(size) && size > 0)) {
    problems.push({ code: "invalid-spec", message: `prepare.thinPoolSizeKib ${String(size)} is not a positive whole number of KiB` });
  }
  return { backing, problems };
}

export async function preparePool(spec: NodeSshSpec, pool: PoolToPrepare, opts: SshOptions = {}): Promise<PrepareReport> {
  const { backing, problems: invalid } = checkPool(pool);
  if (invalid.length > 0) throw new NodeHostError(spec.host, WHAT, invalid);
  return withHost(spec, WHAT, opts, (host) => prepareOn(host, backing, pool.prepare));
}

async function prepareOn(host: RemoteHost, { vg, thinPool }: BackingPool, prepare: PoolPrepareSpec): Promise<PrepareReport> {
  const problems: HostProblem[] = [];
  const notes: string[] = [];
  const plan: string[][] = [];

  const vgs = await listVgs(host);
  const pvs = await listPvs(host);
  const vgExists = vgs.has(vg);
  for (const dev of prepare.devices) {
    const canonical = await canonicalDevice(host, dev);
    const owner = pvs.get(canonical);
    const shown = canonical === dev ? dev : `${dev} (${canonical})`;
    if (owner === vg && vgExists) continue;
    if (owner) {
      problems.push({ code: "device-in-other-vg", message: `device ${shown} already belongs to volume group ${owner}: refusing to touch it` });
      continue;
    }
    if (vgExists) {
      notes.push(`device ${shown} is not part of the existing volume group ${vg}; left alone (no vgextend)`);
      continue;
    }
    if (owner === "") continue; // a PV in no VG: vgcreate takes it as it is
    try {
      const sigs = await signaturesOn(host, dev);
      if (sigs.length > 0) {
        problems.push({
          code: "device-has-signature",
          message: `device ${shown} holds data (${sigs.join(", ")}): refusing to touch it; wipe it yourself if it is really unused`,
        });
      }
    } catch (err) {
      if (!(err instanceof HostProblemError)) throw err;
      problems.push(err.problem);
    }
  }
  if (!vgExists) plan.push(["vgcreate", vg, ...prepare.devices]);

  if (thinPool !== undefined && vgExists) {
    const lv = (await listLvs(host, vg)).get(thinPool);
    if (lv && !isThinPool(lv)) {
      problems.push({ code: "lv-not-thin-pool", message: `logical volume ${vg}/${thinPool} exists but is not a thin pool (segtype ${lv.segtype || "?"})` });
    } else if (lv) {
      const want = prepare.thinPoolSizeKib;
      if (want !== undefined && want > lv.sizeKib) {
        notes.push(`thin pool ${vg}/${thinPool} has ${lv.sizeKib} KiB, less than the ${want} KiB asked for; not resized`);
      }
    } else {
      plan.push(thinPoolCreate(vg, thinPool, prepare.thinPoolSizeKib));
    }
  } else if (thinPool !== undefined) {
    plan.push(thinPoolCreate(vg, thinPool, prepare.thinPoolSizeKib));
  }

  if (problems.length > 0) throw new NodeHostError(host.target, WHAT, problems);

  const actions: string[] = [];
  for (const argv of plan) {
    await host.check(argv);
    actions.push(host.describe(argv));
  }
  const what = thinPool !== undefined ? `volume group ${vg} and thin pool ${vg}/${thinPool}` : `volume group ${vg}`;
  return {
    target: host.target,
    vg,
    ...(thinPool !== undefined ? { thinPool } : {}),
    changed: actions.length > 0,
    actions,
    notes,
    summary: actions.length > 0 ? `prepared ${what}: ${actions.join("; ")}` : `nothing to do: ${what} already present`,
  };
}

function thinPoolCreate(vg: string, thinPool: string, sizeKib: number | undefined): string[] {
  const size = sizeKib !== undefined ? ["-L", `${sizeKib}k`] : ["-l", "100%FREE"];
  return ["lvcreate", "--type", "thin-pool", ...size, "-n", thinPool, vg];
}
