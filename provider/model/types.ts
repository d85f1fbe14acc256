// The shared vocabulary of pulumi-linstor: desired state (what a stack asks for), live state (what
// the controller reports, normalized), and the identities that tie the two together.
//
// Every layer speaks these types: provider/stack and provider/resources build DesiredState,
// provider/client reads LiveCluster, provider/plan turns the pair into steps, provider/apply runs them.
// Names keep the spelling the user gave; identity compares them case-insensitively (see keys.ts).

/** LINSTOR properties: a flat string map (`DrbdOptions/Net/protocol`, `Aux/team`, ...). */
export type Props = Record<string, string>;

export type NodeType = "SATELLITE" | "COMBINED" | "CONTROLLER" | "AUXILIARY";

export type ProviderKind =
  | "DISKLESS" | "LVM" | "LVM_THIN" | "ZFS" | "ZFS_THIN" | "FILE" | "FILE_THIN";

export type LayerKind = "DRBD" | "LUKS" | "STORAGE" | "NVME" | "WRITECACHE" | "CACHE" | "BCACHE";

// ------------------------------------------------------------------------------------------------
// Desired state
// ------------------------------------------------------------------------------------------------

export interface NodeSpec {
  name: string;
  /** Defaults to SATELLITE. */
  type?: NodeType;
  /** Address of the default net interface (satellite connection). */
  address: string;
  /** Satellite port; defaults to 3366 (PLAIN) or 3367 (SSL). */
  port?: number;
  encryption?: "PLAIN" | "SSL";
  props?: Props;
  /** What removing this node from the stack does while it still holds replicas. Default "refuse". */
  onRemove?: "evacuate" | "refuse";
  /** Optional host checks and preparation over SSH before the node is registered (provider/ssh). */
  ssh?: NodeSshSpec;
}

/** How to reach a node's host over SSH. Secrets (privateKey, passphrase, password) are Pulumi secrets. */
export interface NodeSshSpec {
  host: string;
  port?: number;
  user?: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  /**
   * References to secrets instead of their values (what a YAML stack holds, so no secret is ever
   * written into a stack file): the environment variable or file that holds the private key, and
   * the environment variables that hold the passphrase and password. Resolved where the
   * connection is made, never by the stack loader.
   */
  privateKeyEnv?: string;
  privateKeyFile?: string;
  passphraseEnv?: string;
  passwordEnv?: string;
  /** Use the SSH agent at $SSH_AUTH_SOCK. */
  agent?: boolean;
  /** Pinned host key fingerprint, `SHA256:<base64>` as ssh-keygen -lf prints it. */
  hostKeyFingerprint?: string;
  /** Accept and report an unknown host key (trust on first use). Only when asked for explicitly. */
  trustOnFirstUse?: boolean;
  /** Satellite service to check; default linstor-satellite. */
  satelliteService?: string;
}

/** LVM preparation of a storage pool's backing pool on the node's host (needs the node's ssh block). */
export interface PoolPrepareSpec {
  /** Block devices for the volume group, e.g. ["/dev/vdb"]. */
  devices: string[];
  /** Size of the thin pool for LVM_THIN (e.g. "100G" or KiB as a number); default: all free space. */
  thinPoolSizeKib?: number;
}

export interface StoragePoolSpec {
  /** The node the pool lives on: a pool is keyed by (node, name). */
  node: string;
  name: string;
  providerKind: ProviderKind;
  /** Backing pool, sent as `StorDriver/StorPoolName`: `vg` (LVM), `vg/thinlv` (LVM_THIN), zpool, or a directory. */
  backingPool?: string;
  props?: Props;
  /** Create the LVM volume group (and thin pool) on the host when missing. */
  prepare?: PoolPrepareSpec;
}

/** Placement constraints shared by resource groups and auto-placed replica sets. */
export interface PlacementSpec {
  /** Number of diskful replicas. */
  placeCount?: number;
  storagePools?: string[];
  disklessStoragePools?: string[];
  /** Node property keys (or key=value) all replicas must share. */
  replicasOnSame?: string[];
  /** Node property keys whose values must differ between replicas. */
  replicasOnDifferent?: string[];
  /** Resource names whose nodes must not be used. */
  doNotPlaceWith?: string[];
  doNotPlaceWithRegex?: string;
  layerStack?: LayerKind[];
  providerList?: ProviderKind[];
  disklessOnRemaining?: boolean;
}

export interface ResourceGroupSpec {
  name: string;
  description?: string;
  placement?: PlacementSpec;
  props?: Props;
}

export interface ResourceDefinitionSpec {
  name: string;
  resourceGroup?: string;
  /** Defaults to whatever the controller picks ([DRBD, STORAGE] on first resource). */
  layerStack?: LayerKind[];
  /** Preferred DRBD port; usually left to the controller. */
  drbdPort?: number;
  peerSlots?: number;
  props?: Props;
}

export interface VolumeDefinitionSpec {
  /** The resource definition the volume belongs to. */
  resource: string;
  number: number;
  sizeKib: number;
  /** Preferred DRBD minor; usually left to the controller (from 1000). */
  minor?: number;
  props?: Props;
}

/** The replica set of one resource definition. */
export interface ResourceSpec {
  resource: string;
  /** Explicit diskful replicas. Exclusive with autoPlace. */
  nodes?: string[];
  /** Let the controller choose the nodes. Exclusive with nodes. */
  autoPlace?: PlacementSpec & { placeCount: number };
  /** Storage pool of explicit diskful replicas (`StorPoolName`). */
  storagePool?: string;
  /** Nodes that get a diskless (DRBD client) replica. */
  diskless?: string[];
  /** Create the replicas from a snapshot of another definition (restore). */
  restoreFrom?: { resource: string; snapshot: string };
  /** Props set on every replica of the set. */
  props?: Props;
}

export interface SnapshotSpec {
  resource: string;
  name: string;
  /** Nodes to snapshot; defaults to every node with a diskful replica. */
  nodes?: string[];
  /**
   * Declarative rollback: when this value changes from the last applied one, the definition is
   * rolled back to this snapshot. Undefined means never.
   */
  rollbackTrigger?: string;
}

export type Kind =
  | "Node" | "StoragePool" | "ResourceGroup" | "ResourceDefinition" | "VolumeDefinition" | "Resource" | "Snapshot";

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
