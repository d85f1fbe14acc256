// End-to-end harness: real `pulumi` engine (built by scripts/install-pulumi.sh) driven through the
// Automation API, with a file backend in a temporary folder. Every operation returns the engine's
// own events, so tests assert on what the engine did (create/update/replace/delete), not on guesses.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import {
  EngineEvent, InlineProgramArgs, LocalWorkspace, OutputMap, PulumiCommand, PulumiFn, Stack,
} from "@pulumi/pulumi/automation";
import { engineInstalled, engineRoot, offlineEnv } from "../scripts/engine";

export interface RunResult {
  outputs: OutputMap;
  events: EngineEvent[];
  /** Messages the provider logged, per resource name (info and warnings, not debug). */
  diagnostics: Record<string, string[]>;
  /** Operation per resource name (and per `Kind:name` for linstor types), as the engine reported it (create, update, replace, delete, same, ...). */
  ops: Record<string, string[]>;
  stdout: string;
}

export interface TestStackOptions {
  program: PulumiFn;
  projectName?: string;
  stackName?: string;
  /** Stack config (e.g. {"linstor:endpoint": url}); `{value, secret: true}` stores it encrypted. */
  config?: Record<string, string | { value: string; secret: boolean }>;
  /** Extra environment for the engine and the dynamic provider process. */
  env?: Record<string, string>;
}

let command: Promise<PulumiCommand> | undefined;
function pulumiCommand(): Promise<PulumiCommand> {
  if (!engineInstalled()) {
    throw new Error(`the Pulumi engine is not in ${engineRoot}: run scripts/install-pulumi.sh (npm test does)`);
  }
  command ??= PulumiCommand.get({ root: engineRoot });
  return command;
}

function collectOps(events: EngineEvent[]): Record<string, string[]> {
  const ops: Record<string, string[]> = {};
  for (const e of events) {
    const meta = e.resOutputsEvent?.metadata ?? e.resOpFailedEvent?.metadata;
    if (!meta || meta.type === "pulumi:pulumi:Stack") continue;
    // By name, and by kind:name where a linstor type makes names ambiguous (a definition and its replicas).
    const name = meta.urn.split("::").pop() as string;
    (ops[name] ??= []).push(meta.op);
    const kind = /linstor:(\w+)$/.exec(meta.type)?.[1];
    if (kind) (ops[`${kind}:${name}`] ??= []).push(meta.op);
  }
  return ops;
}

function collectDiagnostics(events: EngineEvent[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of events) {
    const d = e.diagnosticEvent;
    if (!d || !d.urn || (d.severity as string) === "debug") continue;
    (out[d.urn.split("::").pop() as string] ??= []).push(d.message);
  }
  return out;
}

async function applyConfig(stack: Stack, config: TestStackOptions["config"]): Promise<void> {
  for (const [k, v] of Object.entries(config ?? {})) await stack.setConfig(k, typeof v === "string" ? { value: v } : v);
}

export class TestStack {
  private constructor(readonly stack: Stack, readonly stateDir: string, private readonly env: Record<string, string> = {}) {}

  static async create(opts: TestStackOptions): Promise<TestStack> {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-e2e-"));
    const args: InlineProgramArgs = {
      projectName: opts.projectName ?? "pulumi-linstor-test",
      stackName: opts.stackName ?? "test",
      program: opts.program,
    };
    const stack = await LocalWorkspace.createOrSelectStack(args, {
      pulumiCommand: await pulumiCommand(),
      envVars: offlineEnv(stateDir, opts.env ?? {}),
    });
    await applyConfig(stack, opts.config);
    return new TestStack(stack, stateDir, opts.env);
  }

  /**
   * A stack of the program in `workDir` (a Pulumi project folder, e.g. a Pulumi YAML program run by
   * its language host), with its own temporary backend.
   */
  static async forProgramDir(opts: Omit<TestStackOptions, "program" | "projectName"> & { workDir: string }): Promise<TestStack> {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-e2e-"));
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: opts.stackName ?? "test", workDir: opts.workDir }, {
      pulumiCommand: await pulumiCommand(),
      envVars: offlineEnv(stateDir, opts.env ?? {}),
    });
    await applyConfig(stack, opts.config);
    return new TestStack(stack, stateDir, opts.env);
  }

  private async run(fn: (onEvent: (e: EngineEvent) => void, onOutput: (s: string) => void) => Promise<{ outputs?: OutputMap }>): Promise<RunResult> {
    const events: EngineEvent[] = [];
    let stdout = "";
    const res = await fn((e) => events.push(e), (s) => { stdout += s; });
    return { outputs: res.outputs ?? {}, events, ops: collectOps(events), diagnostics: collectDiagnostics(events), stdout };
  }

  /**
   * Runs the pulumi CLI on this stack in its program folder (for commands the Automation API lacks,
   * e.g. import); asynchronously, as the simulator of the test answers from this same process.
   * Rejects with the CLI's output when it fails.
   */
  async cli(args: string[]): Promise<string> {
    try {
      const { stdout } = await promisify(execFile)(path.join(engineRoot, "bin", "pulumi"), [...args, "--stack", this.stack.name, "--non-interactive"], {
        cwd: this.stack.workspace.workDir, env: { ...process.env, ...offlineEnv(this.stateDir, this.env) }, encoding: "utf8",
        // the progress lines of a stack of a thousand resources
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`pulumi ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`, { cause: err });
    }
  }

  /** `parallel`: the engine's --parallel (its default is 4 × CPUs). */
  up(opts: { parallel?: number } = {}): Promise<RunResult> {
    return this.run((onEvent, onOutput) => this.stack.up({ onEvent, onOutput, ...opts }));
  }
  async preview(): Promise<RunResult> {
    // The default display (not --diff): it prints the provider's messages, such as the ordered
    // plan, under each resource in the Diagnostics section, as a reviewer sees them.
    return this.run(async (onEvent, onOutput) => { await this.stack.preview({ onEvent, onOutput }); return {}; });
  }
  /** `runProgram`: the engine's --run-program (the program configures the providers and recomputes the outputs). */
  async refresh(opts: { runProgram?: boolean } = {}): Promise<RunResult> {
    return this.run(async (onEvent, onOutput) => { await this.stack.refresh({ onEvent, onOutput, ...opts }); return {}; });
  }
  async destroy(opts: { runProgram?: boolean } = {}): Promise<RunResult> {
    return this.run(async (onEvent, onOutput) => { await this.stack.destroy({ onEvent, onOutput, ...opts }); return {}; });
  }
  /**
   * The stack's state file as the backend stores it on disk (to grep for secrets: secret values
   * are encrypted there, while `pulumi stack export` through the Automation API decrypts them).
   */
  async stateText(): Promise<string> {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === `${this.stack.name}.json` && p.includes(`${path.sep}stacks${path.sep}`)) files.push(p);
      }
    };
    walk(path.join(this.stateDir, ".pulumi"));
    if (files.length !== 1) throw new Error(`expected one state file for ${this.stack.name}, found ${files.length}`);
    return fs.readFileSync(files[0], "utf8");
  }
  /**
   * Every text file under the stack's folder (backend state, backups, history, the engine's home
   * with its logs), path relative to that folder; plugin binaries and big files are left out.
   */
  leftFiles(): { path: string; text: string }[] {
    const out: { path: string; text: string }[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "plugins" && e.name !== "node_modules") walk(p);
        } else if (e.isFile() && fs.statSync(p).size < 8 * 1024 * 1024) {
          out.push({ path: path.relative(this.stateDir, p), text: fs.readFileSync(p, "utf8") });
        }
      }
    };
    walk(this.stateDir);
    return out;
  }
  /** Remove the stack and its temporary backend. */
  async dispose(): Promise<void> {
    try { await this.stack.workspace.removeStack(this.stack.name, { force: true }); } catch { /* already gone */ }
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}
