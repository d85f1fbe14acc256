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
  /**
   * What deleting this resource (`pulumi destroy`, or removing it from the program) does on the
   * controller: "delete" the object, or "keep" it and only let go of it. Default: "delete" for what
   * the stack created, "keep" for what it adopted.
   */
  onDestroy?: In<"keep" | "delete">;
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
  /**
   * SSH access to the node's host. Before the node is registered (and before every update) the
   * provider connects (host key pinned), checks that the satellite service is active and drbdadm
   * is installed, and refuses with one error listing everything missing. Changing it never
   * replaces the node: it only verifies again.
   */
  ssh?: NodeSshArgs;
}

/**
 * How to reach a node's host over SSH. privateKey, passphrase and password are made Pulumi
 * secrets by the resource and never appear in outputs or errors; the *Env/*File variants name an
 * environment variable or file that holds them instead (what YAML stacks use).
 */
export interface NodeSshArgs {
  /** Default: the node's address. */
  host?: In<string>;
  /** Default 22. */
  port?: In<number>;
  /** Default root (LVM commands need it; sudo is not used). */
  user?: In<string>;
  /** Private key text (OpenSSH or PEM). */
  privateKey?: In<string>;
  privateKeyEnv?: In<string>;
  privateKeyFile?: In<string>;
  passphrase?: In<string>;
  passphraseEnv?: In<string>;
  password?: In<string>;
  passwordEnv?: In<string>;
  /** Use the SSH agent at $SSH_AUTH_SOCK. */
  agent?: In<boolean>;
  /** The host key to pin, `SHA256:...` as `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints it. */
  hostKeyFingerprint?: In<string>;
  /** Accept an unknown host key and report it in `hostKeyFingerprint` (only without a pin). */
  trustOnFirstUse?: In<boolean>;
  /** systemd unit of the satellite; default linstor-satellite. */
  satelliteService?: In<string>;
}

const SSH_SECRETS = ["privateKey", "passphrase", "password"] as const;

/** The ssh block with its secret values wrapped as Pulumi secrets (encrypted in the state's inputs). */
function sshWithSecrets(ssh: NodeSshArgs | undefined): NodeSshArgs | undefined {
  if (!ssh) return undefined;
  const out: NodeSshArgs = { ...ssh };
  for (const k of SSH_SECRETS) if (out[k] !== undefined) out[k] = pulumi.secret(out[k] as In<string>);
  return out;
}

export class Node extends LinstorResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly address: pulumi.Output<string>;
  /** ONLINE, OFFLINE, ... as the controller reports it. */
  declare readonly connectionStatus: pulumi.Output<string>;
  declare readonly nodeType: pulumi.Output<string>;
  declare readonly flags: pulumi.Output<string[]>;
  /** From the host (with ssh): drbd-utils version, e.g. 9.27.0. */
  declare readonly drbdVersion: pulumi.Output<string | undefined>;
  /** From the host (with ssh): loaded DRBD kernel module version. */
  declare readonly drbdKernelVersion: pulumi.Output<string | undefined>;
  /** From the host (with ssh): the host key the connection was verified with. */
  declare readonly hostKeyFingerprint: pulumi.Output<string | undefined>;
  declare readonly satelliteActive: pulumi.Output<boolean | undefined>;
  /**
   * The ssh block as given (host defaulted to the address, secrets kept secret), to hand to the
   * `ssh` of this node's storage pools that use `prepare`.
   */
  readonly sshAccess: NodeSshArgs | undefined;
  constructor(name: string, args: NodeArgs, opts?: pulumi.CustomResourceOptions) {
    const ssh = sshWithSecrets(args.ssh);
    super("Node", name, { ...args, ssh }, ["connectionStatus", "nodeType", "flags", "drbdVersion", "drbdKernelVersion", "hostKeyFingerprint", "satelliteActive"], opts);
    this.sshAccess = ssh && { ...ssh, host: ssh.host ?? args.address };
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
  /**
   * Removing the pool while it holds replicas: "refuse" (default) fails the delete; "evacuate" first
   * adds each auto-placed replica on another node, waits until it holds the data, then removes the old
   * one. YAML stacks set it from the node's `onRemove`.
   */
  onRemove?: In<"evacuate" | "refuse">;
  /** SSH access to the node's host, normally the node's `sshAccess`: needed by `prepare`, adds the host's pool facts. */
  ssh?: NodeSshArgs;
  /**
   * Create the LVM volume group on `devices` (and for LVM_THIN the thin pool) on the host when
   * missing, before the pool is registered. Idempotent; a device that holds data is refused
   * before anything changes; an existing VG or thin pool is never grown. The thin pool size is a
   * size text ("100G", as the linstor client reads it; see volume sizes) or `thinPoolSizeKib`; default: all free space.
   */
  prepare?: In<{ devices: In<In<string>[]>; thinPoolSize?: In<string | number>; thinPoolSizeKib?: In<number> }>;
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
  /** From the host (with ssh, LVM/LVM_THIN): the volume group's size and free space in KiB. */
  declare readonly hostVgSizeKib: pulumi.Output<number | undefined>;
  declare readonly hostVgFreeKib: pulumi.Output<number | undefined>;
  /** From the host (with ssh, LVM_THIN): the thin pool's size, free space in KiB and data use in percent. */
  declare readonly hostThinPoolSizeKib: pulumi.Output<number | undefined>;
  declare readonly hostThinPoolFreeKib: pulumi.Output<number | undefined>;
  declare readonly hostThinPoolDataPercent: pulumi.Output<number | undefined>;
  constructor(name: string, args: StoragePoolArgs, opts?: pulumi.CustomResourceOptions) {
    super("StoragePool", name, { ...args, ssh: sshWithSecrets(args.ssh) }, ["freeCapacityKib", "totalCapacityKib", "thin", "supportsSnapshots",
      "hostVgSizeKib", "hostVgFreeKib", "hostThinPoolSizeKib", "hostThinPoolFreeKib", "hostThinPoolDataPercent"], opts);
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
  /** Size the way the linstor client reads it: "150M", "150MiB", "10G" (bare numbers, decimal MB/GB and fractions are refused as ambiguous). Grows in place; never shrinks. */
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
