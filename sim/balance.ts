// Automatic replica balancing toward the resource group's place count (BalanceResourcesEnabled,
// on by default since LINSTOR 1.26): adds missing replicas, removes surplus ones once everything
// is UpToDate. Off where BalanceResourcesEnabled=false on the controller, the RG or the RD
// (RD wins over RG over controller), or through POST /sim/config {balance:false}. Like LINSTOR's
// BalanceResources it leaves alone definitions without DRBD, with a replica younger than the
// grace period (controller prop BalanceResourcesGracePeriod, seconds; simulator default 0), or
// with anything not UpToDate. Its period: BalanceResourcesInterval (seconds) or balanceIntervalMs.
import { Rc } from "./apicallrc";
import { SimCore } from "./core";
import { key } from "./names";
import { autoPlace } from "./routes/resources";
import { deleteReplica } from "./rscops";
import { isDeleting, isDiskless, RscDfnRec, sortedValues } from "./state";

export function balanceEnabledFor(sim: SimCore, rd: RscDfnRec): boolean {
  const k = "BalanceResourcesEnabled";
  const v = rd.props[k] ?? sim.state.rscGrps[key(rd.rscGrp)]?.props[k] ?? sim.state.controllerProps[k];
  return (v ?? "true").toLowerCase() !== "false";
}

export class Balancer {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly sim: SimCore) {}

  private lastRun = Date.now();

  /** Polls often so that a changed interval (POST /sim/config) takes effect at once. */
  start(): void {
    this.timer = setInterval(() => {
      if (Date.now() - this.lastRun < this.seconds("BalanceResourcesInterval", this.sim.cfg.balanceIntervalMs)) return;
      this.lastRun = Date.now();
      void this.run();
    }, 25);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async run(): Promise<void> {
    if (this.running || !this.sim.cfg.balanceEnabled) return;
    this.running = true;
    try {
      for (const name of Object.keys(this.sim.state.rscDfns)) {
        await this.sim.lock.run(async () => {
          const rd = this.sim.state.rscDfns[name];
          if (rd) await this.balanceOne(rd);
        });
      }
    } finally {
      this.running = false;
    }
  }

  /** Controller props win over the simulator's config (seconds, as LINSTOR reads them). */
  private seconds(prop: string, fallbackMs: number): number {
    const v = Number(this.sim.state.controllerProps[prop]);
    return Number.isFinite(v) && this.sim.state.controllerProps[prop] !== undefined ? v * 1000 : fallbackMs;
  }

  /** BalanceResources.shouldIgnoreRscDfn: grace period, DRBD only, not deleting, something UpToDate, no resync running. */
  private ignore(rd: RscDfnRec): boolean {
    const sim = this.sim;
    const grace = this.seconds("BalanceResourcesGracePeriod", sim.cfg.balanceGraceMs);
    const all = Object.values(rd.resources);
    if (all.some((r) => Date.now() - r.createTs < grace)) return true;
    if (!rd.layerStack.includes("DRBD") || rd.flags.includes("DELETE") || !rd.vlmDfns.length || !balanceEnabledFor(sim, rd)) return true;
    if (all.some((r) => r.migrateFrom || isDeleting(r))) return true;
    const diskful = all.filter((r) => !isDiskless(r));
    if (!diskful.some((r) => r.vlms.every((v) => v.disk === "UpToDate"))) return true;
    return !diskful.every((r) => r.vlms.every((v) => v.disk === "UpToDate") && sim.findNode(r.node)?.online);
  }

  private async balanceOne(rd: RscDfnRec): Promise<void> {
    const sim = this.sim;
    if (this.ignore(rd)) return;
    const diskful = Object.values(rd.resources).filter((r) => !isDiskless(r));
    const pc = sim.state.rscGrps[key(rd.rscGrp)]?.selectFilter.place_count;
    if (!pc) return;
    if (diskful.length < pc) {
      const before = JSON.stringify(sim.state);
      try {
        await autoPlace(sim, rd, { place_count: pc }, false, undefined, new Rc());
        sim.event("balance-added", { resource: rd.name, detail: `place count ${pc}` });
      } catch {
        sim.state = JSON.parse(before); // cannot place now; try again next round
        return;
      }
      sim.save();
    } else if (diskful.length > pc) {
      // diskless and in-use replicas stay; of the others the last by node name goes
      const victim = sortedValues(rd.resources)
        .filter((r) => !isDiskless(r) && !r.inUse)
        .pop();
      if (!victim) return;
      sim.event("balance-removing", { resource: rd.name, node: victim.node, detail: `place count ${pc}` });
      try {
        await deleteReplica(sim, rd, victim, new Rc(), false);
      } catch {
        return;
      }
      sim.save();
    }
  }
}
