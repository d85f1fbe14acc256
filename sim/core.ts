// SimCore: the running simulator's state plus the machinery every route shares: the write lock,
// the event log, persistence, the data plane, faults, lookups that throw the controller's errors.
import { RcError } from "./apicallrc";
import { DataPlane } from "./dataplane";
import { Faults } from "./faults";
import { key } from "./names";
import { saveState } from "./persist";
import { storageKib } from "./sizes";
import { RequestLog } from "./requests";
import {
  isDeleting,
  isDiskless,
  NodeRec,
  RscDfnRec,
  RscGrpRec,
  RscRec,
  SimEvent,
  SimStateData,
  SnapshotRec,
  StorPoolRec,
  VlmDfnRec,
} from "./state";

export interface SimConfig {
  resyncRateKibPerSec: number;
  satelliteDelayMs: number;
  balanceEnabled: boolean;
  balanceIntervalMs: number;
  /** replicas younger than this keep their definition out of balancing (LINSTOR: 3600 s) */
  balanceGraceMs: number;
  seed: number;
  /** simulated LINSTOR version as [major, minor, patch] */
  linstorVersion: [number, number, number];
}

/** "1.30.4" → [1, 30, 4]; throws on anything else. */
export function parseVersion(v: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) throw new Error(`invalid LINSTOR version '${v}' (expected e.g. 1.34.0)`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** Whether the simulated controller is at least this version. */
export function atLeast(cfg: SimConfig, major: number, minor: number, patch = 0): boolean {
  const [a, b, c] = cfg.linstorVersion;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

const MAX_EVENTS = 20000;

/** A FIFO mutex: mutating calls run one at a time, like the controller's write locks. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const res = this.tail.then(fn);
    this.tail = res.then(
      () => undefined,
      () => undefined,
    );
    return res;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export class SimCore {
  readonly lock = new Mutex();
  readonly requests = new RequestLog();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    public state: SimStateData,
    readonly cfg: SimConfig,
    readonly data: DataPlane,
    readonly faults: Faults,
    readonly stateDir: string | undefined,
  ) {}

  // ---- persistence --------------------------------------------------------------------------
  /** Writes the state now (before a mutating call is acknowledged). */
  save(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    if (this.stateDir) saveState(this.stateDir, this.state);
  }

  /** Background changes (resync progress, balancing) are written soon, not at once. */
  saveSoon(): void {
    if (!this.stateDir || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.save();
    }, 200);
  }

  stopTimers(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }

  // ---- events -------------------------------------------------------------------------------
  event(type: string, f: { resource?: string; node?: string; volume?: number; detail?: string } = {}): SimEvent {
    const ev: SimEvent = { seq: ++this.state.eventSeq, time: Date.now(), type, ...f };
    if (f.resource) {
      const rd = this.state.rscDfns[key(f.resource)];
      ev.upToDate = rd ? this.upToDateCount(rd) : 0;
    }
    this.state.events.push(ev);
    if (this.state.events.length > MAX_EVENTS) this.state.events.splice(0, this.state.events.length - MAX_EVENTS);
    return ev;
  }

  /** Diskful replicas (not being deleted) whose volumes are all UpToDate. */
  upToDateCount(rd: RscDfnRec): number {
    return Object.values(rd.resources).filter(
      (r) => !isDiskless(r) && !isDeleting(r) && r.vlms.length > 0 && r.vlms.every((v) => v.disk === "UpToDate"),
    ).length;
  }

  // ---- lookups ------------------------------------------------------------------------------
  findNode(name: string): NodeRec | undefined {
    return this.state.nodes[key(name)];
  }

  node(name: string): NodeRec {
    const n = this.findNode(name);
    if (!n) throw new RcError("FAIL_NOT_FOUND_NODE", `Node '${name}' not found.`);
    return n;
  }

  findRd(name: string): RscDfnRec | undefined {
    return this.state.rscDfns[key(name)];
  }

  rd(name: string): RscDfnRec {
    const r = this.findRd(name);
    if (!r) throw new RcError("FAIL_NOT_FOUND_RSC_DFN", `Resource definition '${name}' not found.`);
    return r;
  }

  rg(name: string): RscGrpRec {
    const g = this.state.rscGrps[key(name)];
    if (!g) throw new RcError("FAIL_NOT_FOUND_RSC_GRP", `Resource group '${name}' not found.`);
    return g;
  }

  vd(rd: RscDfnRec, vlmNr: number): VlmDfnRec {
    const v = rd.vlmDfns.find((x) => x.vlmNr === vlmNr);
    if (!v) throw new RcError("FAIL_NOT_FOUND_VLM_DFN", `Volume definition '${rd.name}' with volume number '${vlmNr}' not found.`);
    return v;
  }

  rsc(rd: RscDfnRec, node: string): RscRec {
    const r = rd.resources[key(node)];
    if (!r) throw new RcError("FAIL_NOT_FOUND_RSC", `Resource '${rd.name}' on node '${node}' not found.`);
    return r;
  }

  snapshot(rd: RscDfnRec, name: string): SnapshotRec {
    const s = rd.snapshots[key(name)];
    if (!s) throw new RcError("FAIL_NOT_FOUND_SNAPSHOT_DFN", `Snapshot '${name}' of resource '${rd.name}' not found.`);
    return s;
  }

  pool(node: string, pool: string): StorPoolRec | undefined {
    return this.state.storPools[key(node)]?.[key(pool)];
  }

  poolsOf(node: string): StorPoolRec[] {
    const m = this.state.storPools[key(node)] ?? {};
    return Object.keys(m)
      .sort()
      .map((k) => m[k]);
  }

  // ---- live numbers -------------------------------------------------------------------------
  /** Volumes placed in a pool (for accounting and the in-use check). */
  volumesInPool(node: string, pool: string): { rd: RscDfnRec; rsc: RscRec; vlmNr: number; allocatedKib: number; sizeKib: number }[] {
    const out: { rd: RscDfnRec; rsc: RscRec; vlmNr: number; allocatedKib: number; sizeKib: number }[] = [];
    for (const rd of Object.values(this.state.rscDfns)) {
      const r = rd.resources[key(node)];
      if (!r) continue;
      for (const v of r.vlms) {
        if (key(v.storPool) !== key(pool)) continue;
        const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
        out.push({ rd, rsc: r, vlmNr: v.vlmNr, allocatedKib: v.allocatedKib, sizeKib: vd?.sizeKib ?? 0 });
      }
    }
    return out;
  }

  snapshotsInPool(node: string, pool: string): number {
    let n = 0;
    for (const rd of Object.values(this.state.rscDfns))
      for (const s of Object.values(rd.snapshots))
        for (const sn of s.nodes) if (key(sn.node) === key(node)) n += sn.vlms.filter((v) => key(v.storPool) === key(pool)).length;
    return n;
  }

  /** Σ allocated KiB of snapshot volumes in a pool (reserved by the autoplacer's estimate). */
  snapshotAllocatedKib(p: StorPoolRec): number {
    let n = 0;
    for (const rd of Object.values(this.state.rscDfns))
      for (const s of Object.values(rd.snapshots))
        for (const sn of s.nodes) if (key(sn.node) === key(p.node)) for (const v of sn.vlms) if (key(v.storPool) === key(p.name)) n += v.allocatedKib;
    return n;
  }

  freeKib(p: StorPoolRec): number | undefined {
    if (p.totalKib === undefined) return undefined;
    const used = this.volumesInPool(p.node, p.name).reduce((a, v) => a + v.allocatedKib, 0);
    let snaps = 0;
    for (const rd of Object.values(this.state.rscDfns))
      for (const s of Object.values(rd.snapshots))
        for (const sn of s.nodes) if (key(sn.node) === key(p.node)) for (const v of sn.vlms) if (key(v.storPool) === key(p.name)) snaps += v.allocatedKib;
    return Math.max(0, p.totalKib - used - snaps);
  }

  /** The data-plane file of one replica volume. */
  volFile(rd: RscDfnRec, node: string, vlmNr: number): string {
    return this.data.volPath(key(rd.name), key(node), vlmNr);
  }

  /** Recomputes a replica volume's allocated KiB: thick pools allocate the full size. */
  refreshAllocated(rd: RscDfnRec, r: RscRec): void {
    for (const v of r.vlms) {
      const pool = this.pool(r.node, v.storPool);
      const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
      if (!pool || pool.kind === "DISKLESS" || !vd) v.allocatedKib = 0;
      else if (pool.kind === "LVM" || pool.kind === "ZFS" || pool.kind === "FILE") v.allocatedKib = storageKib(vd.sizeKib, rd.layerStack.includes("DRBD"), rd.peerSlots, pool);
      else v.allocatedKib = Math.min(vd.sizeKib, this.data.allocatedKib(this.volFile(rd, r.node, v.vlmNr)));
    }
  }
}
