// The reliability campaign (bench/campaign.ts) in a tiny configuration: three fault runs (one of
// them crashing the provider with SIGKILL mid-update), a fourth without faults that replaces a
// replica while the resync is slow (the old replica may only go once the new one is UpToDate),
// thirty mutated stacks with one of them through the real engine; the report's figures are all
// there and the ones that must be 0 are 0.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULTS, parseArgs, runCampaign, writeReport } from "../../bench/campaign";
import type { CampaignReport } from "../../bench/campaigns/report";
import { table } from "../../bench/campaigns/report";
import { requireEngine } from "../helpers/prerequisites";

describe("campaign smoke (real engine + simulator)", function () {
  this.timeout(300_000);
  let report: CampaignReport;

  before(async function () {
    requireEngine(this);
    report = await runCampaign({
      ...DEFAULTS, seed: 7, runs: 4, walkthroughEvery: 0, stacks: 30, engineSample: 1, parallel: 1,
      kindsFor: [["kill", "lost-answer"], ["stall-resync", "offline"], ["5xx", "drop", "latency"], []],
      // 8 MiB at 1 MiB/s: the new replica resyncs for about 8 s, far longer than a step takes
      slowReplace: { runs: [4], resyncRateKibPerSec: 1024 },
    }, () => undefined);
  });

  it("fault runs: all converged, nothing lost, no dip, no orphan; the provider really was killed", () => {
    const f = report.faults;
    assert.strictEqual(f.runs, 4);
    assert.strictEqual(f.moveRuns, 4);
    assert.strictEqual(f.converged, 4, JSON.stringify(f.bad, null, 1));
    assert.strictEqual(f.bytesLost, 0);
    assert.strictEqual(f.redundancyDips, 0, JSON.stringify(f.bad.map((b) => b.dips)));
    assert.strictEqual(f.orphans, 0);
    assert.ok(f.providerKills >= 1, "the SIGKILL run found the provider process");
    assert.ok(f.faultedUpsFailed >= 1, "a killed provider fails its up");
    for (const kind of ["kill", "lost-answer", "stall-resync", "offline", "5xx", "drop", "latency"] as const) assert.strictEqual(f.faultsInjected[kind], 1, kind);
    assert.ok(f.enginesUps >= 7, `setup + 3 faulted + 3 converging ups, got ${f.enginesUps}`);
  });

  it("a replica replaced under a slow resync: the old one goes only after the new one is UpToDate (event log, no dip)", () => {
    const [run] = report.faults.slowReplaces;
    assert.ok(run, "the slow replace run is missing");
    const [from, to] = run.detail.split(" → ").map((s) => s.split(","));
    assert.strictEqual(from.length, to.length, `a replace keeps the count: ${run.detail}`);
    assert.ok(to.some((n) => !from.includes(n)), `a new node gets a replica: ${run.detail}`);
    // a dip = an event after which fewer diskful replicas were UpToDate than the move's floor:
    // deleting the old replica before the new one finished its resync is exactly that
    assert.deepStrictEqual(run.dips, [], "the old replica went before the new one was UpToDate");
    assert.ok(run.converged, JSON.stringify(run.problems));
  });

  it("bad input: every mutant rejected with positions or still valid, none uncaught; the engine sample sent no write", () => {
    const b = report.badInput;
    assert.strictEqual(b.mutants, 30);
    assert.strictEqual(b.rejected + b.stillValid, 30);
    assert.ok(b.rejected >= 20, `most mutants are broken: ${b.rejected}`);
    assert.strictEqual(b.unpositioned, 0, JSON.stringify(b.failures));
    assert.strictEqual(b.uncaught, 0);
    assert.deepStrictEqual(b.engine, { runs: 1, rejectedWithPosition: 1, writes: 0, failures: 0 });
  });

  it("security: the SSH key really reached the provider, texts scanned, no secret found; the verdict, table and JSON agree", () => {
    assert.ok(report.security.sshCommandsRun > 0, "the provider never logged in with the planted SSH key");
    assert.ok(report.security.textsScanned >= 10);
    assert.strictEqual(report.security.secretsFound, 0, JSON.stringify(report.security.findings));
    assert.deepStrictEqual(report.violations, []);
    assert.match(table(report), /PASSED/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pl-campaign-report-"));
    try {
      const file = writeReport(report, dir);
      const back = JSON.parse(fs.readFileSync(file, "utf8")) as CampaignReport;
      assert.strictEqual(back.seed, 7);
      assert.strictEqual(back.options.runs, 4);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });

  it("arguments: --seed and sizes, bad flags refused", () => {
    assert.deepStrictEqual(parseArgs(["--seed", "42", "--runs=10", "--stacks", "100"]), { ...DEFAULTS, seed: 42, runs: 10, stacks: 100 });
    assert.throws(() => parseArgs(["--seed"]), /usage/);
    assert.throws(() => parseArgs(["--bogus", "1"]), /usage/);
  });
});
