// Fields of each kind as the package schema shows them: type, documentation, secret mark, whether
// required. (Interim: to be derived from the one declaration per kind in provider/model once it lands.)

export type Field = {
  description: string;
  required?: boolean;
  secret?: boolean;
  enum?: readonly string[];
} & (
  | { type: "string" | "integer" | "number" | "boolean" }
  | { type: "list" | "map"; items: Field }
  | { type: "ref"; name: string }
);

const s = (description: string, extra: Partial<Field> = {}): Field => ({ type: "string", description, ...extra } as Field);
const int = (description: string, extra: Partial<Field> = {}): Field => ({ type: "integer", description, ...extra } as Field);
const num = (description: string): Field => ({ type: "number", description });
const bool = (description: string): Field => ({ type: "boolean", description });
const list = (description: string, items: Field = s(""), extra: Partial<Field> = {}): Field => ({ type: "list", items, description, ...extra } as Field);
const ref = (name: string, description: string, extra: Partial<Field> = {}): Field => ({ type: "ref", name, description, ...extra } as Field);
const req = { required: true };

const LAYERS = ["DRBD", "LUKS", "STORAGE", "NVME", "WRITECACHE", "CACHE", "BCACHE"] as const;
const PROVIDERS = ["DISKLESS", "LVM", "LVM_THIN", "ZFS", "ZFS_THIN", "FILE", "FILE_THIN"] as const;

/** Inputs every kind has. */
const COMMON: Record<string, Field> = {
  props: { type: "map", items: s(""), description: "LINSTOR properties of the object. Keys set here are managed; keys set by others are left alone." },
  adopt: bool("Take over an object that already exists on the controller (after checking that it matches) instead of failing."),
  onDestroy: s("What deleting the resource does on the controller: \"delete\" the object, or \"keep\" it. Default: delete what the stack created, keep what it adopted.", { enum: ["keep", "delete"] }),
  timeouts: ref("Timeouts", "Wait budgets for resyncs and deletes."),
};

const onRemove = s("Removing it while it holds replicas: \"refuse\" (default) or \"evacuate\" them first (add elsewhere, resync, then remove).", { enum: ["evacuate", "refuse"] });

export const TYPES: Record<string, Record<string, Field>> = {
  Timeouts: {
    syncSeconds: int("Budget for a resync after adding a replica, default 3600 s."),
    deleteSeconds: int("Budget for a delete to finish on the satellites, default 600 s."),
  },
  Placement: {
    placeCount: int("Number of diskful replicas."),
    storagePools: list("Storage pools to place in."),
    disklessStoragePools: list("Diskless storage pools to place diskless replicas in."),
    replicasOnSame: list("Property keys whose values must be the same on every chosen node."),
    replicasOnDifferent: list("Property keys whose values must differ between chosen nodes."),
    doNotPlaceWith: list("Definitions whose nodes are avoided."),
    doNotPlaceWithRegex: s("Definitions (a regular expression) whose nodes are avoided."),
    layerStack: list("Layers of placed replicas.", s("", { enum: LAYERS })),
    providerList: list("Allowed storage providers.", s("", { enum: PROVIDERS })),
    disklessOnRemaining: bool("Add a diskless replica on every other node."),
  },
  SshAccess: {
    host: s("Host to connect to; default: the node's address."),
    port: int("SSH port, default 22."),
    user: s("User, default root."),
    privateKey: s("Private key text (OpenSSH or PEM).", { secret: true }),
    privateKeyEnv: s("Environment variable holding the private key."),
    privateKeyFile: s("File holding the private key."),
    passphrase: s("Passphrase of the private key.", { secret: true }),
    passphraseEnv: s("Environment variable holding the passphrase."),
    password: s("Password.", { secret: true }),
    passwordEnv: s("Environment variable holding the password."),
    agent: bool("Use the SSH agent at $SSH_AUTH_SOCK."),
    hostKeyFingerprint: s("Host key to pin, `SHA256:...` as `ssh-keygen -lf` prints it."),
    trustOnFirstUse: bool("Accept an unknown host key (only without a pin)."),
    satelliteService: s("systemd unit of the satellite, default linstor-satellite."),
  },
  Prepare: {
    devices: list("Block devices for the volume group, e.g. /dev/vdb.", s(""), req),
    thinPoolSize: s("Thin pool size as the linstor client reads it (\"100G\"); default all free space."),
    thinPoolSizeKib: int("Thin pool size in KiB."),
  },
  RestoreFrom: {
    resource: s("Definition the snapshot belongs to.", req),
    snapshot: s("Snapshot name.", req),
  },
  Replica: {
    node: s("Node of the replica.", req),
    storagePool: s("Storage pool of the replica."),
    diskless: bool("No local disk."),
    tieBreaker: bool("A tie-breaker the controller added for quorum."),
    ports: list("DRBD ports.", int("")),
  },
};

interface KindDoc {
  description: string;
  inputs: Record<string, Field>;
  outputs: Record<string, Field>;
  alwaysOutputs: string[];
}

const kind = (description: string, own: Record<string, Field>, outputs: Record<string, Field>, alwaysOutputs: string[]): KindDoc =>
  ({ description, inputs: { ...own, ...COMMON }, outputs, alwaysOutputs });

export const KIND_DOCS: Record<string, KindDoc> = {
  Node: kind("A LINSTOR node (a satellite). Changing its name or type replaces it.", {
    name: s("Node name as the satellite knows itself (hostname rules).", req),
    type: s("Node type, default SATELLITE.", { enum: ["SATELLITE", "COMBINED", "CONTROLLER", "AUXILIARY"] }),
    address: s("Address of the satellite connection.", req),
    port: int("Satellite port; default 3366 (PLAIN) or 3367 (SSL)."),
    encryption: s("Satellite connection encryption.", { enum: ["PLAIN", "SSL"] }),
    onRemove,
    ssh: ref("SshAccess", "SSH access to the node's host: checked before the node is registered or updated."),
  }, {
    connectionStatus: s("ONLINE, OFFLINE, ... as the controller reports it."),
    nodeType: s("The node type the controller reports."),
    flags: list("The node's flags."),
    drbdVersion: s("drbd-utils version on the host (with ssh)."),
    drbdKernelVersion: s("Loaded DRBD kernel module version (with ssh)."),
    hostKeyFingerprint: s("Host key the SSH connection was verified with."),
    satelliteActive: bool("The satellite service is active (with ssh)."),
  }, ["name", "address", "connectionStatus", "nodeType", "flags"]),
  StoragePool: kind("A storage pool on one node, keyed by (node, name).", {
    node: s("The node the pool lives on.", req),
    name: s("Pool name.", req),
    providerKind: s("Storage provider.", { ...req, enum: PROVIDERS }),
    backingPool: s("`vg` (LVM), `vg/thinpool` (LVM_THIN), a zpool or dataset (ZFS), a directory (FILE)."),
    onRemove,
    ssh: ref("SshAccess", "SSH access to the node's host, needed by prepare; adds the host's pool facts."),
    prepare: ref("Prepare", "Create the LVM volume group (and thin pool) on the host when missing, before the pool is registered."),
  }, {
    freeCapacityKib: int("Free space in KiB as the satellite last reported it."),
    totalCapacityKib: int("Capacity in KiB."),
    thin: bool("Thin provisioned."),
    supportsSnapshots: bool("Snapshots possible."),
    hostVgSizeKib: int("Volume group size in KiB (with ssh)."),
    hostVgFreeKib: int("Volume group free space in KiB (with ssh)."),
    hostThinPoolSizeKib: int("Thin pool size in KiB (with ssh)."),
    hostThinPoolFreeKib: int("Thin pool free space in KiB (with ssh)."),
    hostThinPoolDataPercent: num("Thin pool data use in percent (with ssh)."),
  }, ["node", "name", "providerKind", "thin", "supportsSnapshots"]),
  ResourceGroup: kind("A resource group: placement defaults for its definitions.", {
    name: s("Group name.", req),
    description: s("Free text."),
    placement: ref("Placement", "Placement defaults for the definitions of this group."),
  }, { placeCount: int("Place count of the group.") }, ["name"]),
  ResourceDefinition: kind("A resource definition. Changing its layer stack replaces it (and its data).", {
    name: s("Definition name (2-48 characters, letters, digits, _ and -).", req),
    resourceGroup: s("Resource group of the definition."),
    layerStack: list("Layers, top to bottom, e.g. [DRBD, STORAGE].", s("", { enum: LAYERS })),
    drbdPort: int("Preferred DRBD port; normally allocated from 7000."),
    peerSlots: int("DRBD peer slots."),
  }, {
    flags: list("Flags of the definition."),
    actualLayerStack: list("Layer stack the controller reports."),
    volumeNumbers: list("Numbers of its volumes.", int("")),
  }, ["name", "flags", "actualLayerStack", "volumeNumbers"]),
  VolumeDefinition: kind("A volume of a resource definition. Grows in place; never shrinks.", {
    resource: s("The definition this volume belongs to.", req),
    number: int("Volume number, default 0."),
    size: s("Size as the linstor client reads it: \"150M\", \"150MiB\", \"10G\".", req),
    minor: int("Preferred DRBD minor; normally allocated from 1000."),
  }, {
    sizeKib: int("The size in KiB."),
    minorNumber: int("DRBD minor."),
    devicePath: s("Device path, e.g. /dev/drbd1000."),
    actualSizeKib: int("Size the controller reports, in KiB."),
    sizeText: s("The size as text."),
  }, ["resource", "number", "sizeKib", "actualSizeKib", "sizeText"]),
  Resource: kind("Every replica of one resource definition: explicit nodes or auto-placed, plus diskless nodes. " +
    "Changing the nodes moves replicas: add, wait for the resync, then remove.", {
    resource: s("The definition whose replicas this is.", req),
    nodes: list("Diskful replicas on these nodes."),
    autoPlace: ref("Placement", "Let the controller choose the nodes (exclusive with nodes); placeCount is required."),
    storagePool: s("Storage pool of explicit replicas."),
    diskless: list("Diskless (DRBD client) replicas on these nodes."),
    restoreFrom: ref("RestoreFrom", "Create the replicas from a snapshot of another definition."),
  }, {
    diskfulNodes: list("Nodes with a diskful replica."),
    disklessNodes: list("Nodes with a diskless client replica."),
    tieBreakerNodes: list("Tie-breakers the controller added (reported, not managed)."),
    replicas: list("Every replica.", ref("Replica", "")),
    port: int("DRBD port of the first diskful replica."),
    minor: int("DRBD minor."),
    devicePath: s("Device path, e.g. /dev/drbd1000."),
    backingVolumes: list("Backing volume names, e.g. SharedData_00000."),
    upToDate: bool("Every diskful replica is UpToDate."),
  }, ["resource", "diskfulNodes", "disklessNodes", "tieBreakerNodes", "replicas", "backingVolumes", "upToDate"]),
  Snapshot: kind("A snapshot of a resource definition on some of its nodes.", {
    resource: s("Definition to snapshot.", req),
    name: s("Snapshot name.", req),
    nodes: list("Nodes to snapshot; default every node with a diskful replica."),
    rollbackTrigger: s("Change this value and the next up rolls the definition back to this snapshot, once."),
  }, {
    snapshotNodes: list("Nodes the snapshot is on."),
    successful: bool("The snapshot succeeded."),
    volumeSizesKib: list("Size of each volume in KiB.", int("")),
  }, ["resource", "name", "snapshotNodes", "successful", "volumeSizesKib"]),
};

/** Provider config (`linstor:<key>`), as resources/context.ts reads it. */
export const CONFIG: Record<string, Field> = {
  endpoint: s("Controller URL(s), comma separated (fail over in order): linstor://, linstor+ssl://, http(s):// or host:port. " +
    "Default: LINSTOR_ENDPOINT, else LS_CONTROLLERS, else http://localhost:3370."),
  caCert: s("File of the CA certificate for HTTPS."),
  clientCert: s("File of the client certificate."),
  clientKey: s("File of the client key."),
  bearerToken: s("Bearer token.", { secret: true }),
  username: s("HTTP basic auth user."),
  password: s("HTTP basic auth password.", { secret: true }),
  timeoutMs: s("Timeout of one REST call in milliseconds."),
};
