// StoragePool: one pool on one node, keyed by (node, pool name).

import { sameName } from "../../model/names";
import type { LiveCluster, LiveStoragePool, ProviderKind } from "../../model/types";
import type { CommonInputs, KindDescriptor } from "../kind";
import { dropUndefined, FieldReader, managedPropsView } from "./fields";

export interface StoragePoolInputs extends CommonInputs {
  node: string;
  name: string;
  providerKind: ProviderKind;
  backingPool?: string;
}

export interface StoragePoolOutputs {
  freeCapacityKib?: number;
  totalCapacityKib?: number;
  thin: boolean;
  supportsSnapshots: boolean;
}

const PROVIDERS = ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"] as const;

function livePool(i: StoragePoolInputs, live: LiveCluster): LiveStoragePool | undefined {
  return live.storagePools.find((p) => sameName(p.node, i.node) && sameName(p.name, i.name));
}

export const storagePoolKind: KindDescriptor<StoragePoolInputs, StoragePoolOutputs> = {
  kind: "StoragePool",
  replaceOn: ["node", "name", "providerKind", "backingPool"],
  ignoreInDiff: ["adopt", "timeouts"],
  normalize(raw) {
    const f = new FieldReader(raw);
    const inputs = dropUndefined<StoragePoolInputs>({
      node: f.name("node", "node"),
      name: f.name("name", "storagePool"),
      providerKind: f.oneOf("providerKind", PROVIDERS, true) ?? "LVM_THIN",
      backingPool: f.string("backingPool"),
      props: f.props(),
      adopt: f.boolean("adopt"),
      timeouts: f.timeouts(),
    });
    if (inputs.providerKind !== "DISKLESS" && !inputs.backingPool && f.problems.length === 0) {
      f.problems.push({ property: "backingPool", reason: `is required for ${inputs.providerKind} (volume group, 'vg/thinpool', zpool or directory)` });
    }
    return { inputs, problems: f.problems };
  },
  ref: (i) => ({ kind: "StoragePool", node: i.node, name: i.name }),
  desired: (i) => ({ storagePools: [dropUndefined({ node: i.node, name: i.name, providerKind: i.providerKind, backingPool: i.backingPool, props: i.props })] }),
  scope: (i) => ({ nodes: [i.node] }),
  exists: (i, live) => livePool(i, live) !== undefined,
  adoptMismatch(i, live) {
    const p = livePool(i, live);
    const out: string[] = [];
    if (p && p.providerKind !== i.providerKind) out.push(`provider is ${p.providerKind}, the inputs say ${i.providerKind}`);
    if (p && i.backingPool && p.backingPool && p.backingPool !== i.backingPool) out.push(`backing pool is ${p.backingPool}, the inputs say ${i.backingPool}`);
    return out;
  },
  observe(i, live) {
    const p = livePool(i, live);
    return p && dropUndefined({ freeCapacityKib: p.freeKib, totalCapacityKib: p.totalKib, thin: p.thin, supportsSnapshots: p.supportsSnapshots });
  },
  liveInputs(i, live) {
    const p = livePool(i, live);
    if (!p) return i;
    return dropUndefined({ ...i, backingPool: p.backingPool ?? i.backingPool, props: managedPropsView(i.props, p.props) });
  },
};
