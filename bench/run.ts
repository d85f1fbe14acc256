// `npm run bench`: speed and scale of the provider against the simulator on loopback (issue 8).
// Prints a table on stdout, writes JSON into bench/results/. BENCH_QUICK=1 for a short run;
// BENCH_SECTIONS=walkthrough,scale,move,start,convergence,planner,plugin picks sections; see
// config.ts for knobs (BENCH_SCALE_DEFINITIONS=20,100,300 BENCH_SCALE_RUNS=3,3,1, ...).

import * as path from "path";
import { benchConfig, runBench, textTable } from "./index";

async function main(): Promise<void> {
  const cfg = benchConfig(process.env, path.join(__dirname, "results"));
  const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);
  log(`sections: ${cfg.sections.join(", ")}${process.env.BENCH_QUICK ? " (quick)" : ""}`);
  const { results, file } = await runBench(cfg, log);
  process.stdout.write(`\n${textTable(results)}\n\n`);
  const m = results.machine;
  process.stdout.write(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryMib} MiB, Node ${m.node}; load average ${m.loadAtStart.join(" ")} at the start, ${m.loadAtEnd?.join(" ")} at the end\n`);
  process.stdout.write(`total ${(results.durationMs / 1000).toFixed(0)} s; JSON: ${path.relative(process.cwd(), file)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
