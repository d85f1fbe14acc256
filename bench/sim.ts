// The simulator as its own process (as a controller would be), on 127.0.0.1 with an ephemeral
// port, so its work does not share an event loop with the benchmark driver. Started from the
// compiled bin/sim/cli.js (the bench compiles first: the dynamic provider needs bin/ too).

import { spawn } from "child_process";
import * as path from "path";
import { repoRoot } from "../scripts/engine";
import { SimHandle } from "../harness/sim";

export interface BenchSimOptions {
  seedCluster?: boolean;
  resyncRateKibPerSec?: number;
  /** Replica balancing stays off unless asked: both sides of a comparison see the same cluster. */
  balance?: boolean;
}

export async function startBenchSim(opts: BenchSimOptions = {}): Promise<SimHandle> {
  const args = [path.join(repoRoot, "bin", "sim", "cli.js"), "--host", "127.0.0.1", "--port", "0"];
  if (opts.seedCluster) args.push("--seed-cluster");
  if (opts.resyncRateKibPerSec) args.push("--resync-rate", String(opts.resyncRateKibPerSec));
  if (!opts.balance) args.push("--no-balance");
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (b: Buffer) => { stderr = (stderr + b.toString()).slice(-2000); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on("exit", (code) => reject(new Error(`linstor-sim exited with ${code} before it listened: ${stderr}`)));
  });
  const port = Number(new URL(url).port);
  const stop = (): Promise<void> => new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.once("exit", () => resolve());
    proc.kill("SIGTERM");
  });
  return new SimHandle({ url, port, stop });
}

/** REST requests of one run as the simulator counted them: totals, GETs, writes, by route. */
export interface RequestCounts {
  total: number;
  reads: number;
  writes: number;
  byRoute: Record<string, number>;
}

export async function requestCounts(sim: SimHandle): Promise<RequestCounts> {
  const r = await sim.requests();
  let reads = 0;
  for (const [route, n] of Object.entries(r.byRoute)) if (route.startsWith("GET ")) reads += n;
  const byRoute = Object.fromEntries(Object.entries(r.byRoute).sort((a, b) => b[1] - a[1]));
  return { total: r.total, reads, writes: r.total - reads, byRoute };
}
