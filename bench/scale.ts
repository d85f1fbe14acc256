// Section "scale": N definitions × 3 replicas from an empty cluster, by every contender on a fresh
// simulator of its own, at each size of BENCH_SCALE_DEFINITIONS (issue 15):
// - pulumi: the repository's program on a YAML stack, run by the `pulumi` CLI (create, then a
//   no-op up, a refresh, and with BENCH_SCALE_PREVIEW=1 a preview);
// - linstor CLI: a shell script of `linstor` commands (when the CLI is installed);
// - raw REST: a plain REST script;
// - engine floor: as many Pulumi resources through a provider that does nothing (create, no-op
//   up, refresh): the engine's own share.
// Every contender must leave the same replicas behind; the bench fails otherwise.

import * as path from "path";
import type { SimHandle } from "../harness/sim";
import { repoRoot } from "../scripts/engine";
import type { BenchConfig } from "./config";
import { findLinstorCli, LINSTOR_CLI_INSTALL, runLinstorScript } from "./contenders/linstor-cli";
import { ENGINE_FLOOR_PROGRAM } from "./contenders/engine-floor";
import { rawScale } from "./contenders/raw-rest";
import { endState, firstDifference } from "./end-state";
import { describeRss, measure, Measured, medianRss } from "./measure";
import { BenchProject, linstorProject, nodeProject, withProject } from "./project";
import { commandLine, pulumiArgs } from "./pulumi-cli";
import { byKind, KindCounts, perRoute, perRouteText } from "./requests";
import type { ProcessRole } from "./rss";
import { definitionName, NODES, placement, scalePluginProgram, scaleStackYaml, withCluster } from "./scale-program";
import { engineEnv, engineEnvShown } from "./stack";
import { median, round } from "./stats";

export const SCALE_OPS = ["create", "noopUp", "refresh"] as const;
export type ScaleOp = (typeof SCALE_OPS)[number];
/** The no-op preview runs only when asked (BENCH_SCALE_PREVIEW=1): it is in no goal, and it is long. */
type Preview = { preview?: PulumiStep };
export const FLOOR_OPS = ["create", "noopUp", "refresh"] as const;
export type FloorOp = (typeof FLOOR_OPS)[number];

export interface PulumiStep extends Measured {
  byKind: Record<string, KindCounts>;
  /** Requests per definition by route (method and path pattern), most frequent first. */
  perDefinition: Record<string, number>;
  /** Bytes of the stack's checkpoint file after the step, and per Pulumi resource. */
  stateBytes: number;
  stateBytesPerResource: number;
}

export interface SizeRun {
  raw: Measured;
  /** Absent when the linstor CLI is not installed. */
  cli?: Measured;
  pulumi: Record<ScaleOp, PulumiStep> & Preview;
  floor: Record<FloorOp, Measured>;
}

interface Figures { ms: number; requestsPerDefinition: number; rssKib: Partial<Record<ProcessRole, number>> }

export interface SizeResult {
  definitions: number;
  replicas: number;
  /** Pulumi resources of the stack (3 per definition, plus the adopted nodes and pools). */
  pulumiResources: number;
  runs: SizeRun[];
  median: {
    raw: Figures;
    cli?: Figures;
    pulumi: Record<ScaleOp, Figures> & { preview?: Figures };
    floor: Record<FloorOp, { ms: number; rssKib: Partial<Record<ProcessRole, number>> }>;
    stateBytesPerResource: number;
    load: number;
  };
  /** Median create times divided: pulumi by raw, by the CLI script, by the engine floor. */
  ratios: { pulumiToRaw: number; pulumiToCli?: number; floorToRaw: number; pulumiToFloor: number };
}

export interface ScaleResult {
  sizes: SizeResult[];
  /** From the second-largest to the largest size: median create time and requests, largest ÷ smaller. */
  growth?: { from: number; to: number; pulumi: number; pulumiRequests: number; raw: number; cli?: number; floor: number };
  /** Why the CLI column is empty, if it is. */
  cliMissing?: string;
  /** The create command of the Pulumi runs, and engine settings on top of the offline defaults. */
  upCommand: string;
  /** The repository's program on a YAML stack (dynamic resources), or Pulumi YAML served by the plugin (BENCH_SCALE_FRONT_DOOR). */
  frontDoor: string;
  engineSettings: Record<string, string>;
}

/** 3 per definition, plus the adopted nodes and pools of the YAML stack (the plugin's program has none). */
const pulumiResourcesOf = (cfg: BenchConfig, definitions: number): number => definitions * 3 + (cfg.scaleFrontDoor === "plugin" ? 0 : NODES * 2);

/**
 * The project of the scale stack through the configured front door (BENCH_SCALE_FRONT_DOOR): the
 * repository's program on a YAML stack, or a Pulumi YAML program served by the provider plugin.
 */
function scaleProject(cfg: BenchConfig, n: number, endpoint: string): [Record<string, string>, Record<string, string>] {
  if (cfg.scaleFrontDoor === "plugin") return [{ "Pulumi.yaml": scalePluginProgram(n, path.join(repoRoot, "provider", "plugin", "bin")) }, { "linstor:endpoint": endpoint }];
  const { files, config } = linstorProject("scale", scaleStackYaml(n), endpoint);
  return [files, config];
}

/** The linstor stack through the pulumi CLI; its end state after the create. */
function pulumiRun(cfg: BenchConfig, n: number, log: (s: string) => void): Promise<{ steps: SizeRun["pulumi"]; end: string[] }> {
  return withCluster((sim) => withProject("scale", ...scaleProject(cfg, n, sim.url), async (p) => {
    const steps: Partial<SizeRun["pulumi"]> = {};
    let end: string[] = [];
    for (const op of cfg.scalePreview ? [...SCALE_OPS, "preview" as const] : SCALE_OPS) {
      const m = await measure(sim, () => p.stack.cli(pulumiArgs(cfg, op)));
      const stateBytes = await stateBytesOf(p);
      const { value: _output, ...rest } = m;
      steps[op] = { ...rest, byKind: byKind(m.requests), perDefinition: perRoute(m.requests, n), stateBytes, stateBytesPerResource: Math.round(stateBytes / pulumiResourcesOf(cfg, n)) };
      log(`scale ${n} pulumi ${op}: ${m.ms} ms, ${m.requests.total} requests (${m.requests.writes} writes), state ${stateBytes} B, RSS ${describeRss(m.rssKib)}, load ${m.load}`);
      const routes = perRouteText(perRoute(m.requests, n));
      if (routes) log(`scale ${n} pulumi ${op} per definition: ${routes}`);
      if (op === "create") end = await endState(sim.client());
    }
    return { steps: steps as SizeRun["pulumi"], end };
  }));
}

/**
 * The size of the stack's state: its file on the file backend; on another backend
 * (PULUMI_BACKEND_URL in BENCH_ENGINE_ENV, e.g. PostgreSQL) `pulumi stack export` as compact JSON,
 * the way the DIY backends store it (the export is indented), without the checkpoint's envelope.
 */
async function stateBytesOf(p: BenchProject): Promise<number> {
  const backend = engineEnv().PULUMI_BACKEND_URL;
  if (backend === undefined || backend.startsWith("file://")) return Buffer.byteLength(await p.stack.stateText());
  return Buffer.byteLength(JSON.stringify(JSON.parse(await p.stack.cli(["stack", "export"]))));
}

function floorRun(cfg: BenchConfig, n: number, log: (s: string) => void): Promise<Record<FloorOp, Measured>> {
  return withProject("floor", nodeProject("floor", ENGINE_FLOOR_PROGRAM), { "floor:resources": String(pulumiResourcesOf(cfg, n)) }, async (p) => {
    const steps: Partial<Record<FloorOp, Measured>> = {};
    for (const op of FLOOR_OPS) {
      const { value: _output, ...m } = await measure(undefined, () => p.stack.cli(pulumiArgs(cfg, op)));
      steps[op] = m;
      log(`scale ${n} engine floor ${op}: ${m.ms} ms, RSS ${describeRss(m.rssKib)}, load ${m.load}`);
    }
    return steps as Record<FloorOp, Measured>;
  });
}

async function scriptRun(name: string, n: number, log: (s: string) => void, run: (sim: SimHandle) => Promise<void>): Promise<{ m: Measured; end: string[] }> {
  return withCluster(async (sim) => {
    const { value: _none, ...m } = await measure(sim, () => run(sim));
    log(`scale ${n} ${name}: ${m.ms} ms, ${m.requests.total} requests, RSS ${describeRss(m.rssKib)}, load ${m.load}`);
    return { m, end: await endState(sim.client()) };
  });
}

/** Work lines of the CLI script: "<definition> <node> <node> <node>". */
const createLines = (n: number): string[] => Array.from({ length: n }, (_, i) => [definitionName(i), ...placement(i)].join(" "));

function sameEnd(n: number, who: string, expected: string[], got: string[]): void {
  const diff = firstDifference(expected, got);
  if (diff) throw new Error(`scale ${n}: ${who} ends elsewhere than the raw REST script: ${diff}`);
}

async function oneRun(cfg: BenchConfig, n: number, cli: string | undefined, log: (s: string) => void): Promise<SizeRun> {
  const raw = await scriptRun("raw REST script", n, log, (sim) => rawScale(sim.client(), n));
  if (raw.end.length !== n * 3) throw new Error(`scale ${n}: the raw script left ${raw.end.length} replicas, not ${n * 3}`);
  let cliRun: Measured | undefined;
  if (cli) {
    const r = await scriptRun("linstor CLI script", n, log, (sim) => runLinstorScript(cli, sim.url, "create", createLines(n)));
    sameEnd(n, "the linstor CLI script", raw.end, r.end);
    cliRun = r.m;
  }
  const pulumi = await pulumiRun(cfg, n, log);
  sameEnd(n, "pulumi up", raw.end, pulumi.end);
  const floor = await floorRun(cfg, n, log);
  return { raw: raw.m, cli: cliRun, pulumi: pulumi.steps, floor };
}

const perDefinition = (requests: number, n: number): number => round(requests / n, 2);

function figures(steps: Measured[], n: number): Figures {
  return { ms: median(steps.map((s) => s.ms)), requestsPerDefinition: perDefinition(median(steps.map((s) => s.requests.total)), n), rssKib: medianRss(steps.map((s) => s.rssKib)) };
}

function summarize(cfg: BenchConfig, n: number, runs: SizeRun[]): SizeResult {
  const pulumi: SizeResult["median"]["pulumi"] = Object.fromEntries(SCALE_OPS.map((op) => [op, figures(runs.map((r) => r.pulumi[op]), n)])) as Record<ScaleOp, Figures>;
  const previews = runs.map((r) => r.pulumi.preview).filter((p): p is PulumiStep => p !== undefined);
  if (previews.length > 0) pulumi.preview = figures(previews, n);
  const floor = Object.fromEntries(FLOOR_OPS.map((op) => [op, { ms: median(runs.map((r) => r.floor[op].ms)), rssKib: medianRss(runs.map((r) => r.floor[op].rssKib)) }])) as SizeResult["median"]["floor"];
  const cliRuns = runs.map((r) => r.cli).filter((c): c is Measured => c !== undefined);
  const raw = figures(runs.map((r) => r.raw), n);
  const cli = cliRuns.length > 0 ? figures(cliRuns, n) : undefined;
  const loads = runs.flatMap((r) => [r.raw.load, ...SCALE_OPS.map((op) => r.pulumi[op].load)]);
  return {
    definitions: n, replicas: n * 3, pulumiResources: pulumiResourcesOf(cfg, n), runs,
    median: { raw, cli, pulumi, floor, stateBytesPerResource: median(runs.map((r) => r.pulumi.create.stateBytesPerResource)), load: round(median(loads), 2) },
    ratios: {
      pulumiToRaw: round(pulumi.create.ms / raw.ms, 2), pulumiToCli: cli ? round(pulumi.create.ms / cli.ms, 2) : undefined,
      floorToRaw: round(floor.create.ms / raw.ms, 2), pulumiToFloor: round(pulumi.create.ms / floor.create.ms, 2),
    },
  };
}

function growth(sizes: SizeResult[]): ScaleResult["growth"] {
  if (sizes.length < 2) return undefined;
  const [a, b] = sizes.slice(-2);
  const g = (x: number, y: number): number => round(y / x, 2);
  return {
    from: a.definitions, to: b.definitions,
    pulumi: g(a.median.pulumi.create.ms, b.median.pulumi.create.ms),
    pulumiRequests: g(a.median.pulumi.create.requestsPerDefinition * a.definitions, b.median.pulumi.create.requestsPerDefinition * b.definitions),
    raw: g(a.median.raw.ms, b.median.raw.ms),
    cli: a.median.cli && b.median.cli ? g(a.median.cli.ms, b.median.cli.ms) : undefined,
    floor: g(a.median.floor.create.ms, b.median.floor.create.ms),
  };
}

export async function benchScale(cfg: BenchConfig, log: (s: string) => void): Promise<ScaleResult> {
  const cli = findLinstorCli();
  if (!cli) log(`scale: no linstor CLI column: ${LINSTOR_CLI_INSTALL}`);
  if (Object.keys(engineEnv()).length) log(`engine settings: ${JSON.stringify(engineEnv())}`);
  const sizes: SizeResult[] = [];
  for (const [k, n] of cfg.scaleDefinitions.entries()) {
    const runs: SizeRun[] = [];
    for (let i = 0; i < cfg.scaleRuns[k]; i++) runs.push(await oneRun(cfg, n, cli, log));
    sizes.push(summarize(cfg, n, runs));
  }
  return {
    sizes, growth: growth(sizes), cliMissing: cli ? undefined : LINSTOR_CLI_INSTALL,
    upCommand: commandLine(cfg, "create"), frontDoor: cfg.scaleFrontDoor, engineSettings: engineEnvShown(),
  };
}
