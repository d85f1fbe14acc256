// Drift as a `pulumi preview --refresh` shows it: after the refresh reads every object back from the
// controller, each step the engine still plans is a difference between the cluster and the stack.
// This module turns those steps into findings (object, what differs, on which node) and the
// Markdown report of the drift job.

import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";

export interface DriftFinding {
  /** LINSTOR kind (Resource, StoragePool, ...) and the object's name in the stack. */
  kind: string;
  name: string;
  /** What differs, in words. */
  what: string;
  /** The node it concerns, when it is about one. */
  node?: string;
}

type Props = Record<string, unknown>;

/** Fields that name nodes: a difference there is said per node. */
const NODE_LISTS: Record<string, { missing: string; extra: string }> = {
  nodes: { missing: "diskful replica missing", extra: "diskful replica the stack does not declare" },
  diskless: { missing: "diskless replica missing", extra: "diskless replica the stack does not declare" },
};
/** Bookkeeping and inputs that never reach the controller. */
const IGNORED = new Set(["__urn", "__provider", "adopt", "timeouts", "ssh", "prepare"]);

const kindOf = (type: string): string => /linstor:(\w+)$/.exec(type)?.[1] ?? type.split(":").pop() ?? type;
const nameOf = (urn: string): string => urn.split("::").pop() as string;
const show = (v: unknown): string => (v === undefined ? "(not set)" : typeof v === "string" ? v : JSON.stringify(v));

function names(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function nodeOf(kind: string, name: string, props: Props): string | undefined {
  if (typeof props.node === "string") return props.node;
  if (kind === "Node") return typeof props.name === "string" ? props.name : name;
  if (kind === "StoragePool") return name.split("/")[0];
  return undefined;
}

/** One step of a refreshed preview → what differs between the cluster (old) and the stack (new). */
export function findingsOf(op: OpType, type: string, urn: string, cluster: Props | undefined, stack: Props | undefined, diffs: string[] | undefined): DriftFinding[] {
  const kind = kindOf(type);
  const name = nameOf(urn);
  const node = nodeOf(kind, name, stack ?? cluster ?? {});
  if (op === "create" || op === "create-replacement") return [{ kind, name, what: "missing on the controller", node }];
  if (op === "delete" || op === "delete-replaced") return [{ kind, name, what: "on the controller but not in the stack", node }];
  const out: DriftFinding[] = [];
  const keys = diffs && diffs.length > 0 ? diffs : Object.keys({ ...(cluster ?? {}), ...(stack ?? {}) });
  for (const key of keys.map((k) => k.split(/[.[]/)[0]).filter((k, i, all) => all.indexOf(k) === i)) {
    if (IGNORED.has(key)) continue;
    const was = cluster?.[key];
    const want = stack?.[key];
    const list = NODE_LISTS[key];
    if (list) {
      const have = names(was);
      const wanted = names(want);
      const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();
      for (const n of wanted.filter((w) => !have.some((h) => same(h, w)))) out.push({ kind, name, what: list.missing, node: n });
      for (const n of have.filter((h) => !wanted.some((w) => same(h, w)))) out.push({ kind, name, what: list.extra, node: n });
      continue;
    }
    if (JSON.stringify(was) === JSON.stringify(want)) continue;
    out.push({ kind, name, what: `${key} is ${show(was)} on the controller, the stack says ${show(want)}`, node });
  }
  if (out.length === 0 && op !== "same") out.push({ kind, name, what: `differs from the stack (${op})`, node });
  return out;
}

/** Collects the findings of a `preview --refresh` from its engine events. */
export class DriftLog {
  readonly findings: DriftFinding[] = [];

  readonly onEvent = (e: EngineEvent): void => {
    const m = e.resourcePreEvent?.metadata;
    if (!m || m.type === "pulumi:pulumi:Stack" || m.type.startsWith("pulumi:providers:")) return;
    if (m.op === "same" || m.op === "read" || m.op === "refresh") return;
    this.findings.push(...findingsOf(m.op, m.type, m.urn, m.old?.inputs, m.new?.inputs, m.diffs));
  };
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The drift job's Markdown: what changed by hand, on which node, and how the next `up` repairs it. */
export function renderDrift(title: string, findings: DriftFinding[], repairPlan: string[]): string {
  const lines = [title, ""];
  if (findings.length === 0) {
    lines.push("No drift: the cluster matches the stack.", "");
    return lines.join("\n");
  }
  const objects = new Set(findings.map((f) => `${f.kind}:${f.name}`)).size;
  lines.push(`**The cluster drifted from the stack**: ${objects} object${objects === 1 ? "" : "s"} changed outside the pipeline.`, "",
    "| object | what changed by hand | node |", "| --- | --- | --- |");
  for (const f of findings) lines.push(`| ${f.kind} \`${cell(f.name)}\` | ${cell(f.what)} | ${f.node ?? ""} |`);
  lines.push("");
  if (repairPlan.length > 0) lines.push("### Repair: what the next `up` of the main branch does", "", ...repairPlan, "");
  lines.push("_The next run of the main branch (`up --refresh`) puts the cluster back to the stack; to keep a change made by hand, " +
    "write it into the stack file instead._", "");
  return lines.join("\n");
}
