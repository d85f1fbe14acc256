// What the host reports for outputs on read/refresh: DRBD versions, the satellite's state and,
// for a storage pool, the size and free space of its VG and thin pool. Missing things are reported
// as absent, not thrown: only an unusable connection is an error here.
import type { NodeSshSpec, ProviderKind } from "../model/types";
import { withHost, type HostKeyReport, type SshOptions } from "./connection";
import { readDrbdVersion, type DrbdVersion } from "./drbd";
import { NodeHostError } from "./errors";
import { isThinPool, listLvs, listVgs, parseBackingPool } from "./lvm";
import { satelliteServiceOf, satelliteState } from "./verify";

export interface PoolFacts {
  vg: string;
  vgExists: boolean;
  vgSizeKib?: number;
  vgFreeKib?: number;
  thinPool?: string;
  thinPoolExists?: boolean;
  thinPoolSizeKib?: number;
  /** Percent of the thin pool's data space in use (lvs data_percent). */
  thinPoolDataPercent?: number;
  /** thinPoolSizeKib × (100 − data percent) / 100, rounded down. */
  thinPoolFreeKib?: number;
}

export interface HostFacts {
  target: string;
  hostKey: HostKeyReport;
  satelliteService: string;
  satelliteActive: boolean;
  drbd: DrbdVersion;
  pool?: PoolFacts;
}

export async function readHostFacts(
  spec: NodeSshSpec,
  pool?: { providerKind: ProviderKind | string; backingPool?: string },
  opts: SshOptions = {},
): Promise<HostFacts> {
  // Only LVM-backed pools have facts to read here; other kinds get node facts only.
  const lvmPool = pool && (pool.providerKind === "LVM" || pool.providerKind === "LVM_THIN") ? pool : undefined;
  const backing = lvmPool ? parseBackingPool(lvmPool.providerKind, lvmPool.backingPool) : undefined;
  if (backing && "code" in backing) throw new NodeHostError(spec.host, "reading host facts", [backing]);
  const service = satelliteServiceOf(spec);
  return withHost(spec, "reading host facts", opts, async (host) => {
    const facts: HostFacts = {
      target: host.target,
      hostKey: host.hostKey,
      satelliteService: service,
      satelliteActive: (await satelliteState(host, service)).active,
      drbd: await readDrbdVersion(host),
    };
    if (backing) {
      const vg = (await listVgs(host)).get(backing.vg);
      const pf: PoolFacts = { vg: backing.vg, vgExists: vg !== undefined };
      if (vg) {
        pf.vgSizeKib = vg.sizeKib;
        pf.vgFreeKib = vg.freeKib;
      }
      if (backing.thinPool !== undefined) {
        pf.thinPool = backing.thinPool;
        const lv = vg ? (await listLvs(host, backing.vg)).get(backing.thinPool) : undefined;
        pf.thinPoolExists = lv !== undefined && isThinPool(lv);
        if (lv && pf.thinPoolExists) {
          pf.thinPoolSizeKib = lv.sizeKib;
          const used = lv.dataPercent ?? 0;
          pf.thinPoolDataPercent = used;
          pf.thinPoolFreeKib = Math.floor((lv.sizeKib * (100 - used)) / 100);
        }
      }
      facts.pool = pf;
    }
    return facts;
  });
}
