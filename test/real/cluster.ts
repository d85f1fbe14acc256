// The real LINSTOR cluster that `npm run test:real` runs against: what scripts/real-linstor.sh
// wrote into its cluster.json (endpoint, satellites with their address and pool directory).
// There is no fallback: without a real controller the suite fails with the command that starts one.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LinstorClient, readLive } from "../../provider/client";
import type { LiveCluster } from "../../provider/model/types";
import { scratchYamlStack, type ScratchStack } from "../../scripts/gitops";

export interface RealSatellite {
  name: string;
  address: string;
  port: number;
  /** Directory for a FILE/FILE_THIN pool on this satellite (no dots: the controller's rule). */
  poolDir: string;
}

export interface RealCluster {
  endpoint: string;
  version: { version: string; rest_api_version?: string };
  satellites: RealSatellite[];
}

let cached: RealCluster | undefined;

/** The running real cluster, or an error that says how to start one. */
export function realCluster(): RealCluster {
  if (cached) return cached;
  const file = process.env.REAL_LINSTOR_CLUSTER;
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      "no real LINSTOR controller: REAL_LINSTOR_CLUSTER does not name a cluster.json. Run `npm run test:real` " +
      "(it starts one with scripts/real-linstor.sh from LINSTOR_HOME, PATH or ~/.cache/linstor-server-build), " +
      "or `eval $(scripts/real-linstor.sh start && scripts/real-linstor.sh env)` first.");
  }
  cached = JSON.parse(fs.readFileSync(file, "utf8")) as RealCluster;
  assert.ok(cached.satellites.length >= 3, `the real cluster needs 3 satellites, ${file} lists ${cached.satellites.length}`);
  return cached;
}

export function realClient(): LinstorClient {
  return new LinstorClient({ endpoint: realCluster().endpoint, env: {} });
}

export function live(): Promise<LiveCluster> {
  return readLive(realClient());
}

/** A throwaway stack of the repository's program, its YAML written from `text` into a temp folder. */
export class RealStack {
  private constructor(readonly run: ScratchStack, readonly file: string, private readonly dir: string) {}

  static async open(label: string, text: string): Promise<RealStack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pl-real-${label}-`));
    const file = path.join(dir, "stack.yaml");
    fs.writeFileSync(file, text);
    return new RealStack(await scratchYamlStack(realCluster().endpoint, file, `real-${label}`), file, dir);
  }

  /** Replace the stack file's text (the next up/preview reads it). */
  write(text: string): void {
    fs.writeFileSync(this.file, text);
  }

  get stack() {
    return this.run.stack;
  }

  async dispose(): Promise<void> {
    await this.run.dispose();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Mocha hooks for a suite that takes one stack through its steps: before, the controller must be
 * empty and the stack opens with `text()`; after, it is destroyed (unless `destroy: false`: the
 * suite's last step does it and checks the result) and its files removed. Returns the stack.
 */
export function useRealStack(label: string, text: () => string, opts: { destroy?: boolean } = {}): () => RealStack {
  let s: RealStack | undefined;
  before(async () => {
    realCluster();
    await assertEmpty();
    s = await RealStack.open(label, text());
  });
  after(async () => {
    if (opts.destroy !== false) await s?.stack.destroy().catch(() => undefined);
    await s?.dispose();
  });
  return () => {
    assert.ok(s, `the ${label} stack did not open`);
    return s;
  };
}

/** The node and pool lines of a stack for the first `count` satellites (FILE_THIN pool `thin`). */
export function clusterYaml(count = 3, opts: { pool?: string; nodeExtra?: Record<string, string> } = {}): string {
  const sats = realCluster().satellites.slice(0, count);
  const pool = opts.pool ?? "thin";
  const nodes = sats.map((s) => `  ${s.name}: { address: ${s.address}${opts.nodeExtra?.[s.name] ? `, ${opts.nodeExtra[s.name]}` : ""} }`);
  const pools = sats.map((s) => `      ${s.name}: { backingPool: ${s.poolDir} }`);
  return ["nodes:", ...nodes, "storagePools:", `  ${pool}:`, "    providerKind: FILE_THIN", "    nodes:", ...pools, ""].join("\n");
}

/** Every object a test may leave: the controller must be as empty as the harness started it. */
export async function assertEmpty(): Promise<void> {
  const l = await live();
  const left = [
    ...l.nodes.map((n) => `node ${n.name}`),
    ...l.storagePools.filter((p) => p.providerKind !== "DISKLESS").map((p) => `pool ${p.name} on ${p.node}`),
    ...l.resourceGroups.filter((g) => g.name !== "DfltRscGrp").map((g) => `group ${g.name}`),
    ...l.resourceDefinitions.map((d) => `definition ${d.name}`),
    ...l.snapshots.map((s) => `snapshot ${s.name} of ${s.resource}`),
  ];
  assert.deepStrictEqual(left, [], `the controller is not empty: ${left.join(", ")}`);
}
