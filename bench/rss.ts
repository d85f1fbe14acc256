// Peak memory of every process of a benchmark step: the engine (`pulumi`), its Node.js language
// host (Node.js or YAML), the program it starts (node on @pulumi/pulumi/cmd/run), the provider:
// the dynamic provider (`pulumi-resource-pulumi-nodejs`, a shell script that runs node on
// @pulumi/pulumi/cmd/dynamic-provider) or the plugin (node on bin/provider/plugin/main.js), the `linstor` commands of the CLI contender and the
// simulator. We find them among the descendants of this process and sample VmHWM (the kernel's
// own peak RSS) from /proc while they live; most exit with the step, so the last sample is the
// peak (a `linstor` command that lives less than one sampling interval may be missed).

import * as fs from "fs";

/** Which process is which, by its command line (arguments NUL-separated). */
const ROLES = {
  provider: /dynamic-provider|provider\/plugin\/main\.js/, program: /@pulumi\/pulumi\/cmd\/run/, languageHost: /pulumi-language-(nodejs|yaml)/,
  engine: /(^|\/)pulumi\0/, linstorCli: /\/linstor\0/, simulator: /sim\/cli\.js/,
} as const;
export type ProcessRole = keyof typeof ROLES;

function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // pid (comm) state ppid ...; comm may hold spaces and parentheses: split after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function descendants(root: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === root) continue;
    for (let p = parentOf(pid), hops = 0; p !== undefined && p > 1 && hops < 10; p = parentOf(p), hops++) {
      if (p === root) { out.push(pid); break; }
    }
  }
  return out;
}

function peakKib(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function roleOf(pid: number): ProcessRole | undefined {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return (Object.keys(ROLES) as ProcessRole[]).find((r) => ROLES[r].test(cmd));
  } catch {
    return undefined;
  }
}

export class ProcessRssSampler {
  private seen = new Map<number, { role: ProcessRole; kib: number }>();
  private timer: NodeJS.Timeout | undefined;
  readonly supported = fs.existsSync("/proc/self/status");

  constructor(private readonly intervalMs = 200) {}

  start(): void {
    if (!this.supported || this.timer) return;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling; the highest VmHWM per role seen since start (KiB). */
  stop(): Partial<Record<ProcessRole, number>> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.peaks();
  }

  /** The highest VmHWM per role seen so far (KiB). */
  peaks(): Partial<Record<ProcessRole, number>> {
    const out: Partial<Record<ProcessRole, number>> = {};
    for (const { role, kib } of this.seen.values()) out[role] = Math.max(out[role] ?? 0, kib);
    return out;
  }

  private sample(): void {
    for (const pid of descendants(process.pid)) {
      const role = this.seen.get(pid)?.role ?? roleOf(pid);
      if (!role) continue;
      const kib = peakKib(pid);
      if (kib !== undefined) this.seen.set(pid, { role, kib: Math.max(kib, this.seen.get(pid)?.kib ?? 0) });
    }
  }
}
