// StoragePool: one pool on one node, keyed by (node, pool name).

import { f, type KindDeclaration } from "../declaration";
import { ON_REMOVE, PROVIDER_KINDS } from "../types";
import { lifecycleInputs, prepareField, propsField, sshField } from "./shared";

export const storagePoolDeclaration = {
  kind: "StoragePool",
  doc: "A storage pool on one node (LINSTOR keys a pool by node and name).",
  idFormat: "<node>/<name>",
  inputs: {
    node: f.name("node", "The node the pool lives on.", { required: true, replaceOnChange: true, title: "node", example: "vulcan" }),
    name: f.name("storagePool", "Pool name (3 to 48 characters: letters, digits, '_' and '-').",
      { required: true, replaceOnChange: true, title: "storage pool name", example: "thinpool" }),
    providerKind: f.enum(PROVIDER_KINDS, "The storage driver of the pool.", { required: true, replaceOnChange: true, title: "provider kind", example: "LVM_THIN" }),
    backingPool: f.string("What backs the pool (`StorDriver/StorPoolName`): a volume group (LVM), `vg/thinlv` (LVM_THIN), a zpool or " +
      "dataset (ZFS), or a directory (FILE). Not for DISKLESS.", { replaceOnChange: true, title: "backing pool", example: "drbdpool/thinpool" }),
    onRemove: f.enum(ON_REMOVE, "Removing the pool while it holds replicas: `refuse` fails the delete; `evacuate` first adds each " +
      "auto-placed replica on another node, waits until it holds the data, then removes the old one.",
    { notCompared: true, default: "refuse", title: "on remove", example: "evacuate" }),
    ssh: { ...sshField, doc: "SSH access to the node's host, normally the node's `sshAccess`: needed by `prepare`, adds the host's pool facts." },
    prepare: prepareField,
    props: propsField,
    ...lifecycleInputs,
  },
  outputs: {
    freeCapacityKib: f.integer(0, Number.MAX_SAFE_INTEGER, "Free space in KiB, as the satellite last reported it.", { example: 104857600 }),
    totalCapacityKib: f.integer(0, Number.MAX_SAFE_INTEGER, "Total space in KiB, as the satellite last reported it.", { example: 104857600 }),
    thin: f.boolean("Whether the pool is thinly provisioned.", { required: true, example: true }),
    supportsSnapshots: f.boolean("Whether the pool can take snapshots.", { required: true, example: true }),
    hostVgSizeKib: f.integer(0, Number.MAX_SAFE_INTEGER, "From the host (with ssh, LVM/LVM_THIN): the volume group's size in KiB.", { example: 104857600 }),
    hostVgFreeKib: f.integer(0, Number.MAX_SAFE_INTEGER, "From the host (with ssh, LVM/LVM_THIN): the volume group's free space in KiB.", { example: 0 }),
    hostThinPoolSizeKib: f.integer(0, Number.MAX_SAFE_INTEGER, "From the host (with ssh, LVM_THIN): the thin pool's size in KiB.", { example: 104857600 }),
    hostThinPoolFreeKib: f.integer(0, Number.MAX_SAFE_INTEGER, "From the host (with ssh, LVM_THIN): the thin pool's free space in KiB.", { example: 104857600 }),
    hostThinPoolDataPercent: f.integer(0, 100, "From the host (with ssh, LVM_THIN): percent of the thin pool's data space in use, as lvs reports it.", { example: 12 }),
  },
} as const satisfies KindDeclaration;
