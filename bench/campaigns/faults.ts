// Fault campaign: randomized runs of replica moves (one small definition moving between the seed
// nodes, on one long-lived stack) and, every `walkthroughEvery` runs, the whole seed walkthrough on
// a fresh simulator, each with injected faults (inject.ts). After a faulted `pulumi up` the faults
// are cleared and `pulumi up` runs again until it converges (bounded); then the data, the
// redundancy during the run and the leftovers on the controller are checked (checks.ts).
import * as pulumi from "@pulumi/pulumi";
import * as linstor from "../../provider";
import { readLive } from "../../provider/client";
import { SimHandle, startSim } from "../../harness/sim";
import { SEED_NODES, walkthrough } from "../../examples/typescript/walkthrough";
import {
  bytesLostOn, diskfulNodes, Dip, eventsSince, Expected, lastSeq, missing, orphans, redundancyDips, waitSettled, writeData, WrittenData,
} from "./checks";
import { CampaignStack, UpOutcome } from "./engine";
import { armFaults, FAULT_KINDS, FaultKind } from "./inject";
import { Rng } from "./random";
import { CampaignSecrets, SecretScanner } from "./secrets";

const NODES = Object.keys(SEED_NODES);
const MOVE_RD = "CampaignMove";
const MOVE_SIZE_MIB = 8;

export interface FaultCampaignOptions {
  seed: number;
  runs: number;
  /** Every Nth run is a whole seed walkthrough (0: none). */
  walkthroughEvery: number;
  /** Resync rate of the move runs' simulator (the walkthrough's 150 MiB volumes use 8x). */
  resyncRateKibPerSec: number;
  /** Lanes side by side, each with its own simulator and engine. */
  parallel: number;
  /** Fault kinds of run i (1-based) at [i - 1], instead of a random draw (for the smoke test). */
  kindsFor?: FaultKind[][];
  /**
   * Runs (1-based) whose move replaces one replica by a new one, with the resync slowed to this
   * rate (KiB/s) for that run: the old replica may only go once the new one is UpToDate, which the
   * redundancy check sees in the simulator's event log (for the smoke test).
   */
  slowReplace?: { runs: number[]; resyncRateKibPerSec: number };
  /** `pulumi up` attempts after the faulted one. */
  maxConvergeUps: number;
  secrets: CampaignSecrets;
  scanner: SecretScanner;
  /** The sshd the move stack's Node reaches with the campaign's SSH key (its login and host key). */
  sshHost: { host: string; port: number; user: string; hostKeyFingerprint: string };
  log: (line: string) => void;
}

export interface FaultRunRecord {
  index: number;
  kind: "move" | "walkthrough";
  detail: string;
  faults: string[];
  faultedUpOk: boolean;
  converged: boolean;
  convergeUps: number;
  bytesLost: number;
  dips: Dip[];
  orphans: string[];
  problems: string[];
  seconds: number;
}

export interface FaultReport {
  runs: number;
  moveRuns: number;
  walkthroughRuns: number;
  converged: number;
  bytesLost: number;
  redundancyDips: number;
  orphans: number;
  providerKills: number;
  enginesUps: number;
  faultsInjected: Record<FaultKind, number>;
  faultedUpsFailed: number;
  seconds: number;
  /** Runs with anything to look at (not converged, data lost, dips, orphans). */
  bad: FaultRunRecord[];
  /** The slow replace runs (options.slowReplace), whatever their outcome. */
  slowReplaces: FaultRunRecord[];
}

function credentials(sim: SimHandle, secrets: CampaignSecrets) {
  return {
    config: {
      "linstor:endpoint": sim.url,
      "linstor:username": "admin",
      "linstor:password": { value: secrets.password, secret: true },
      "linstor:bearerToken": { value: secrets.bearerToken, secret: true },
    },
    // The same credentials in the LS_* environment the client also reads.
    env: { LS_USERNAME: "admin", LS_PASSWORD: secrets.password },
  };
}

class Counters {
  ups = 0;
  kills = 0;
  faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

/** Runs `up` (the faulted one) then up to `max` more without faults until one succeeds. */
async function upUntilConverged(stack: CampaignStack, max: number, scanner: SecretScanner, label: string, counters: Counters): Promise<{ ok: boolean; ups: number; last?: UpOutcome }> {
  let last: UpOutcome | undefined;
  for (let i = 1; i <= max; i++) {
    last = await stack.up();
    counters.ups++;
    scanner.scan(`${label} converge up ${i}`, last.text);
    if (last.ok) return { ok: true, ups: i, last };
    // A crashed provider can leave the stack locked or with pending operations.
    await stack.recover();
  }
  return { ok: false, ups: max, last };
}

async function faultedUp(
  sim: SimHandle, stack: CampaignStack, rng: Rng, resource: string, label: string, o: FaultCampaignOptions, counters: Counters, kinds?: FaultKind[],
): Promise<{ outcome: UpOutcome; faults: string[] }> {
  const sinceSeq = await lastSeq(sim);
  const armed = await armFaults(sim, rng, { nodes: NODES, resource, sinceSeq, killProvider: () => stack.killProvider(), kinds });
  for (const k of armed.kinds) counters.faults[k]++;
  const outcome = await stack.up();
  counters.ups++;
  await armed.disarm();
  counters.kills += armed.killed();
  o.scanner.scan(`${label} faulted up`, outcome.text);
  if (!outcome.ok) await stack.recover();
  return { outcome, faults: armed.described };
}

/** Every file the run left in its stack's folder (state, backups, history, the engine's home and logs). */
async function scanLeftovers(scanner: SecretScanner, label: string, stack: CampaignStack): Promise<void> {
  scanner.scan(`${label} state file`, await stack.stateText());
  for (const f of stack.leftFiles()) scanner.scan(`${label} ${f.path}`, f.text);
}

function record(partial: Omit<FaultRunRecord, "seconds">, started: number): FaultRunRecord {
  return { ...partial, seconds: (Date.now() - started) / 1000 };
}

/** The move family: one simulator and one long-lived stack per lane, one definition moving between random node sets. */
class MoveLane {
  private sim?: SimHandle;
  private stack?: CampaignStack;
  private readonly desired = { nodes: ["vulcan", "kronos", "remus"] };

  constructor(private readonly lane: number, private readonly o: FaultCampaignOptions, private readonly counters: Counters) {}

  private async setup(): Promise<{ sim: SimHandle; stack: CampaignStack }> {
    if (this.sim && this.stack) return { sim: this.sim, stack: this.stack };
    const o = this.o;
    // faultSeed: the simulator's generator for rated faults (startSim passes every option through).
    const simOptions = { seedCluster: true, resyncRateKibPerSec: o.resyncRateKibPerSec, faultSeed: o.seed + this.lane };
    const sim = (this.sim = await startSim(simOptions));
    const { config, env } = credentials(sim, o.secrets);
    const desired = this.desired;
    const stack = (this.stack = await CampaignStack.create({
      stackName: `moves-${o.seed}-${this.lane}`,
      config,
      env,
      program: async () => {
        // The SSH key and passphrase where the provider receives them: the node's host is checked
        // over SSH with them (the campaign's sshd stands in for vulcan's host).
        new linstor.Node("vulcan", {
          name: "vulcan", address: SEED_NODES.vulcan, adopt: true,
          ssh: { ...o.sshHost, privateKey: o.secrets.sshPrivateKey, passphrase: o.secrets.sshPassphrase },
        });
        const rd = new linstor.ResourceDefinition(MOVE_RD, { name: MOVE_RD, layerStack: ["DRBD", "STORAGE"] });
        const vd = new linstor.VolumeDefinition(`${MOVE_RD}-0`, { resource: rd.name, size: `${MOVE_SIZE_MIB}m` });
        const r = new linstor.Resource(MOVE_RD, { resource: rd.name, nodes: [...desired.nodes], storagePool: "thinpool", timeouts: { syncSeconds: 60 } }, { dependsOn: [vd] });
        return { nodes: r.diskfulNodes };
      },
    }));
    const first = await upUntilConverged(stack, o.maxConvergeUps, o.scanner, "moves setup", this.counters);
    if (!first.ok) throw new Error(`the move stack does not come up without faults: ${first.last?.error}`);
    return { sim, stack };
  }

  async run(index: number, rng: Rng): Promise<FaultRunRecord> {
    const { sim, stack } = await this.setup();
    const o = this.o;
    const started = Date.now();
    const previous = [...this.desired.nodes];
    // A fixed number of draws per run (no redraw loop), so the faults that follow are the seed's.
    let next = rng.sample(NODES, rng.int(2, 3)).sort();
    if (next.join() === [...previous].sort().join()) next = [...next.slice(1), NODES.find((n) => !next.includes(n)) as string].sort();
    const slow = o.slowReplace?.runs.includes(index);
    if (slow) next = replaceOne(previous);
    const floor = Math.min(previous.length, next.length);
    const problems: string[] = [];

    await waitSettled(sim, MOVE_RD);
    const source = diskfulNodes(await readLive(sim.client()), MOVE_RD)[0];
    const data = await writeData(sim, MOVE_RD, source, rng.int(0, MOVE_SIZE_MIB * 16 - 1) * 64 * 1024, `campaign-${o.seed}-${index}`);

    if (slow) await sim.configure({ resyncRateKibPerSec: o.slowReplace?.resyncRateKibPerSec });
    const sinceSeq = await lastSeq(sim);
    this.desired.nodes = next;
    const label = `run ${index} (move ${previous.join(",")} → ${next.join(",")})`;
    const faulted = await faultedUp(sim, stack, rng, MOVE_RD, label, o, this.counters, o.kindsFor?.[index - 1]);
    const converge = await upUntilConverged(stack, o.maxConvergeUps, o.scanner, label, this.counters);
    if (!converge.ok) problems.push(`no convergence: ${converge.last?.error?.slice(0, 400)}`);
    if (!(await waitSettled(sim, MOVE_RD))) problems.push("replicas not UpToDate 30 s after the last up");
    if (slow) await sim.configure({ resyncRateKibPerSec: o.resyncRateKibPerSec });

    const expected: Expected = { definitions: { [MOVE_RD]: { diskful: next, volumes: 1 } }, snapshots: [] };
    const after = await readLive(sim.client());
    const gaps = missing(after, expected);
    problems.push(...gaps.map((g) => `missing ${g}`));
    const lost = await bytesLost(sim, data, diskfulNodes(after, MOVE_RD));
    const dips = redundancyDips(await eventsSince(sim, sinceSeq), MOVE_RD, floor);
    const left = orphans(after, expected);
    await scanLeftovers(o.scanner, label, stack);
    return record({
      index, kind: "move", detail: `${previous.join(",")} → ${next.join(",")}`, faults: faulted.faults, faultedUpOk: faulted.outcome.ok,
      converged: converge.ok && gaps.length === 0, convergeUps: converge.ups, bytesLost: lost, dips, orphans: left, problems,
    }, started);
  }

  async close(): Promise<void> {
    await this.stack?.dispose();
    await this.sim?.stop();
  }
}

/** The same number of replicas with one of them on a node that had none: a new replica must resync before the old one goes. */
function replaceOne(previous: string[]): string[] {
  const incoming = NODES.find((n) => !previous.includes(n)) as string;
  return [...previous.slice(1), incoming].sort();
}

async function bytesLost(sim: SimHandle, data: WrittenData, nodes: string[]): Promise<number> {
  let lost = 0;
  for (const n of nodes) lost += await bytesLostOn(sim, data, n);
  return lost;
}

/** What the walkthrough's cluster must be after `step` (the same facts as examples/typescript/walkthrough.ts). */
function walkthroughExpected(step: number): Expected {
  const definitions: Expected["definitions"] = {};
  if (step < 4) definitions.LocalData = { diskful: ["vulcan", "kronos"], volumes: 1 };
  if (step === 2) definitions.SharedData = { diskfulCount: 3, volumes: 1 };
  if (step >= 3) definitions.SharedData = { diskful: ["vulcan", "remus", "romulus"], diskless: [], volumes: 1 };
  if (step >= 6) definitions.SharedData_Restore = { diskful: ["romulus", "remus"], volumes: 1 };
  return { definitions, snapshots: step >= 5 ? ["SharedData/Snap1"] : [] };
}

/** The walkthrough's floor of UpToDate SharedData replicas: 3, except the rollback, which by design moves vulcan (without the snapshot) out and back. */
const sharedFloor = (step: number): number => (step === 7 ? 2 : 3);

/** The walkthrough family: all eight steps on a fresh simulator, faults in one random step. */
async function walkthroughRun(index: number, rng: Rng, o: FaultCampaignOptions, counters: Counters): Promise<FaultRunRecord> {
  const started = Date.now();
  const faultStep = rng.int(2, 8);
  const sim = await startSim({ seedCluster: true, resyncRateKibPerSec: o.resyncRateKibPerSec * 8 });
  const current = { step: 1 };
  const { config, env } = credentials(sim, o.secrets);
  const stack = await CampaignStack.create({
    stackName: `walkthrough-${o.seed}-${index}`, config, env,
    program: async () => walkthrough(current.step) as Record<string, pulumi.Output<unknown>>,
  });
  const problems: string[] = [];
  const dips: Dip[] = [];
  let lost = 0;
  let faults: string[] = [];
  let faultedUpOk = true;
  let ups = 0;
  let left: string[] = [];
  let data: WrittenData | undefined;
  const label = `run ${index} (walkthrough, faults in step ${faultStep})`;
  try {
    for (let step = 1; step <= 8; step++) {
      current.step = step;
      const sinceSeq = await lastSeq(sim);
      if (step === faultStep) {
        const f = await faultedUp(sim, stack, rng, "SharedData", label, o, counters, o.kindsFor?.[index - 1]);
        faults = f.faults;
        faultedUpOk = f.outcome.ok;
      }
      const converge = await upUntilConverged(stack, o.maxConvergeUps, o.scanner, `${label} step ${step}`, counters);
      ups += converge.ups;
      if (!converge.ok) { problems.push(`step ${step}: no convergence: ${converge.last?.error?.slice(0, 400)}`); break; }
      await waitSettled(sim, "SharedData");
      const live = await readLive(sim.client());
      const expected = walkthroughExpected(step);
      problems.push(...missing(live, expected).map((g) => `step ${step}: missing ${g}`));
      left = orphans(live, expected);
      if (left.length) { problems.push(`step ${step}: orphans ${left.join("; ")}`); }
      if (step >= 3) dips.push(...redundancyDips(await eventsSince(sim, sinceSeq), "SharedData", sharedFloor(step)));
      if (step === 2) data = await writeData(sim, "SharedData", diskfulNodes(live, "SharedData")[0], rng.int(0, 100) * 64 * 1024, `walkthrough-${o.seed}-${index}`);
      if (data) {
        lost += await bytesLost(sim, data, diskfulNodes(live, "SharedData"));
        // The restored definition holds Snap1, taken after the write: the same bytes.
        if (step >= 6) await waitSettled(sim, "SharedData_Restore");
        if (step >= 6) lost += await bytesLost(sim, { ...data, resource: "SharedData_Restore" }, diskfulNodes(live, "SharedData_Restore"));
      }
    }
    await scanLeftovers(o.scanner, label, stack);
  } finally {
    await stack.dispose();
    await sim.stop();
  }
  return record({
    index, kind: "walkthrough", detail: `faults in step ${faultStep}`, faults, faultedUpOk,
    converged: problems.length === 0, convergeUps: ups, bytesLost: lost, dips, orphans: left, problems,
  }, started);
}

function progressLine(r: FaultRunRecord): string {
  const flags = [r.converged ? "converged" : "NOT CONVERGED", r.bytesLost ? `LOST ${r.bytesLost} B` : "", r.dips.length ? `${r.dips.length} DIPS` : "", r.orphans.length ? `ORPHANS ${r.orphans.join("; ")}` : ""].filter(Boolean);
  return `  run ${String(r.index).padStart(3)} ${r.kind.padEnd(11)} ${r.detail.padEnd(32)} ${r.seconds.toFixed(1).padStart(5)}s faulted up ${r.faultedUpOk ? "ok    " : "failed"} ${flags.join(" ")} | ${r.faults.join(" ")}${r.problems.length ? ` | ${r.problems.join("; ")}` : ""}`;
}

export async function runFaultCampaign(o: FaultCampaignOptions): Promise<FaultReport> {
  const started = Date.now();
  const master = new Rng(o.seed);
  const counters = new Counters();
  const indices = Array.from({ length: o.runs }, (_, i) => i + 1);
  const isWalkthrough = (i: number): boolean => o.walkthroughEvery > 0 && i % o.walkthroughEvery === 0;
  // Every run's generator is forked up front and runs go to lanes by number (a lane's moves start
  // from where its previous run left the definition): the same seed and --parallel give the same runs.
  const lanes = Math.max(1, o.parallel);
  const tasks = indices.map((i) => ({ index: i, rng: master.fork(i) }));
  const records: FaultRunRecord[] = [];
  const lane = async (n: number): Promise<void> => {
    const moves = new MoveLane(n, o, counters);
    try {
      for (const task of tasks.filter((t) => t.index % lanes === n)) {
        const r = isWalkthrough(task.index) ? await walkthroughRun(task.index, task.rng, o, counters) : await moves.run(task.index, task.rng);
        records.push(r);
        o.log(progressLine(r));
      }
    } finally {
      await moves.close();
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, n) => lane(n)));
  records.sort((a, b) => a.index - b.index);
  return {
    runs: records.length,
    moveRuns: records.filter((r) => r.kind === "move").length,
    walkthroughRuns: records.filter((r) => r.kind === "walkthrough").length,
    converged: records.filter((r) => r.converged).length,
    bytesLost: records.reduce((s, r) => s + r.bytesLost, 0),
    redundancyDips: records.reduce((s, r) => s + r.dips.length, 0),
    orphans: records.reduce((s, r) => s + r.orphans.length, 0),
    providerKills: counters.kills,
    enginesUps: counters.ups,
    faultsInjected: counters.faults,
    faultedUpsFailed: records.filter((r) => !r.faultedUpOk).length,
    seconds: (Date.now() - started) / 1000,
    bad: records.filter((r) => !r.converged || r.bytesLost || r.dips.length || r.orphans.length || r.problems.length),
    slowReplaces: records.filter((r) => o.slowReplace?.runs.includes(r.index)),
  };
}
