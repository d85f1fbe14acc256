// How big and how often: the defaults fit well inside 20 minutes on two cores; BENCH_QUICK=1
// shrinks everything to a smoke run; single knobs can be overridden through the environment.

export interface BenchConfig {
  /** Runs of the seed walkthrough (each: Pulumi and raw client, side by side). */
  walkthroughRuns: number;
  /** Resync rate of the walkthrough and convergence simulators (KiB/s). */
  resyncRateKibPerSec: number;
  /** Definitions of the scale stack (three replicas each). */
  scaleDefinitions: number;
  /** Runs of the scale sequence (create, no-op up, preview, refresh) on a fresh simulator each. */
  scaleRuns: number;
  /** How the scale stack reaches the engine: a TypeScript program of dynamic resources, or Pulumi YAML served by the plugin. */
  scaleFrontDoor: ScaleFrontDoor;
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

export const SECTIONS = ["walkthrough", "scale", "convergence", "planner", "plugin"] as const;
export type Section = (typeof SECTIONS)[number];

const num = (env: NodeJS.ProcessEnv, key: string, dflt: number): number => {
  const v = env[key];
  return v !== undefined && v !== "" && Number.isFinite(Number(v)) ? Number(v) : dflt;
};

export function benchConfig(env: NodeJS.ProcessEnv = process.env, resultsDir: string): BenchConfig {
  const quick = env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true";
  const sections = (env.BENCH_SECTIONS ?? "").split(",").map((s) => s.trim()).filter(Boolean) as Section[];
  for (const s of sections) if (!SECTIONS.includes(s)) throw new Error(`BENCH_SECTIONS: unknown section ${s} (known: ${SECTIONS.join(", ")})`);
  const frontDoor = (env.BENCH_SCALE_FRONT_DOOR || "dynamic") as ScaleFrontDoor;
  if (!SCALE_FRONT_DOORS.includes(frontDoor)) throw new Error(`BENCH_SCALE_FRONT_DOOR: unknown front door ${frontDoor} (known: ${SCALE_FRONT_DOORS.join(", ")})`);
  return {
    walkthroughRuns: num(env, "BENCH_WALKTHROUGH_RUNS", quick ? 1 : 3),
    // 150 MiB volumes: 100 MiB/s makes each resync take 1.5 s.
    resyncRateKibPerSec: num(env, "BENCH_RESYNC_KIBPS", 100 * 1024),
    scaleDefinitions: num(env, "BENCH_SCALE_DEFINITIONS", quick ? 20 : 333),
    scaleRuns: num(env, "BENCH_SCALE_RUNS", 1),
    scaleFrontDoor: frontDoor,
    convergenceRuns: num(env, "BENCH_CONVERGENCE_RUNS", quick ? 2 : 5),
    plannerReplicas: num(env, "BENCH_PLANNER_REPLICAS", quick ? 1000 : 10000),
    plannerRuns: num(env, "BENCH_PLANNER_RUNS", 3),
    sections: sections.length > 0 ? sections : [...SECTIONS],
    resultsDir,
  };
}
