// Section "move": one replica of each of 50 definitions goes to another node (a replica on the new
// node, wait until it is UpToDate, delete the old one), by `pulumi up` of the changed YAML stack,
// by the linstor CLI script and by the raw REST script, each on a fresh simulator where the 50
// definitions exist already. From the simulator's event log: how long after the new replica's
// resync ended the old one was deleted (the goal: ≤ 1 s), per definition.

import { pattern, SimHandle } from "../harness/sim";
import type { BenchConfig } from "./config";
import { findLinstorCli, LINSTOR_CLI_INSTALL, runLinstorScript } from "./contenders/linstor-cli";
import { rawMove, rawScale } from "./contenders/raw-rest";
import { endState, firstDifference } from "./end-state";
import { describeRss, measure, Measured } from "./measure";
import { moveTimes } from "./move-events";
import { linstorProject, withProject } from "./project";
import { pulumiArgs } from "./pulumi-cli";
import { definitionName, moveOf, movedPlacement, placement, scaleStackYaml, withCluster } from "./scale-program";
import { median } from "./stats";

export interface MoveStep extends Measured {
  /** Per definition: resync of the new replica ended → old replica deleted (ms). */
  lagMs: number[];
  medianLagMs: number;
  maxLagMs: number;
}

export interface MoveRun {
  pulumi: MoveStep;
  cli?: MoveStep;
  raw: MoveStep;
}

export interface MoveResult {
  definitions: number;
  resyncRateKibPerSec: number;
  runs: MoveRun[];
  median: { pulumiMs: number; cliMs?: number; rawMs: number; pulumiMaxLagMs: number; cliMaxLagMs?: number; rawMaxLagMs: number };
  cliMissing?: string;
}

/** Measures `move` on a simulator where the definitions exist; the lags from its event log. */
async function moveStep(cfg: BenchConfig, sim: SimHandle, who: string, move: () => Promise<unknown>, log: (s: string) => void): Promise<{ step: MoveStep; end: string[] }> {
  // Data in every definition: a new replica of a thin volume that never held data is UpToDate at
  // once (no resync), which would leave nothing to wait for.
  for (let i = 0; i < cfg.moveDefinitions; i++) await sim.writeData(definitionName(i), placement(i)[1], 0, 0, pattern("move", 64 * 1024));
  await sim.configure({ resyncRateKibPerSec: cfg.moveResyncRateKibPerSec });
  const mark = (await sim.events()).reduce((m, e) => Math.max(m, e.seq), 0);
  const { value: _out, ...m } = await measure(sim, move);
  const events = await sim.events(mark);
  const lagMs = Array.from({ length: cfg.moveDefinitions }, (_, i) => {
    const { from, to } = moveOf(i);
    const t = moveTimes(events, definitionName(i), from, to);
    return t.deleted - t.done;
  });
  const step = { ...m, lagMs, medianLagMs: median(lagMs), maxLagMs: Math.max(...lagMs) };
  log(`move ${cfg.moveDefinitions} ${who}: ${m.ms} ms, ${m.requests.total} requests, old replica gone ${step.medianLagMs} ms (max ${step.maxLagMs} ms) after its resync, RSS ${describeRss(m.rssKib)}, load ${m.load}`);
  return { step, end: await endState(sim.client()) };
}

function scriptMove(cfg: BenchConfig, who: string, move: (sim: SimHandle) => Promise<unknown>, log: (s: string) => void): Promise<{ step: MoveStep; end: string[] }> {
  return withCluster(async (sim) => {
    await rawScale(sim.client(), cfg.moveDefinitions);
    return moveStep(cfg, sim, who, () => move(sim), log);
  });
}

function pulumiMove(cfg: BenchConfig, log: (s: string) => void): Promise<{ step: MoveStep; end: string[] }> {
  const n = cfg.moveDefinitions;
  return withCluster((sim) => {
    const { files, config } = linstorProject("move", scaleStackYaml(n), sim.url);
    return withProject("move", files, config, async (p) => {
      await p.stack.cli(pulumiArgs(cfg, "create"));
      p.write("stack.yaml", scaleStackYaml(n, (i) => movedPlacement(i)));
      return moveStep(cfg, sim, "pulumi up", () => p.stack.cli(pulumiArgs(cfg, "update")), log);
    });
  });
}

export async function benchMove(cfg: BenchConfig, log: (s: string) => void): Promise<MoveResult> {
  const cli = findLinstorCli();
  if (!cli) log(`move: no linstor CLI column: ${LINSTOR_CLI_INSTALL}`);
  const lines = Array.from({ length: cfg.moveDefinitions }, (_, i) => {
    const { from, to } = moveOf(i);
    return `${definitionName(i)} ${from} ${to}`;
  });
  const runs: MoveRun[] = [];
  for (let i = 0; i < cfg.moveRuns; i++) {
    const raw = await scriptMove(cfg, "raw REST script", (sim) => rawMove(sim.client(), cfg.moveDefinitions), log);
    const cliMove = cli ? await scriptMove(cfg, "linstor CLI script", (sim) => runLinstorScript(cli, sim.url, "move", lines), log) : undefined;
    const pulumi = await pulumiMove(cfg, log);
    for (const [who, other] of [["the linstor CLI script", cliMove], ["pulumi up", pulumi]] as const) {
      const diff = other && firstDifference(raw.end, other.end);
      if (diff) throw new Error(`move: ${who} ends elsewhere than the raw REST script: ${diff}`);
    }
    runs.push({ pulumi: pulumi.step, cli: cliMove?.step, raw: raw.step });
  }
  const m = (pick: (r: MoveRun) => number | undefined): number | undefined => {
    const xs = runs.map(pick).filter((x): x is number => x !== undefined);
    return xs.length > 0 ? median(xs) : undefined;
  };
  return {
    definitions: cfg.moveDefinitions, resyncRateKibPerSec: cfg.moveResyncRateKibPerSec, runs, cliMissing: cli ? undefined : LINSTOR_CLI_INSTALL,
    median: {
      pulumiMs: m((r) => r.pulumi.ms) as number, cliMs: m((r) => r.cli?.ms), rawMs: m((r) => r.raw.ms) as number,
      pulumiMaxLagMs: m((r) => r.pulumi.maxLagMs) as number, cliMaxLagMs: m((r) => r.cli?.maxLagMs), rawMaxLagMs: m((r) => r.raw.maxLagMs) as number,
    },
  };
}
