// `npm run demo`: the seed walkthrough, step by step, with the real Pulumi engine running this
// repository's program (index.ts + Pulumi.yaml) on the YAML stacks of examples/seed-walkthrough.
//
// Against the bundled simulator by default (started with the seed cluster, stopped at the end, its
// state kept in .sim-state/demo); against a real controller when LINSTOR_ENDPOINT or LS_CONTROLLERS
// is set. After each step it prints the plan the provider logged and a table of the cluster.

import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { LinstorClient, readLive } from "../provider/client";
import type { LiveCluster } from "../provider/model/types";
import { engineRoot, offlineEnv, repoRoot } from "./engine";
import { formatCluster, ResyncWatcher } from "./cluster-table";

const STEPS_DIR = path.join(repoRoot, "examples", "seed-walkthrough");
// Where the demo keeps the Pulumi state and the simulator's state (tests point it elsewhere).
const WORK = process.env.PULUMI_LINSTOR_DEMO_DIR ?? repoRoot;
const STATE_DIR = path.join(WORK, ".pulumi-state");
const SIM_STATE = path.join(WORK, ".sim-state", "demo");

const say = (s = ""): void => void process.stdout.write(`${s}\n`);

async function startSimulator(): Promise<{ url: string; proc: ChildProcess }> {
  fs.rmSync(SIM_STATE, { recursive: true, force: true });
  fs.mkdirSync(SIM_STATE, { recursive: true });
  const proc = spawn(process.execPath, [path.join(repoRoot, "bin", "sim", "cli.js"),
    "--port", "0", "--seed-cluster", "--state", SIM_STATE, "--resync-rate", String(50 * 1024)], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on("exit", (code) => reject(new Error(`linstor-sim exited with ${code} before it listened`)));
  });
  return { url, proc };
}

async function main(): Promise<void> {
  const external = process.env.LINSTOR_ENDPOINT || process.env.LS_CONTROLLERS || undefined;
  const sim = external ? undefined : await startSimulator();
  const endpoint = external ?? sim!.url;
  say(external ? `Using the LINSTOR controller at ${endpoint}` : `Started linstor-sim (seed cluster: vulcan, kronos, remus, romulus) at ${endpoint}`);

  const stepFiles = fs.readdirSync(STEPS_DIR).filter((f) => /^\d\d-.*\.yaml$/.test(f)).sort();
  const pulumiCommand = await PulumiCommand.get({ root: engineRoot });
  const ws = await LocalWorkspace.create({ workDir: repoRoot, pulumiCommand, envVars: offlineEnv(STATE_DIR) });
  const stackName = "demo";
  // A fresh stack every run: the simulator starts from the seed cluster every time.
  if (!external) await ws.removeStack(stackName, { force: true }).catch(() => undefined);
  const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: repoRoot }, { pulumiCommand, envVars: offlineEnv(STATE_DIR) });
  await stack.setConfig("linstor:endpoint", { value: endpoint });

  const client = new LinstorClient({ endpoint });
  const data = new DemoData(endpoint, say);
  try {
    for (const file of stepFiles) {
      const title = stepTitle(path.join(STEPS_DIR, file));
      say();
      say(`━━ ${file}: ${title}`);
      await stack.setConfig("linstor:stack", { value: path.join("examples", "seed-walkthrough", file) });
      const watcher = new ResyncWatcher(client, (line) => say(`   ${line}`));
      watcher.start();
      try {
        await stack.up({
          onEvent: (e) => {
            // The plan each resource logs before it changes anything, as it happens.
            const d = e.diagnosticEvent;
            if (d && d.severity === "info" && !d.ephemeral && d.message.startsWith("plan:") && d.urn) {
              say(`   ${blockHeader(d.urn)}:\n${d.message.replace(/^plan:\n/, "").trimEnd()}`.replace(/\n/g, "\n   "));
            } else if (d && d.severity === "info" && !d.ephemeral && /^delete \S+ \S+:\n/.test(d.message)) {
              // A deletion's plan, logged under the stack in the order the deletions run.
              say(`   ${d.message.trimEnd()}`.replace(/\n/g, "\n   "));
            }
          },
        });
      } finally {
        await watcher.stop();
      }
      const live = await readLive(client);
      say(formatCluster(live).replace(/^/gm, "   "));
      if (sim) await data.afterStep(Number(file.slice(0, 2)), live);
    }
    say();
    say("Walkthrough complete.");
    if (sim) say(`The cluster is kept in ${SIM_STATE}: node bin/sim/cli.js --state ${SIM_STATE} serves it again.`);
  } finally {
    if (sim) {
      sim.proc.kill("SIGTERM");
      await new Promise((r) => sim.proc.once("exit", r));
    }
  }
}

/**
 * On the simulator, the demo plays the application: it writes into SharedData through the
 * simulator's data plane (so new replicas have something to resync) and checks after every step
 * that every replica still holds exactly the bytes it should.
 */
class DemoData {
  private expected?: string;
  private snapshotSum?: string;
  constructor(private readonly url: string, private readonly print: (s: string) => void) {}

  async afterStep(step: number, live: LiveCluster): Promise<void> {
    const replicas = live.resources.filter((r) => r.resource === "SharedData" && !r.diskless && !r.deleting);
    if (replicas.length === 0) return;
    if (step === 2 || step === 5) {
      const mib = step === 2 ? 64 : 8;
      await this.write(replicas[0].node, step === 2 ? 0 : 1 << 20, mib);
      this.print(`   (the application writes ${mib} MiB into SharedData on ${replicas[0].node})`);
      if (step === 5) this.snapshotSum = this.expected;
      this.expected = await this.sum(replicas[0].node);
    }
    if (step === 7 && this.snapshotSum) this.expected = this.snapshotSum;
    const sums = await Promise.all(replicas.map(async (r) => [r.node, await this.sum(r.node)] as const));
    const bad = sums.filter(([, s]) => s !== this.expected).map(([n]) => n);
    if (bad.length) throw new Error(`SharedData data differs on ${bad.join(", ")} after step ${step}`);
    this.print(`   data check: SharedData reads back identical on ${sums.map(([n]) => n).join(", ")} (sha256 ${this.expected?.slice(0, 12)}…)`);
  }

  private async write(node: string, offset: number, mib: number): Promise<void> {
    const buf = Buffer.alloc(mib << 20);
    for (let i = 0; i < buf.length; i += 4096) buf.writeUInt32LE((i * 2654435761) >>> 0, i);
    const res = await fetch(`${this.url}/sim/data/SharedData/${node}/0?offset=${offset}`, { method: "PUT", body: buf });
    if (!res.ok) throw new Error(`writing demo data failed: HTTP ${res.status}`);
  }

  private async sum(node: string): Promise<string> {
    const res = await fetch(`${this.url}/sim/data/SharedData/${node}/0/checksum`);
    return ((await res.json()) as { sha256: string }).sha256;
  }
}

/**
 * The sentence after "# Step N:" in a step file, with the comment lines that continue it (up to the
 * indented `linstor` commands or a blank comment line), so a two-line title is not cut.
 */
function stepTitle(file: string): string {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const first = lines.findIndex((l) => /^#\s*Step/i.test(l));
  if (first < 0) return path.basename(file);
  const parts = [lines[first].replace(/^#\s*Step\s*\d+:\s*/i, "")];
  for (const line of lines.slice(first + 1)) {
    if (!/^# \S/.test(line)) break;
    parts.push(line.slice(2));
  }
  return parts.join(" ").replace(/:$/, "");
}

/** "ResourceDefinition LocalData": a definition and its replicas share a name, so the kind is part of the header. */
function blockHeader(urn: string): string {
  const [type, name] = urn.split("::").slice(-2);
  return `${type.split(":").pop()} ${name}`;
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
