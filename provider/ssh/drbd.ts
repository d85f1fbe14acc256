// DRBD on the host: where drbdadm is, and which utilities and kernel module versions it reports.
import type { RemoteHost } from "./connection";

export interface DrbdVersion {
  /** drbd-utils version (DRBDADM_VERSION), e.g. 9.27.0. */
  utils?: string;
  /** Loaded (or, without a module, compiled-against) kernel module version, e.g. 9.2.8. */
  kernel?: string;
}

/** The absolute path of drbdadm, or undefined when the command is not found. */
export async function findDrbdadm(host: RemoteHost): Promise<string | undefined> {
  const res = await host.run(["command", "-v", "drbdadm"]);
  const path = res.stdout.trim().split("\n")[0];
  return res.code === 0 && path ? path : undefined;
}

/** `drbdadm --version` prints KEY=VALUE lines; /proc/drbd's first line is `version: 9.2.8 (api:2/proto:86-122)`. */
export function parseDrbdadmVersion(text: string): DrbdVersion {
  const kv = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z_]+)=(.*)$/.exec(line);
    if (m) kv.set(m[1], m[2].trim());
  }
  const out: DrbdVersion = {};
  const utils = kv.get("DRBDADM_VERSION");
  const kernel = kv.get("DRBD_KERNEL_VERSION");
  if (utils) out.utils = utils;
  if (kernel) out.kernel = kernel;
  return out;
}

export function parseProcDrbd(text: string): string | undefined {
  const m = /^version:\s*([0-9][^\s]*)/m.exec(text);
  return m ? m[1] : undefined;
}

/** Reads both versions; the kernel version from /proc/drbd wins (it is the loaded module). */
export async function readDrbdVersion(host: RemoteHost): Promise<DrbdVersion> {
  const out: DrbdVersion = {};
  const adm = await host.run(["drbdadm", "--version"]);
  if (adm.code === 0) Object.assign(out, parseDrbdadmVersion(adm.stdout));
  const proc = await host.run(["cat", "/proc/drbd"]);
  if (proc.code === 0) {
    const loaded = parseProcDrbd(proc.stdout);
    if (loaded) out.kernel = loaded;
  }
  return out;
}
