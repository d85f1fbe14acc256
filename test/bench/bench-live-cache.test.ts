// What the scale benchmark showed and LiveCache now does (over HTTP against the simulator): a
// write re-reads only what it touched, concurrent readers of touched definitions share one batch
// of filtered list calls, and the merged snapshot equals a fresh full read.
import * as assert from "assert";
import { LinstorClient, LiveCache, readLive } from "../../provider/client";
import { touchedBy } from "../../provider/client/live";
import { useSimulator } from "../../harness/sim";

const names = Array.from({ length: 8 }, (_, i) => `lc${i}`);

describe("LiveCache: targeted refresh after writes", function () {
  const sim = useSimulator({ balance: false });
  let c: LinstorClient;
  before(async () => {
    c = sim().client();
    for (const n of names) await c.resourceDefinitions.create({ resource_definition: { name: n } });
  });

  it("a write re-reads the shared lists and the definition it touched, nothing else", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    await cache.read();
    await c.volumeDefinitions.create("lc0", { volume_definition: { volume_number: 0, size_kib: 1024 } });
    c.resetStats();
    const untouched = await cache.read({ resources: ["lc1"] });
    assert.deepStrictEqual(untouched.resourceDefinitions.map((d) => d.name), ["lc1"]);
    assert.deepStrictEqual(Object.keys(c.stats().byRoute).sort(), ["GET /v1/nodes", "GET /v1/resource-groups", "GET /v1/view/storage-pools"]);
    c.resetStats();
    const touched = await cache.read({ resources: ["LC0"] });
    assert.strictEqual(touched.resourceDefinitions[0].volumes[0].sizeKib, 1024);
    assert.strictEqual(c.stats().total, 3, "the definition, its replicas and snapshots, filtered to lc0");
    c.resetStats();
    await cache.read({ resources: ["lc0"] });
    assert.strictEqual(c.stats().total, 0);
  });

  it("concurrent readers of touched definitions share one batch; the merge equals a full read", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    await cache.read();
    for (const n of names) await c.resourceDefinitions.modify(n, { override_props: { "Aux/bench": n } });
    await c.resourceDefinitions.create({ resource_definition: { name: "lcNew" } });
    await c.resourceDefinitions.delete("lc7");
    c.resetStats();
    const reads = await Promise.all([...names, "lcNew"].map((n) => cache.read({ resources: [n] })));
    assert.strictEqual(c.stats().total, 6, `one batch: ${JSON.stringify(c.stats().byRoute)}`);
    assert.strictEqual(reads[0].resourceDefinitions[0].props["Aux/bench"], "lc0");
    assert.deepStrictEqual(reads[7].resourceDefinitions, [], "a deleted definition is gone from the snapshot");
    assert.deepStrictEqual(reads[8].resourceDefinitions.map((d) => d.name), ["lcNew"]);
    assert.deepStrictEqual(await cache.read(), await readLive(c));
  });

  it("knows what a write touches", () => {
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-definitions", body: { resource_definition: { name: "a" } } }), { resources: ["a"] });
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-definitions/{rd}/snapshot-restore-resource/{snap}", params: { rd: "a", snap: "s" }, body: { to_resource: "b" } }), { resources: ["a", "b"] });
    assert.deepStrictEqual(touchedBy({ method: "PUT", route: "/v1/nodes/{node}", params: { node: "n" } }), {});
    assert.deepStrictEqual(touchedBy({ method: "DELETE", route: "/v1/nodes/{node}", params: { node: "n" } }), { all: true });
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/controller/properties" }), { all: true });
  });
});
