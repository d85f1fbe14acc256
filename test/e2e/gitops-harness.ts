// Shared by the GitOps end-to-end suites: examples/gitops/pipeline.sh as a CI job runs it (a child
// process, no terminal, the CI's variables only), and a local PostgreSQL as the state backend.
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { LocalWorkspace, PulumiCommand, UpdateSummary } from "@pulumi/pulumi/automation";
import { engineRoot, offlineEnv, repoRoot } from "../../scripts/engine";

export const PIPELINE = path.join(repoRoot, "examples", "gitops", "pipeline.sh");
const LOCAL_POSTGRES = path.join(repoRoot, "examples", "gitops", "local-postgres.sh");
export const WALKTHROUGH = path.join(repoRoot, "examples", "seed-walkthrough");
/** Variables of the CI systems the script reads; cleared so the outer environment cannot leak in. */
const CI_VARS = ["CI_COMMIT_BRANCH", "GITHUB_REF_NAME", "BRANCH_NAME", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "LINSTOR_ENDPOINT",
  "LS_CONTROLLERS", "MAIN_BRANCH", "POLICY_CONFIG", "PULUMI_BACKEND_URL"];

export interface PipelineRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
}

export interface RunningPipeline {
  /** What the job printed on stderr so far. */
  stderr(): string;
  done: Promise<PipelineRun>;
}

/** The text of a walkthrough step (`02-`, `03-`, ...). */
export function walkthroughStep(step: string): string {
  const file = fs.readdirSync(WALKTHROUGH).find((f) => f.startsWith(step)) as string;
  return fs.readFileSync(path.join(WALKTHROUGH, file), "utf8");
}

/** Starts pipeline.sh in `cwd` (which holds the stack file) with the CI variables `ci` over `env`. */
export function startPipeline(cwd: string, env: Record<string, string>, ci: Record<string, string>, args: string[]): RunningPipeline {
  const full: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !CI_VARS.includes(k)) full[k] = v;
  Object.assign(full, env, ci);
  const summary = path.join(cwd, "plan.md");
  fs.rmSync(summary, { force: true });
  let stdout = "";
  let stderr = "";
  const done = new Promise<PipelineRun>((resolve, reject) => {
    const child = spawn("bash", [PIPELINE, "--stack", "stack.yaml", "--summary", "plan.md", ...args], { cwd, env: full, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on("data", (b: Buffer) => { stderr += b.toString(); });
    child.on("error", reject);
    child.on("close", (code) => resolve({
      code: code ?? -1, stdout, stderr, summary: fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "",
    }));
  });
  return { stderr: () => stderr, done };
}

export function runPipeline(cwd: string, env: Record<string, string>, ci: Record<string, string>, args: string[]): Promise<PipelineRun> {
  return startPipeline(cwd, env, ci, args).done;
}

/** Polls `condition` until it holds (a wait for another process, not a timing assertion). */
export async function until(what: string, condition: () => Promise<boolean> | boolean, limitMs = 240_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

/** A PostgreSQL for the suite (examples/gitops/local-postgres.sh: installs the package when missing). */
export async function startPostgres(): Promise<LocalPostgres> {
  // Its own folder directly under the temporary directory: the server's user must reach it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-pg-"));
  const run = promisify(execFile);
  try {
    const { stdout } = await run("bash", [LOCAL_POSTGRES, "start", dir], { maxBuffer: 1 << 24 });
    return { url: stdout.trim(), stop: async () => { await run("bash", [LOCAL_POSTGRES, "stop", dir]); } };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`could not start PostgreSQL: ${(e.stderr ?? e.message).trim()}`, { cause: err });
  }
}

/** Engine settings of the jobs: everything offline, the state in `backendUrl`. */
export function backendEnv(scratch: string, backendUrl: string): Record<string, string> {
  return { ...offlineEnv(scratch), PULUMI_BACKEND_URL: backendUrl };
}

/** The stack's update history as the backend keeps it (newest first). */
export async function history(stackName: string, env: Record<string, string>): Promise<UpdateSummary[]> {
  const stack = await LocalWorkspace.selectStack({ stackName, workDir: repoRoot },
    { envVars: env, pulumiCommand: await PulumiCommand.get({ root: engineRoot }) });
  return stack.history();
}
