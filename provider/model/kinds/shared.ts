// Fields several kinds share: LINSTOR props, the lifecycle options of every resource, the SSH
// access to a node's host (Node and StoragePool), a pool's LVM preparation and placement rules
// (ResourceGroup and auto-placed Resource).

import { f } from "../declaration";
import { LAYER_KINDS, PROVIDER_KINDS } from "../types";

export const propsField = f.props(
  "LINSTOR properties of the object: a flat map from key to string value. Keys set here are managed (removed again when " +
  "left out later); keys set by others are left alone.",
  { title: "properties", example: { "DrbdOptions/Net/protocol": "C", "Aux/team": "storage" } },
);

/** Options every kind accepts besides its own fields. */
export const lifecycleInputs = {
  adopt: f.boolean(
    "Take over an object that already exists on the controller (after checking that it matches) instead of failing because it exists.",
    { notCompared: true, default: false, example: true },
  ),
  onDestroy: f.enum(["keep", "delete"], "What deleting this resource does on the controller: `delete` the object, or `keep` it and only " +
    "let go of it. Default: delete what the stack created, keep what it adopted.", { title: "on destroy", notCompared: true, example: "keep" }),
  timeouts: f.object("Timeouts", {
    syncSeconds: f.integer(1, 7 * 24 * 3600, "How long to wait for a resync after adding a replica, in seconds.", { default: 3600, example: 3600 }),
    deleteSeconds: f.integer(1, 24 * 3600, "How long to wait for a delete to finish on the satellites, in seconds.", { default: 600, example: 600 }),
  }, "Wait budgets (dynamic providers never receive customTimeouts, so they are inputs).", { notCompared: true, example: { syncSeconds: 3600 } }),
};

const TCP_PORT = [1, 65535] as const;
/** Environment variable names: what a YAML stack names instead of writing a secret. */
const ENV_NAME = { pattern: "^[A-Za-z_][A-Za-z0-9_]*$", patternHint: "not the NAME of an environment variable (letters, digits, '_'), never its value" } as const;

/** How to reach a node's host over SSH. */
export const sshField = f.object("NodeSsh", {
  host: f.string("Host to connect to; default: the node's address.", { title: "ssh host", example: "10.43.70.1" }),
  port: f.integer(...TCP_PORT, "SSH port of the host.", { title: "ssh port", default: 22, example: 22 }),
  user: f.string("User to log in as (LVM commands need root; sudo is not used).", { title: "ssh user", default: "root", example: "root" }),
  privateKey: f.string("Private key text (OpenSSH or PEM).", { title: "private key", secret: true, example: "-----BEGIN OPENSSH PRIVATE KEY-----..." }),
  privateKeyEnv: f.string("Environment variable that holds the private key (PEM/OpenSSH text).", { title: "private key variable", ...ENV_NAME, example: "VULCAN_SSH_KEY" }),
  privateKeyFile: f.string("File that holds the private key.", { title: "private key file", example: "~/.ssh/id_ed25519" }),
  passphrase: f.string("Passphrase of the private key.", { title: "passphrase", secret: true, example: "correct horse battery staple" }),
  passphraseEnv: f.string("Environment variable that holds the private key's passphrase.", { title: "passphrase variable", ...ENV_NAME, example: "SSH_KEY_PASSPHRASE" }),
  password: f.string("Login password (prefer keys).", { title: "password", secret: true, example: "s3cret" }),
  passwordEnv: f.string("Environment variable that holds a login password (prefer keys).", { title: "password variable", ...ENV_NAME, example: "VULCAN_SSH_PASSWORD" }),
  agent: f.boolean("Use the SSH agent at $SSH_AUTH_SOCK.", { title: "ssh agent", example: true }),
  hostKeyFingerprint: f.string("The host key to pin, `SHA256:...` as `ssh-keygen -lf` prints it; a different key is refused.",
    { pattern: "^\\s*SHA256:[A-Za-z0-9+/]{43}=?\\s*$", patternHint: "not a fingerprint: SHA256:<43 base64 characters>, as `ssh-keygen -lf <key>.pub` prints it",
      title: "host key fingerprint", example: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" }),
  trustOnFirstUse: f.boolean("Accept (and report) an unknown host key. Only when no fingerprint is pinned.", { title: "trust on first use", example: false }),
  satelliteService: f.string("systemd unit of the satellite to check.", { title: "satellite service", default: "linstor-satellite", example: "linstor-satellite" }),
}, "SSH access to the node's host: before the node is registered (and before every update) the provider connects (host key " +
  "pinned), checks that the satellite service is active and drbdadm is installed, and refuses with one error listing everything " +
  "missing. Secrets are given inline (made Pulumi secrets) or named by environment variable or file. Changing it never replaces the object.",
{ title: "ssh", example: { user: "root", privateKeyEnv: "VULCAN_SSH_KEY", hostKeyFingerprint: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" } });

/** LVM preparation of a storage pool's backing pool on the node's host. */
export const prepareField = f.object("PoolPrepare", {
  devices: f.list(f.string("A block device path.", { pattern: "^/dev/\\S+$", patternHint: "not a block device path: /dev/...", title: "device", example: "/dev/vdb" }), "Block devices for the volume group.",
    { required: true, minItems: 1, example: ["/dev/vdb"] }),
  thinPoolSize: f.size("Size of the thin pool (LVM_THIN only), as the linstor client reads sizes; default: all free space of the volume group.",
    { title: "thin pool size", example: "100G" }),
  thinPoolSizeKib: f.integer(1, Number.MAX_SAFE_INTEGER, "Size of the thin pool in KiB (instead of thinPoolSize).", { title: "thin pool size in KiB", example: 104857600 }),
}, "Create the LVM volume group on `devices` (and for LVM_THIN the thin pool) named by backingPool on the node's host when missing, " +
  "before the pool is registered. Needs SSH access to the node; idempotent; a device that holds data is refused before anything changes.",
{ title: "prepare", example: { devices: ["/dev/vdb"], thinPoolSize: "100G" } });

/** Placement constraints the controller's auto-placer follows. */
export const placementFields = {
  placeCount: f.integer(1, 32, "Number of diskful replicas.", { title: "place count", example: 3 }),
  storagePools: f.list(f.name("storagePool", "A storage pool name.", { example: "thinpool" }), "Storage pools the replicas may use.",
    { title: "storage pools", example: ["thinpool"] }),
  disklessStoragePools: f.list(f.name("storagePool", "A diskless storage pool name.", { example: "DfltDisklessStorPool" }),
    "Diskless storage pools the auto-placer may use for diskless replicas.", { title: "diskless storage pools", example: ["DfltDisklessStorPool"] }),
  replicasOnSame: f.list(f.string("A node property key, or key=value.", { title: "property", example: "Aux/site" }),
    "Node property keys (or key=value) that every replica's node must share; LINSTOR's CLI adds the `Aux/` prefix, write it here explicitly.",
    { title: "replicas on same", example: ["Aux/site=berlin"] }),
  replicasOnDifferent: f.list(f.string("A node property key.", { title: "property", example: "Aux/rack" }),
    "Node property keys whose values must differ between the replicas' nodes.", { title: "replicas on different", example: ["Aux/rack"] }),
  doNotPlaceWith: f.list(f.name("resource", "A resource name.", { title: "resource", example: "LocalData" }), "Resources whose nodes must not receive a replica.",
    { title: "do not place with", example: ["LocalData"] }),
  doNotPlaceWithRegex: f.string("A regular expression over resource names whose nodes must not receive a replica.",
    { title: "do not place with (regex)", example: "^Backup.*" }),
  layerStack: f.list(f.enum(LAYER_KINDS, "A LINSTOR layer.", { example: "DRBD" }), "The layer stack of placed replicas, top to bottom.",
    { title: "layer stack", example: ["DRBD", "STORAGE"] }),
  providerList: f.list(f.enum(PROVIDER_KINDS, "A storage provider kind.", { example: "LVM_THIN" }), "Only pools of these provider kinds.",
    { title: "provider list", example: ["LVM_THIN", "ZFS_THIN"] }),
  disklessOnRemaining: f.boolean("Put a diskless (DRBD client) replica on every other node too.", { title: "diskless on remaining", example: false }),
};
