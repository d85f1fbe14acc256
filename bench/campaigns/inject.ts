// One run's faults, drawn from the run's generator and armed around a `pulumi up`: HTTP faults
// through POST /sim/faults, a node going offline and back, a stalled resync released later, and a
// SIGKILL of the engine's dynamic provider as soon as the run starts changing the controller.
import { FaultSpec, SimHandle } from "../../harness/sim";
import { Rng } from "./random";

export const FAULT_KINDS = ["5xx", "drop", "lost-answer", "latency", "offline", "stall-resync", "kill"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const PATHS = ["^/v1/view/", "^/v1/resource-definitions", "/resources", "^/v1/nodes", "/volume-definitions", "/snapshots"];
const WRITE_EVENTS = new Set(["resource-created", "resource-flagged-delete", "resync-start", "rd-created", "vd-created", "snapshot-created", "disk-added", "tiebreaker-created"]);

export interface ArmedFaults {
  kinds: FaultKind[];
  /** Descriptions for the report. */
  described: string[];
  /** Provider processes killed (0 when the run ended before it changed anything). */
  killed(): number;
  /** Stops the timers, clears every fault, brings every node back online. */
  disarm(): Promise<void>;
}

export async function armFaults(sim: SimHandle, rng: Rng, opts: { nodes: readonly string[]; resource: string; sinceSeq: number; killProvider: () => number; kinds?: FaultKind[] }): Promise<ArmedFaults> {
  const kinds = opts.kinds ?? rng.sample(FAULT_KINDS, rng.int(1, 3));
  const described: string[] = [];
  const timers: NodeJS.Timeout[] = [];
  const scheduled = new Set<string>();
  let stallId: string | undefined;
  let killed = 0;
  let watching = false;

  for (const kind of kinds) {
    let spec: FaultSpec | undefined;
    switch (kind) {
      case "5xx":
        spec = { kind: "error", status: rng.pick([500, 502, 503, 504]), path: rng.pick(PATHS), method: rng.pick([undefined, "GET", "POST", "PUT", "DELETE"]), count: rng.int(1, 3) };
        break;
      case "drop":
        spec = { kind: "drop", path: rng.pick(PATHS), method: rng.pick([undefined, "GET", "POST", "DELETE"]), count: rng.int(1, 2) };
        break;
      case "lost-answer":
        // The controller applies the change, the answer never arrives: the client must not take it for a failure to apply.
        spec = { kind: "drop", after: true, path: rng.pick(["^/v1/resource-definitions", "/resources", "/volume-definitions"]), method: rng.pick(["POST", "PUT", "DELETE"]), count: 1 };
        break;
      case "latency":
        spec = { kind: "latency", ms: rng.int(50, 400), count: rng.int(3, 15) };
        break;
      case "offline": {
        const node = rng.pick(opts.nodes);
        const at = rng.int(0, 800);
        const back = at + rng.int(500, 3000);
        scheduled.add(node);
        timers.push(setTimeout(() => { void sim.setNodeOnline(node, false).catch(() => undefined); }, at));
        timers.push(setTimeout(() => { void sim.setNodeOnline(node, true).catch(() => undefined); }, back));
        described.push(`offline ${node} ${at}-${back}ms`);
        break;
      }
      case "stall-resync": {
        const res = await fetch(`${sim.url}/sim/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ kind: "stall-resync", resource: opts.resource }) });
        stallId = String(((await res.json()) as { id: string | number }).id);
        const release = rng.int(500, 3000);
        timers.push(setTimeout(() => { const id = stallId; stallId = undefined; if (id) void fetch(`${sim.url}/sim/faults/${id}`, { method: "DELETE" }).catch(() => undefined); }, release));
        described.push(`stall-resync ${opts.resource} released after ${release}ms`);
        break;
      }
      case "kill": {
        const delay = rng.int(0, 400);
        watching = true;
        // Poll the event log: once the run has changed something, wait `delay` and kill the provider.
        const poll = async (): Promise<void> => {
          while (watching) {
            const events = await sim.events(opts.sinceSeq).catch(() => []);
            if (events.some((e) => WRITE_EVENTS.has(e.type))) {
              await new Promise((r) => setTimeout(r, delay));
              if (watching) killed += opts.killProvider();
              return;
            }
            await new Promise((r) => setTimeout(r, 40));
          }
        };
        void poll();
        described.push(`SIGKILL provider ${delay}ms after the first change`);
        break;
      }
    }
    if (spec) {
      await sim.fault(spec);
      described.push(JSON.stringify(Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined))));
    }
  }

  return {
    kinds,
    described,
    killed: () => killed,
    async disarm() {
      watching = false;
      for (const t of timers) clearTimeout(t);
      await sim.clearFaults();
      for (const node of scheduled) await sim.setNodeOnline(node, true).catch(() => undefined);
    },
  };
}
