// Fault injection: injected 5xx with an RC body (before the change), latency, dropped
// connections (before and after the change), stalled resync, seeded rates, CLI-style start faults.
import { strict as assert } from "node:assert";
import { useSimulator } from "../../harness/sim";
import { call, retCodes, waitFor } from "./helpers";

describe("linstor-sim fault injection", function () {
  const sim = useSimulator({ seedCluster: true, balance: false, satelliteDelayMs: 1 }, { each: true });
  let U: string;
  beforeEach(() => {
    U = sim().url;
  });

  it("error: the next N matching calls get 503 with an ApiCallRc body, and the change is not applied", async () => {
    const f = await call(U, "POST", "/sim/faults", { kind: "error", status: 503, method: "POST", path: "^/v1/resource-definitions$", count: 2 });
    assert.equal(f.status, 201);
    assert.ok(f.json.id);
    for (let i = 0; i < 2; i++) {
      const r = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "f1" } });
      assert.equal(r.status, 503);
      assert.equal(r.headers["content-type"], "application/json");
      assert.deepEqual(retCodes(r.text), [BigInt.asIntN(64, 0xc000000000000000n | 998n).toString()]);
      assert.match(r.json[0].message, /^Injected fault/);
      assert.equal((await call(U, "GET", "/v1/resource-definitions/f1")).status, 404, "nothing applied");
    }
    assert.equal((await call(U, "GET", "/v1/nodes")).status, 200, "other paths untouched");
    const ok = await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "f1" } });
    assert.equal(ok.status, 201, "the retry succeeds once the count is used up");
    assert.deepEqual((await call(U, "GET", "/sim/faults")).json, [], "used-up rules go away");
  });

  it("latency: matching calls are delayed but answered; hits are counted", async () => {
    const f = await call(U, "POST", "/sim/faults", { kind: "latency", ms: 30, path: "^/v1/nodes" });
    const r = await call(U, "GET", "/v1/nodes");
    assert.equal(r.status, 200);
    const list = (await call(U, "GET", "/sim/faults")).json as { id: string; hits: number }[];
    assert.equal(list.find((x) => x.id === f.json.id)?.hits, 1);
    assert.equal((await call(U, "DELETE", `/sim/faults/${f.json.id}`)).status, 200);
    assert.deepEqual((await call(U, "GET", "/sim/faults")).json, []);
  });

  it("drop: the connection is destroyed without an answer; with after:true the change is applied first", async () => {
    await call(U, "POST", "/sim/faults", { kind: "drop", method: "POST", path: "resource-definitions$", count: 1 });
    await assert.rejects(call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "d1" } }));
    assert.equal((await call(U, "GET", "/v1/resource-definitions/d1")).status, 404);
    await call(U, "POST", "/sim/faults", { kind: "drop", method: "POST", path: "resource-definitions$", count: 1, after: true });
    await assert.rejects(call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "d2" } }));
    assert.equal((await call(U, "GET", "/v1/resource-definitions/d2")).status, 200, "lost answer, applied change");
    const req = (await call(U, "GET", "/sim/requests")).json as { log: { path: string; status: number }[] };
    assert.equal(req.log.filter((x) => x.path === "/v1/resource-definitions" && x.status === 0).length, 2);
  });

  it("rate with a seed: the same seed gives the same decisions", async () => {
    const run = async (): Promise<number[]> => {
      await call(U, "DELETE", "/sim/faults");
      await call(U, "POST", "/sim/config", { seed: 42 });
      await call(U, "POST", "/sim/faults", { kind: "error", status: 500, path: "^/v1/controller/version$", rate: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await call(U, "GET", "/v1/controller/version")).status);
      return out;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.ok(a.includes(500) && a.includes(200), a.join());
  });

  it("stall-resync: a resync makes no progress until the fault is removed", async () => {
    await call(U, "POST", "/v1/resource-definitions", { resource_definition: { name: "s1" } });
    await call(U, "POST", "/v1/resource-definitions/s1/volume-definitions", { volume_definition: { size_kib: 1024 } });
    await call(U, "POST", "/v1/resource-definitions/s1/resources", ["vulcan", "kronos"].map((n) => ({ resource: { node_name: n, props: { StorPoolName: "thinpool" } } })));
    await call(U, "PUT", "/sim/data/s1/vulcan/0?offset=0", "data");
    const f = await call(U, "POST", "/sim/faults", { kind: "stall-resync", resource: "s1", node: "remus" });
    await call(U, "POST", "/v1/resource-definitions/s1/resources/remus", { resource: { props: { StorPoolName: "thinpool" } } });
    await waitFor("resync started", async () => ((await call(U, "GET", "/sim/events")).json as { type: string }[]).some((e) => e.type === "resync-start"));
    // several engine ticks later it has still not moved
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 60));
      assert.equal((await call(U, "GET", "/v1/view/resources?resources=s1&nodes=remus")).json[0].volumes[0].state.disk_state, "Inconsistent");
    }
    await call(U, "DELETE", `/sim/faults/${f.json.id}`);
    await waitFor("UpToDate", async () => (await call(U, "GET", "/v1/view/resources?resources=s1&nodes=remus")).json[0].volumes[0].state.disk_state === "UpToDate");
  });

});

describe("linstor-sim fault injection: rules given at start", function () {
  const sim = useSimulator({ seedCluster: false, faults: [{ kind: "error", status: 500, path: "^/health$", count: 1 }] });

  it("faults given at start (like --fault) and bad fault specs", async () => {
    const U = sim().url;
    assert.equal((await call(U, "GET", "/health")).status, 500);
    assert.equal((await call(U, "GET", "/health")).status, 200);
    assert.equal((await call(U, "POST", "/sim/faults", { kind: "boom" })).status, 400);
    assert.equal((await call(U, "POST", "/sim/faults", { kind: "error", status: 418 })).status, 400);
    assert.equal((await call(U, "POST", "/sim/faults", { kind: "error", path: "(" })).status, 400);
  });
});
