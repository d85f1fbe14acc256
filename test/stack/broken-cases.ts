// The broken stacks of the table test: each a small YAML text and the exact lines validate prints.
// File name in every message: stack.yaml.

export interface BrokenCase {
  name: string;
  yaml: string;
  errors: string[];
}

const NODES = `nodes:
  vulcan: { address: 10.43.70.1 }
  kronos: { address: 10.43.70.2 }
  remus: { address: 10.43.70.3 }
`;
const POOL = `storagePools:
  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan, kronos, remus] }
`;
/** NODES + POOL take lines 1-6; a case's resources start on line 7. */
const BASE = NODES + POOL;

export const BROKEN_CASES: BrokenCase[] = [
  // ---- YAML itself
  {
    name: "YAML syntax: unclosed flow map",
    yaml: "nodes:\n  vulcan: { address: 10.43.70.1\n",
    errors: ["stack.yaml:3:1 yaml: Flow map in block collection must be sufficiently indented and end with a } (YAML syntax error)"],
  },
  {
    name: "YAML syntax: tab indentation",
    yaml: "nodes:\n\tvulcan: { address: 10.43.70.1 }\n",
    errors: ["stack.yaml:2:1 yaml: tab used for indentation (indent with spaces)"],
  },
  {
    name: "YAML: the same key twice",
    yaml: NODES + "  vulcan: { address: 10.43.70.9 }\n",
    errors: ["stack.yaml:5:3 yaml: this key appears twice in the same map (keep one; LINSTOR names are case-insensitive too)"],
  },
  {
    name: "empty file",
    yaml: "# nothing yet\n",
    errors: ["stack.yaml:1:1 (stack): the file is empty (a stack needs at least nodes: ...)"],
  },
  {
    name: "the stack is a list",
    yaml: "- vulcan\n- kronos\n",
    errors: ["stack.yaml:1:1 (stack): is a list, must be a map (e.g. { nodes: ..., storagePools: ..., resources: ... })"],
  },
  // ---- shape: types, unknown and missing keys
  {
    name: "nodes missing",
    yaml: "resources: {}\n",
    errors: ["stack.yaml:1:1 nodes: is required (e.g. nodes: { vulcan: { address: 10.43.70.1 }, kronos: { address: 10.43.70.2 } })"],
  },
  {
    name: "unknown top-level key (typo)",
    yaml: NODES + "resource:\n  LocalData: { volumes: [150m], nodes: [vulcan] }\n",
    errors: ["stack.yaml:5:1 resource: unknown key (did you mean \"resources\"?)"],
  },
  {
    name: "node without address",
    yaml: "nodes:\n  vulcan: { port: 3366 }\n",
    errors: ["stack.yaml:2:3 nodes.vulcan.address: is required (e.g. address: 10.43.70.1)"],
  },
  {
    name: "node port is text",
    yaml: "nodes:\n  vulcan: { address: 10.43.70.1, port: fast }\n",
    errors: ["stack.yaml:2:40 nodes.vulcan.port: is the text \"fast\", must be a whole number (e.g. 3366)"],
  },
  {
    name: "node port out of range",
    yaml: "nodes:\n  vulcan: { address: 10.43.70.1, port: 70000 }\n",
    errors: ["stack.yaml:2:40 nodes.vulcan.port: 70000 is out of range (at most 65535)"],
  },
  {
    name: "node type unknown",
    yaml: "nodes:\n  vulcan: { address: 10.43.70.1, type: storage }\n",
    errors: ["stack.yaml:2:40 nodes.vulcan.type: \"storage\" is not allowed (one of: SATELLITE, COMBINED, CONTROLLER, AUXILIARY)"],
  },
  {
    name: "nodes is a list",
    yaml: "nodes:\n  - vulcan\n  - kronos\n",
    errors: ["stack.yaml:2:3 nodes: is a list, must be a map (e.g. { vulcan: { address: 10.43.70.1 }, kronos: { address: 10.43.70.2 } })"],
  },
  {
    name: "property value not a string",
    yaml: "nodes:\n  vulcan:\n    address: 10.43.70.1\n    props: { Aux/rack: 3 }\n",
    errors: ["stack.yaml:4:24 nodes.vulcan.props[\"Aux/rack\"]: is the number 3, must be a text (quote it: \"3\")"],
  },
  {
    name: "secret written inline",
    yaml: NODES + "controller:\n  endpoints: [http://10.43.70.1:3370]\n  auth: { token: abc123 }\n",
    errors: ["stack.yaml:7:11 controller.auth.token: unknown key (secrets never go into a stack file: name where it is kept with tokenEnv)"],
  },
  {
    name: "controller endpoint not a URL",
    yaml: NODES + "controller:\n  endpoints: [\"http://10.43.70.1:3370/v1 extra\"]\n",
    errors: ["stack.yaml:6:15 controller.endpoints[0]: \"http://10.43.70.1:3370/v1 extra\" is not a valid endpoint URL (e.g. http://10.43.70.1:3370)"],
  },
  {
    name: "pool provider kind unknown",
    yaml: NODES + "storagePools:\n  thinpool: { providerKind: LVM_THICK, backingPool: drbdpool, nodes: [vulcan] }\n",
    errors: ["stack.yaml:6:29 storagePools.thinpool.providerKind: \"LVM_THICK\" is not allowed (one of: LVM, LVM_THIN, ZFS, ZFS_THIN, FILE, FILE_THIN, DISKLESS)"],
  },
  {
    name: "volume item unknown key",
    yaml: BASE + "resources:\n  LocalData:\n    volumes: [{ size: 150m, sise: 1G }]\n    nodes: [vulcan]\n",
    errors: ["stack.yaml:9:29 resources.LocalData.volumes[0].sise: unknown key (did you mean \"size\"?)"],
  },
  {
    name: "layers names an unknown layer",
    yaml: BASE + "resources:\n  LocalData: { layers: [drdb, storage], volumes: [150m], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:25 resources.LocalData.layers[0]: \"drdb\" is not allowed (one of: drbd, luks, storage, nvme, writecache, cache, bcache)"],
  },
  {
    name: "volumes empty",
    yaml: BASE + "resources:\n  LocalData: { volumes: [], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:25 resources.LocalData.volumes: is an empty list (list at least 1; e.g. [ 150m ])"],
  },
  {
    name: "rollbackTrigger is a list",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [150m]\n    nodes: [vulcan, kronos]\n    storagePool: thinpool\n    snapshots:\n      Snap1: { rollbackTrigger: [1] }\n",
    errors: ["stack.yaml:13:33 resources.SharedData.snapshots.Snap1.rollbackTrigger: is a list, must be a text or a whole number (e.g. 2026-11-25-incident)"],
  },
  // ---- names
  {
    name: "node name with underscore",
    yaml: "nodes:\n  vulcan_1: { address: 10.43.70.1 }\n",
    errors: ["stack.yaml:2:3 nodes.vulcan_1: node name 'vulcan_1' contains '_' at position 7: node names follow hostname rules (letters, digits, '-' and '.')"],
  },
  {
    name: "same node in two spellings",
    yaml: NODES + "  Vulcan: { address: 10.43.70.9 }\n",
    errors: ["stack.yaml:5:3 nodes.Vulcan: node \"Vulcan\" is declared twice (also as \"vulcan\" at 2:3; LINSTOR names are case-insensitive: keep one)"],
  },
  {
    name: "storage pool name too short",
    yaml: NODES + "storagePools:\n  tp: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan] }\n",
    errors: ["stack.yaml:6:3 storagePools.tp: storage pool name 'tp' is too short: 2 characters, LINSTOR needs 3 to 48"],
  },
  {
    name: "resource name starts with a digit",
    yaml: BASE + "resources:\n  1Data: { volumes: [150m], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:3 resources[\"1Data\"]: resource name '1Data' must start with a letter or '_', not '1'"],
  },
  {
    name: "reserved resource name",
    yaml: BASE + "resources:\n  all: { volumes: [150m], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:3 resources.all: resource name 'all' is reserved by LINSTOR (reserved: all, proxy)"],
  },
  {
    name: "same resource in two spellings",
    yaml: BASE + "resources:\n  Data: { volumes: [150m], nodes: [vulcan] }\n  DATA: { volumes: [1G], nodes: [kronos] }\n",
    errors: ["stack.yaml:9:3 resources.DATA: resource \"DATA\" is declared twice (also as \"Data\" at 8:3; LINSTOR names are case-insensitive: keep one)"],
  },
  {
    name: "snapshot name invalid",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [150m]\n    nodes: [vulcan]\n    snapshots:\n      \"snap 1\": {}\n",
    errors: ["stack.yaml:12:7 resources.SharedData.snapshots[\"snap 1\"]: snapshot name 'snap 1' contains ' ' at position 5: only letters, digits, '_' and '-' are allowed"],
  },
  // ---- sizes
  {
    name: "size with unknown unit",
    yaml: BASE + "resources:\n  LocalData: { volumes: [150q], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:26 resources.LocalData.volumes[0]: size \"150q\" has an unknown unit 'q': use one of K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (any case), B (bytes), S (512-byte sectors)"],
  },
  {
    name: "size zero",
    yaml: BASE + "resources:\n  LocalData: { volumes: [0m], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:26 resources.LocalData.volumes[0]: size \"0m\" is zero: LINSTOR needs at least 1 KiB"],
  },
  {
    name: "size negative number",
    yaml: BASE + "resources:\n  LocalData: { volumes: [-1], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:26 resources.LocalData.volumes[0]: size -1 has no unit (a bare number, which the linstor client reads as GiB); units: K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (any case), B (bytes), S (512-byte sectors)"],
  },
  {
    name: "size a bare number (the linstor client reads GiB)",
    yaml: BASE + "resources:\n  LocalData: { volumes: [150], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:26 resources.LocalData.volumes[0]: size 150 has no unit (a bare number, which the linstor client reads as GiB): write 150G for 150 GiB or 150M for 150 MiB; units: K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (any case), B (bytes), S (512-byte sectors)"],
  },
  {
    name: "size in decimal megabytes, with a space",
    yaml: BASE + "resources:\n  LocalData: { volumes: [150 MB], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:26 resources.LocalData.volumes[0]: size \"150 MB\" is ambiguous: the linstor client reads 150MB as decimal, 150000000 bytes (146485 KiB), not 150MiB; write 150M or 150MiB for binary units, or 146485K for the decimal size"],
  },
  {
    name: "size with a fraction",
    yaml: BASE + "resources:\n  LocalData: { volumes: [\"1.5G\"], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:26 resources.LocalData.volumes[0]: size \"1.5G\" has a fraction, which the linstor client refuses: write whole units, e.g. 1536M"],
  },
  {
    name: "thin pool size not a size",
    yaml: "nodes:\n  vulcan: { address: 10.43.70.1, ssh: { user: root, agent: true } }\nstoragePools:\n  thinpool:\n    providerKind: LVM_THIN\n    backingPool: drbdpool/thinpool\n    nodes: [vulcan]\n    prepare: { devices: [/dev/vdb], thinPoolSize: lots }\n",
    errors: ["stack.yaml:8:51 storagePools.thinpool.prepare.thinPoolSize: size \"lots\" is not a size: write whole digits directly followed by a unit, such as 150M, 150MiB or 10G (units: K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (any case), B (bytes), S (512-byte sectors))"],
  },
  // ---- references
  {
    name: "pool on an undeclared node",
    yaml: NODES + "storagePools:\n  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan, romulus] }\n",
    errors: ["stack.yaml:6:87 storagePools.thinpool.nodes[1]: node \"romulus\" is not declared under nodes (declared: vulcan, kronos, remus)"],
  },
  {
    name: "pool per-node map names an undeclared node",
    yaml: NODES + "storagePools:\n  thinpool:\n    providerKind: LVM_THIN\n    backingPool: drbdpool/thinpool\n    nodes:\n      vulcan:\n      romulus: { backingPool: ssd/thin }\n",
    errors: ["stack.yaml:11:7 storagePools.thinpool.nodes.romulus: node \"romulus\" is not declared under nodes (declared: vulcan, kronos, remus)"],
  },
  {
    name: "placement names an undeclared node",
    yaml: BASE + "resources:\n  LocalData: { volumes: [150m], nodes: [vulcan, romulus], storagePool: thinpool }\n",
    errors: ["stack.yaml:8:49 resources.LocalData.nodes[1]: node \"romulus\" is not declared under nodes (declared: vulcan, kronos, remus)"],
  },
  {
    name: "placement names an undeclared pool",
    yaml: BASE + "resources:\n  LocalData: { volumes: [150m], nodes: [vulcan], storagePool: fastpool }\n",
    errors: ["stack.yaml:8:63 resources.LocalData.storagePool: storage pool \"fastpool\" is not declared under storagePools (declared: thinpool)"],
  },
  {
    name: "autoPlace names an undeclared pool",
    yaml: BASE + "resources:\n  SharedData: { volumes: [150m], autoPlace: { count: 2, storagePools: [thinpol] } }\n",
    errors: ["stack.yaml:8:72 resources.SharedData.autoPlace.storagePools[0]: storage pool \"thinpol\" is not declared under storagePools (declared: thinpool)"],
  },
  {
    name: "pool not on a listed node",
    yaml: NODES + "storagePools:\n  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan] }\nresources:\n  LocalData: { volumes: [150m], nodes: [vulcan, kronos], storagePool: thinpool }\n",
    errors: ["stack.yaml:8:71 resources.LocalData.storagePool: storage pool \"thinpool\" is not on node \"kronos\" (it is on: vulcan; add the node to storagePools.thinpool.nodes)"],
  },
  {
    name: "group not declared",
    yaml: BASE + "resources:\n  SharedData: { group: replicated, volumes: [150m], autoPlace: 2 }\n",
    errors: ["stack.yaml:8:24 resources.SharedData.group: resource group \"replicated\" is not declared under resourceGroups (declared: none; or DfltRscGrp)"],
  },
  {
    name: "restoreFrom an unknown resource",
    yaml: BASE + "resources:\n  Copy: { restoreFrom: { resource: SharedData, snapshot: Snap1 } }\n",
    errors: ["stack.yaml:8:36 resources.Copy.restoreFrom.resource: resource \"SharedData\" is not declared under resources (declared: Copy)"],
  },
  {
    name: "restoreFrom an unknown snapshot",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [150m]\n    nodes: [vulcan, kronos]\n    storagePool: thinpool\n    snapshots: { Snap1: {} }\n  Copy: { restoreFrom: { resource: SharedData, snapshot: Snap2 } }\n",
    errors: ["stack.yaml:13:58 resources.Copy.restoreFrom.snapshot: snapshot \"Snap2\" is not declared under resources.SharedData.snapshots (declared: Snap1)"],
  },
  {
    name: "restore onto a node without the snapshot",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [150m]\n    nodes: [vulcan, kronos, remus]\n    storagePool: thinpool\n    snapshots: { Snap1: { nodes: [kronos, remus] } }\n  Copy:\n    restoreFrom: { resource: SharedData, snapshot: Snap1 }\n    nodes: [vulcan]\n",
    errors: ["stack.yaml:15:13 resources.Copy.nodes[0]: node \"vulcan\" holds no snapshot Snap1 to restore from (the snapshot is on: kronos, remus)"],
  },
  // ---- rules between fields
  {
    name: "nodes and autoPlace together",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [150m]\n    nodes: [vulcan]\n    autoPlace: 3\n",
    errors: ["stack.yaml:11:5 resources.SharedData.autoPlace: nodes and autoPlace exclude each other (list the nodes, or let the controller choose them with autoPlace)"],
  },
  {
    name: "no placement at all",
    yaml: BASE + "resources:\n  SharedData: { volumes: [150m] }\n",
    errors: ["stack.yaml:8:3 resources.SharedData: says nowhere where its replicas go (add nodes: [...], or autoPlace: N, or a group whose placement has a placeCount)"],
  },
  {
    name: "autoPlace wants more nodes than have its pool",
    yaml: BASE + "resources:\n  SharedData: { volumes: [150m], autoPlace: { count: 4, storagePools: [thinpool] } }\n",
    errors: ["stack.yaml:8:54 resources.SharedData.autoPlace.count: 4 replicas need 4 nodes with storage pool thinpool, only 3 have one (vulcan, kronos, remus; lower the count or add the pool to more nodes)"],
  },
  {
    name: "autoPlace wants more nodes than declared",
    yaml: BASE + "resources:\n  SharedData: { volumes: [150m], autoPlace: 4 }\n",
    errors: ["stack.yaml:8:45 resources.SharedData.autoPlace: 4 replicas need 4 nodes, the stack declares 3 (lower the count or declare more nodes)"],
  },
  {
    name: "a node both diskful and diskless",
    yaml: BASE + "resources:\n  SharedData: { volumes: [150m], nodes: [vulcan, kronos], diskless: [remus, Kronos], storagePool: thinpool }\n",
    errors: ["stack.yaml:8:77 resources.SharedData.diskless[1]: node \"kronos\" is also a diskful replica under nodes (a node holds one replica: remove it from one list)"],
  },
  {
    name: "diskless without DRBD",
    yaml: BASE + "resources:\n  LocalData: { layers: [storage], volumes: [150m], nodes: [vulcan], diskless: [kronos], storagePool: thinpool }\n",
    errors: ["stack.yaml:8:69 resources.LocalData.diskless: diskless replicas need the drbd layer (this resource has layers [storage]; add drbd: [drbd, storage])"],
  },
  {
    name: "layers not ending with storage",
    yaml: BASE + "resources:\n  SharedData: { layers: [storage, drbd], volumes: [150m], nodes: [vulcan] }\n",
    errors: ["stack.yaml:8:25 resources.SharedData.layers: the layer stack must end with storage (e.g. [drbd, storage], or [storage] for a local volume)"],
  },
  {
    name: "snapshot on a node without a replica",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [150m]\n    nodes: [vulcan, remus]\n    storagePool: thinpool\n    snapshots:\n      Snap1: { nodes: [remus, kronos] }\n",
    errors: ["stack.yaml:13:31 resources.SharedData.snapshots.Snap1.nodes[1]: node \"kronos\" holds no replica of this resource (its replicas are on: vulcan, remus)"],
  },
  {
    name: "snapshot on a diskless replica",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [150m]\n    nodes: [vulcan, remus]\n    diskless: [kronos]\n    storagePool: thinpool\n    snapshots:\n      Snap1: { nodes: [kronos] }\n",
    errors: ["stack.yaml:14:24 resources.SharedData.snapshots.Snap1.nodes[0]: node \"kronos\" holds a diskless replica here: LINSTOR snapshots only diskful replicas (on: vulcan, remus)"],
  },
  {
    name: "snapshot on a thick LVM pool",
    yaml: NODES + "storagePools:\n  thickpool: { providerKind: LVM, backingPool: drbdpool, nodes: [vulcan, kronos] }\nresources:\n  SharedData:\n    volumes: [150m]\n    nodes: [vulcan, kronos]\n    storagePool: thickpool\n    snapshots:\n      Snap1:\n",
    errors: ["stack.yaml:13:7 resources.SharedData.snapshots.Snap1: storage pool thickpool (LVM) cannot take snapshots (use a pool of kind LVM_THIN, ZFS, ZFS_THIN, FILE or FILE_THIN)"],
  },
  {
    name: "LVM_THIN backing pool without thin volume",
    yaml: NODES + "storagePools:\n  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool, nodes: [vulcan] }\n",
    errors: ["stack.yaml:6:52 storagePools.thinpool.backingPool: \"drbdpool\" is not a thin pool: LVM_THIN needs volumegroup/thinpool (e.g. drbdpool/thinpool)"],
  },
  {
    name: "backing pool missing",
    yaml: NODES + "storagePools:\n  thinpool: { providerKind: ZFS_THIN, nodes: [vulcan] }\n",
    errors: ["stack.yaml:6:3 storagePools.thinpool: backingPool is required for ZFS_THIN pools (the zpool or dataset, e.g. tank/linstor)"],
  },
  {
    name: "DISKLESS pool with a backing pool",
    yaml: NODES + "storagePools:\n  nodisk: { providerKind: DISKLESS, backingPool: drbdpool, nodes: [vulcan] }\n",
    errors: ["stack.yaml:6:50 storagePools.nodisk.backingPool: a DISKLESS pool has no backing pool (remove backingPool)"],
  },
  {
    name: "two volumes with one number",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [{ size: 1G, number: 1 }, 2G]\n    nodes: [vulcan]\n",
    errors: ["stack.yaml:9:40 resources.SharedData.volumes[1]: volume number 1 is already used by volumes[0] (give each volume its own number)"],
  },
  {
    name: "prepare without ssh",
    yaml: NODES + "storagePools:\n  thinpool:\n    providerKind: LVM_THIN\n    backingPool: drbdpool/thinpool\n    nodes: [vulcan]\n    prepare: { devices: [/dev/vdb] }\n",
    errors: ["stack.yaml:10:14 storagePools.thinpool.prepare: prepare needs SSH access to node \"vulcan\" (add an ssh block under nodes.vulcan)"],
  },
  {
    name: "ssh key by env and by file",
    yaml: "nodes:\n  vulcan:\n    address: 10.43.70.1\n    ssh: { privateKeyEnv: KEY, privateKeyFile: /root/.ssh/id_ed25519 }\n",
    errors: ["stack.yaml:4:32 nodes.vulcan.ssh.privateKeyFile: privateKeyEnv and privateKeyFile give the same secret twice (keep one)"],
  },
  {
    name: "a node listed twice",
    yaml: BASE + "resources:\n  SharedData: { volumes: [150m], nodes: [vulcan, VULCAN], storagePool: thinpool }\n",
    errors: ["stack.yaml:8:50 resources.SharedData.nodes[1]: node \"VULCAN\" is listed twice (also nodes[0]; names are case-insensitive)"],
  },
  {
    name: "storage pool on a CONTROLLER node",
    yaml: "nodes:\n  vulcan: { address: 10.43.70.1, type: CONTROLLER }\nstoragePools:\n  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan] }\n",
    errors: ["stack.yaml:4:79 storagePools.thinpool.nodes[0]: node \"vulcan\" is a CONTROLLER node, which holds no storage (make it SATELLITE or COMBINED)"],
  },
  {
    name: "one DRBD port asked for by two resources",
    yaml: BASE + "resources:\n  SharedData: { volumes: [150m], nodes: [vulcan], storagePool: thinpool, drbdPort: 7000 }\n  OtherData: { volumes: [150m], nodes: [kronos], storagePool: thinpool, drbdPort: 7000 }\n",
    errors: ["stack.yaml:9:83 resources.OtherData.drbdPort: DRBD port 7000 is already asked for at 8:74 (resources.SharedData.drbdPort; it must be unique in the cluster)"],
  },
  {
    name: "one DRBD minor asked for twice",
    yaml: BASE + "resources:\n  SharedData:\n    volumes: [{ size: 150m, minor: 1000 }, { size: 1G, minor: 1000 }]\n    nodes: [vulcan]\n",
    errors: ["stack.yaml:9:63 resources.SharedData.volumes[1].minor: DRBD minor 1000 is already asked for at 9:29 (resources.SharedData.volumes[0].minor; it must be unique in the cluster)"],
  },
  {
    name: "group place count larger than the nodes with its pool",
    yaml: BASE + "resourceGroups:\n  replicated:\n    placement: { placeCount: 4, storagePools: [thinpool] }\n",
    errors: ["stack.yaml:9:30 resourceGroups.replicated.placement.placeCount: 4 replicas need 4 nodes with storage pool thinpool, only 3 have one (vulcan, kronos, remus; lower the count or add the pool to more nodes)"],
  },
  {
    name: "a YAML tag",
    yaml: "nodes:\n  vulcan: { address: !secret vulcan-ip }\n",
    errors: ["stack.yaml:2:22 yaml: Unresolved tag: !secret (stacks use no YAML tags: write the plain value)"],
  },
  // ---- many problems at once: all reported, sorted by position
  {
    name: "many problems in one file",
    yaml: "nodes:\n  vulcan: { address: 10.43.70.1, adress: x }\n  Vulcan: { address: 10.43.70.2 }\nstoragePools:\n  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan, nowhere] }\nresources:\n  SharedData:\n    volumes: [150q]\n    nodes: [vulcan]\n    autoPlace: 3\n",
    errors: [
      "stack.yaml:2:34 nodes.vulcan.adress: unknown key (did you mean \"address\"?)",
      "stack.yaml:3:3 nodes.Vulcan: node \"Vulcan\" is declared twice (also as \"vulcan\" at 2:3; LINSTOR names are case-insensitive: keep one)",
      "stack.yaml:5:87 storagePools.thinpool.nodes[1]: node \"nowhere\" is not declared under nodes (declared: vulcan)",
      "stack.yaml:8:15 resources.SharedData.volumes[0]: size \"150q\" has an unknown unit 'q': use one of K/KiB, M/MiB, G/GiB, T/TiB, P/PiB (any case), B (bytes), S (512-byte sectors)",
      "stack.yaml:10:5 resources.SharedData.autoPlace: nodes and autoPlace exclude each other (list the nodes, or let the controller choose them with autoPlace)",
    ],
  },
  // ---- the controller's own rules (linstor-common properties.json), found on a real 1.34 controller
  {
    name: "FILE_THIN pool directory with a dot (StorDriver/StorPoolName rule)",
    yaml: NODES + "storagePools:\n  files: { providerKind: FILE_THIN, backingPool: /srv/pools.d/files, nodes: [vulcan] }\n",
    errors: ["stack.yaml:6:50 storagePools.files.backingPool: '/srv/pools.d/files' cannot be a backing pool: LINSTOR allows only letters, digits, '_', '/' and '-' there (StorDriver/StorPoolName must match [a-zA-Z0-9_/-]+), not '.'; use a directory path without such characters"],
  },
  {
    name: "a property value the controller refuses",
    yaml: BASE + "resources:\n  r1:\n    volumes: [1g]\n    nodes: [vulcan]\n    storagePool: thinpool\n    props: { DrbdOptions/auto-quorum: sometimes }\n",
    errors: ["stack.yaml:12:39 resources.r1.props[\"DrbdOptions/auto-quorum\"]: 'sometimes' is not a valid value of DrbdOptions/auto-quorum: one of io-error, suspend-io, disabled"],
  },
];
