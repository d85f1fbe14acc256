// Issue 16: the GitOps pipeline as a team runs it, end to end: the state in PostgreSQL (a local
// server, Pulumi's postgres backend), previews and `up` with --refresh, a replica deleted by hand
// caught by the drift job and repaired by the next `up`, two main-branch runs at once serialized
// by the stack's lock with nothing lost, and a controller that cannot be reached.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { readLive } from "../../provider/client";
import { repoRoot } from "../../scripts/engine";
import { pattern, useSimulator } from "../../harness/sim";
import {
  backendEnv, history, LocalPostgres, runPipeline, startPipeline, startPostgres, until, walkthroughStep,
} from "./gitops-harness";
import { requireEngine } from "../helpers/prerequisites";

describe("GitOps for teams: PostgreSQL state, refresh, drift job, concurrent runs (real engine + simulator)", function () {
  this.timeout(600_000);
  // No automatic balancing: a replica deleted by hand must stay deleted until the pipeline acts.
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 1024 * 1024, balance: false });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pl-gitops-teams-"));
  const stackName = `gitops-teams-${process.pid}`;
  let pg: LocalPostgres | undefined;
  let env: Record<string, string> = {};

  before(async function () {
    requireEngine(this);
    pg = await startPostgres();
    env = { ...backendEnv(path.join(work, "engine"), pg.url), LINSTOR_ENDPOINT: sim().url };
  });
  after(async () => {
    await pg?.stop();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}.yaml`), { force: true });
  });

  /** A checkout of the cluster's repository: its own folder with stack.yaml. */
  function checkout(name: string, text: string): string {
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "stack.yaml"), text);
    return dir;
  }
  const job = (dir: string, ci: Record<string, string>, args: string[] = []) =>
    runPipeline(dir, env, ci, ["--stack-name", stackName, ...args]);

  const diskful = async (rd: string): Promise<string[]> =>
    (await readLive(sim().client())).resources.filter((r) => r.resource === rd && !r.diskless && !r.deleting).map((r) => r.node).sort();

  it("main branch: preview as a Markdown plan, then up, with the state in PostgreSQL", async () => {
    const run = await job(checkout("main", walkthroughStep("03-")), { CI_COMMIT_BRANCH: "main" });
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stderr, /preview --refresh of stack\.yaml/);
    assert.match(run.stderr, /pulumi up --refresh of stack\.yaml/);
    assert.match(run.summary, /### Plan\n\nChanges: [^\n]*create/);
    assert.match(run.summary, /^\d+\. \*\*create\*\* Resource `SharedData`$/m);
    assert.match(run.summary, /### Applied\n/);
    assert.deepStrictEqual(await diskful("SharedData"), ["remus", "romulus", "vulcan"]);
    // The update is recorded in the database's history of the stack.
    const updates = await history(stackName, env);
    assert.strictEqual(updates.length, 1);
    assert.strictEqual(updates[0].result, "succeeded");
  });

  it("a replica deleted by hand: the drift job exits non-zero and its report names it and the node; the next up repairs it", async () => {
    await sim().client().resources.delete("SharedData", "vulcan");
    await until("the replica on vulcan is gone", async () => !(await diskful("SharedData")).includes("vulcan"));

    const drift = await job(path.join(work, "main"), {}, ["--drift"]);
    assert.strictEqual(drift.code, 3, drift.stderr);
    assert.match(drift.summary, /The cluster drifted from the stack/);
    assert.match(drift.summary, /^\| Resource `SharedData` \| diskful replica missing \| vulcan \|$/m);
    // LINSTOR left a diskless tie-breaker on vulcan; the repair gives it its disk back.
    assert.match(drift.summary, /^ {3}- (add replica of SharedData on vulcan|give the diskless replica of SharedData on vulcan a disk)/m);
    assert.match(drift.stderr, /drift: Resource SharedData: diskful replica missing \(node vulcan\)/);

    // A merge request's preview shows the repair too (refresh), without applying it.
    const review = await job(path.join(work, "main"), { GITHUB_REF_NAME: "feature/unrelated" });
    assert.strictEqual(review.code, 0, review.stderr);
    assert.match(review.summary, /\*\*update\*\* Resource `SharedData`\n {3}- (add replica of SharedData on vulcan|give the diskless replica of SharedData on vulcan a disk)/);
    assert.ok(!(await diskful("SharedData")).includes("vulcan"));

    const repair = await job(path.join(work, "main"), { CI_COMMIT_BRANCH: "main" });
    assert.strictEqual(repair.code, 0, repair.stderr);
    assert.match(repair.summary, /### Applied\n\nChanges: [^\n]*1 to update/);
    assert.deepStrictEqual(await diskful("SharedData"), ["remus", "romulus", "vulcan"]);

    const clean = await job(path.join(work, "main"), {}, ["--drift"]);
    assert.strictEqual(clean.code, 0, clean.stderr);
    assert.match(clean.summary, /No drift: the cluster matches the stack\./);
  });

  it("two main-branch runs at once: the second waits for the first's lock (or fails at once with Pulumi's message and what to do); both land, nothing is lost", async () => {
    const before = (await history(stackName, env)).length;
    // Commit A moves SharedData's replica from romulus to kronos; commit B, merged right after it,
    // also takes a snapshot. While A waits for kronos to resync (held by the simulator), it holds the stack.
    const moved = walkthroughStep("03-").replace("nodes: [vulcan, remus, romulus]", "nodes: [vulcan, remus, kronos]");
    assert.notStrictEqual(moved, walkthroughStep("03-"));
    const withSnapshot = moved.replace(/(storagePool: thinpool\n)(?![\s\S]*storagePool: thinpool\n)/, "$1    snapshots:\n      Nightly: { nodes: [vulcan, remus] }\n");
    assert.match(withSnapshot, /Nightly/);
    // Data on the volume: a new replica must resync, and the resync of kronos is held.
    const data = pattern("teams", 64 * 1024);
    await sim().writeData("SharedData", "remus", 0, 0, data);
    await sim().fault({ kind: "stall-resync", resource: "SharedData", node: "kronos" });

    const a = startPipeline(checkout("a", moved), env, { CI_COMMIT_BRANCH: "main" }, ["--stack-name", stackName]);
    await until("run A added the replica on kronos (it holds the lock now)", async () => (await diskful("SharedData")).includes("kronos"));

    const b = startPipeline(checkout("b", withSnapshot), env, { CI_COMMIT_BRANCH: "main" }, ["--stack-name", stackName]);
    const c = await runPipeline(checkout("c", withSnapshot), env, { CI_COMMIT_BRANCH: "main" }, ["--stack-name", stackName, "--lock-wait", "0"]);
    assert.strictEqual(c.code, 1, c.stderr);
    assert.match(c.stderr, /the stack is currently locked by 1 lock\(s\)/);
    assert.match(c.stderr, /what to do: another run .* is updating stack gitops-teams-\d+: rerun this job when it has ended; .*pulumi cancel --stack/);
    assert.match(c.summary, /### Applied \(failed\)[\s\S]*the stack is currently locked/);
    await until("run B waits for the lock", () => /waiting for the other run to finish/.test(b.stderr()));

    await sim().clearFaults();
    const [ra, rb] = await Promise.all([a.done, b.done]);
    assert.strictEqual(ra.code, 0, ra.stderr);
    assert.strictEqual(rb.code, 0, rb.stderr);
    assert.match(rb.stderr, /the stack is locked; Pulumi says: the stack is currently locked by 1 lock\(s\)/);
    assert.match(ra.summary, /### Applied\n/);
    assert.match(rb.summary, /### Applied\n\nChanges: [^\n]*1 to create/);

    // Both updates are in the history; the cluster and the state hold both changes.
    const updates = await history(stackName, env);
    assert.strictEqual(updates.length, before + 2);
    assert.deepStrictEqual(updates.slice(0, 2).map((u) => [u.kind, u.result]), [["update", "succeeded"], ["update", "succeeded"]]);
    assert.deepStrictEqual(await diskful("SharedData"), ["kronos", "remus", "vulcan"]);
    assert.ok((await readLive(sim().client())).snapshots.some((s) => s.resource === "SharedData" && s.name === "Nightly"));
    assert.deepStrictEqual(await sim().readData("SharedData", "kronos", 0, 0, data.length), data);
    const drift = await job(path.join(work, "b"), {}, ["--drift"]);
    assert.strictEqual(drift.code, 0, drift.summary);
  });

  it("an unreachable controller fails the preview with one line and a non-zero exit (pipeline, drift job, plain pulumi preview)", async () => {
    const dead = "http://127.0.0.1:9";
    for (const args of [["--endpoint", dead], ["--endpoint", dead, "--drift"]]) {
      const run = await job(path.join(work, "b"), { GITHUB_REF_NAME: "feature/x" }, args);
      assert.strictEqual(run.code, 1, run.stderr);
      const errors = run.stderr.split("\n").filter((l) => l.startsWith("error:"));
      assert.deepStrictEqual(errors.length, 1, run.stderr);
      assert.match(errors[0], /^error: cannot reach the LINSTOR controller at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
      assert.match(run.summary, /cannot reach the LINSTOR controller/);
    }

    // Plain `pulumi preview` of a change: planning it needs the controller; a failure fails the preview.
    const grown = fs.readFileSync(path.join(work, "b", "stack.yaml"), "utf8").replace("volumes: [150m]", "volumes: [200m]");
    fs.writeFileSync(path.join(work, "b", "stack.yaml"), grown);
    // Not execFileSync: the simulator answers from this process.
    let out = "";
    let code = 0;
    try {
      await promisify(execFile)(path.join(repoRoot, ".pulumi-engine", "bin", "pulumi"),
        ["preview", "--stack", stackName, "--non-interactive", "--config", `linstor:endpoint=${dead}`],
        { cwd: repoRoot, env: { ...process.env, ...env }, encoding: "utf8" });
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      code = e.code;
      out = `${e.stdout}${e.stderr}`;
    }
    assert.notStrictEqual(code, 0, out);
    assert.match(out, /cannot plan: the LINSTOR controller could not be read: .*ECONNREFUSED/);
    assert.doesNotMatch(out, /planned again when it runs/);
  });

  it("a pipeline with --local-postgres starts its own PostgreSQL, applies through it and stops it", async () => {
    // New definitions on the adopted nodes and pool: this throwaway state must not claim the others.
    const dir = checkout("trial", walkthroughStep("03-").replace(/SharedData/g, "TrialShared").replace(/LocalData/g, "TrialLocal"));
    const local = { ...env };
    delete local.PULUMI_BACKEND_URL;
    const run = await runPipeline(dir, local, { CI_COMMIT_BRANCH: "main" }, ["--stack-name", `${stackName}-trial`, "--local-postgres"]);
    fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}-trial.yaml`), { force: true });
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stderr, /state backend: a local PostgreSQL for this run only/);
    assert.match(run.stderr, /stopping the server/);
    assert.match(run.summary, /### Applied\n/);
  });
});
