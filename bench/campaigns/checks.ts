// What a fault run is judged by, all read from the simulator over HTTP: bytes lost (checksums of
// every diskful replica through the data plane), redundancy dips (the event log's `upToDate`
// count after every removal, against the count the stack asks for) and orphans (objects on the
// controller the desired state does not hold).
import { readLive } from "../../provider/client";
import type { LiveCluster } from "../../provider/model/types";
import { SimEvent, SimHandle, pattern } from "../../harness/sim";

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Data written before a run, to be found again on every replica after it. */
export interface WrittenData {
  resource: string;
  offset: number;
  bytes: Buffer;
  sha256: string;
}

export async function writeData(sim: SimHandle, resource: string, node: string, offset: number, seedText: string, length = 64 * 1024): Promise<WrittenData> {
  const bytes = pattern(seedText, length);
  await sim.writeData(resource, node, 0, offset, bytes);
  return { resource, offset, bytes, sha256: await sim.checksum(resource, node, 0) };
}

/** Bytes of the written area that differ on `node` (the whole area when the replica cannot be read); 0 when the checksum matches. */
export async function bytesLostOn(sim: SimHandle, data: WrittenData, node: string): Promise<number> {
  try {
    if ((await sim.checksum(data.resource, node, 0)) === data.sha256) return 0;
    const got = await sim.readData(data.resource, node, 0, data.offset, data.bytes.length);
    let lost = 0;
    for (let i = 0; i < data.bytes.length; i++) if (got[i] !== data.bytes[i]) lost++;
    // The written area is intact but the volume differs elsewhere: count it as one byte at least.
    return Math.max(lost, 1);
  } catch {
    return data.bytes.length;
  }
}

export function diskfulNodes(live: LiveCluster, resource: string): string[] {
  return live.resources.filter((r) => same(r.resource, resource) && !r.diskless && !r.deleting).map((r) => r.node).sort();
}

/** Waits until every replica of `resource` is UpToDate (or diskless) and none is being deleted; false on timeout. */
export async function waitSettled(sim: SimHandle, resource: string, timeoutMs = 30_000): Promise<boolean> {
  const client = sim.client();
  const until = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const live = await readLive(client);
    const replicas = live.resources.filter((r) => same(r.resource, resource));
    const settled = replicas.every((r) => !r.deleting && (r.diskless || r.volumes.every((v) => v.diskState === "UpToDate")));
    if (settled) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Events that take a replica (or its disk) away: after them the UpToDate count must stay at the floor. */
const REMOVALS = new Set(["resource-flagged-delete", "resource-deleted", "disk-removed", "tiebreaker-takeover", "balance-removing"]);

export interface Dip {
  seq: number;
  type: string;
  resource: string;
  node?: string;
  upToDate: number;
  floor: number;
}

/** Removals of replicas of `resource` after which fewer than `floor` diskful replicas were UpToDate. */
export function redundancyDips(events: SimEvent[], resource: string, floor: number): Dip[] {
  return events
    .filter((e) => e.resource !== undefined && same(e.resource, resource) && REMOVALS.has(e.type) && typeof e.upToDate === "number" && e.upToDate < floor)
    .map((e) => ({ seq: e.seq, type: e.type, resource, node: e.node, upToDate: e.upToDate as number, floor }));
}

export async function eventsSince(sim: SimHandle, seq: number): Promise<SimEvent[]> {
  return sim.events(seq);
}

const cursors = new WeakMap<SimHandle, number>();

/** The newest event's sequence number (read from the last one seen on, so the log is not fetched whole each time). */
export async function lastSeq(sim: SimHandle): Promise<number> {
  const events = await sim.events(cursors.get(sim) ?? 0);
  const seq = events.length ? events[events.length - 1].seq : cursors.get(sim) ?? 0;
  cursors.set(sim, seq);
  return seq;
}

/** The cluster a run must end in: definitions with their diskful and (non-tiebreaker) diskless nodes, snapshots. */
export interface Expected {
  definitions: Record<string, { diskful?: string[]; diskfulCount?: number; diskless?: string[]; volumes: number }>;
  snapshots: string[];
}

/** Every object on the controller the expected state does not hold (seed nodes, pools and groups aside). */
export function orphans(live: LiveCluster, expected: Expected): string[] {
  const out: string[] = [];
  const wanted = Object.keys(expected.definitions);
  for (const rd of live.resourceDefinitions) {
    const want = wanted.find((w) => same(w, rd.name));
    if (!want) { out.push(`definition ${rd.name}`); continue; }
    if (rd.volumes.length > expected.definitions[want].volumes) out.push(`volume definitions of ${rd.name}: ${rd.volumes.length}`);
  }
  for (const r of live.resources) {
    const want = wanted.find((w) => same(w, r.resource));
    if (!want) { out.push(`replica ${r.resource} on ${r.node}`); continue; }
    const spec = expected.definitions[want];
    if (r.tieBreaker) continue;
    const list = r.diskless ? spec.diskless ?? [] : spec.diskful;
    if (list && !list.some((n) => same(n, r.node))) out.push(`${r.diskless ? "diskless" : "diskful"} replica ${r.resource} on ${r.node}`);
  }
  for (const [name, spec] of Object.entries(expected.definitions)) {
    if (spec.diskfulCount !== undefined && diskfulNodes(live, name).length > spec.diskfulCount) {
      out.push(`extra diskful replicas of ${name}: ${diskfulNodes(live, name).join(", ")}`);
    }
  }
  for (const s of live.snapshots) {
    if (!expected.snapshots.some((e) => same(e, `${s.resource}/${s.name}`))) out.push(`snapshot ${s.resource}/${s.name}`);
  }
  return out;
}

/** What is missing compared with the expected state (a run that has not converged). */
export function missing(live: LiveCluster, expected: Expected): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(expected.definitions)) {
    const have = diskfulNodes(live, name);
    const want = spec.diskful ?? [];
    for (const n of want) if (!have.some((h) => same(h, n))) out.push(`diskful ${name} on ${n}`);
    if (spec.diskfulCount !== undefined && have.length < spec.diskfulCount) out.push(`${name}: ${have.length} of ${spec.diskfulCount} diskful`);
    for (const n of spec.diskless ?? []) {
      if (!live.resources.some((r) => same(r.resource, name) && same(r.node, n) && r.diskless && !r.deleting)) out.push(`diskless ${name} on ${n}`);
    }
  }
  for (const s of expected.snapshots) {
    if (!live.snapshots.some((l) => same(`${l.resource}/${l.name}`, s))) out.push(`snapshot ${s}`);
  }
  return out;
}
