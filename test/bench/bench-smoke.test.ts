// The benchmark machinery in a tiny configuration: a 5-definition scale stack through the real
// engine (create, no-op up, preview, refresh) and the planner on a few hundred replicas. Asserts the
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
    const cfg = benchConfig({ BENCH_SECTIONS: "scale,planner", BENCH_SCALE_DEFINITIONS: "5", BENCH_PLANNER_REPLICAS: "300", BENCH_PLANNER_RUNS: "2" }, dir);
    const { file } = await runBench(cfg);
    const r = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults;
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, "latest.json"), "utf8")), r);
    assert.ok(r.machine.cpus >= 1 && r.durationMs > 0);
    assert.strictEqual(r.walkthrough, undefined);

    const s = r.scale;
    assert.ok(s);
    assert.deepStrictEqual([s.definitions, s.replicas, s.pulumiResources], [5, 15, 15]);
    const run = s.runs[0];
    assert.ok(run.create.requests.writes >= 5 * 3, `creates: ${JSON.stringify(run.create.requests.byRoute)}`);
    assert.ok(run.create.byKind["resources"].writes >= 5, "one replica create per definition at least");
    for (const op of ["noopUp", "preview", "refresh"] as const) {
      assert.strictEqual(run[op].requests.writes, 0, `${op} changes nothing on the controller`);
      assert.strictEqual(run[op].changes, 0, `${op}: the engine reports no change`);
      assert.ok(run[op].ms > 0);
    }
    // Writes mark only what they touch (issue 15): creating definitions never re-reads the node,
    // group or snapshot lists on their own, only within full reads (counted by the version call).
    const routes = run.create.requests.byRoute;
    const fullReads = routes["GET /v1/controller/version"];
    assert.ok(fullReads >= 1, JSON.stringify(routes));
    for (const list of ["GET /v1/nodes", "GET /v1/resource-groups", "GET /v1/view/snapshots"]) {
      assert.strictEqual(routes[list], fullReads, `${list} only in full reads: ${JSON.stringify(routes)}`);
    }
    // The state holds a loader, not the provider's code: a few KB per resource, not 9.
    assert.ok(run.create.stateBytesPerResource < 5000, `${run.create.stateBytesPerResource} bytes per resource`);
    assert.ok(s.raw.length === 1 && s.raw[0].requests >= 5 * 3, `raw script: ${JSON.stringify(s.raw)}`);
    assert.ok(s.comparison.createRatio > 0 && s.comparison.requestsPerDefinition > 0);
    // A refresh reads the whole stack with a few list calls per kind, not a set per resource.
    for (const [kind, k] of Object.entries(run.refresh.byKind)) assert.ok(k.lists <= 3 && k.gets === 0, `${kind}: ${JSON.stringify(k)}`);
    assert.ok(s.median.create.ms > 0 && s.median.create.requestsPerResource > 0);

    const p = r.planner;
    assert.ok(p);
    assert.strictEqual(p.replicas, 300);
    assert.strictEqual(p.noop.steps, 0, "a stack that matches the cluster plans nothing");
    assert.ok(p.changes.steps > 0);
    assert.strictEqual(p.noop.ms.length, 2);

    const table = textTable(r);
    assert.match(table, /15 replicas: refresh/);
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
