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
import { engineRoot, offlineEnv, repoRoot } from "./engine";
import { formatCluster, ResyncWatcher } from "./cluster-table";

const STEPS_DIR = path.join(repoRoot, "examples", "seed-walkthrough");
const STATE_DIR = path.join(repoRoot, ".pulumi-state");
const SIM_STATE = path.join(repoRoot, ".sim-state", "demo");

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
  const external = process.env.LINSTOR_ENDPOINT ?? process.env.LS_CONTROLLERS;
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
  // The seed cluster's nodes and pools exist before the walkthrough: the stack takes them over.
  await stack.setConfig("linstor:adopt", { value: "true" });

  const client = new LinstorClient({ endpoint });
  try {
    for (const file of stepFiles) {
      const title = stepTitle(path.join(STEPS_DIR, file));
      say();
      say(`━━ ${file}: ${title}`);
      await stack.setConfig("linstor:stack", { value: path.join("examples", "seed-walkthrough", file) });
      const watcher = new ResyncWatcher(client, (line) => say(`   ${line}`));
      watcher.start();
      const plans: string[] = [];
      try {
        await stack.up({
          onEvent: (e) => {
            const d = e.diagnosticEvent;
            if (d && d.severity === "info" && !d.ephemeral && d.message.startsWith("plan:") && d.urn) {
              plans.push(`${d.urn.split("::").pop()}:\n${d.message.replace(/^plan:\n/, "").trimEnd()}`);
            }
          },
        });
      } finally {
        await watcher.stop();
      }
      for (const p of plans) say(`   ${p.replace(/\n/g, "\n   ")}`);
      say(formatCluster(await readLive(client)).replace(/^/gm, "   "));
    }
    say();
    say("Walkthrough complete.");
    if (sim) say(`The cluster is kept in ${path.relative(repoRoot, SIM_STATE)}: node bin/sim/cli.js --state ${path.relative(repoRoot, SIM_STATE)} serves it again.`);
  } finally {
    if (sim) {
      sim.proc.kill("SIGTERM");
      await new Promise((r) => sim.proc.once("exit", r));
    }
  }
}

/** The first comment line of a step file ("# Step 3: ..."). */
function stepTitle(file: string): string {
  const line = fs.readFileSync(file, "utf8").split("\n").find((l) => /^#\s*Step/i.test(l));
  return line ? line.replace(/^#\s*Step\s*\d+:\s*/i, "") : path.basename(file);
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
