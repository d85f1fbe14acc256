// Issue 16: the guardrail policies (policy/) in the pipeline's preview. A team's policy config is
// set; the cluster is applied from main; then each merge request that breaks one rule is stopped in
// its preview (exit 1, the policy's message in the job log and in the Markdown), nothing reaches
// the controller, and a merge request that keeps to the rules passes.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { repoRoot } from "../../scripts/engine";
import { useSimulator } from "../../harness/sim";
import { backendEnv, runPipeline } from "./gitops-harness";
import { requireEngine } from "../helpers/prerequisites";

/** The cluster: racks r1 (vulcan, kronos), r2 (remus), r3 (romulus); a thin pool everywhere, a thick ZFS pool on remus and romulus. */
function cluster(resources: string, extraPools = ""): string {
  return `adopt: true
nodes:
  vulcan:  { address: 192.168.122.11, props: { Aux/rack: r1 } }
  kronos:  { address: 192.168.122.12, props: { Aux/rack: r1 } }
  remus:   { address: 192.168.122.13, props: { Aux/rack: r2 } }
  romulus: { address: 192.168.122.14, props: { Aux/rack: r3 } }
storagePools:
  thinpool: { providerKind: LVM_THIN, backingPool: drbdpool/thinpool, nodes: [vulcan, kronos, remus, romulus] }
  tank: { providerKind: ZFS, backingPool: tank/linstor, nodes: [remus, romulus] }
${extraPools}resources:
${resources}`;
}

const SHARED = "  SharedData: { volumes: [150m], nodes: [vulcan, remus, romulus], storagePool: thinpool }\n";
const ARCHIVE = "  Archive: { volumes: [40G], nodes: [remus, romulus], storagePool: tank }\n";

/** The team's rules: at least 2 replicas, spread over racks, thick pools at most 90% full, snapshots on thin pools only. */
const TEAM_POLICY = {
  "linstor-min-diskful-replicas": { minimum: 2 },
  "linstor-replicas-on-different": { property: "rack" },
  "linstor-thick-pool-overcommit": { maxFillRatio: 0.9 },
  "linstor-snapshot-pools": { providerKinds: ["LVM_THIN", "ZFS_THIN"] },
};

describe("GitOps guardrail policies in the pipeline's preview (real engine + policy pack + simulator)", function () {
  this.timeout(600_000);
  const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 1024 * 1024, balance: false });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pl-gitops-policy-"));
  const stackName = `gitops-policy-${process.pid}`;
  const policyFile = path.join(work, "team-policy.json");
  let env: Record<string, string> = {};

  before(function () {
    requireEngine(this);
    env = { ...backendEnv(path.join(work, "engine"), `file://${path.join(work, "state")}`), LINSTOR_ENDPOINT: sim().url };
    fs.mkdirSync(path.join(work, "state"), { recursive: true });
    fs.writeFileSync(policyFile, JSON.stringify(TEAM_POLICY));
  });
  after(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(path.join(repoRoot, `Pulumi.${stackName}.yaml`), { force: true });
  });

  async function pipeline(stack: string, ci: Record<string, string>, policy: object = TEAM_POLICY) {
    fs.writeFileSync(path.join(work, "stack.yaml"), stack);
    fs.writeFileSync(policyFile, JSON.stringify(policy));
    return runPipeline(work, env, ci, ["--stack-name", stackName, "--policy-config", policyFile]);
  }

  async function writes(): Promise<string[]> {
    return (await sim().requests()).log.filter((l) => l.method !== "GET" && l.path.startsWith("/v1/")).map((l) => `${l.method} ${l.path}`);
  }

  /** A merge request's preview that a policy must stop: exit 1, its message in the log and the summary, no change made. */
  async function stopped(stack: string, policy: string, message: RegExp): Promise<void> {
    await sim().clearRequests();
    const run = await pipeline(stack, { GITHUB_REF_NAME: "feature/x" });
    assert.strictEqual(run.code, 1, `${run.stderr}\n${run.summary}`);
    assert.match(run.stderr, new RegExp(`^error: stopped by policy ${policy}: `, "m"));
    assert.match(run.stderr, message);
    assert.match(run.summary, /### Policy violations \(the change is stopped\)/);
    assert.match(run.summary, new RegExp(`- \\*\\*${policy}\\*\\* \\(mandatory\\): `));
    assert.match(run.summary, message);
    assert.deepStrictEqual(await writes(), []);
  }

  it("the cluster as the team wants it is applied from main (every rule holds)", async () => {
    const run = await pipeline(cluster(SHARED + ARCHIVE), { CI_COMMIT_BRANCH: "main" });
    assert.strictEqual(run.code, 0, `${run.stderr}\n${run.summary}`);
    assert.match(run.summary, /### Applied\n/);
    assert.doesNotMatch(run.summary, /Policy violations/);
  });

  it("a merge request that keeps to the rules passes", async () => {
    const run = await pipeline(cluster(SHARED + ARCHIVE + "  Scratch: { volumes: [1G], nodes: [kronos, remus], storagePool: thinpool }\n"),
      { GITHUB_REF_NAME: "feature/scratch" });
    assert.strictEqual(run.code, 0, `${run.stderr}\n${run.summary}`);
    assert.match(run.summary, /\*\*create\*\* Resource `Scratch`/);
    assert.doesNotMatch(run.summary, /Policy violations/);
  });

  it("dropping a definition to one replica is stopped (minimum diskful replicas)", async () => {
    await stopped(cluster(SHARED.replace("[vulcan, remus, romulus]", "[remus]") + ARCHIVE), "linstor-min-diskful-replicas",
      /SharedData would have 1 diskful replica \(on remus\); this team requires at least 2/);
  });

  it("two replicas in one rack are stopped (replicas on different Aux/rack)", async () => {
    await stopped(cluster(SHARED.replace("[vulcan, remus, romulus]", "[vulcan, kronos, remus]") + ARCHIVE), "linstor-replicas-on-different",
      /SharedData has 2 replicas in Aux\/rack=r1 \(vulcan, kronos\): its replicas must be on different Aux\/rack values/);
  });

  it("more volumes than a thick pool holds are stopped (thick pool over-commit, with the pool's capacity from the controller)", async () => {
    await stopped(cluster(SHARED + ARCHIVE + "  Ledger: { volumes: [55G], nodes: [remus, romulus], storagePool: tank }\n"),
      "linstor-thick-pool-overcommit", /thick pool tank on remus is over-committed: 95 GiB of volumes \(Archive 40 GiB, Ledger 55 GiB\) in 90 GiB \(90% of 100 GiB\)/);
  });

  it("a snapshot on a pool the team takes no snapshots on is stopped (snapshot pools)", async () => {
    await stopped(cluster(SHARED + ARCHIVE.replace(" }\n", ", snapshots: { Weekly: { nodes: [remus, romulus] } } }\n")), "linstor-snapshot-pools",
      /snapshot Archive\/Weekly: Archive is on storage pool tank \(ZFS\), where this team takes no snapshots/);
  });

  it("deleting a definition that holds data is stopped until a reviewer approves it in the policy config", async () => {
    await stopped(cluster(SHARED), "linstor-data-deletion-review",
      /this change deletes resource definition Archive, which holds data: it needs a review\. After review, add "Archive" to linstor-data-deletion-review\.approved/);
    const approved = await pipeline(cluster(SHARED), { GITHUB_REF_NAME: "feature/drop-archive" },
      { ...TEAM_POLICY, "linstor-data-deletion-review": { approved: ["Archive"] } });
    assert.strictEqual(approved.code, 0, `${approved.stderr}\n${approved.summary}`);
    assert.match(approved.summary, /\*\*delete\*\* Resource `Archive`/);
  });

  it("plain `pulumi preview --policy-pack policy` runs the same pack with the CLI built here", async () => {
    // Without the pipeline: the CLI in .pulumi-engine/bin finds the analyzer for `runtime: node`
    // (the stack's config still names the stack file, as the pipeline left it).
    fs.writeFileSync(path.join(work, "stack.yaml"), cluster(SHARED.replace("[vulcan, remus, romulus]", "[remus]") + ARCHIVE));
    // Not execFileSync: the simulator answers from this process.
    let out = "";
    let code = 0;
    try {
      await promisify(execFile)(path.join(repoRoot, ".pulumi-engine", "bin", "pulumi"),
        ["preview", "--stack", stackName, "--policy-pack", path.join(repoRoot, "policy"), "--policy-pack-config", policyFile, "--non-interactive"],
        { cwd: repoRoot, env: { ...process.env, ...env }, encoding: "utf8" });
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      code = e.code;
      out = e.stdout + e.stderr;
    }
    assert.notStrictEqual(code, 0, out);
    assert.match(out, /\[mandatory\]\s+linstor-min-diskful-replicas/);
    assert.match(out, /SharedData would have 1 diskful replica/);
  });
});
