// Programmatic API of the LINSTOR controller simulator (see sim/README.md).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { AuthOptions, validateAuth } from "./auth";
import { Balancer } from "./balance";
import { parseVersion, SimConfig, SimCore } from "./core";
import { DataPlane } from "./dataplane";
import { Faults } from "./faults";
import { loadState } from "./persist";
import { ResyncEngine } from "./resync";
import { seedCluster } from "./seed";
import { createServer } from "./server";
import { emptyState } from "./state";

export interface SimOptions {
  host?: string;
  port?: number;
  stateDir?: string;
  seedCluster?: boolean;
  resyncRateKibPerSec?: number;
  satelliteDelayMs?: number;
  /** fault dice seed (default 1) */
  faultSeed?: number;
  /** automatic replica balancing (default true, as LINSTOR's BalanceResourcesEnabled) */
  balance?: boolean;
  /** balancing period (default 3600 s, LINSTOR's BalanceResourcesInterval); tests that need fast balancing set it */
  balanceIntervalMs?: number;
  /** replicas younger than this keep their definition out of balancing (default 3600 s, LINSTOR's BalanceResourcesGracePeriod) */
  balanceGraceMs?: number;
  /** the LINSTOR version whose behaviour is simulated where versions differ (default "1.34.0"; before 1.31: in-place rollback) */
  linstorVersion?: string;
  /** fault rules installed at start, same shape as POST /sim/faults */
  faults?: Record<string, unknown>[];
  /** REST calls need this user and password (default: no check) */
  basicAuth?: { username: string; password: string };
  /** REST calls need this bearer token (default: no check) */
  bearerToken?: string;
  /** HTTPS (default HTTP); with `clientCa`, only clients with a certificate it signed get through */
  tls?: TlsOptions;
}

/** PEM text or a file path each. */
export interface TlsOptions {
  cert: string;
  key: string;
  clientCa?: string;
}

function pem(textOrPath: string): string {
  return textOrPath.includes("-----BEGIN") ? textOrPath : fs.readFileSync(textOrPath, "utf8");
}

export interface RunningSimulator {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startSimulator(opts: SimOptions = {}): Promise<RunningSimulator> {
  const auth: AuthOptions = { basic: opts.basicAuth, bearerToken: opts.bearerToken };
  validateAuth(auth);
  const cfg: SimConfig = {
    resyncRateKibPerSec: opts.resyncRateKibPerSec ?? 51200,
    satelliteDelayMs: opts.satelliteDelayMs ?? 20,
    balanceEnabled: opts.balance ?? true,
    balanceIntervalMs: opts.balanceIntervalMs ?? 3600_000,
    balanceGraceMs: opts.balanceGraceMs ?? 3600_000,
    linstorVersion: parseVersion(opts.linstorVersion ?? "1.34.0"),
    seed: opts.faultSeed ?? 1,
  };
  const tmpData = opts.stateDir ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "linstor-sim-"));
  const dataDir = opts.stateDir ? path.join(opts.stateDir, "data") : (tmpData as string);
  const state = (opts.stateDir && loadState(opts.stateDir)) || emptyState();
  const faults = new Faults(cfg.seed);
  const sim = new SimCore(state, cfg, new DataPlane(dataDir), faults, opts.stateDir);
  for (const f of opts.faults ?? []) {
    const r = faults.add(f);
    if (typeof r === "string") throw new Error(`invalid fault ${JSON.stringify(f)}: ${r}`);
  }
  if (opts.seedCluster) seedCluster(sim);
  sim.save();
  const resync = new ResyncEngine(sim);
  const balancer = new Balancer(sim);
  resync.start();
  balancer.start();
  const tls = opts.tls ? { cert: pem(opts.tls.cert), key: pem(opts.tls.key), ca: opts.tls.clientCa ? pem(opts.tls.clientCa) : undefined } : undefined;
  const server = createServer(sim, { auth, tls });
  server.keepAliveTimeout = 65000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 3370, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? "127.0.0.1";
  let stopped = false;
  return {
    url: `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      resync.stop();
      balancer.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sim.lock.run(async () => sim.save());
      sim.stopTimers();
      if (tmpData) fs.rmSync(tmpData, { recursive: true, force: true });
    },
  };
}
