// StoragePool: one pool on one node, keyed by (node, pool name).

import type { InputsOf, OutputsOf } from "../../model/declaration";
import { objectKey } from "../../model/keys";
import { storagePoolDeclaration } from "../../model/kinds";
import { sameName } from "../../model/names";
import { PREPARABLE_PROVIDERS, type LiveCluster, type LiveStoragePool, type NodeSshSpec } from "../../model/types";
import type { KindDescriptor } from "../kind";
import { declaredKind, specOf } from "./declared";
import { dropUndefined, managedPropsView } from "./fields";
import { completeSsh, hasCredentials, sshLibrary, thinPoolKib } from "./node-host";

/** The node's ssh block (hand over the Node's `sshAccess`): needed by `prepare`, enables host facts. */
export type StoragePoolInputs = Omit<InputsOf<typeof storagePoolDeclaration>, "ssh"> & { ssh?: NodeSshSpec };
type Outputs = OutputsOf<typeof storagePoolDeclaration>;
type HostKey = "hostVgSizeKib" | "hostVgFreeKib" | "hostThinPoolSizeKib" | "hostThinPoolFreeKib" | "hostThinPoolDataPercent";
export type StoragePoolOutputs = Omit<Outputs, HostKey>;
/** Outputs from the node's host (only with an ssh block, for LVM and LVM_THIN pools). */
export type StoragePoolHostOutputs = Pick<Outputs, HostKey>;

const HOST_FACT_KEYS: readonly HostKey[] = ["hostVgSizeKib", "hostVgFreeKib", "hostThinPoolSizeKib", "hostThinPoolFreeKib", "hostThinPoolDataPercent"];

function livePool(i: StoragePoolInputs, live: LiveCluster): LiveStoragePool | undefined {
  return live.storagePools.find((p) => sameName(p.node, i.node) && sameName(p.name, i.name));
}

export const storagePoolKind: KindDescriptor<StoragePoolInputs, StoragePoolOutputs> = declaredKind(storagePoolDeclaration, {
  complete(i, _raw, report) {
    if (i.prepare && !i.ssh) report("prepare", `needs SSH access to node ${i.node}: set ssh (e.g. ssh: node.sshAccess)`);
    return i.ssh ? { ...i, ssh: completeSsh(i.ssh, undefined, report) } : i;
  },
  ref: (i) => ({ kind: "StoragePool", node: i.node, name: i.name }),
  // The pool's host preparation runs in the host hook, not in the plan.
  desired: (i) => ({ storagePools: [specOf(storagePoolDeclaration, i, "onRemove", "ssh", "prepare")] }),
  planOptions: (i) => ({ poolOnRemove: { [objectKey({ kind: "StoragePool", node: i.node, name: i.name })]: i.onRemove ?? "refuse" } }),
  // Evacuating on removal needs the other nodes' pools and the moved definitions, not just this node.
  scope: (i) => (i.onRemove === "evacuate" ? {} : { nodes: [i.node] }),
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
  host: {
    // Idempotent: a second run changes nothing; a device that holds data is refused before any change.
    async before(i) {
      if (!i.prepare || !i.ssh) return undefined;
      const report = await (await sshLibrary()).preparePool(i.ssh, {
        providerKind: i.providerKind,
        backingPool: i.backingPool,
        prepare: dropUndefined({ devices: i.prepare.devices, thinPoolSizeKib: thinPoolKib(i.prepare) }),
      });
      return [`host ${report.target}: ${report.summary}`, ...report.notes.map((n) => `note: ${n}`)].join("\n");
    },
    async facts(i): Promise<Record<string, unknown> | undefined> {
      if (!i.ssh || !hasCredentials(i.ssh) || !PREPARABLE_PROVIDERS.includes(i.providerKind)) return undefined;
      const pool = (await (await sshLibrary()).readHostFacts(i.ssh, { providerKind: i.providerKind, backingPool: i.backingPool })).pool;
      if (!pool) return undefined;
      return dropUndefined<StoragePoolHostOutputs>({
        hostVgSizeKib: pool.vgSizeKib,
        hostVgFreeKib: pool.vgFreeKib,
        hostThinPoolSizeKib: pool.thinPoolSizeKib,
        hostThinPoolFreeKib: pool.thinPoolFreeKib,
        hostThinPoolDataPercent: pool.thinPoolDataPercent,
      }) as Record<string, unknown>;
    },
    factKeys: HOST_FACT_KEYS,
  },
});
