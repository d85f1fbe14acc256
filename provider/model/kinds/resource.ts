// Resource: the replica set of one definition: explicit nodes or auto-placement, diskless
// clients, optionally restored from a snapshot.

import { f, type KindDeclaration } from "../declaration";
import { lifecycleInputs, placementFields, propsField } from "./shared";

const replicaVolume = f.object("ReplicaVolume", {
  number: f.integer(0, 65534, "Volume number.", { required: true, example: 0 }),
  diskState: f.string("UpToDate, Inconsistent, SyncTarget(45.20%), Diskless, ...", { example: "UpToDate" }),
  devicePath: f.string("The device, e.g. /dev/drbd1000.", { example: "/dev/drbd1000" }),
  backingDevice: f.string("The backing device of the storage layer.", { example: "/dev/drbdpool/SharedData_00000" }),
}, "One volume of a replica.");

const replica = f.object("Replica", {
  node: f.string("The node of the replica.", { required: true, example: "vulcan" }),
  storagePool: f.string("Its storage pool.", { example: "thinpool" }),
  diskless: f.boolean("Any diskless replica (client or tiebreaker).", { required: true, example: false }),
  tieBreaker: f.boolean("A diskless tiebreaker the controller added for quorum.", { required: true, example: false }),
  ports: f.list(f.integer(1, 65535, "A TCP port."), "DRBD TCP ports of this replica.", { required: true, example: [7000] }),
  volumes: f.list(replicaVolume, "The replica's volumes.", { required: true }),
}, "One replica as the controller reports it.");

export const resourceDeclaration = {
  kind: "Resource",
  doc: "The replica set of one resource definition: explicit nodes or auto-placement, plus diskless clients; optionally restored " +
    "from a snapshot. Tiebreakers the controller adds are reported, never treated as drift.",
  idFormat: "<resource>",
  inputs: {
    resource: f.name("resource", "The definition whose replicas this is.", { required: true, replaceOnChange: true, title: "resource", example: "SharedData" }),
    nodes: f.list(f.name("node", "A node name.", { example: "vulcan" }), "Diskful replicas on these nodes (exclusive with autoPlace). " +
      "Changing the list moves replicas safely: add, wait for resync, then remove.", { minItems: 1, title: "replica nodes", example: ["vulcan", "kronos"] }),
    autoPlace: f.object("AutoPlace", { ...placementFields, placeCount: { ...placementFields.placeCount, required: true } },
      "Let the controller choose the nodes (exclusive with nodes).", { title: "auto-place", example: { placeCount: 3, storagePools: ["thinpool"] } }),
    storagePool: f.name("storagePool", "Storage pool of the explicit diskful replicas (`StorPoolName`).", { title: "storage pool", example: "thinpool" }),
    diskless: f.list(f.name("node", "A node name.", { example: "kronos" }), "Nodes that get a diskless (DRBD client) replica.",
      { title: "diskless nodes", example: ["kronos"] }),
    // Only matters when the replicas are first created.
    restoreFrom: f.object("RestoreFrom", {
      resource: f.name("resource", "The resource the snapshot belongs to.", { required: true, title: "source resource", example: "SharedData" }),
      snapshot: f.name("snapshot", "The snapshot to restore.", { required: true, title: "source snapshot", example: "Snap1" }),
    }, "Create the replicas from a snapshot of another definition.", { notCompared: true, title: "restore from", example: { resource: "SharedData", snapshot: "Snap1" } }),
    props: { ...propsField, doc: "LINSTOR properties set on every replica of the set. Keys set here are managed; keys set by others are left alone." },
    ...lifecycleInputs,
  },
  outputs: {
    diskfulNodes: f.list(f.string("A node name."), "Nodes with a diskful replica.", { required: true, example: ["vulcan"] }),
    disklessNodes: f.list(f.string("A node name."), "Nodes with a diskless client replica.", { required: true, example: [] }),
    tieBreakerNodes: f.list(f.string("A node name."), "Diskless tiebreakers the controller added for quorum (reported, not managed).", { required: true, example: [] }),
    replicas: f.list(replica, "Every replica as the controller reports it.", { required: true }),
    port: f.integer(1, 65535, "DRBD port of the first diskful replica (every replica has its own since LINSTOR 1.31.2).", { example: 7000 }),
    minor: f.integer(0, 1048575, "DRBD minor of volume 0.", { example: 1000 }),
    devicePath: f.string("Device of volume 0, e.g. /dev/drbd1000.", { example: "/dev/drbd1000" }),
    backingVolumes: f.list(f.string("A backing volume name."), "Backing volume names, e.g. SharedData_00000.", { required: true, example: ["SharedData_00000"] }),
    upToDate: f.boolean("Every diskful volume is UpToDate.", { required: true, example: true }),
  },
} as const satisfies KindDeclaration;
