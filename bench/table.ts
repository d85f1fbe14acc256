// The results as a plain-text table (stdout) and as Markdown rows (README).

import type { BenchResults } from "./results";
import { perRouteText } from "./requests";
import type { ProcessRole } from "./rss";
import type { ScaleResult } from "./scale";

type Row = [string, string, string];

const ms = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? "–" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const mib = (kib: number | undefined): string => (kib === undefined ? "–" : `${Math.round(kib / 1024)} MiB`);

const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? "–" : `${(a / b).toFixed(2)}×`);
const rss = (r: Partial<Record<ProcessRole, number>>): string => Object.entries(r).map(([role, kib]) => `${role} ${mib(kib)}`).join(", ");

function scaleRows(s: ScaleResult, out: Row[]): void {
  for (const z of s.sizes) {
    const m = z.median;
    const tag = `${z.definitions} definitions`;
    const n = `median of ${z.runs.length}, load ${m.load}`;
    out.push([`${tag}: create, pulumi up`, ms(m.pulumi.create.ms),
      `linstor CLI ${ms(m.cli?.ms)}, raw REST ${ms(m.raw.ms)}, engine floor ${ms(m.floor.create.ms)}; pulumi ÷ CLI ${ratio(m.pulumi.create.ms, m.cli?.ms)}, ÷ raw ${ratio(m.pulumi.create.ms, m.raw.ms)}, ÷ floor ${ratio(m.pulumi.create.ms, m.floor.create.ms)} (${n})`]);
    out.push([`${tag}: requests per definition`, String(m.pulumi.create.requestsPerDefinition), `linstor CLI ${m.cli?.requestsPerDefinition ?? "–"}, raw REST ${m.raw.requestsPerDefinition}`]);
    const routes = z.runs[0]?.pulumi.create.perDefinition;
    if (routes) out.push([`${tag}: create requests by route`, String(m.pulumi.create.requestsPerDefinition), `per definition: ${perRouteText(routes)}`]);
    out.push([`${tag}: no-op up / refresh`, `${ms(m.pulumi.noopUp.ms)} / ${ms(m.pulumi.refresh.ms)}`,
      `engine floor: no-op up ${ms(m.floor.noopUp.ms)}, refresh ${ms(m.floor.refresh.ms)}; requests ${m.pulumi.noopUp.requestsPerDefinition} / ${m.pulumi.refresh.requestsPerDefinition} per definition`]);
    if (m.pulumi.preview) out.push([`${tag}: no-op preview`, ms(m.pulumi.preview.ms), `${m.pulumi.preview.requestsPerDefinition} requests per definition`]);
    out.push([`${tag}: state per resource`, `${m.stateBytesPerResource} B`, `${z.pulumiResources} Pulumi resources`]);
    out.push([`${tag}: peak RSS during create`, "", `pulumi: ${rss(m.pulumi.create.rssKib)}; CLI: ${m.cli ? rss(m.cli.rssKib) : "–"}; floor: ${rss(m.floor.create.rssKib)}`]);
  }
  const g = s.growth;
  if (g) out.push([`growth ${g.from} → ${g.to} definitions (create)`, `${g.pulumi}×`, `requests ${g.pulumiRequests}×; linstor CLI ${g.cli ?? "–"}×, raw REST ${g.raw}×, engine floor ${g.floor}×`]);
  if (s.cliMissing) out.push(["linstor CLI column", "–", s.cliMissing]);
}

export function rows(r: BenchResults): Row[] {
  const out: Row[] = [];
  if (r.plugin) {
    const p = r.plugin;
    const n = `median of ${p.runs.length}`;
    out.push(["walkthrough, 8 steps, dynamic resources", ms(p.median.dynamicMs), n]);
    out.push(["walkthrough, 8 steps, provider plugin (Pulumi YAML)", ms(p.median.pluginMs), p.runs.every((x) => x.sameEndState) ? "same end state" : "END STATES DIFFER"]);
    out.push(["no-op up, dynamic / plugin", `${ms(p.median.dynamicNoopMs)} / ${ms(p.median.pluginNoopMs)}`, n]);
  }
  if (r.walkthrough) {
    const w = r.walkthrough;
    const n = `median of ${w.runs.length}`;
    out.push(["walkthrough, 8 steps, pulumi up", ms(w.median.pulumiMs), n]);
    out.push(["walkthrough, 8 steps, raw client", ms(w.median.rawMs), n]);
    out.push(["walkthrough ratio pulumi / raw", `${w.median.ratio}×`, w.runs.every((x) => x.sameEndState) ? "same end state" : "END STATES DIFFER"]);
  }
  if (r.scale) scaleRows(r.scale, out);
  if (r.move) {
    const m = r.move;
    const n = `median of ${m.runs.length}`;
    out.push([`move one replica of ${m.definitions} definitions: pulumi up`, ms(m.median.pulumiMs),
      `linstor CLI ${ms(m.median.cliMs)}, raw REST ${ms(m.median.rawMs)}; pulumi ÷ CLI ${ratio(m.median.pulumiMs, m.median.cliMs)}, ÷ raw ${ratio(m.median.pulumiMs, m.median.rawMs)} (${n})`]);
    out.push(["move: resync end → old replica gone (max)", ms(m.median.pulumiMaxLagMs), `linstor CLI ${ms(m.median.cliMaxLagMs)}, raw REST ${ms(m.median.rawMaxLagMs)}`]);
  }
  if (r.start) {
    const st = r.start.median;
    out.push(["up of an empty program (the engine's own start)", ms(st.emptyMs), `median of ${r.start.runs.length}`]);
    out.push(["up adding one definition", ms(st.oneDefinitionMs), `${ms(st.aboveEngineMs)} above the engine's start; ${st.oneDefinitionRequests} requests`]);
  }
  if (r.convergence) {
    const c = r.convergence;
    out.push(["replica move: resync end → old replica gone", ms(c.median.moveEndLagMs), `median of ${c.runs.length}, max ${ms(c.max.moveEndLagMs)}`]);
    out.push(["replica move: resync end → up returns", ms(c.median.upEndLagMs), `resync ${ms(c.median.resyncMs)}, whole up ${ms(c.median.upMs)}`]);
  }
  if (r.planner) {
    const p = r.planner;
    out.push([`planner, ${p.replicas} replicas, nothing to do`, ms(p.noop.medianMs), `median of ${p.noop.ms.length}`]);
    out.push([`planner, ${p.replicas} replicas, 1 % changed`, ms(p.changes.medianMs), `${p.changes.steps} steps`]);
  }
  return out;
}

export function textTable(r: BenchResults): string {
  const all: Row[] = [["benchmark", "value", "notes"], ...rows(r)];
  const w = [0, 1, 2].map((i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: Row): string => row.map((c, i) => (i === 1 ? c.padStart(w[i]) : c.padEnd(w[i]))).join("  ").trimEnd();
  return [line(all[0]), w.map((n) => "-".repeat(n)).join("  "), ...all.slice(1).map(line)].join("\n");
}

export function markdownTable(r: BenchResults): string {
  return ["| benchmark | value | notes |", "| --- | ---: | --- |", ...rows(r).map((row) => `| ${row.join(" | ")} |`)].join("\n");
}
