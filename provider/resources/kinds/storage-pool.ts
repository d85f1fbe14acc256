// StoragePool: one pool on one node, keyed by (node, pool name).

import { objectKey } from "../../model/keys";
import { backingPoolProblem } from "../../model/linstor-rules";
import { sameName } from "../../model/names";
import type { LiveCluster, LiveStoragePool, NodeSshSpec, ProviderKind } from "../../model/types";
import type { CommonInputs, KindDescriptor } from "../kind";
import { dropUndefined, FieldReader, managedPropsView } from "./fields";
import { hasCredentials, readPrepare, readSsh, SSH_SECRET_INPUTS, sshLibrary, thinPoolKib, type PrepareInputs } from "./host";

export interface StoragePoolInputs extends CommonInputs {
  node: string;
  name: string;
  providerKind: ProviderKind;
  backingPool?: string;
  /** Removing the pool while replicas use it: evacuate them first, or refuse (default). */
  onRemove?: "evacuate" | "refuse";
  /** The node's ssh block (hand over the Node's `sshAccess`): needed by `prepare`, enables host facts. */
  ssh?: NodeSshSpec;
  /** Create the LVM volume group (and thin pool) on the node's host when missing, before the pool is registered. */
  prepare?: PrepareInputs;
}

export interface StoragePoolOutputs {
  freeCapacityKib?: number;
  totalCapacityKib?: number;
  thin: boolean;
  supportsSnapshots: boolean;
}

/** Outputs from the node's host (only with an ssh block, for LVM and LVM_THIN pools). */
export interface StoragePoolHostOutputs {
  hostVgSizeKib?: number;
  hostVgFreeKib?: number;
  hostThinPoolSizeKib?: number;
  hostThinPoolFreeKib?: number;
  /** Percent of the thin pool's data space in use, as lvs reports it. */
  hostThinPoolDataPercent?: number;
}

const HOST_FACT_KEYS = ["hostVgSizeKib", "hostVgFreeKib", "hostThinPoolSizeKib", "hostThinPoolFreeKib", "hostThinPoolDataPercent"] as const;
const PREPARABLE: readonly ProviderKind[] = ["LVM", "LVM_THIN"];

const PROVIDERS = ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"] as const;

function livePool(i: StoragePoolInputs, live: LiveCluster): LiveStoragePool | undefined {
  return live.storagePools.find((p) => sameName(p.node, i.node) && sameName(p.name, i.name));
}

export const storagePoolKind: KindDescriptor<StoragePoolInputs, StoragePoolOutputs> = {
  kind: "StoragePool",
  replaceOn: ["node", "name", "providerKind", "backingPool"],
  ignoreInDiff: ["adopt", "timeouts", "onRemove"],
  normalize(raw) {
    const f = new FieldReader(raw);
    const inputs = dropUndefined<StoragePoolInputs>({
      node: f.name("node", "node"),
      name: f.name("name", "storagePool"),
      providerKind: f.oneOf("providerKind", PROVIDERS, true) ?? "LVM_THIN",
      backingPool: f.string("backingPool"),
      onRemove: f.oneOf("onRemove", ["evacuate", "refuse"] as const),
      props: f.props(),
      adopt: f.boolean("adopt"),
      timeouts: f.timeouts(),
      ssh: readSsh(f, undefined),
      prepare: readPrepare(f, raw),
    });
    if (inputs.providerKind !== "DISKLESS" && !inputs.backingPool && f.problems.length === 0) {
      f.problems.push({ property: "backingPool", reason: `is required for ${inputs.providerKind} (volume group, 'vg/thinpool', zpool or directory)` });
    }
    const backingProblem = inputs.backingPool !== undefined ? backingPoolProblem(inputs.providerKind, inputs.backingPool) : undefined;
    if (backingProblem) f.problems.push({ property: "backingPool", reason: backingProblem });
    if (inputs.prepare && !PREPARABLE.includes(inputs.providerKind)) {
      f.problems.push({ property: "prepare", reason: `only creates LVM volume groups and thin pools, not ${inputs.providerKind} pools (remove prepare)` });
    }
    if (inputs.prepare && !inputs.ssh) {
      f.problems.push({ property: "prepare", reason: `needs SSH access to node ${inputs.node}: set ssh (e.g. ssh: node.sshAccess)` });
    }
    return { inputs, problems: f.problems };
  },
  ref: (i) => ({ kind: "StoragePool", node: i.node, name: i.name }),
  desired: (i) => ({ storagePools: [dropUndefined({ node: i.node, name: i.name, providerKind: i.providerKind, backingPool: i.backingPool, props: i.props })] }),
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
  secretInputs: SSH_SECRET_INPUTS,
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
      if (!i.ssh || !hasCredentials(i.ssh) || !PREPARABLE.includes(i.providerKind)) return undefined;
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
};
