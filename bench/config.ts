// How big and how often: the defaults (one run of each scale size) take about 30 minutes on two
// cores; BENCH_QUICK=1 shrinks everything to a smoke run; single knobs can be overridden through
// the environment.

export interface BenchConfig {
  /** Runs of the seed walkthrough (each: Pulumi and raw client, side by side). */
  walkthroughRuns: number;
  /** Resync rate of the walkthrough and convergence simulators (KiB/s). */
  resyncRateKibPerSec: number;
  /** Sizes of the scale stack in definitions (three replicas each), smallest first. */
  scaleDefinitions: number[];
  /** Runs per size (one number per size) of every contender, each on a fresh simulator. */
  scaleRuns: number[];
  /** How the scale stack reaches the engine: the repository's program on a YAML stack (dynamic resources), or Pulumi YAML served by the plugin. */
  scaleFrontDoor: ScaleFrontDoor;
  /** Definitions whose replica the move section moves, and its runs. */
  moveDefinitions: number;
  moveRuns: number;
  /** Resync rate of the move section (KiB/s): a 10 MiB volume resyncs in 10240 / rate seconds. */
  moveResyncRateKibPerSec: number;
  /** Runs of the start section (empty program, one definition). */
  startRuns: number;
  /** The scale section also measures a no-op `pulumi preview`. */
  scalePreview: boolean;
  /** The engine's --parallel for every `up` (BENCH_PARALLEL; its default is 4 × CPUs). */
  parallel?: number;
  /** `pulumi up` with its preview (the default command) instead of `--skip-preview`. */
  upWithPreview: boolean;
  /** Replica moves measured for convergence. */
  convergenceRuns: number;
  /** Replicas of the synthetic cluster the planner plans. */
  plannerReplicas: number;
  plannerRuns: number;
  /** Sections to run (all by default). */
  sections: Section[];
  /** Where the JSON goes. */
  resultsDir: string;
}

export const SCALE_FRONT_DOORS = ["dynamic", "plugin"] as const;
export type ScaleFrontDoor = (typeof SCALE_FRONT_DOORS)[number];

export const SECTIONS = ["walkthrough", "scale", "move", "start", "convergence", "planner", "plugin"] as const;
export type Section = (typeof SECTIONS)[number];

const num = (env: NodeJS.ProcessEnv, key: string, dflt: number): number => {
  const v = env[key];
  return v !== undefined && v !== "" && Number.isFinite(Number(v)) ? Number(v) : dflt;
};

/** "20,100,300" → [20, 100, 300]; a bad entry is an error (a bench that measures something else is worse). */
const numbers = (env: NodeJS.ProcessEnv, key: string, dflt: number[]): number[] => {
  const v = env[key];
  if (v === undefined || v.trim() === "") return dflt;
  const out = v.split(",").map((x) => Number(x.trim()));
  if (out.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`${key}: expected positive integers separated by commas, got "${v}"`);
  return out;
};

/** One run count per size: a single number applies to every size. */
function runsPerSize(runs: number[], sizes: number[]): number[] {
  if (runs.length === 1) return sizes.map(() => runs[0]);
  if (runs.length !== sizes.length) throw new Error(`BENCH_SCALE_RUNS: ${runs.length} run counts for ${sizes.length} sizes`);
  return runs;
}

export function benchConfig(env: NodeJS.ProcessEnv = process.env, resultsDir: string): BenchConfig {
  const quick = env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true";
  const sections = (env.BENCH_SECTIONS ?? "").split(",").map((s) => s.trim()).filter(Boolean) as Section[];
  for (const s of sections) if (!SECTIONS.includes(s)) throw new Error(`BENCH_SECTIONS: unknown section ${s} (known: ${SECTIONS.join(", ")})`);
  const frontDoor = (env.BENCH_SCALE_FRONT_DOOR || "dynamic") as ScaleFrontDoor;
  if (!SCALE_FRONT_DOORS.includes(frontDoor)) throw new Error(`BENCH_SCALE_FRONT_DOOR: unknown front door ${frontDoor} (known: ${SCALE_FRONT_DOORS.join(", ")})`);
  const scaleDefinitions = numbers(env, "BENCH_SCALE_DEFINITIONS", quick ? [20] : [20, 100, 300]);
  return {
    walkthroughRuns: num(env, "BENCH_WALKTHROUGH_RUNS", quick ? 1 : 3),
    // 150 MiB volumes: 100 MiB/s makes each resync take 1.5 s.
    resyncRateKibPerSec: num(env, "BENCH_RESYNC_KIBPS", 100 * 1024),
    scaleDefinitions,
    scaleRuns: runsPerSize(numbers(env, "BENCH_SCALE_RUNS", [1]), scaleDefinitions),
    scaleFrontDoor: frontDoor,
    moveDefinitions: num(env, "BENCH_MOVE_DEFINITIONS", quick ? 10 : 50),
    moveRuns: num(env, "BENCH_MOVE_RUNS", 1),
    // 2 s per resync of a 10 MiB volume: long enough that a move has to wait for it
    moveResyncRateKibPerSec: num(env, "BENCH_MOVE_RESYNC_KIBPS", 5 * 1024),
    startRuns: num(env, "BENCH_START_RUNS", quick ? 1 : 3),
    scalePreview: env.BENCH_SCALE_PREVIEW === "1" || env.BENCH_SCALE_PREVIEW === "true",
    parallel: env.BENCH_PARALLEL ? num(env, "BENCH_PARALLEL", 0) || undefined : undefined,
    upWithPreview: env.BENCH_UP_PREVIEW === "1" || env.BENCH_UP_PREVIEW === "true",
    convergenceRuns: num(env, "BENCH_CONVERGENCE_RUNS", quick ? 2 : 5),
    plannerReplicas: num(env, "BENCH_PLANNER_REPLICAS", quick ? 1000 : 10000),
    plannerRuns: num(env, "BENCH_PLANNER_RUNS", 3),
    sections: sections.length > 0 ? sections : [...SECTIONS],
    resultsDir,
  };
}
