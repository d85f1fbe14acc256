// The results as a plain-text table (stdout) and as Markdown rows (README).

import type { BenchResults } from "./results";
import { perRouteText } from "./requests";
import { SCALE_OPS } from "./scale";

type Row = [string, string, string];

const ms = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? "–" : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const mib = (kib: number | undefined): string => (kib === undefined ? "–" : `${Math.round(kib / 1024)} MiB`);
const OP_LABEL: Record<string, string> = { create: "create from empty (up)", noopUp: "no-op up", preview: "preview", refresh: "refresh" };

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
  if (r.scale) {
    const s = r.scale;
    for (const op of SCALE_OPS) {
      const m = s.median[op];
      const kinds = s.runs[0]?.[op].byKind ?? {};
      const lists = Object.values(kinds).reduce((a, k) => a + k.lists, 0);
      const gets = Object.values(kinds).reduce((a, k) => a + k.gets, 0);
      out.push([`${s.replicas} replicas${s.frontDoor === "plugin" ? " (Pulumi YAML + plugin)" : ""}: ${OP_LABEL[op]}`, ms(m.ms),
        `${m.requests} requests (${lists} lists, ${gets} gets, ${m.requests - lists - gets} writes; ${m.requestsPerResource}/resource)`]);
    }
    out.push([`${s.replicas} replicas: provider peak RSS`, mib(Math.max(...SCALE_OPS.map((op) => s.median[op].providerPeakRssKib ?? 0))),
      SCALE_OPS.map((op) => `${op} ${mib(s.median[op].providerPeakRssKib)}`).join(", ")]);
    out.push([`${s.replicas} replicas: engine peak RSS`, mib(Math.max(...SCALE_OPS.map((op) => s.median[op].enginePeakRssKib ?? 0))),
      SCALE_OPS.map((op) => `${op} ${mib(s.median[op].enginePeakRssKib)}`).join(", ")]);
    const c = s.comparison;
    if (c) {
      out.push([`${s.definitions} definitions: raw REST script`, ms(c.rawMs), `create ÷ raw ${c.createRatio}×; requests per definition ${c.requestsPerDefinition} vs ${c.rawRequestsPerDefinition}`]);
      const routes = s.runs[0]?.create.perDefinition;
      if (routes) out.push([`${s.definitions} definitions: create requests by route`, `${c.requestsPerDefinition}`, `per definition: ${perRouteText(routes)}`]);
      out.push([`${s.replicas} replicas: state per resource`, `${c.stateBytesPerResource} B`, "checkpoint file after create ÷ Pulumi resources"]);
    }
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
