// pulumi-linstor: LINSTOR objects as Pulumi resources.
//
//   import * as linstor from "pulumi-linstor";
//   const rd = new linstor.ResourceDefinition("shared", { name: "SharedData", layerStack: ["DRBD", "STORAGE"] });
//   new linstor.VolumeDefinition("shared-0", { resource: rd.name, size: "150m" });
//   new linstor.Resource("shared", { resource: rd.name, autoPlace: { placeCount: 3 } }, { dependsOn: [rd] });
//
// The controller comes from stack config `linstor:endpoint` (a comma list fails over in order),
// else LINSTOR_ENDPOINT or LS_CONTROLLERS, else http://localhost:3370. TLS and credentials:
// `linstor:caCert`, `linstor:clientCert`, `linstor:clientKey`, `linstor:bearerToken` (secret),
// `linstor:username`/`linstor:password` (secret), or the LS_* variables the linstor tools read.
// None of them ever lands in the state.

import * as pulumi from "@pulumi/pulumi";
import type { LayerKind, NodeType, PlacementSpec, ProviderKind } from "./model/types";
import { LinstorResource } from "./resources/dynamic";
import type { ReplicaOutput } from "./resources/kinds/resource";

export type { LayerKind, NodeType, PlacementSpec, ProviderKind, ReplicaOutput };

type In<T> = pulumi.Input<T>;

/** Options every LINSTOR resource accepts. */
export interface CommonArgs {
  /** LINSTOR properties of the object. Keys set here are managed; keys set by others are left alone. */
  props?: In<Record<string, In<string>>>;
  /**
   * Take over an object that already exists on the controller (after checking that it matches)
   * instead of failing. Pulumi's `import` option does not work for dynamic resources.
   */
  adopt?: In<boolean>;
  /** Wait budgets; dynamic providers never see `customTimeouts`. */
  timeouts?: In<{ syncSeconds?: In<number>; deleteSeconds?: In<number> }>;
}

// ------------------------------------------------------------------------------------------------

export interface NodeArgs extends CommonArgs {
  /** Node name as the satellite knows itself (hostname rules). */
  name: In<string>;
  /** SATELLITE (default), COMBINED, CONTROLLER or AUXILIARY. Changing it replaces the node. */
  type?: In<NodeType>;
  /** Address of the satellite connection. */
  address: In<string>;
  /** Satellite port; default 3366 (PLAIN) or 3367 (SSL). */
  port?: In<number>;
  encryption?: In<"PLAIN" | "SSL">;
  /** Removing a node that still holds replicas: "refuse" (default) or "evacuate" them first. */
  onRemove?: In<"evacuate" | "refuse">;
}

export class Node extends LinstorResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly address: pulumi.Output<string>;
  /** ONLINE, OFFLINE, ... as the controller reports it. */
  declare readonly connectionStatus: pulumi.Output<string>;
  declare readonly nodeType: pulumi.Output<string>;
  declare readonly flags: pulumi.Output<string[]>;
  constructor(name: string, args: NodeArgs, opts?: pulumi.CustomResourceOptions) {
    super("Node", name, args, ["connectionStatus", "nodeType", "flags"], opts);
  }
}

// ------------------------------------------------------------------------------------------------

export interface StoragePoolArgs extends CommonArgs {
  /** The node the pool lives on. */
  node: In<string>;
  /** Pool name (3–48 characters). */
  name: In<string>;
  providerKind: In<ProviderKind>;
  /** `vg` (LVM), `vg/thinpool` (LVM_THIN), a zpool or dataset (ZFS), a directory (FILE). */
  backingPool?: In<string>;
}

export class StoragePool extends LinstorResource {
  declare readonly node: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly providerKind: pulumi.Output<string>;
  /** Free space in KiB, as the satellite last reported it. */
  declare readonly freeCapacityKib: pulumi.Output<number | undefined>;
  declare readonly totalCapacityKib: pulumi.Output<number | undefined>;
  declare readonly thin: pulumi.Output<boolean>;
  declare readonly supportsSnapshots: pulumi.Output<boolean>;
  constructor(name: string, args: StoragePoolArgs, opts?: pulumi.CustomResourceOptions) {
    super("StoragePool", name, args, ["freeCapacityKib", "totalCapacityKib", "thin", "supportsSnapshots"], opts);
  }
}

// ------------------------------------------------------------------------------------------------

export interface ResourceGroupArgs extends CommonArgs {
  name: In<string>;
  description?: In<string>;
  /** Placement defaults for the definitions of this group. */
  placement?: In<PlacementSpec>;
}

export class ResourceGroup extends LinstorResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly placeCount: pulumi.Output<number | undefined>;
  constructor(name: string, args: ResourceGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super("ResourceGroup", name, args, ["placeCount"], opts);
  }
}

// ------------------------------------------------------------------------------------------------

export interface ResourceDefinitionArgs extends CommonArgs {
  /** Definition name (2–48 characters, letters, digits, _ and -). */
  name: In<string>;
  resourceGroup?: In<string>;
  /** e.g. ["DRBD", "STORAGE"] or ["STORAGE"]. Changing it replaces the definition (and its data). */
  layerStack?: In<In<LayerKind>[]>;
  /** Preferred DRBD port; normally the controller allocates one per replica from 7000. */
  drbdPort?: In<number>;
  peerSlots?: In<number>;
}

export class ResourceDefinition extends LinstorResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly flags: pulumi.Output<string[]>;
  declare readonly actualLayerStack: pulumi.Output<string[]>;
  declare readonly volumeNumbers: pulumi.Output<number[]>;
  constructor(name: string, args: ResourceDefinitionArgs, opts?: pulumi.CustomResourceOptions) {
    super("ResourceDefinition", name, args, ["flags", "actualLayerStack", "volumeNumbers"], opts);
  }
}

// ------------------------------------------------------------------------------------------------

export interface VolumeDefinitionArgs extends CommonArgs {
  /** The definition this volume belongs to. */
  resource: In<string>;
  /** Volume number; default 0. */
  number?: In<number>;
  /** Size the way the linstor client reads it: "150m", "150MiB", "1.5G" (a plain number is GiB). Grows in place; never shrinks. */
  size: In<string | number>;
  /** Preferred DRBD minor; normally allocated from 1000. */
  minor?: In<number>;
}

export class VolumeDefinition extends LinstorResource {
  declare readonly resource: pulumi.Output<string>;
  declare readonly number: pulumi.Output<number>;
  declare readonly sizeKib: pulumi.Output<number>;
  declare readonly minorNumber: pulumi.Output<number | undefined>;
  /** e.g. /dev/drbd1000 */
  declare readonly devicePath: pulumi.Output<string | undefined>;
  declare readonly actualSizeKib: pulumi.Output<number>;
  declare readonly sizeText: pulumi.Output<string>;
  constructor(name: string, args: VolumeDefinitionArgs, opts?: pulumi.CustomResourceOptions) {
    super("VolumeDefinition", name, { ...args, sizeKib: undefined }, ["minorNumber", "devicePath", "actualSizeKib", "sizeText"], opts);
  }
}

// ------------------------------------------------------------------------------------------------

export interface ResourceArgs extends CommonArgs {
  /** The definition whose replicas this is. */
  resource: In<string>;
  /** Diskful replicas on these nodes. Changing the list moves replicas: add, resync, then remove. */
  nodes?: In<In<string>[]>;
  /** Let the controller choose the nodes (exclusive with nodes). */
  autoPlace?: In<PlacementSpec & { placeCount: In<number> }>;
  /** Storage pool of explicit replicas. */
  storagePool?: In<string>;
  /** Diskless (DRBD client) replicas on these nodes. */
  diskless?: In<In<string>[]>;
  /** Create the replicas from a snapshot of another definition. */
  restoreFrom?: In<{ resource: In<string>; snapshot: In<string> }>;
}

export class Resource extends LinstorResource {
  declare readonly resource: pulumi.Output<string>;
  declare readonly diskfulNodes: pulumi.Output<string[]>;
  declare readonly disklessNodes: pulumi.Output<string[]>;
  /** Diskless tiebreakers the controller added for quorum (reported, not managed). */
  declare readonly tieBreakerNodes: pulumi.Output<string[]>;
  declare readonly replicas: pulumi.Output<ReplicaOutput[]>;
  /** DRBD port of the first diskful replica. */
  declare readonly port: pulumi.Output<number | undefined>;
  declare readonly minor: pulumi.Output<number | undefined>;
  /** e.g. /dev/drbd1000 */
  declare readonly devicePath: pulumi.Output<string | undefined>;
  /** Backing volume names, e.g. SharedData_00000. */
  declare readonly backingVolumes: pulumi.Output<string[]>;
  declare readonly upToDate: pulumi.Output<boolean>;
  constructor(name: string, args: ResourceArgs, opts?: pulumi.CustomResourceOptions) {
    super("Resource", name, args,
      ["diskfulNodes", "disklessNodes", "tieBreakerNodes", "replicas", "port", "minor", "devicePath", "backingVolumes", "upToDate"], opts);
  }
}

// ------------------------------------------------------------------------------------------------

export interface SnapshotArgs extends CommonArgs {
  resource: In<string>;
  name: In<string>;
  /** Nodes to snapshot; default every node with a diskful replica. */
  nodes?: In<In<string>[]>;
  /**
   * Declarative rollback: change this value (e.g. to a date or ticket number) and the next `up`
   * rolls the definition back to this snapshot, once.
   */
  rollbackTrigger?: In<string>;
}

export class Snapshot extends LinstorResource {
  declare readonly resource: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly snapshotNodes: pulumi.Output<string[]>;
  declare readonly successful: pulumi.Output<boolean>;
  declare readonly volumeSizesKib: pulumi.Output<number[]>;
  constructor(name: string, args: SnapshotArgs, opts?: pulumi.CustomResourceOptions) {
    super("Snapshot", name, args, ["snapshotNodes", "successful", "volumeSizesKib"], opts);
  }
}
