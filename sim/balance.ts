// Automatic replica balancing toward the resource group's place count, after LINSTOR's
// BalanceResourcesTask / autoplacer/BalanceResources (on by default since 1.26): every
// BalanceResourcesInterval seconds (default 3600, also once at start) definitions get missing
// replicas auto-placed with the group's filter and surplus ones removed one at a time. A
// definition is left alone while any replica is younger than BalanceResourcesGracePeriod (default
// 3600 s), without DRBD, flagged DELETE, with nothing UpToDate, with a resync running, or with
// BalanceResourcesEnabled=false (RD → RG → controller). Every group's place count is 2 unless set.
// Tests that need balancing within seconds set balanceIntervalMs / balanceGraceMs explicitly.
import { Rc } from "./apicallrc";
import { SimCore } from "./core";
import { autoPlace } from "./domain/placement";
import { deleteReplica } from "./domain/replicas";
import { key } from "./names";
import { isDeleting, isDiskless, isTieBreaker, RscDfnRec, RscRec, sortedValues } from "./state";

export function balanceEnabledFor(sim: SimCore, rd: RscDfnRec): boolean {
  const k = "BalanceResourcesEnabled";
  const v = rd.props[k] ?? sim.state.rscGrps[key(rd.rscGrp)]?.props[k] ?? sim.state.controllerProps[k];
  return (v ?? "true").toLowerCase() !== "false";
}

export class Balancer {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly sim: SimCore) {}

  /** TaskScheduleService runs a new task at once, so the first round comes at start */
  private lastRun = 0;

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
    if (all.some((r) => !r.createTs || Date.now() - r.createTs < grace)) return true;
    if (!rd.layerStack.includes("DRBD") || rd.flags.includes("DELETE") || !balanceEnabledFor(sim, rd)) return true;
    // a toggle-disk migration in progress: its new replica is young anyway on a real controller
    if (all.some((r) => r.migrateFrom)) return true;
    const diskful = all.filter((r) => !isDiskless(r) && !isDeleting(r));
    if (!diskful.some((r) => r.vlms.every((v) => v.disk === "UpToDate"))) return true;
    // a replication state other than Established/Off (a resync) keeps it out
    if (all.some((r) => r.vlms.some((v) => v.sync))) return true;
    const skipDisk = all.filter((r) => (r.props["DrbdOptions/SkipDisk"] ?? "").toLowerCase() === "true").length;
    return skipDisk > this.skipDiskLimit(rd);
  }

  private skipDiskLimit(rd: RscDfnRec): number {
    const k = "BalanceResourcesSkipDiskLimit";
    const v = rd.props[k] ?? this.sim.state.rscGrps[key(rd.rscGrp)]?.props[k] ?? this.sim.state.controllerProps[k];
    return v !== undefined && Number.isFinite(Number(v)) ? Number(v) : 1;
  }

  /**
   * AutoUnplacer: the replica that breaks the group's filter most (+1 not UpToDate, +1 node not
   * ready) goes; ties go to the one whose pool has the least free space (StrategyHandler), then
   * the last by node name. Diskless, young and in-use replicas and those without satellite state stay.
   */
  private victim(rd: RscDfnRec, candidates: RscRec[]): RscRec | undefined {
    const sim = this.sim;
    const f = sim.state.rscGrps[key(rd.rscGrp)]?.selectFilter ?? {};
    const score = (r: RscRec): number => {
      let s = 0;
      const pool = sim.pool(r.node, r.vlms[0]?.storPool ?? "");
      if (f.node_name_list?.length && !f.node_name_list.some((n) => key(n) === key(r.node))) s++;
      if (f.storage_pool_list?.length && !f.storage_pool_list.some((p) => key(p) === key(pool?.name ?? ""))) s++;
      if (f.provider_list?.length && !f.provider_list.some((p) => p.toUpperCase() === pool?.kind)) s++;
      if (!r.vlms.every((v) => v.disk === "UpToDate")) s++;
      if (!sim.findNode(r.node)?.online) s++;
      return s;
    };
    const free = (r: RscRec): number => {
      const pool = sim.pool(r.node, r.vlms[0]?.storPool ?? "");
      return pool ? (sim.freeKib(pool) ?? 0) : 0;
    };
    return [...candidates].sort((a, b) => score(b) - score(a) || free(a) - free(b) || key(b.node).localeCompare(key(a.node)))[0];
  }

  private async balanceOne(rd: RscDfnRec): Promise<void> {
    const sim = this.sim;
    if (this.ignore(rd)) return;
    const skip = (r: RscRec) => (r.props["DrbdOptions/SkipDisk"] ?? "").toLowerCase() === "true";
    const diskful = Object.values(rd.resources).filter((r) => !isDiskless(r) && !isDeleting(r) && !skip(r));
    const rg = sim.state.rscGrps[key(rd.rscGrp)];
    const pc = rg?.selectFilter.place_count ?? 2;
    if (diskful.length < pc) {
      const before = JSON.stringify(sim.state);
      try {
        // the group's whole filter (its node list included), as autoPlace(rd, rg.getAutoPlaceConfig())
        await autoPlace(sim, rd, { ...(rg?.selectFilter ?? {}), place_count: pc }, false, undefined, new Rc());
        sim.event("balance-added", { resource: rd.name, detail: `place count ${pc}` });
      } catch {
        sim.state = JSON.parse(before); // cannot place now; try again next round
        return;
      }
      sim.save();
    } else if (diskful.length > pc) {
      const grace = this.seconds("BalanceResourcesGracePeriod", sim.cfg.balanceGraceMs);
      const victim = this.victim(
        rd,
        sortedValues(rd.resources).filter((r) => !isDiskless(r) && !isTieBreaker(r) && !isDeleting(r) && !r.inUse && Date.now() - r.createTs >= grace && sim.findNode(r.node)?.online),
      );
      // it waits until the victim reports UpToDate (skipUntil)
      if (!victim || !victim.vlms.every((v) => v.disk === "UpToDate")) return;
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
