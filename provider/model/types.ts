// The shared vocabulary of pulumi-linstor: desired state (what a stack asks for), live state (what
// the controller reports, normalized), and the identities that tie the two together.
//
// Every layer speaks these types: provider/stack and provider/resources build DesiredState,
// provider/client reads LiveCluster, provider/plan turns the pair into steps, provider/apply runs them.
// Names keep the spelling the user gave; identity compares them case-insensitively (see keys.ts).

import type { InputsOf, KindDeclaration, Shape } from "./declaration";
import type { nodeDeclaration } from "./kinds/node";
import type { resourceDeclaration } from "./kinds/resource";
import type { resourceDefinitionDeclaration } from "./kinds/resource-definition";
import type { resourceGroupDeclaration } from "./kinds/resource-group";
import type { placementFields, prepareField, sshField } from "./kinds/shared";
import type { snapshotDeclaration } from "./kinds/snapshot";
import type { storagePoolDeclaration } from "./kinds/storage-pool";
import type { volumeDefinitionDeclaration } from "./kinds/volume-definition";

/** LINSTOR properties: a flat string map (`DrbdOptions/Net/protocol`, `Aux/team`, ...). */
export type Props = Record<string, string>;

// The fixed word lists, here and nowhere else (declarations, schemas and checks read them).
export const NODE_TYPES = ["SATELLITE", "COMBINED", "CONTROLLER", "AUXILIARY"] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const PROVIDER_KINDS = ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
/** Providers whose pools can take snapshots (thick LVM and DISKLESS cannot). */
export const SNAPSHOT_PROVIDERS: readonly ProviderKind[] = ["LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"];
/** Providers whose backing pool `prepare` can create on the host over SSH. */
export const PREPARABLE_PROVIDERS: readonly ProviderKind[] = ["LVM", "LVM_THIN"];

export const LAYER_KINDS = ["DRBD", "LUKS", "STORAGE", "NVME", "WRITECACHE", "CACHE", "BCACHE"] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];

export const ENCRYPTION_TYPES = ["PLAIN", "SSL"] as const;
export const ON_REMOVE = ["evacuate", "refuse"] as const;
export type OnRemove = (typeof ON_REMOVE)[number];

// ------------------------------------------------------------------------------------------------
// Desired state
// ------------------------------------------------------------------------------------------------

// The specs are the kinds' declared inputs (provider/model/kinds) without the options that only
// steer a resource (adopt, onDestroy, timeouts): the planner's view of one object.
type LifecycleKeys = "adopt" | "onDestroy" | "timeouts";
type SpecOf<D extends KindDeclaration> = Omit<InputsOf<D>, LifecycleKeys>;

export type NodeSpec = Omit<SpecOf<typeof nodeDeclaration>, "ssh"> & {
  /** Optional host checks and preparation over SSH before the node is registered (provider/ssh). */
  ssh?: NodeSshSpec;
};

/**
 * How to reach a node's host over SSH (the declared ssh block with its host filled in). Secrets
 * (privateKey, passphrase, password) are Pulumi secrets; a YAML stack names them by environment
 * variable or file instead, resolved where the connection is made, never by the stack loader.
 */
export type NodeSshSpec = Shape<typeof sshField.fields> & { host: string };

/** A pool's LVM preparation as given: the thin pool size as a size text or in KiB. */
export type PoolPrepareInput = Shape<typeof prepareField.fields>;
/** LVM preparation of a storage pool's backing pool on the node's host (needs the node's ssh block). */
export interface PoolPrepareSpec {
  /** Block devices for the volume group, e.g. ["/dev/vdb"]. */
  devices: string[];
  /** Size of the thin pool for LVM_THIN in KiB; default: all free space. */
  thinPoolSizeKib?: number;
}

export type StoragePoolSpec = Omit<SpecOf<typeof storagePoolDeclaration>, "onRemove" | "ssh" | "prepare"> & {
  /** Create the LVM volume group (and thin pool) on the host when missing. */
  prepare?: PoolPrepareSpec;
};

/** Placement constraints shared by resource groups and auto-placed replica sets. */
export type PlacementSpec = Shape<typeof placementFields>;

export type ResourceGroupSpec = SpecOf<typeof resourceGroupDeclaration>;
export type ResourceDefinitionSpec = SpecOf<typeof resourceDefinitionDeclaration>;

export type VolumeDefinitionSpec = Omit<SpecOf<typeof volumeDefinitionDeclaration>, "size" | "number" | "sizeKib"> & {
  number: number;
  /** The size, parsed once into KiB. */
  sizeKib: number;
};

/** The replica set of one resource definition. */
export type ResourceSpec = SpecOf<typeof resourceDeclaration>;

export type SnapshotSpec = SpecOf<typeof snapshotDeclaration>;

export const KINDS = ["Node", "StoragePool", "ResourceGroup", "ResourceDefinition", "VolumeDefinition", "Resource", "Snapshot"] as const;
export type Kind = (typeof KINDS)[number];

/** Identity of one managed object. */
export type ObjectRef =
  | { kind: "Node"; name: string }
  | { kind: "StoragePool"; node: string; name: string }
  | { kind: "ResourceGroup"; name: string }
  | { kind: "ResourceDefinition"; name: string }
  | { kind: "VolumeDefinition"; resource: string; number: number }
  | { kind: "Resource"; resource: string }
  | { kind: "Snapshot"; resource: string; name: string };

/**
 * What a caller wants. Only the objects listed here, or named in `absent`, are in scope: the
 * planner never touches anything else on the controller. `absent` lists managed objects that must
 * be gone (deleted from the stack, or a Pulumi delete).
 */
export interface DesiredState {
  nodes?: NodeSpec[];
  storagePools?: StoragePoolSpec[];
  resourceGroups?: ResourceGroupSpec[];
  resourceDefinitions?: ResourceDefinitionSpec[];
  volumeDefinitions?: VolumeDefinitionSpec[];
  resources?: ResourceSpec[];
  snapshots?: SnapshotSpec[];
  absent?: ObjectRef[];
  /**
   * Property keys each object had set by us at the last apply (the `Aux/pulumi-linstor/managed-props`
   * marker, keyed by objectKey()). Keys we set before and no longer want are removed; keys nobody
   * listed are foreign and never removed.
   */
  previousProps?: Record<string, string[]>;
  /**
   * Definitions whose replicas the stack places (explicit nodes or its own auto-placement) though
   * this plan does not hold their replica sets: a definition planned on its own, its replica set a
   * separate resource of the same stack. Their create switches the balancer off (see
   * planResourceDefinitions) without claiming the key.
   */
  replicasPlacedElsewhere?: string[];
  /** Last applied rollback trigger per snapshot (objectKey of the Snapshot). */
  previousRollbackTriggers?: Record<string, string>;
}

// ------------------------------------------------------------------------------------------------
// Live state (normalized from the REST API)
// ------------------------------------------------------------------------------------------------

export interface LiveNode {
  name: string;
  type: string;
  address?: string;
  port?: number;
  encryption?: string;
  /** ONLINE, OFFLINE, ... */
  connectionStatus: string;
  flags: string[];
  props: Props;
}

export interface LiveStoragePool {
  node: string;
  name: string;
  providerKind: ProviderKind | string;
  backingPool?: string;
  props: Props;
  /** KiB; undefined until the satellite reported. */
  freeKib?: number;
  totalKib?: number;
  thin: boolean;
  supportsSnapshots: boolean;
}

export interface LiveResourceGroup {
  name: string;
  description?: string;
  placement: PlacementSpec;
  props: Props;
}

export interface LiveVolumeDefinition {
  number: number;
  sizeKib: number;
  minor?: number;
  props: Props;
  flags: string[];
}

export interface LiveResourceDefinition {
  name: string;
  resourceGroup?: string;
  layerStack: LayerKind[];
  props: Props;
  flags: string[];
  volumes: LiveVolumeDefinition[];
}

export interface LiveVolume {
  number: number;
  /** UpToDate, Inconsistent, SyncTarget(45.20%), Diskless, Outdated, DUnknown, ...; undefined when unknown (offline). */
  diskState?: string;
  /** Resync progress 0-100 when this volume is a sync target with a known percentage. */
  syncPercent?: number;
  devicePath?: string;
  /** Backing device of the storage layer, e.g. /dev/drbdpool/SharedData_00000. */
  backingDevice?: string;
  allocatedKib?: number;
  usableKib?: number;
  storagePool?: string;
  minor?: number;
  /** replication state per peer node name. */
  replication?: Record<string, string>;
}

export interface LiveReplica {
  resource: string;
  node: string;
  storagePool?: string;
  /** Any diskless replica (client or tiebreaker). */
  diskless: boolean;
  tieBreaker: boolean;
  flags: string[];
  props: Props;
  /** DRBD TCP ports of this replica. */
  ports: number[];
  nodeId?: number;
  inUse?: boolean;
  /** Flagged DELETE: going away. */
  deleting: boolean;
  /** The replica's layers, top to bottom (e.g. DRBD, STORAGE); absent or empty when not known. */
  layers?: LayerKind[];
  volumes: LiveVolume[];
}

export interface LiveSnapshot {
  resource: string;
  name: string;
  nodes: string[];
  flags: string[];
  successful: boolean;
  volumes: { number: number; sizeKib: number }[];
}

export interface LiveCluster {
  nodes: LiveNode[];
  storagePools: LiveStoragePool[];
  resourceGroups: LiveResourceGroup[];
  resourceDefinitions: LiveResourceDefinition[];
  resources: LiveReplica[];
  snapshots: LiveSnapshot[];
  /** The controller's own props (over-commit ratios, autoplacer settings); absent when not read. */
  controllerProps?: Props;
  /** The controller's version (GET /v1/controller/version), e.g. "1.34.0"; absent when not read. */
  controllerVersion?: string;
}

// ------------------------------------------------------------------------------------------------
// Changes the planner asks for
// ------------------------------------------------------------------------------------------------

/** Property changes of one object: keys to set, keys to remove. */
export interface PropChange {
  set: Props;
  remove: string[];
}

/** One replica to create: on a node, in a pool or diskless, with its props. */
export interface ReplicaPlacement {
  node: string;
  storagePool?: string;
  diskless?: boolean;
  props?: Props;
}
