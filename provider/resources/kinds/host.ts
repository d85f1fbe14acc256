// The host of a node over SSH, as Node and StoragePool inputs: reading the `ssh` block (a node's
// and, for `prepare`, the same block handed to its storage pools) and the `prepare` block. The
// SSH work itself is provider/ssh, loaded only when a hook runs.

import { parseSizeKib } from "../../model/sizes";
import type { NodeSshSpec } from "../../model/types";
import { normalizeFingerprint } from "../../ssh/fingerprint";
import { dropUndefined, FieldReader } from "./fields";

/** Secret fields of the ssh block: Pulumi secrets in, never in outputs or messages. */
export const SSH_SECRET_INPUTS = ["ssh.privateKey", "ssh.passphrase", "ssh.password"] as const;

/**
 * A pool's LVM preparation as given: devices, and the thin pool size as a size text (e.g. "100G";
 * as the linstor client reads it) or, as provider/model's PoolPrepareSpec holds it, whole KiB.
 */
export interface PrepareInputs {
  devices: string[];
  thinPoolSize?: string | number;
  thinPoolSizeKib?: number;
}

/** Reads the optional `ssh` block; the host defaults to `defaultHost` (the node's address). */
export function readSsh(f: FieldReader, defaultHost: string | undefined): NodeSshSpec | undefined {
  const s = f.object("ssh");
  if (!s) return undefined;
  const host = s.string("host") ?? defaultHost;
  if (!host) s.problems.push({ property: "ssh.host", reason: "is required (there is no node address to default to)" });
  const spec = dropUndefined<NodeSshSpec>({
    host: host ?? "",
    port: s.integer("port", 1, 65535),
    user: s.string("user"),
    privateKey: s.string("privateKey"),
    privateKeyEnv: s.string("privateKeyEnv"),
    privateKeyFile: s.string("privateKeyFile"),
    passphrase: s.string("passphrase"),
    passphraseEnv: s.string("passphraseEnv"),
    password: s.string("password"),
    passwordEnv: s.string("passwordEnv"),
    agent: s.boolean("agent"),
    hostKeyFingerprint: s.string("hostKeyFingerprint"),
    trustOnFirstUse: s.boolean("trustOnFirstUse"),
    satelliteService: s.string("satelliteService"),
  });
  if (spec.hostKeyFingerprint !== undefined) {
    const pinned = normalizeFingerprint(spec.hostKeyFingerprint);
    if (!pinned) {
      s.problems.push({ property: "ssh.hostKeyFingerprint", reason: "must look like SHA256:<43 base64 characters>, as `ssh-keygen -lf <key>.pub` prints it" });
    } else {
      spec.hostKeyFingerprint = pinned;
    }
    if (spec.trustOnFirstUse) {
      s.problems.push({ property: "ssh.trustOnFirstUse", reason: "contradicts the pinned hostKeyFingerprint (remove one: pinning is safer)" });
    }
  }
  const given = (a: unknown, b: unknown) => a !== undefined && b !== undefined;
  if ([spec.privateKey, spec.privateKeyEnv, spec.privateKeyFile].filter((v) => v !== undefined).length > 1) {
    s.problems.push({ property: "ssh.privateKey", reason: "set only one of privateKey, privateKeyEnv and privateKeyFile" });
  }
  if (given(spec.passphrase, spec.passphraseEnv)) s.problems.push({ property: "ssh.passphrase", reason: "set only one of passphrase and passphraseEnv" });
  if (given(spec.password, spec.passwordEnv)) s.problems.push({ property: "ssh.password", reason: "set only one of password and passwordEnv" });
  f.absorb(s);
  return spec;
}

/** Reads the optional `prepare` block of a storage pool (`raw` is the pool's raw inputs). */
export function readPrepare(f: FieldReader, raw: Record<string, unknown>): PrepareInputs | undefined {
  const p = f.object("prepare");
  if (!p) return undefined;
  const devices = p.stringList("devices");
  if (!devices || devices.length === 0) p.problems.push({ property: "prepare.devices", reason: "must list at least one block device, e.g. [/dev/vdb]" });
  // The size stays as given (so a diff compares what the user wrote); it is only checked here.
  const ok = p.sizeKib("thinPoolSize", false) !== undefined;
  const kib = p.integer("thinPoolSizeKib", 1, Number.MAX_SAFE_INTEGER);
  if (ok && kib !== undefined) p.problems.push({ property: "prepare.thinPoolSizeKib", reason: "set only one of thinPoolSize and thinPoolSizeKib" });
  f.absorb(p);
  const size = ok ? (raw.prepare as Record<string, unknown>).thinPoolSize as string | number : undefined;
  return dropUndefined<PrepareInputs>({ devices: devices ?? [], thinPoolSize: size, thinPoolSizeKib: kib });
}

/** The thin pool size in KiB, when one is given. */
export function thinPoolKib(prepare: PrepareInputs): number | undefined {
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
