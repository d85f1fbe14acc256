// The GitOps step of examples/gitops/pipeline.sh: `pulumi preview` of a YAML stack through this
// repository's program (index.ts + Pulumi.yaml), the ordered plan written as a Markdown summary a
// merge request can show, and `pulumi up` when asked to apply. Driven through the Automation API,
// so nothing ever prompts; the backend, passphrase and controller come from the environment (or
// the options), so several pipelines share one state backend and the engine's lock.
//
//   node -r ts-node/register/transpile-only scripts/gitops.ts \
//     --stack clusters/prod.yaml --stack-name prod --summary plan.md [--apply] [--endpoint URL]
//
// Exit code: 0 when the preview (and the apply, if asked) succeeded, 1 otherwise, 2 on bad usage.

import * as fs from "fs";
import * as path from "path";
import { EngineEvent, LocalWorkspace, OpType, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as os from "os";
import { engineInstalled, engineRoot, offlineEnv, repoRoot } from "./engine";
import { checkStackFile, formatProblem } from "../provider/stack";

export interface GitopsOptions {
  /** The YAML stack file. */
  stackFile: string;
  /** The Pulumi stack (one per cluster), e.g. `prod` or `org/project/prod` on a service backend. */
  stackName: string;
  /** Controller URL(s); default: LINSTOR_ENDPOINT / LS_CONTROLLERS of the environment. */
  endpoint?: string;
  /** Run `pulumi up` after a successful preview. */
  apply: boolean;
  /** Where to write the Markdown summary; none when undefined. */
  summaryFile?: string;
  /** Extra environment for the engine (merged over process.env). */
  env?: Record<string, string>;
  /** The Pulumi program's folder (Pulumi.yaml + index.ts); default: this repository. */
  programDir?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/** One resource step of a run, in the order the engine took it, with the plan the provider logged for it. */
export interface PlannedStep {
  op: OpType;
  type: string;
  name: string;
  plan: string[];
}

export interface GitopsResult {
  ok: boolean;
  preview?: RunReport;
  up?: RunReport;
  summary: string;
}

export interface RunReport {
  ok: boolean;
  steps: PlannedStep[];
  /** Count per operation from the engine's summary (create, update, delete, same, ...). */
  changes: Record<string, number>;
  errors: string[];
  warnings: string[];
}

/** Collects a run's events: steps in order, the provider's `plan:` message per resource, errors. */
class EventLog {
  private readonly order: string[] = [];
  private readonly steps = new Map<string, PlannedStep>();
  private readonly plans = new Map<string, string[]>();
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  changes: Record<string, number> = {};

  readonly onEvent = (e: EngineEvent): void => {
    const pre = e.resourcePreEvent?.metadata;
    if (pre && pre.type !== "pulumi:pulumi:Stack" && !pre.type.startsWith("pulumi:providers:") && pre.op !== "same" && pre.op !== "read" && pre.op !== "refresh") {
      if (!this.steps.has(pre.urn)) this.order.push(pre.urn);
      this.steps.set(pre.urn, { op: pre.op, type: shortType(pre.type), name: pre.urn.split("::").pop() as string, plan: [] });
    }
    const d = e.diagnosticEvent;
    if (d && !d.ephemeral) {
      const text = (d.message ?? "").trimEnd();
      if (d.severity === "info" && text.startsWith("plan:") && d.urn) {
        this.plans.set(d.urn, text.split("\n").slice(1).map((l) => l.trim()).filter((l) => l !== ""));
      } else if (d.severity === "error") {
        this.errors.push(text);
      } else if (d.severity === "warning") {
        this.warnings.push(text);
      }
    }
    const summary = e.summaryEvent;
    if (summary) this.changes = { ...summary.resourceChanges } as Record<string, number>;
  };

  report(ok: boolean, extraError?: string): RunReport {
    const steps = this.order.map((urn) => ({ ...(this.steps.get(urn) as PlannedStep), plan: this.plans.get(urn) ?? [] }));
    const errors = [...this.errors];
    if (extraError && !errors.some((e) => extraError.includes(e) || e.includes(extraError))) errors.push(extraError);
    return { ok, steps, changes: this.changes, errors, warnings: [...this.warnings] };
  }
}

/** `linstor:index:Resource` → `Resource` (the type is `pulumi-nodejs:dynamic:Resource` with the kind in the name). */
function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}

async function pulumiCommand(): Promise<PulumiCommand> {
  // The engine scripts/install-pulumi.sh put into the repository, else a `pulumi` on PATH.
  return engineInstalled() ? PulumiCommand.get({ root: engineRoot }) : PulumiCommand.get();
}

/**
 * The Pulumi stack `stackName` of the repository's program (or `programDir`'s), set to apply
 * `stackFile` (config linstor:stack, absolute) on `endpoint` (config linstor:endpoint, when given).
 * Also what the end-to-end tests drive YAML stacks with.
 */
export async function openYamlStack(opts: Pick<GitopsOptions, "stackFile" | "stackName" | "endpoint" | "env" | "programDir">): Promise<Stack> {
  const envVars: Record<string, string> = {
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...(engineInstalled() ? { PATH: `${path.join(engineRoot, "bin")}${path.delimiter}${process.env.PATH ?? ""}` } : {}),
    ...(opts.env ?? {}),
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName, workDir: opts.programDir ?? repoRoot },
    { pulumiCommand: await pulumiCommand(), envVars },
  );
  await stack.setConfig("linstor:stack", { value: path.resolve(opts.stackFile) });
  // Each run says where the controller is; an endpoint left in the stack's config by an earlier run must not win.
  if (opts.endpoint) await stack.setConfig("linstor:endpoint", { value: opts.endpoint });
  else await stack.removeConfig("linstor:endpoint").catch(() => undefined);
  return stack;
}

export interface ScratchStack {
  stack: Stack;
  stackName: string;
  /** Removes the stack, its config file in the program folder and its state. */
  dispose(): Promise<void>;
}

/**
 * A throwaway stack of the repository's program with its own local state in a temporary folder
 * (offline engine settings): for tests and for trying a stack out without touching shared state.
 */
export async function scratchYamlStack(endpoint: string, stackFile: string, label: string): Promise<ScratchStack> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `pl-${label}-`));
  const stackName = `scratch-${label}-${process.pid}`;
  const stack = await openYamlStack({ stackFile, stackName, endpoint, env: offlineEnv(stateDir) });
  return {
    stack,
    stackName,
    async dispose() {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
      // `pulumi stack rm` deletes the stack's config file too; make sure none is left behind.
      fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}.yaml`), { force: true });
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // The Automation API error carries the whole command output; its stderr part is what matters.
  const stderr = /stderr: ([\s\S]*?)(\n\s*err\?:|$)/.exec(text)?.[1]?.trim();
  return stderr && stderr !== "" ? stderr : text;
}

/** Validate, preview (summary), and apply when asked. Never throws for a failed run: `ok` says it. */
export async function runGitops(opts: GitopsOptions): Promise<GitopsResult> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const check = checkStackFile(opts.stackFile);
  if (!check.ok) {
    const problems = check.problems.map(formatProblem);
    const summary = renderSummary(opts, { invalid: problems });
    writeSummary(opts, summary);
    for (const p of problems) log(p);
    return { ok: false, summary };
  }

  const stack = await openYamlStack(opts);
  log(`preview of ${opts.stackFile} (stack ${opts.stackName})`);
  const previewLog = new EventLog();
  let preview: RunReport;
  try {
    await stack.preview({ onEvent: previewLog.onEvent, diff: false });
    preview = previewLog.report(true);
  } catch (err) {
    preview = previewLog.report(false, errorText(err));
  }
  let up: RunReport | undefined;
  if (preview.ok && opts.apply) {
    log(`pulumi up of ${opts.stackFile} (stack ${opts.stackName})`);
    const upLog = new EventLog();
    try {
      await stack.up({ onEvent: upLog.onEvent });
      up = upLog.report(true);
    } catch (err) {
      up = upLog.report(false, errorText(err));
    }
  }
  const summary = renderSummary(opts, { preview, up });
  writeSummary(opts, summary);
  for (const e of [...preview.errors, ...(up?.errors ?? [])]) log(`error: ${e}`);
  return { ok: preview.ok && (up?.ok ?? true), preview, up, summary };
}

function writeSummary(opts: GitopsOptions, summary: string): void {
  if (opts.summaryFile) fs.writeFileSync(opts.summaryFile, summary);
}

const CHANGE_ORDER = ["create", "update", "replace", "delete", "same"];

function changeLine(changes: Record<string, number>): string {
  const keys = Object.keys(changes).sort((a, b) => rank(a) - rank(b));
  return keys.length === 0 ? "no resources" : keys.map((k) => `${changes[k]} to ${k}`).join(", ");
}

function rank(op: string): number {
  const i = CHANGE_ORDER.indexOf(op);
  return i < 0 ? CHANGE_ORDER.length : i;
}

function stepsMarkdown(steps: PlannedStep[]): string[] {
  if (steps.length === 0) return ["No changes: the cluster already matches the stack."];
  const out: string[] = [];
  steps.forEach((s, i) => {
    out.push(`${i + 1}. **${s.op}** ${s.type} \`${s.name}\``);
    for (const line of s.plan) out.push(`   - ${line.replace(/^\d+\.\s*/, "")}`);
  });
  return out;
}

/** The Markdown a merge request shows: what will change, in order, with the LINSTOR steps of each resource. */
export function renderSummary(opts: Pick<GitopsOptions, "stackFile" | "stackName" | "apply">,
  run: { invalid?: string[]; preview?: RunReport; up?: RunReport }): string {
  const lines = [`## pulumi-linstor: \`${opts.stackFile}\` → stack \`${opts.stackName}\``, ""];
  if (run.invalid) {
    lines.push("**The stack file is invalid**; nothing was sent to the controller.", "", "```", ...run.invalid, "```", "");
    return lines.join("\n");
  }
  const preview = run.preview as RunReport;
  lines.push(`### Plan${preview.ok ? "" : " (failed)"}`, "", `Changes: ${changeLine(preview.changes)}.`, "", ...stepsMarkdown(preview.steps), "");
  if (preview.warnings.length) lines.push("Warnings:", "", ...preview.warnings.map((w) => `- ${w.replace(/\n/g, " ")}`), "");
  if (preview.errors.length) lines.push("Errors:", "", "```", ...preview.errors, "```", "");
  if (run.up) {
    lines.push(`### Applied${run.up.ok ? "" : " (failed)"}`, "", `Changes: ${changeLine(run.up.changes)}.`, "");
    if (run.up.errors.length) lines.push("Errors:", "", "```", ...run.up.errors, "```", "");
  } else if (preview.ok) {
    lines.push(opts.apply ? "" : "_Preview only: this branch does not apply. Merging into the main branch applies the plan._", "");
  }
  return lines.join("\n");
}

// -------------------------------------------------------------------------------------------------

function parseArgs(argv: string[]): GitopsOptions | string {
  const opts: Partial<GitopsOptions> = { apply: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "--stack": opts.stackFile = value(); break;
      case "--stack-name": opts.stackName = value(); break;
      case "--summary": opts.summaryFile = value(); break;
      case "--endpoint": opts.endpoint = value(); break;
      case "--program-dir": opts.programDir = value(); break;
      case "--apply": opts.apply = true; break;
      default: return `unknown argument "${arg}"`;
    }
  }
  if (!opts.stackFile) return "--stack FILE is required";
  if (!opts.stackName) return "--stack-name NAME is required";
  return opts as GitopsOptions;
}

if (require.main === module) {
  let parsed: GitopsOptions | string;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    parsed = (err as Error).message;
  }
  if (typeof parsed === "string") {
    process.stderr.write(`gitops: ${parsed}\nusage: gitops.ts --stack FILE --stack-name NAME [--summary FILE] [--endpoint URL] [--apply]\n`);
    process.exit(2);
  }
  const opts = parsed;
  runGitops(opts).then(
    (result) => {
      if (!opts.summaryFile) process.stdout.write(result.summary);
      process.exitCode = result.ok ? 0 : 1;
    },
    (err: unknown) => {
      process.stderr.write(`gitops: ${errorText(err)}\n`);
      process.exitCode = 1;
    },
  );
}
