// Simulated DRBD resync: an Inconsistent or Outdated diskful volume on an online node copies
// from an UpToDate peer at the configured rate (whole volume size), shown as SyncTarget(NN.NN%).
// At the end the bytes are copied from the source's file and the volume becomes UpToDate.
// A toggle-disk migrate_from replica is deleted once its successor is UpToDate.
import { Rc } from "./apicallrc";
import { SimCore } from "./core";
import { deleteReplica } from "./domain/replicas";
import { key } from "./names";
import { isDeleting, isDiskless, RscDfnRec, RscRec, VlmRec } from "./state";

const TICK_MS = 50;

export class ResyncEngine {
  private timer: NodeJS.Timeout | undefined;
  private last = Date.now();
  private busy = false;

  constructor(private readonly sim: SimCore) {}

  start(): void {
    this.last = Date.now();
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private pickSource(rd: RscDfnRec, target: RscRec, vlmNr: number): RscRec | undefined {
    const ok = (r: RscRec) =>
      r !== target && !isDiskless(r) && !isDeleting(r) && (this.sim.findNode(r.node)?.online ?? false) && r.vlms.find((v) => v.vlmNr === vlmNr)?.disk === "UpToDate";
    return Object.keys(rd.resources)
      .sort()
      .map((k) => rd.resources[k])
      .find(ok);
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const now = Date.now();
      const dt = Math.min(now - this.last, 1000);
      this.last = now;
      const migrations: { rd: RscDfnRec; from: string; to: RscRec }[] = [];
      let changed = false;
      for (const rd of Object.values(this.sim.state.rscDfns)) {
        for (const r of Object.values(rd.resources)) {
          if (isDiskless(r) || isDeleting(r) || !this.sim.findNode(r.node)?.online) continue;
          for (const v of r.vlms) if (v.disk === "Inconsistent" || v.disk === "Outdated") changed = this.advance(rd, r, v, dt) || changed;
          if (r.migrateFrom && r.vlms.every((v) => v.disk === "UpToDate")) migrations.push({ rd, from: r.migrateFrom, to: r });
        }
      }
      for (const m of migrations) {
        m.to.migrateFrom = undefined;
        await this.sim.lock.run(async () => {
          const from = m.rd.resources[key(m.from)];
          if (from && !isDeleting(from) && this.sim.state.rscDfns[key(m.rd.name)] === m.rd) {
            this.sim.event("migrate-finished", { resource: m.rd.name, node: m.to.node, detail: `from ${m.from}` });
            try {
              await deleteReplica(this.sim, m.rd, from, new Rc(), false);
            } catch {
              // the source stays when it cannot go (in use); the migration is over anyway
            }
          }
          this.sim.save();
        });
      }
      if (changed) this.sim.saveSoon();
    } finally {
      this.busy = false;
    }
  }

  /** One step of one volume's resync; returns whether anything changed. */
  private advance(rd: RscDfnRec, r: RscRec, v: VlmRec, dt: number): boolean {
    const vd = rd.vlmDfns.find((x) => x.vlmNr === v.vlmNr);
    if (!vd) return false;
    v.sync ??= { doneKib: 0, totalKib: vd.sizeKib };
    let src = v.sync.source ? rd.resources[v.sync.source] : undefined;
    const srcOk = src && !isDeleting(src) && this.sim.findNode(src.node)?.online && src.vlms.find((x) => x.vlmNr === v.vlmNr)?.disk === "UpToDate";
    let changed = false;
    if (!srcOk) {
      src = this.pickSource(rd, r, v.vlmNr);
      if (!src) {
        if (v.sync.source) {
          v.sync.source = undefined;
          changed = true;
        }
        return changed;
      }
      v.sync.source = key(src.node);
      if (v.disk === "Outdated") v.disk = "Inconsistent";
      this.sim.event("resync-start", { resource: rd.name, node: r.node, volume: v.vlmNr, detail: `SyncTarget from ${src.node}` });
      changed = true;
    }
    if (this.sim.faults.stalled(rd.name, r.node)) return changed;
    v.sync.doneKib = Math.min(v.sync.totalKib, v.sync.doneKib + (this.sim.cfg.resyncRateKibPerSec * dt) / 1000);
    changed = true;
    if (v.sync.doneKib >= v.sync.totalKib && src) {
      this.sim.data.copy(this.sim.volFile(rd, src.node, v.vlmNr), this.sim.volFile(rd, r.node, v.vlmNr), vd.sizeKib * 1024);
      v.disk = "UpToDate";
      v.sync = undefined;
      this.sim.refreshAllocated(rd, r);
      this.sim.event("resync-done", { resource: rd.name, node: r.node, volume: v.vlmNr, detail: `UpToDate (from ${src.node})` });
      this.sim.saveSoon();
    }
    return changed;
  }
}
