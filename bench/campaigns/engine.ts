// The campaigns' engine: one long-lived Automation API stack (inline program, file backend) per
// scenario family, reused across runs; every `pulumi up` keeps what a secret could leak into
// (engine stdout/stderr, provider diagnostics, the error text). Also finds and SIGKILLs the
// engine's dynamic provider process, to crash it in the middle of an update.
import * as fs from "fs";
import * as path from "path";
import type { EngineEvent, PulumiFn } from "@pulumi/pulumi/automation";
import { TestStack } from "../../harness/pulumi";

export interface UpOutcome {
  ok: boolean;
  error?: string;
  /** Everything the run printed or reported: stdout, stderr, diagnostics, error text. */
  text: string;
}

export interface CampaignStackOptions {
  program: PulumiFn;
  stackName: string;
  config?: Record<string, string | { value: string; secret: boolean }>;
  env?: Record<string, string>;
}

export class CampaignStack {
  private constructor(readonly test: TestStack) {}

  static async create(opts: CampaignStackOptions): Promise<CampaignStack> {
    return new CampaignStack(await TestStack.create({ ...opts, projectName: "pulumi-linstor-campaign" }));
  }

  async up(): Promise<UpOutcome> {
    let text = "";
    const onEvent = (e: EngineEvent): void => {
      if (e.diagnosticEvent) text += `${e.diagnosticEvent.message}\n`;
    };
    try {
      await this.test.stack.up({ onOutput: (s) => { text += s; }, onError: (s) => { text += s; }, onEvent });
      return { ok: true, text };
    } catch (err) {
      const error = String((err as Error)?.message ?? err);
      return { ok: false, error, text: `${text}\n${error}` };
    }
  }

  /** Clears what a killed run left behind: pending operations and a held lock. */
  async recover(): Promise<void> {
    await this.test.stack.cancel().catch(() => undefined);
  }

  /** SIGKILLs this stack's dynamic provider (found by the PULUMI_HOME its engine hands down); the processes killed. */
  killProvider(): number {
    return killProvider(`PULUMI_HOME=${path.join(this.test.stateDir, ".pulumi-home")}`);
  }

  stateText(): Promise<string> {
    return this.test.stateText();
  }

  leftFiles(): { path: string; text: string }[] {
    return this.test.leftFiles();
  }

  dispose(): Promise<void> {
    return this.test.dispose();
  }
}

interface Proc { pid: number; ppid: number; cmd: string; env: string[] }

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(path.join("/proc", entry, "stat"), "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const cmd = fs.readFileSync(path.join("/proc", entry, "cmdline"), "utf8").replace(/\0/g, " ");
      const env = fs.readFileSync(path.join("/proc", entry, "environ"), "utf8").split("\0");
      out.push({ pid: Number(entry), ppid, cmd, env });
    } catch { /* gone meanwhile */ }
  }
  return out;
}

/**
 * The dynamic provider processes started under this process (the launcher script
 * `pulumi-resource-pulumi-nodejs` and its node child running @pulumi/pulumi/cmd/dynamic-provider)
 * whose environment holds `envEntry` (one engine's, when several run side by side).
 */
export function providerProcesses(envEntry: string, root = process.pid): number[] {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const p of all) (children.get(p.ppid) ?? children.set(p.ppid, []).get(p.ppid)!).push(p);
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) {
      if (/pulumi-resource-pulumi-nodejs|cmd\/dynamic-provider/.test(c.cmd) && c.env.includes(envEntry)) found.push(c.pid);
      walk(c.pid);
    }
  };
  walk(root);
  return found;
}

/** SIGKILLs the dynamic provider (launcher and node child) of one engine; the number of processes killed. */
export function killProvider(envEntry: string): number {
  let killed = 0;
  for (const pid of providerProcesses(envEntry)) {
    try { process.kill(pid, "SIGKILL"); killed++; } catch { /* already gone */ }
  }
  return killed;
}
