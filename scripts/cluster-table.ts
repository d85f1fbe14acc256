// What the demo prints: the cluster as a table, and a watcher that reports replicas coming and
// going and resync progress while an `up` runs. Uses only the REST API (works on a real controller).

import { LinstorClient, readLive } from "../provider/client";
import type { LiveCluster, LiveReplica } from "../provider/model/types";

/**
 * A volume's state as the linstor CLI shows it: a replica whose top layer is not DRBD has no disk
 * state at all (no replication), and the CLI calls it "Created" rather than "Unknown".
 */
function volumeStates(r: LiveReplica, show: (diskState: string | undefined) => string): string {
  const noDrbd = r.layers !== undefined && r.layers.length > 0 && r.layers[0] !== "DRBD";
  return r.volumes.map((v) => (v.diskState === undefined && noDrbd ? "Created" : show(v.diskState))).join(",");
}

function role(r: LiveReplica): string {
  if (r.tieBreaker) return "tiebreaker";
  if (r.diskless) return "diskless";
  return "diskful";
}

/** A fixed-width table of every replica: resource, node, role, pool, state, port, minor, device. */
export function formatCluster(live: LiveCluster): string {
  const rows: string[][] = [["RESOURCE", "NODE", "ROLE", "POOL", "STATE", "PORT", "MINOR", "DEVICE"]];
  const sorted = [...live.resources].sort((a, b) => a.resource.localeCompare(b.resource) || a.node.localeCompare(b.node));
  for (const r of sorted) {
    const v = r.volumes[0];
    rows.push([
      r.resource, r.node, role(r), r.storagePool ?? "", r.deleting ? "DELETING" : volumeStates(r, (d) => d ?? "Unknown") || "-",
      r.ports.join(",") || "-", v?.minor !== undefined ? String(v.minor) : "-", v?.devicePath ?? v?.backingDevice ?? "-",
    ]);
  }
  if (rows.length === 1) return "(no resources)";
  const snaps = live.snapshots.map((s) => `snapshot ${s.name} of ${s.resource} on ${s.nodes.join(", ")}`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd());
  return [...lines, ...snaps].join("\n");
}

/** Polls the controller and reports replica changes and resync progress (at 25 % steps). */
export class ResyncWatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private seen = new Map<string, string>();
  private first = true;

  constructor(private readonly client: LinstorClient, private readonly print: (line: string) => void, private readonly intervalMs = 250) {}

  start(): void {
    const tick = async (): Promise<void> => {
      try { this.observe(await readLive(this.client)); } catch { /* the controller may be busy: next tick */ }
      if (this.timer !== undefined) this.timer = setTimeout(() => { this.running = tick(); }, this.intervalMs);
    };
    this.timer = setTimeout(() => { this.running = tick(); }, 0);
  }

  async stop(): Promise<void> {
    const t = this.timer;
    this.timer = undefined;
    clearTimeout(t);
    await this.running;
    try { this.observe(await readLive(this.client)); } catch { /* ignore */ }
  }

  private observe(live: LiveCluster): void {
    const now = new Map<string, string>();
    for (const r of live.resources) {
      const key = `${r.resource} on ${r.node}`;
      now.set(key, r.deleting ? "deleting" : `${role(r)}:${volumeStates(r, band)}`);
    }
    if (!this.first) {
      for (const [key, state] of now) {
        const before = this.seen.get(key);
        if (before === state) continue;
        if (before === undefined) this.print(`+ ${key} (${state.split(":")[0]}) ${state.split(":")[1] ?? ""}`.trimEnd());
        else this.print(`~ ${key}: ${state.split(":")[1] ?? state}`);
      }
      for (const key of this.seen.keys()) if (!now.has(key)) this.print(`- ${key}`);
    }
    this.first = false;
    this.seen = now;
  }
}

/** Disk states with the resync percentage rounded down to 25 % steps, so progress prints a few lines. */
function band(state: string | undefined): string {
  const m = /^SyncTarget\((\d+(?:\.\d+)?)%\)$/.exec(state ?? "");
  if (!m) return state ?? "Unknown";
  return `SyncTarget(${Math.floor(Number(m[1]) / 25) * 25}%+)`;
}
