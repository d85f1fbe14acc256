// The figures of issue 15's goals from one or more bench JSON documents, as the Markdown table of
// README "Scale": one row per workload, one column per contender, the goal and whether it holds.
//   npx ts-node --transpile-only bench/goals.ts bench/results/bench-….json [more.json …]
// Later documents fill in the sections earlier ones lack (e.g. a separate run at 300 definitions).

import * as fs from "fs";
import type { BenchResults } from "./results";
import type { ProcessRole } from "./rss";
import type { SizeResult } from "./scale";
import { median } from "./stats";

type Row = [workload: string, pulumi: string, cli: string, raw: string, floor: string, goal: string, holds: string];

const s = (ms: number | undefined): string => (ms === undefined || Number.isNaN(ms) ? "–" : `${(ms / 1000).toFixed(1)} s`);
const x = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? "–" : `${(a / b).toFixed(2)}×`);
const yes = (ok: boolean | undefined): string => (ok === undefined ? "–" : ok ? "yes" : "**no**");
const mib = (kib: number | undefined): string => (kib === undefined ? "–" : `${Math.round(kib / 1024)}`);

/** min / median of a contender's create times over the runs of one size. */
function minMed(ms: number[]): string {
  if (ms.length === 0) return "–";
  return ms.length === 1 ? s(ms[0]) : `${s(Math.min(...ms))} / ${s(median(ms))}`;
}

function sizeRows(z: SizeResult, largest: boolean): Row[] {
  const m = z.median;
  const cli = z.runs.map((r) => r.cli?.ms).filter((v): v is number => v !== undefined);
  const tag = `${z.definitions} × 3 create (${z.runs.length === 1 ? "1 run" : `min / median of ${z.runs.length}`}, load ${m.load.toFixed(1)})`;
  const out: Row[] = [[
    tag, minMed(z.runs.map((r) => r.pulumi.create.ms)), minMed(cli), minMed(z.runs.map((r) => r.raw.ms)), minMed(z.runs.map((r) => r.floor.create.ms)),
    largest ? "≤ 0.5× CLI, ≤ 3× raw" : "", largest ? `${yes(m.cli ? m.pulumi.create.ms <= 0.5 * m.cli.ms : undefined)} (${x(m.pulumi.create.ms, m.cli?.ms)}), ${yes(m.pulumi.create.ms <= 3 * m.raw.ms)} (${x(m.pulumi.create.ms, m.raw.ms)})` : `${x(m.pulumi.create.ms, m.cli?.ms)} CLI, ${x(m.pulumi.create.ms, m.raw.ms)} raw`,
  ]];
  const rpd = m.pulumi.create.requestsPerDefinition;
  out.push([`${z.definitions}: requests per definition`, String(rpd), String(m.cli?.requestsPerDefinition ?? "–"), String(m.raw.requestsPerDefinition), "0", largest ? "≤ 5" : "", largest ? yes(rpd <= 5) : ""]);
  out.push([`${z.definitions}: no-op up / refresh`, `${s(m.pulumi.noopUp.ms)} / ${s(m.pulumi.refresh.ms)}`, "", "", `${s(m.floor.noopUp.ms)} / ${s(m.floor.refresh.ms)}`,
    largest && z.definitions >= 300 ? "≤ 10 s / ≤ 3 s" : "", largest && z.definitions >= 300 ? `${yes(m.pulumi.noopUp.ms <= 10_000)} / ${yes(m.pulumi.refresh.ms <= 3_000)}` : ""]);
  if (largest) {
    const peak = (role: ProcessRole): number | undefined => {
      const xs = Object.values(m.pulumi).map((f) => f.rssKib[role]).filter((v): v is number => v !== undefined);
      return xs.length ? Math.max(...xs) : undefined;
    };
    out.push([`${z.definitions}: peak RSS, program / provider / engine (MiB)`, `${mib(peak("program"))} / ${mib(peak("provider"))} / ${mib(peak("engine"))}`,
      mib(m.cli?.rssKib.linstorCli), "", `${mib(m.floor.create.rssKib.program)} / ${mib(m.floor.create.rssKib.provider)} / ${mib(m.floor.create.rssKib.engine)}`,
      "≤ 300 each (program, provider)", yes((peak("program") ?? 0) <= 300 * 1024 && (peak("provider") ?? 0) <= 300 * 1024)]);
    out.push([`${z.definitions}: state per resource`, `${m.stateBytesPerResource} B`, "", "", "", "", ""]);
  }
  return out;
}

export function goalRows(docs: BenchResults[]): Row[] {
  const pick = <K extends keyof BenchResults>(k: K): BenchResults[K] | undefined => docs.find((d) => d[k] !== undefined)?.[k];
  const sizes = docs.flatMap((d) => d.scale?.sizes ?? []).sort((a, b) => a.definitions - b.definitions);
  const out: Row[] = [];
  sizes.forEach((z, i) => out.push(...sizeRows(z, i === sizes.length - 1)));
  if (sizes.length >= 2) {
    const [a, b] = [sizes.find((z) => z.definitions === 100) ?? sizes[sizes.length - 2], sizes[sizes.length - 1]];
    const g = (f: (z: SizeResult) => number | undefined): string => x(f(b), f(a));
    const pulumiGrowth = b.median.pulumi.create.ms / a.median.pulumi.create.ms;
    out.push([`growth ${a.definitions} → ${b.definitions} (create time)`, g((z) => z.median.pulumi.create.ms), g((z) => z.median.cli?.ms), g((z) => z.median.raw.ms), g((z) => z.median.floor.create.ms),
      `≤ ${(3.3 * b.definitions / 300).toFixed(1)}×`, yes(pulumiGrowth <= 3.3 * b.definitions / 300)]);
  }
  const start = pick("start");
  if (start) {
    const st = start.median;
    out.push([`one-definition up vs empty program (median of ${start.runs.length})`, s(st.oneDefinitionMs), "", "", s(st.emptyMs), "≤ 5 s above the engine's start", `${yes(st.aboveEngineMs <= 5000)} (${s(st.aboveEngineMs)} above)`]);
  }
  const move = pick("move");
  if (move) {
    const m = move.median;
    out.push([`move one replica of ${move.definitions} definitions (${move.runs.length === 1 ? "1 run" : `median of ${move.runs.length}`})`, s(m.pulumiMs), s(m.cliMs), s(m.rawMs), "", "≤ 0.5× CLI", `${yes(m.cliMs === undefined ? undefined : m.pulumiMs <= 0.5 * m.cliMs)} (${x(m.pulumiMs, m.cliMs)})`]);
    out.push(["move: resync end → old replica deleted, max", s(m.pulumiMaxLagMs), s(m.cliMaxLagMs), s(m.rawMaxLagMs), "", "≤ 1 s", yes(m.pulumiMaxLagMs <= 1000)]);
  }
  return out;
}

/**
 * The engine settings the documents' scale runs were measured with ("" for the offline defaults).
 * Documents measured with different settings do not go into one table: their figures would not compare.
 */
export function engineSettingsOf(docs: BenchResults[]): string {
  const seen = new Set(docs.filter((d) => d.scale).map((d) => Object.entries(d.scale?.engineSettings ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(", ")));
  if (seen.size > 1) throw new Error(`the documents' scale runs used different engine settings: ${[...seen].map((x) => x || "(defaults)").join(" / ")}`);
  return [...seen][0] ?? "";
}

export function goalTable(docs: BenchResults[]): string {
  const head = "| workload | `pulumi up` | linstor CLI script | raw REST script | engine floor | goal | holds |";
  return [head, "| --- | ---: | ---: | ---: | ---: | --- | --- |", ...goalRows(docs).map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

if (require.main === module) {
  const docs = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as BenchResults);
  if (docs.length === 0) {
    process.stderr.write("usage: bench/goals.ts results.json [more.json …]\n");
    process.exit(2);
  }
  const settings = engineSettingsOf(docs);
  if (settings) process.stdout.write(`engine settings: ${settings}\n\n`);
  process.stdout.write(`${goalTable(docs)}\n`);
  for (const d of docs) process.stdout.write(`\n${d.startedAt}: load ${d.machine.loadAtStart?.join(" ")} → ${d.machine.loadAtEnd?.join(" ")}, ${Math.round(d.durationMs / 1000)} s\n`);
}
