// The host of a node over SSH, for Node and StoragePool inputs: the ssh block completed (host
// defaulted, fingerprint normalized), a pool's thin pool size, and provider/ssh itself, loaded
// only when a hook runs.

import { parseSizeKib } from "../../model/sizes";
import type { NodeSshSpec, PoolPrepareInput } from "../../model/types";
import { normalizeFingerprint } from "../../ssh/fingerprint";

/**
 * The ssh block as the hooks use it: the host defaults to `defaultHost` (the node's address) and a
 * pinned fingerprint is written the way ssh-keygen prints it. The shape was checked already.
 */
export function completeSsh(ssh: Omit<NodeSshSpec, "host"> & { host?: string }, defaultHost: string | undefined,
  report: (property: string, reason: string) => void): NodeSshSpec {
  const host = ssh.host ?? defaultHost;
  if (!host) report("ssh.host", "is required (there is no node address to default to)");
  const pinned = ssh.hostKeyFingerprint !== undefined ? normalizeFingerprint(ssh.hostKeyFingerprint) : undefined;
  return { ...ssh, host: host ?? "", ...(pinned ? { hostKeyFingerprint: pinned } : {}) };
}

/** The thin pool size in KiB, when one is given. */
export function thinPoolKib(prepare: PoolPrepareInput): number | undefined {
  if (prepare.thinPoolSizeKib !== undefined) return prepare.thinPoolSizeKib;
  return prepare.thinPoolSize === undefined ? undefined : parseSizeKib(prepare.thinPoolSize);
}

/** True when the spec names a way to log in (inline secrets are absent when read back from outputs). */
export function hasCredentials(spec: NodeSshSpec): boolean {
  return Boolean(spec.privateKey || spec.privateKeyEnv || spec.privateKeyFile || spec.password || spec.passwordEnv || spec.agent);
}

/** provider/ssh, loaded when a hook runs (check, diff and preview never load node-ssh). */
export function sshLibrary(): Promise<typeof import("../../ssh")> {
  return import("../../ssh");
}
