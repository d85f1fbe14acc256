/**
 * provider/ssh: checks and LVM preparation of a node's host over SSH (the only importer of node-ssh).
 *
 *   verifyNodeHost(spec: NodeSshSpec, opts?) → HostReport
 *     Before a node is registered: connects (host key pinned), then checks that the satellite
 *     service (spec.satelliteService, default linstor-satellite) is active and drbdadm is installed.
 *     Throws one NodeHostError whose `problems` list everything missing (codes: unreachable,
 *     auth-failed, host-key-unknown, host-key-mismatch, satellite-inactive, drbdadm-missing, ...).
 *
 *   preparePool(spec, { providerKind, backingPool, prepare }, opts?) → PrepareReport
 *     LVM (`backingPool` = vg) or LVM_THIN (`vg/thinpool`): vgcreate on prepare.devices when the VG
 *     is missing, then lvcreate --type thin-pool (-L <thinPoolSizeKib>k, or -l 100%FREE) when the
 *     thin pool is missing. Idempotent: a second run runs no changing command, `changed` is false
 *     and `summary` starts with "nothing to do". Refuses, before changing anything, a device with a
 *     signature (wipefs), a device in another VG, a missing device, an LV that is not a thin pool.
 *     An existing VG or thin pool is never grown (see `notes`).
 *
 *   readHostFacts(spec, pool?, opts?) → HostFacts
 *     For read/refresh outputs: DRBD utils and kernel versions, satellite active, and for an LVM
 *     or LVM_THIN pool the VG size/free and thin pool size, data_percent and free KiB (other kinds:
 *     no pool facts). Absent objects are reported as absent (vgExists / thinPoolExists false).
 *
 * Host keys: spec.hostKeyFingerprint is `SHA256:<base64>` as `ssh-keygen -lf` prints it. A
 * different key is always refused (the error names host, expected and offered fingerprints). With
 * no pin the connection is refused too, unless spec.trustOnFirstUse is true: then it is accepted
 * and reported as `hostKey` { type, fingerprint, verifiedBy: "trust-on-first-use" } so the user
 * can pin it. Every report carries `hostKey`. ssh2 prefers the host's ed25519 key, so pin that
 * one (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`); a mismatch error names the key type
 * that was offered.
 *
 * Credentials: privateKey (+ passphrase), password, or agent ($SSH_AUTH_SOCK); a YAML stack may
 * give references instead (privateKeyEnv, privateKeyFile, passphraseEnv, passwordEnv), resolved
 * here when connecting; a value and its reference together are refused.
 * Secrets never appear in errors or return values: every message and every string of a result
 * passes through a redactor of the secret values, and nothing here logs. Callers must still mark
 * them as Pulumi secrets in inputs (and keep them out of outputs).
 * Commands are fixed argument lists, each word single-quoted; each has a timeout
 * (opts.commandTimeoutMs, default 60 s; connect budget opts.connectTimeoutMs, 20 s).
 * The login user needs to run LVM commands (root); sudo is not used.
 * Each call opens its own connection and closes it before returning.
 */
export { verifyNodeHost, DEFAULT_SATELLITE_SERVICE, type HostReport } from "./verify";
export { preparePool, type PoolToPrepare, type PrepareReport } from "./prepare";
export { readHostFacts, type HostFacts, type PoolFacts } from "./facts";
export { NodeHostError, type HostProblem, type HostProblemCode } from "./errors";
export type { SshOptions, HostKeyReport } from "./connection";
export type { DrbdVersion } from "./drbd";
export { fingerprintOf, normalizeFingerprint } from "./fingerprint";
