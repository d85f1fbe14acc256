// Issue 6, item 9: examples/gitops/pipeline.sh end to end against the simulator, as a CI job runs it
// (no terminal, branch from the CI's variables, a file backend standing in for the shared one):
// a change on a feature branch yields the ordered plan as Markdown and applies nothing; on main it
// applies and converges; an invalid stack fails before anything reaches the controller.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readLive } from "../../provider/client";
import { offlineEnv, repoRoot } from "../../scripts/engine";
import { requireEngine } from "../helpers/prerequisites";
import { useSimulator } from "../../harness/sim";

const PIPELINE = path.join(repoRoot, "examples", "gitops", "pipeline.sh");
const STEPS = path.join(repoRoot, "examples", "seed-walkthrough");
/** Variables of the CI systems the script reads; cleared so the outer environment cannot leak in. */
const CI_VARS = ["CI_COMMIT_BRANCH", "GITHUB_REF_NAME", "BRANCH_NAME", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "LINSTOR_ENDPOINT", "LS_CONTROLLERS", "MAIN_BRANCH"];

interface PipelineRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
}

describe("GitOps pipeline script (real engine + simulator)", function () {
  this.timeout(300_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 1024 * 1024 });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pl-gitops-"));
  const stackName = `gitops-e2e-${process.pid}`;

  before(function () {
    requireEngine(this);
  });
  after(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}.yaml`), { force: true });
  });

  /** The "repository" of the cluster: stack.yaml as a given walkthrough step. */
  function commit(step: string): void {
    const file = fs.readdirSync(STEPS).find((f) => f.startsWith(step)) as string;
    fs.writeFileSync(path.join(work, "stack.yaml"), fs.readFileSync(path.join(STEPS, file), "utf8"));
  }

  function pipeline(ci: Record<string, string>, args: string[] = []): Promise<PipelineRun> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !CI_VARS.includes(k)) env[k] = v;
    Object.assign(env, offlineEnv(path.join(work, "state")), { LINSTOR_ENDPOINT: sim().url }, ci);
    const summary = path.join(work, "plan.md");
    fs.rmSync(summary, { force: true });
    return new Promise((resolve, reject) => {
      const child = spawn("bash", [PIPELINE, "--stack", "stack.yaml", "--stack-name", stackName, "--summary", "plan.md", ...args],
        { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (b: Buffer) => { stdout += b.toString(); });
      child.stderr.on("data", (b: Buffer) => { stderr += b.toString(); });
      child.on("error", reject);
      child.on("close", (code) => resolve({
        code: code ?? -1, stdout, stderr, summary: fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "",
      }));
    });
  }

  async function writes(): Promise<{ method: string; path: string }[]> {
    return (await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/"));
  }

  const diskful = async (rd: string): Promise<string[]> =>
    (await readLive(sim().client())).resources.filter((r) => r.resource === rd && !r.diskless && !r.deleting).map((r) => r.node).sort();

  it("main branch (GitLab's CI_COMMIT_BRANCH): the first stack is previewed, then applied", async () => {
    commit("02-");
    const run = await pipeline({ CI_COMMIT_BRANCH: "main" });
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.summary, /### Plan\n/);
    assert.match(run.summary, /\*\*create\*\* Resource `SharedData`/);
    assert.match(run.summary, /### Applied\n/);
    assert.strictEqual((await diskful("SharedData")).length, 3);
    assert.deepStrictEqual(await diskful("LocalData"), ["kronos", "vulcan"]);
  });

  it("feature branch (GitHub's GITHUB_REF_NAME): the move's ordered plan as Markdown, nothing applied", async () => {
    commit("03-");
    const before = await diskful("SharedData");
    const eventsBefore = (await sim().events()).length;
    await sim().clearRequests();
    const run = await pipeline({ GITHUB_REF_NAME: "feature/move-shareddata" });
    assert.strictEqual(run.code, 0, run.stderr);
    const md = run.summary;
    const add = md.search(/^ {3}- add replica of SharedData on vulcan/m);
    const wait = md.search(/^ {3}- wait[^\n]*SharedData[^\n]*UpToDate[^\n]*vulcan/m);
    const remove = md.search(/^ {3}- remove replica of SharedData from kronos/m);
    assert.ok(add >= 0 && wait > add && remove > wait, `plan steps missing or out of order in:\n${md}`);
    assert.match(md, /^\d+\. \*\*update\*\* Resource `SharedData`$/m);
    assert.match(md, /Changes: 1 to update/);
    assert.match(md, /Preview only/);
    assert.doesNotMatch(md, /### Applied/);
    assert.deepStrictEqual(await writes(), [], "a feature branch must not change the cluster");
    assert.strictEqual((await sim().events()).length, eventsBefore);
    assert.deepStrictEqual(await diskful("SharedData"), before);
  });

  it("the same change merged (Jenkins' BRANCH_NAME=main): applied, and the cluster converges to the stack", async () => {
    const run = await pipeline({ BRANCH_NAME: "main" });
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.summary, /### Applied\n\nChanges: 1 to update/);
    assert.deepStrictEqual(await diskful("SharedData"), ["remus", "romulus", "vulcan"]);
    // Converged: the next run plans nothing.
    const again = await pipeline({ CI_COMMIT_BRANCH: "review" });
    assert.strictEqual(again.code, 0, again.stderr);
    assert.match(again.summary, /No changes: the cluster already matches the stack\./);
  });

  it("an invalid stack fails the job with its positioned problems; nothing reaches the controller, nothing is applied on main", async () => {
    fs.writeFileSync(path.join(work, "stack.yaml"), "nodes:\n  vulcan: { address: 192.168.122.11 }\nresources:\n  SharedData: { volumes: [150q], nodes: [vulcan] }\n");
    await sim().clearRequests();
    const run = await pipeline({ CI_COMMIT_BRANCH: "main" });
    assert.strictEqual(run.code, 1);
    assert.match(run.stdout, /^stack\.yaml:4:27 resources\.SharedData\.volumes\[0\]: size "150q" has an unknown unit/m);
    assert.match(run.summary, /The stack file is invalid/);
    assert.deepStrictEqual(await writes(), []);
  });

  it("a change the planner refuses (shrinking a volume) fails the job on main with the reason in the summary; nothing is applied", async () => {
    commit("03-");
    const stackFile = path.join(work, "stack.yaml");
    fs.writeFileSync(stackFile, fs.readFileSync(stackFile, "utf8").replace(/(SharedData:\n(?:.*\n)*?\s+volumes: )\[150m\]/, "$1[100m]"));
    assert.match(fs.readFileSync(stackFile, "utf8"), /volumes: \[100m\]/);
    await sim().clearRequests();
    const run = await pipeline({ CI_COMMIT_BRANCH: "main" });
    assert.strictEqual(run.code, 1, run.summary);
    assert.match(run.summary, /### Plan \(failed\)/);
    assert.match(run.summary, /shrinking is not supported by LINSTOR/);
    assert.doesNotMatch(run.summary, /### Applied/);
    assert.deepStrictEqual(await writes(), []);
  });
});
