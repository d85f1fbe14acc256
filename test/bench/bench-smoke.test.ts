// The benchmark machinery in a tiny configuration: a 5-definition scale stack through the real
// engine and the pulumi CLI (create, no-op up, preview, refresh), the raw REST script and the
// engine floor (and the linstor CLI script where it is installed: it must end in the same state) and the planner on a few hundred replicas. Asserts the
// JSON document bench/run.ts writes has its fields and sane values (never timing thresholds).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { benchConfig, BenchResults, runBench, textTable } from "../../bench";
import { rawStep } from "../../bench/raw-walkthrough";
import { byKind, kindOf } from "../../bench/requests";
import { requireEngine } from "../helpers/prerequisites";
import { pattern, useSimulator } from "../../harness/sim";

describe("bench machinery (tiny configuration)", function () {
  this.timeout(300_000);
  let dir: string;
  before(function () {
    requireEngine(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it("writes the scale and planner figures as JSON", async () => {
    const cfg = benchConfig({ BENCH_SECTIONS: "scale,planner", BENCH_SCALE_DEFINITIONS: "5", BENCH_SCALE_PREVIEW: "1", BENCH_PLANNER_REPLICAS: "300", BENCH_PLANNER_RUNS: "2" }, dir);
    const { file } = await runBench(cfg);
    const r = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults;
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, "latest.json"), "utf8")), r);
    assert.ok(r.machine.cpus >= 1 && r.durationMs > 0);
    assert.strictEqual(r.walkthrough, undefined);

    const s = r.scale;
    assert.ok(s && s.sizes.length === 1);
    const z = s.sizes[0];
    assert.deepStrictEqual([z.definitions, z.replicas, z.pulumiResources], [5, 15, 5 * 3 + 12]);
    const run = z.runs[0].pulumi;
    assert.ok(run.create.requests.writes >= 5 * 3, `creates: ${JSON.stringify(run.create.requests.byRoute)}`);
    assert.ok(run.create.byKind["resources"].writes >= 5, "one replica create per definition at least");
    // The no-change steps ran with --expect-no-changes (the engine failed them otherwise).
    for (const op of ["noopUp", "preview", "refresh"] as const) {
      const step = run[op];
      assert.ok(step && step.ms > 0, op);
      assert.strictEqual(step.requests.writes, 0, `${op} changes nothing on the controller`);
    }
    // The processes of a step are found: the engine, the program it starts, the dynamic provider.
    for (const role of ["engine", "program", "provider"] as const) assert.ok((run.create.rssKib[role] ?? 0) > 0, `${role}: ${JSON.stringify(run.create.rssKib)}`);
    // The state holds a loader, not the provider's code: a few KB per resource, not 9.
    assert.ok(run.create.stateBytesPerResource < 5000, `${run.create.stateBytesPerResource} bytes per resource`);
    assert.ok(z.runs[0].raw.requests.total >= 5 * 3, `raw script: ${JSON.stringify(z.runs[0].raw.requests)}`);
    assert.ok(z.ratios.pulumiToRaw > 0 && z.ratios.pulumiToFloor > 0 && z.median.pulumi.create.requestsPerDefinition > 0);
    for (const op of ["create", "noopUp", "refresh"] as const) assert.ok(z.runs[0].floor[op].ms > 0, `engine floor ${op}`);
    // Writes mark only what they touch (issue 15): creating definitions never re-reads the group or
    // snapshot lists on their own, only within full reads (counted by the controller-properties
    // call, which only a full read makes; the version is read once per provider process, so it does
    // not count them). (The node list is re-read: adopting the nodes writes the stack's owner mark on each.)
    const routes = run.create.requests.byRoute;
    const fullReads = routes["GET /v1/controller/properties"];
    assert.ok(fullReads >= 1, JSON.stringify(routes));
    for (const list of ["GET /v1/resource-groups", "GET /v1/view/snapshots"]) {
      assert.strictEqual(routes[list], fullReads, `${list} only in full reads: ${JSON.stringify(routes)}`);
    }
    // A refresh reads the whole stack with a few list calls per kind, not a set per resource.
    for (const [kind, k] of Object.entries(run.refresh.byKind)) assert.ok(k.lists <= 3 && k.gets === 0, `${kind}: ${JSON.stringify(k)}`);

    const p = r.planner;
    assert.ok(p);
    assert.strictEqual(p.replicas, 300);
    assert.strictEqual(p.noop.steps, 0, "a stack that matches the cluster plans nothing");
    assert.ok(p.changes.steps > 0);
    assert.strictEqual(p.noop.ms.length, 2);

    const table = textTable(r);
    assert.match(table, /5 definitions: no-op up \/ refresh/);
    assert.match(table, /5 definitions: no-op preview/);
    assert.match(table, /planner, 300 replicas/);
  });

  it("groups routes by kind: lists, gets of one object, writes", () => {
    assert.strictEqual(kindOf("GET /v1/view/storage-pools"), "storage-pools");
    assert.strictEqual(kindOf("DELETE /v1/resource-definitions/{rd}/resources/{node}"), "resources");
    assert.deepStrictEqual(byKind({ total: 4, reads: 3, writes: 1, byRoute: {
      "GET /v1/view/resources": 2, "GET /v1/resource-definitions/{rd}/resources/{node}": 1, "POST /v1/resource-definitions/{rd}/resources": 1,
    } }), { resources: { lists: 2, gets: 1, writes: 1 } });
  });

  describe("the raw-client walkthrough", () => {
    const sim = useSimulator({ seedCluster: true, resyncRateKibPerSec: 100 * 1024, balance: false });
    it("waits for the resync before removing kronos, and ends where the Pulumi walkthrough ends", async () => {
      const c = sim().client();
      for (let step = 1; step <= 8; step++) {
        await rawStep(c, step);
        // Data in SharedData, as the bench writes it: the move of step 3 then has to resync.
        if (step === 2) await sim().writeData("SharedData", "remus", 0, 0, pattern("smoke", 4096));
      }
      const ev = (await sim().events()).filter((e) => e.resource === "SharedData").map((e) => `${e.type}@${e.node}`);
      const synced = ev.indexOf("resync-done@vulcan");
      assert.ok(synced >= 0 && synced < ev.indexOf("resource-deleted@kronos"), ev.join(", "));
      const rs = (await c.resources.view()).map((x) => `${x.name}@${x.node_name}${(x.flags ?? []).includes("DRBD_DISKLESS") ? "~" : ""}`).sort();
      assert.deepStrictEqual(rs.filter((x) => x.startsWith("SharedData@")), ["SharedData@remus", "SharedData@romulus", "SharedData@vulcan"]);
      assert.deepStrictEqual((await c.resourceDefinitions.list()).map((d) => d.name).sort(), ["SharedData", "SharedData_Restore"]);
    });
  });
});
