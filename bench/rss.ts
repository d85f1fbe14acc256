// Peak memory of the dynamic provider process: the engine starts `pulumi-resource-pulumi-nodejs`,
// a shell script that runs node on @pulumi/pulumi/cmd/dynamic-provider. We find that node among
// the descendants of this process and sample VmHWM (the kernel's own peak RSS) from /proc while
// it lives; it exits with the engine operation, so the last sample is its peak.

import * as fs from "fs";

const PROVIDER = /dynamic-provider/;

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

function isProvider(pid: number): boolean {
  try {
    return PROVIDER.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return false;
  }
}

export class ProviderRssSampler {
  private peaks = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  readonly supported = fs.existsSync("/proc/self/status");

  constructor(private readonly intervalMs = 200) {}

  start(): void {
    if (!this.supported || this.timer) return;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling; the highest VmHWM of any provider process seen since start (KiB), if any. */
  stop(): number | undefined {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const all = [...this.peaks.values()];
    this.peaks.clear();
    return all.length > 0 ? Math.max(...all) : undefined;
  }

  private sample(): void {
    for (const pid of descendants(process.pid)) {
      if (!isProvider(pid)) continue;
      const kib = peakKib(pid);
      if (kib !== undefined) this.peaks.set(pid, Math.max(kib, this.peaks.get(pid) ?? 0));
    }
  }
}
