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

  it("a write re-reads the definition it touched and the pools' capacity if it allocates, nothing else", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    await cache.read();
    await c.volumeDefinitions.create("lc0", { volume_definition: { volume_number: 0, size_kib: 1024 } });
    c.resetStats();
    const untouched = await cache.read({ resources: ["lc1"] });
    assert.deepStrictEqual(untouched.resourceDefinitions.map((d) => d.name), ["lc1"]);
    assert.strictEqual(c.stats().total, 0, "a volume of a definition without replicas takes no pool space; nodes and groups stay");
    await c.resources.create("lc0", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }]);
    c.resetStats();
    await cache.read({ resources: ["lc1"], capacity: "cached" });
    assert.strictEqual(c.stats().total, 0, "outputs may take the pools' capacity as last read");
    await cache.read({ resources: ["lc1"] });
    assert.strictEqual(c.stats().total, 0, "a new replica in a thin pool leaves its free capacity as it was: no pool list again");
    await c.resourceDefinitions.modify("lc1", { override_props: { "Aux/x": "1" } });
    c.resetStats();
    await cache.read({ resources: ["lc2"] });
    assert.strictEqual(c.stats().total, 0, "a property of lc1 changes nothing lc2 sees");
    await cache.read({ resources: ["lc1"] });
    assert.deepStrictEqual(c.stats().byRoute, { "GET /v1/resource-definitions": 1 }, "a property write re-reads the definition alone");
    c.resetStats();
    const touched = await cache.read({ resources: ["LC0"] });
    assert.strictEqual(touched.resourceDefinitions[0].volumes[0].sizeKib, 1024);
    assert.strictEqual(touched.resources.length, 1);
    assert.deepStrictEqual(Object.keys(c.stats().byRoute).sort(), ["GET /v1/view/resources"],
      "its replicas, filtered to lc0 (its definition came with lc1's: the same list); no snapshot list (replica and volume writes change none)");
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
    assert.strictEqual(c.stats().total, 4, `one batch (the delete frees pool space): ${JSON.stringify(c.stats().byRoute)}`);
    assert.strictEqual(c.stats().byRoute["GET /v1/resource-definitions"], 1, "nine readers, one definition list");
    assert.strictEqual(reads[0].resourceDefinitions[0].props["Aux/bench"], "lc0");
    assert.deepStrictEqual(reads[7].resourceDefinitions, [], "a deleted definition is gone from the snapshot");
    assert.deepStrictEqual(reads[8].resourceDefinitions.map((d) => d.name), ["lcNew"]);
    assert.deepStrictEqual(await cache.read(), await readLive(c));
  });

  it("readers arriving while a batch is in flight share the next batch (simulator's request log)", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    await cache.read();
    await c.resourceDefinitions.modify("lc0", { override_props: { "Aux/wave": "lc0" } });
    // The first batch takes 300 ms to answer; five writes land and their readers arrive meanwhile.
    await sim().fault({ kind: "latency", ms: 300, method: "GET", path: "^/v1/resource-definitions$", count: 1 });
    await sim().clearRequests();
    const first = cache.read({ resources: ["lc0"] });
    const later: Promise<unknown>[] = [];
    await new Promise((r) => setImmediate(r));
    for (const n of names.slice(1, 6)) {
      await c.resourceDefinitions.modify(n, { override_props: { "Aux/wave": n } });
      later.push(cache.read({ resources: [n] }));
    }
    const reads = await Promise.all([first, ...later]) as Awaited<ReturnType<LiveCache["read"]>>[];
    await sim().clearFaults();
    const log = (await sim().requests()).log.filter((r) => r.method === "GET");
    assert.deepStrictEqual(log.map((r) => r.path), ["/v1/resource-definitions", "/v1/resource-definitions"],
      "one list for lc0, one for the five that came while it was answered");
    assert.deepStrictEqual(reads.map((r) => r.resourceDefinitions[0].props["Aux/wave"]), names.slice(0, 6));
  });

  it("with a thick pool in the cluster, a new replica makes the next placement read the pools again; a delete always does", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    await cache.read();
    await c.resources.create("lc2", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }]);
    await c.resources.delete("lc2", "vulcan");
    c.resetStats();
    await cache.read({ resources: ["lc3"] });
    assert.deepStrictEqual(Object.keys(c.stats().byRoute), ["GET /v1/view/storage-pools"], "a deleted replica frees space in a thin pool too");
    await c.storagePools.create("kronos", { storage_pool_name: "thick", provider_kind: "LVM", props: { "StorDriver/StorPoolName": "drbdpool" } });
    await cache.read({ resources: ["lc3"] });
    await c.volumeDefinitions.create("lc3", { volume_definition: { volume_number: 0, size_kib: 2048 } });
    await c.resources.create("lc3", [{ resource: { node_name: "kronos", props: { StorPoolName: "thick" } } }]);
    c.resetStats();
    await cache.read({ resources: ["lc3"], lists: ["definitions"] });
    assert.deepStrictEqual(Object.keys(c.stats().byRoute).sort(), ["GET /v1/resource-definitions", "GET /v1/view/storage-pools"],
      "a thick pool's free capacity dropped with the new volume");
    const thick = (await cache.read({ resources: ["lc3"] })).storagePools.find((p) => p.node === "kronos" && p.name === "thick");
    assert.ok(thick?.freeKib !== undefined && thick.totalKib !== undefined && thick.freeKib <= thick.totalKib - 2048, "the pool list read after the create shows it");
    await c.resources.delete("lc3", "kronos");
    await c.storagePools.delete("kronos", "thick");
  });

  it("knows what a write touches", () => {
    const all = ["definitions", "replicas", "snapshots"];
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-definitions", body: { resource_definition: { name: "a" } } }), { resources: ["a"], lists: ["definitions"] });
    assert.deepStrictEqual(touchedBy({ method: "PUT", route: "/v1/resource-definitions/{rd}", params: { rd: "a" } }), { resources: ["a"], lists: ["definitions"] });
    assert.deepStrictEqual(touchedBy({ method: "DELETE", route: "/v1/resource-definitions/{rd}", params: { rd: "a" } }), { resources: ["a"], lists: all, capacity: true });
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-definitions/{rd}/resources", params: { rd: "a" } }), { resources: ["a"], lists: ["definitions", "replicas"], allocates: true });
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-definitions/{rd}/volume-definitions", params: { rd: "a" } }),
      { resources: ["a"], lists: ["definitions", "replicas"], allocates: true, newVolume: true }, "replicas and pools only if the definition has replicas (LiveCache knows)");
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-definitions/{rd}/autoplace", params: { rd: "a" } }), { resources: ["a"], lists: ["definitions", "replicas"], allocates: true });
    assert.deepStrictEqual(touchedBy({ method: "DELETE", route: "/v1/resource-definitions/{rd}/resources/{node}", params: { rd: "a", node: "n" } }),
      { resources: ["a"], lists: ["definitions", "replicas"], capacity: true }, "a delete frees space in thin pools too");
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-definitions/{rd}/snapshots", params: { rd: "a" } }), { resources: ["a"], lists: ["snapshots"], capacity: true });
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-definitions/{rd}/snapshot-restore-resource/{snap}", params: { rd: "a", snap: "s" }, body: { to_resource: "b" } }), { resources: ["a", "b"], lists: all, capacity: true });
    assert.deepStrictEqual(touchedBy({ method: "PUT", route: "/v1/nodes/{node}", params: { node: "n" } }), { nodes: true, pools: true });
    assert.deepStrictEqual(touchedBy({ method: "PUT", route: "/v1/nodes/{node}/storage-pools/{pool}", params: { node: "n", pool: "p" } }), { pools: true });
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/resource-groups", body: {} }), { groups: true });
    assert.deepStrictEqual(touchedBy({ method: "DELETE", route: "/v1/nodes/{node}", params: { node: "n" } }), { all: true });
    assert.deepStrictEqual(touchedBy({ method: "POST", route: "/v1/controller/properties" }), { all: true });
  });
});
