// The GitOps step of examples/gitops/pipeline.sh: `pulumi preview --refresh` of a YAML stack
// through this repository's program (index.ts + Pulumi.yaml), the ordered plan written as a
// Markdown summary a merge request can show, and `pulumi up --refresh` when asked to apply; or,
// as the drift job, `pulumi preview --refresh --expect-no-changes` with a Markdown drift report.
// Driven through the Automation API, so nothing ever prompts; the backend, passphrase and
// controller come from the environment (or the options), so several pipelines share one state
// backend and the engine's lock (an `up` that finds the stack locked waits for it, up to a limit).
//
//   node -r ts-node/register/transpile-only scripts/gitops.ts \
//     --stack clusters/prod.yaml --stack-name prod --summary plan.md [--apply] [--endpoint URL]
//     [--drift] [--policy-pack DIR] [--policy-config FILE] [--lock-wait SECONDS] [--no-refresh]
//
// Exit code: 0 when the preview (and the apply, if asked) succeeded, 1 otherwise, 2 on bad usage,
// 3 when the drift job found drift.

import * as fs from "fs";
import * as path from "path";
import { EngineEvent, LocalWorkspace, OpType, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as os from "os";
import { engineInstalled, engineRoot, offlineEnv, repoRoot } from "./engine";
import { DriftFinding, DriftLog, renderDrift } from "./gitops-drift";
import { checkStackFile, formatProblem, type LoadedStack } from "../provider/stack";
import { configure as configureConnection, linstorClient } from "../provider/resources/context";

export interface GitopsOptions {
  /** The YAML stack file. */
  stackFile: string;
  /** The Pulumi stack (one per cluster), e.g. `prod` or `org/project/prod` on a service backend. */
  stackName: string;
  /** Controller URL(s); default: LINSTOR_ENDPOINT / LS_CONTROLLERS of the environment. */
  endpoint?: string;
  /** Run `pulumi up` after a successful preview. */
  apply: boolean;
  /** The drift job: `preview --refresh --expect-no-changes`, a drift report instead of a plan; never applies. */
  drift?: boolean;
  /** Read the cluster back before planning (`--refresh`); default true. */
  refresh?: boolean;
  /** Policy pack folders run with every preview and up (`--policy-pack`). */
  policyPacks?: string[];
  /** The team's policy config (JSON, `--policy-pack-config`); the deletion rule's `holdingData` is added to it. */
  policyConfig?: string;
  /** How long an `up` waits for a stack another run holds locked; default 600 s, 0 fails at once. */
  lockWaitSeconds?: number;
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

export interface PolicyViolation {
  policy: string;
  level: string;
  message: string;
}

export interface GitopsResult {
  ok: boolean;
  preview?: RunReport;
  up?: RunReport;
  /** The drift job's findings (empty: no drift). */
  drift?: DriftFinding[];
  summary: string;
  /** 0 ok, 1 failed, 3 drift found. */
  exitCode: number;
}

export interface RunReport {
  ok: boolean;
  steps: PlannedStep[];
  /** Count per operation from the engine's summary (create, update, delete, same, ...). */
  changes: Record<string, number>;
  errors: string[];
  warnings: string[];
  policyViolations: PolicyViolation[];
}

/** Engine notes that are no finding of the run (a plugin found on PATH instead of the plugin cache). */
const ENGINE_NOTE = /^using pulumi-[\w-]+ from \$PATH/;

/** Collects a run's events: steps in order, the provider's `plan:` message per resource, errors, policy violations. */
class EventLog {
  private readonly order: string[] = [];
  private readonly steps = new Map<string, PlannedStep>();
  private readonly plans = new Map<string, string[]>();
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  readonly violations: PolicyViolation[] = [];
  changes: Record<string, number> = {};

  constructor(private readonly also?: (e: EngineEvent) => void) {}

  readonly onEvent = (e: EngineEvent): void => {
    this.also?.(e);
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
      } else if (d.severity === "warning" && !ENGINE_NOTE.test(text)) {
        this.warnings.push(text);
      }
    }
    const p = e.policyEvent;
    if (p) {
      // The engine sends the policy's description, then the violation's own message.
      const lines = p.message.trim().split("\n").map((l) => l.trim()).filter((l) => l !== "");
      this.violations.push({ policy: p.policyName, level: p.enforcementLevel, message: (lines.length > 1 ? lines.slice(1) : lines).join(" ") });
    }
    const summary = e.summaryEvent;
    if (summary) this.changes = { ...summary.resourceChanges } as Record<string, number>;
  };

  report(ok: boolean, extraError?: string): RunReport {
    const steps = this.order.map((urn) => ({ ...(this.steps.get(urn) as PlannedStep), plan: this.plans.get(urn) ?? [] }));
    let errors = [...this.errors];
    if (extraError && !errors.some((e) => extraError.includes(e) || e.includes(extraError))) errors.push(extraError);
    // The engine's closing "preview failed" / "update failed" adds nothing to the errors before it.
    if (errors.length > 1) errors = errors.filter((e) => !/^(preview|update|refresh) failed$/.test(e));
    return { ok, steps, changes: this.changes, errors: unique(errors), warnings: unique(this.warnings), policyViolations: this.violations };
  }
}

function unique(lines: string[]): string[] {
  return lines.filter((l, i) => lines.indexOf(l) === i);
}

/** `linstor:index:Resource` → `Resource` (the type is `pulumi-nodejs:dynamic/linstor:Resource`). */
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

/** Pulumi's message for a stack another update holds (file, S3, PostgreSQL, ... backends), or undefined. */
export function lockMessage(text: string): string | undefined {
  const at = text.search(/the stack is currently locked|Another update is currently in progress/);
  if (at < 0) return undefined;
  return text.slice(at).split("\n").filter((l) => l.trim() !== "").map((l) => l.replace(/^error:\s*/, "")).join("\n");
}

/** What to do about a lock, for the job log and the summary. */
export function lockAdvice(stackName: string): string {
  return `another run (a pipeline or a person) is updating stack ${stackName}: rerun this job when it has ended; ` +
    `if no run is active any more (a runner died holding the lock), clear it with \`pulumi cancel --stack ${stackName} --yes\``;
}

/** The one line that says why a run failed: a controller that cannot be reached or read wins over what follows from it. */
export function headline(errors: string[]): string | undefined {
  const controller = errors.find((e) => /controller/i.test(e) && /unreachable|cannot reach|could not (plan|read)|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|HTTP \d{3}/.test(e));
  const first = controller ?? errors[0];
  if (first === undefined) return undefined;
  // The engine prefixes the resource's URN; the provider's own message follows it.
  const line = first.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? first;
  return line.replace(/^(error:\s*)?(preview failed:\s*)?(refreshing|diffing|checking|updating|creating)?\s*urn:pulumi:\S+:\s*/i, "");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The definitions that hold data in the stack's current state (a replica set with diskful replicas
 * and volumes): what the deletion-review policy protects. Empty for a new stack.
 */
export async function definitionsHoldingData(stack: Stack): Promise<string[]> {
  const deployment = await stack.exportStack();
  const resources = ((deployment.deployment as { resources?: { type: string; outputs?: Record<string, unknown> }[] })?.resources) ?? [];
  const of = (kind: string) => resources.filter((r) => new RegExp(`linstor:${kind}$`).test(r.type));
  const withVolumes = new Set(of("VolumeDefinition").map((v) => String(v.outputs?.resource ?? "").toUpperCase()));
  return of("Resource")
    .filter((r) => {
      const o = r.outputs ?? {};
      const diskful = Array.isArray(o.diskfulNodes) ? o.diskfulNodes : Array.isArray(o.nodes) ? o.nodes : [];
      return typeof o.resource === "string" && diskful.length > 0 && withVolumes.has(o.resource.toUpperCase());
    })
    .map((r) => r.outputs?.resource as string);
}

/**
 * What the changed stack file keeps: its definitions, and those with diskful replicas. A policy
 * cannot see a deletion in a preview (Pulumi still lists the objects it is about to delete), so the
 * deletion rule compares the state's data-holding definitions with this.
 */
function keptByStack(stack: LoadedStack): { kept: string[]; keptWithReplicas: string[] } {
  const d = stack.desired;
  const kept = [...new Set([...(d.resourceDefinitions ?? []).map((r) => r.name), ...(d.resources ?? []).map((r) => r.resource)])];
  const keptWithReplicas = (d.resources ?? [])
    .filter((r) => (r.nodes?.length ?? 0) > 0 || (r.autoPlace?.placeCount ?? 0) > 0 || r.restoreFrom !== undefined)
    .map((r) => r.resource);
  return { kept, keptWithReplicas };
}

/** The team's policy config with the deletion rule's facts filled in, as a file for `--policy-pack-config`. */
async function policyConfigFile(opts: GitopsOptions, stack: Stack, loaded: LoadedStack, dir: string): Promise<string> {
  let config: Record<string, Record<string, unknown>> = {};
  if (opts.policyConfig) {
    try {
      config = JSON.parse(fs.readFileSync(opts.policyConfig, "utf8")) as typeof config;
    } catch (err) {
      throw new Error(`policy config ${opts.policyConfig}: ${(err as Error).message}`, { cause: err });
    }
  }
  const rule = "linstor-data-deletion-review";
  const current = typeof config[rule] === "object" && config[rule] !== null ? config[rule] : {};
  config[rule] = { ...current, holdingData: await definitionsHoldingData(stack), ...keptByStack(loaded) };
  const file = path.join(dir, "policy-config.json");
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * One line when the controller cannot be reached or read, with the connection the provider would
 * use (--endpoint, LINSTOR_ENDPOINT, the stack's controller block, LS_CONTROLLERS, in that order).
 * A preview that plans no change and refreshes with the settings of the last run would otherwise
 * never ask the controller this run names.
 */
async function controllerProblem(opts: GitopsOptions): Promise<string | undefined> {
  configureConnection({ endpoint: opts.endpoint, stack: path.resolve(opts.stackFile) });
  const client = linstorClient();
  try {
    await client.controller.version();
    return undefined;
  } catch (err) {
    return `cannot reach the LINSTOR controller at ${client.endpoints.join(", ")}: ${(err as Error).message.split("\n")[0]}`;
  }
}

/** Validate, preview (summary), and apply when asked; or the drift check. Never throws for a failed run: `ok` says it. */
export async function runGitops(opts: GitopsOptions): Promise<GitopsResult> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const check = checkStackFile(opts.stackFile);
  if (!check.ok) {
    const problems = check.problems.map(formatProblem);
    const summary = renderSummary(opts, { invalid: problems });
    writeSummary(opts, summary);
    for (const p of problems) log(p);
    return { ok: false, summary, exitCode: 1 };
  }

  const unreachable = await controllerProblem(opts);
  if (unreachable) {
    const failed: RunReport = { ok: false, steps: [], changes: {}, errors: [unreachable], warnings: [], policyViolations: [] };
    const summary = renderSummary(opts, { preview: failed });
    writeSummary(opts, summary);
    log(`error: ${unreachable}`);
    return { ok: false, preview: failed, summary, exitCode: 1 };
  }

  const stack = await openYamlStack(opts);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pl-gitops-"));
  try {
    const refresh = opts.refresh ?? true;
    const policy = opts.policyPacks?.length
      ? { policyPacks: opts.policyPacks.map((p) => path.resolve(p)), policyPackConfigs: [await policyConfigFile(opts, stack, check.stack, scratch)] }
      : {};
    if (opts.drift) return await driftCheck(opts, stack, policy, log);

    log(`preview${refresh ? " --refresh" : ""} of ${opts.stackFile} (stack ${opts.stackName})`);
    const previewLog = new EventLog();
    let preview: RunReport;
    try {
      await stack.preview({ onEvent: previewLog.onEvent, diff: false, refresh, ...policy });
      preview = previewLog.report(true);
    } catch (err) {
      preview = previewLog.report(false, errorText(err));
    }
    let up: RunReport | undefined;
    if (preview.ok && opts.apply) up = await upWaitingForLock(opts, stack, { refresh, ...policy }, log);
    const summary = renderSummary(opts, { preview, up });
    writeSummary(opts, summary);
    const violations = [...preview.policyViolations, ...(up?.policyViolations ?? [])];
    for (const v of violations) log(`policy ${v.policy} (${v.level}): ${v.message}`);
    const failed = [preview, up].find((r) => r && !r.ok);
    const stoppedBy = failed?.policyViolations.find((v) => v.level === "mandatory");
    const line = stoppedBy ? `stopped by policy ${stoppedBy.policy}: ${stoppedBy.message}` : failed && headline(failed.errors);
    if (line) log(`error: ${line}`);
    const ok = preview.ok && (up?.ok ?? true);
    return { ok, preview, up, summary, exitCode: ok ? 0 : 1 };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** `pulumi up`, retried while another run holds the stack's lock, at most `lockWaitSeconds`. */
async function upWaitingForLock(opts: GitopsOptions, stack: Stack, upOpts: { refresh: boolean; policyPacks?: string[]; policyPackConfigs?: string[] },
  log: (line: string) => void): Promise<RunReport> {
  const limitMs = (opts.lockWaitSeconds ?? 600) * 1000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    log(`pulumi up${upOpts.refresh ? " --refresh" : ""} of ${opts.stackFile} (stack ${opts.stackName})`);
    const upLog = new EventLog();
    try {
      await stack.up({ onEvent: upLog.onEvent, ...upOpts });
      return upLog.report(true);
    } catch (err) {
      const text = errorText(err);
      const locked = lockMessage(text);
      if (!locked) return upLog.report(false, text);
      log(`the stack is locked; Pulumi says: ${locked}`);
      const waited = Date.now() - started;
      if (waited >= limitMs) {
        log(`what to do: ${lockAdvice(opts.stackName)}`);
        const report = upLog.report(false, locked);
        report.errors = [locked, `What to do: ${lockAdvice(opts.stackName)}.`];
        return report;
      }
      // Spread the retries of runs that collided (each saw the other's lock and let go).
      const pause = Math.min(limitMs - waited, 3000 + Math.floor(Math.random() * 4000));
      log(`waiting for the other run to finish (attempt ${attempt}; waited ${Math.round(waited / 1000)} s of at most ${Math.round(limitMs / 1000)} s)`);
      await sleep(pause);
    }
  }
}

/** The drift job: `preview --refresh --expect-no-changes`; any planned change is drift, reported in Markdown. */
async function driftCheck(opts: GitopsOptions, stack: Stack, policy: { policyPacks?: string[]; policyPackConfigs?: string[] },
  log: (line: string) => void): Promise<GitopsResult> {
  log(`drift check (preview --refresh --expect-no-changes) of ${opts.stackFile} (stack ${opts.stackName})`);
  const drift = new DriftLog();
  const previewLog = new EventLog(drift.onEvent);
  let preview: RunReport;
  try {
    await stack.preview({ onEvent: previewLog.onEvent, diff: false, refresh: true, expectNoChanges: true, ...policy });
    preview = previewLog.report(true);
  } catch (err) {
    preview = previewLog.report(false, errorText(err));
  }
  const drifted = drift.findings.length > 0;
  // With drift, the engine's "no changes were expected" error is the finding itself, not a failure of the check.
  const errors = preview.errors.filter((e) => !/no changes were expected/i.test(e));
  const failed = !preview.ok && (!drifted || errors.length > 0);
  const title = `## pulumi-linstor drift check: \`${opts.stackFile}\` → stack \`${opts.stackName}\``;
  let summary: string;
  if (failed) {
    const line = headline(errors) ?? "the drift check failed";
    summary = [title, "", "**The drift check failed**; the cluster could not be compared with the stack.", "", "```", line, "```", ""].join("\n");
    log(`error: ${line}`);
  } else {
    summary = renderDrift(title, drift.findings, stepsMarkdown(preview.steps.filter((s) => s.plan.length > 0)));
    for (const f of drift.findings) log(`drift: ${f.kind} ${f.name}: ${f.what}${f.node ? ` (node ${f.node})` : ""}`);
    if (!drifted) log("no drift: the cluster matches the stack");
  }
  writeSummary(opts, summary);
  const exitCode = failed ? 1 : drifted ? 3 : 0;
  return { ok: exitCode === 0, preview, drift: drift.findings, summary, exitCode };
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

function violationsMarkdown(violations: PolicyViolation[]): string[] {
  if (violations.length === 0) return [];
  const mandatory = violations.some((v) => v.level === "mandatory");
  return [`### Policy violations${mandatory ? " (the change is stopped)" : ""}`, "",
    ...violations.map((v) => `- **${v.policy}** (${v.level}): ${v.message.replace(/\n+/g, " ")}`), ""];
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
  lines.push(...violationsMarkdown(preview.policyViolations));
  if (preview.warnings.length) lines.push("Warnings:", "", ...preview.warnings.map((w) => `- ${w.replace(/\n/g, " ")}`), "");
  if (preview.errors.length) lines.push("Errors:", "", "```", ...preview.errors, "```", "");
  if (run.up) {
    lines.push(`### Applied${run.up.ok ? "" : " (failed)"}`, "", `Changes: ${changeLine(run.up.changes)}.`, "");
    lines.push(...violationsMarkdown(run.up.policyViolations));
    if (run.up.errors.length) lines.push("Errors:", "", "```", ...run.up.errors, "```", "");
  } else if (preview.ok) {
    lines.push(opts.apply ? "" : "_Preview only: this branch does not apply. Merging into the main branch applies the plan._", "");
  }
  return lines.join("\n");
}

// -------------------------------------------------------------------------------------------------

const USAGE = "usage: gitops.ts --stack FILE --stack-name NAME [--summary FILE] [--endpoint URL] [--apply | --drift] " +
  "[--policy-pack DIR]... [--policy-config FILE] [--lock-wait SECONDS] [--no-refresh]";

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
      case "--drift": opts.drift = true; break;
      case "--no-refresh": opts.refresh = false; break;
      case "--policy-pack": opts.policyPacks = [...(opts.policyPacks ?? []), value()]; break;
      case "--policy-config": opts.policyConfig = value(); break;
      case "--lock-wait": {
        const v = value();
        if (!/^\d+$/.test(v)) return `--lock-wait needs a whole number of seconds, not "${v}"`;
        opts.lockWaitSeconds = Number(v);
        break;
      }
      default: return `unknown argument "${arg}"`;
    }
  }
  if (!opts.stackFile) return "--stack FILE is required";
  if (!opts.stackName) return "--stack-name NAME is required";
  if (opts.drift && opts.apply) return "--drift never applies: give --apply or --drift, not both";
  if (opts.drift && opts.refresh === false) return "--drift needs the refresh: drop --no-refresh";
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
    process.stderr.write(`gitops: ${parsed}\n${USAGE}\n`);
    process.exit(2);
  }
  const opts = parsed;
  runGitops(opts).then(
    (result) => {
      if (!opts.summaryFile) process.stdout.write(result.summary);
      process.exitCode = result.exitCode;
    },
    (err: unknown) => {
      process.stderr.write(`gitops: ${errorText(err).split("\n")[0]}\n`);
      process.exitCode = 1;
    },
  );
}
