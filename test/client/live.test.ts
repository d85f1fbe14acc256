// readLive scopes and LiveCache sharing over HTTP: many readers, one set of list calls; a write
// through the client invalidates.

import * as assert from "assert";
import { LinstorClient, LiveCache, readLive } from "../../provider/client";
import { useSimulator } from "../../harness/sim";

describe("readLive and LiveCache against the simulator", function () {
  const sim = useSimulator({ balance: false });
  let c: LinstorClient;
  before(async () => {
    c = sim().client();
    await c.resourceDefinitions.create({ resource_definition: { name: "cacheA" } });
    await c.volumeDefinitions.create("cacheA", { volume_definition: { volume_number: 0, size_kib: 1024 } });
    await c.resources.create("cacheA", [{ resource: { node_name: "vulcan", props: { StorPoolName: "thinpool" } } }]);
    await c.resourceDefinitions.create({ resource_definition: { name: "cacheB" } });
  });

  it("a scope narrows definitions, replicas and snapshots on the server side", async () => {
    c.resetStats();
    const live = await readLive(c, { resources: ["CACHEA"] });
    assert.deepStrictEqual(live.resourceDefinitions.map((d) => d.name), ["cacheA"]);
    assert.deepStrictEqual(live.resources.map((r) => `${r.resource}@${r.node}`), ["cacheA@vulcan"]);
    assert.strictEqual(live.resources[0].volumes[0].storagePool, "thinpool");
    assert.strictEqual(live.nodes.length, 4, "nodes are not narrowed by a resource scope");
    assert.strictEqual(c.stats().total, 8);
  });

  it("concurrent readers share one read; a full read serves scoped reads", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    c.resetStats();
    const reads = await Promise.all([cache.read(), cache.read(), cache.read()]);
    assert.strictEqual(c.stats().total, 8, "eight calls for three readers");
    assert.strictEqual(reads[0], reads[1]);
    const scoped = await cache.read({ resources: ["cacheB"] });
    assert.deepStrictEqual(scoped.resourceDefinitions.map((d) => d.name), ["cacheB"]);
    assert.deepStrictEqual(scoped.resources, []);
    assert.strictEqual(c.stats().total, 8, "served from the cached full read");
  });

  it("a write through the client invalidates; the TTL expires entries", async () => {
    let now = 0;
    const cache = new LiveCache(c, { ttlMs: 1000, now: () => now });
    await cache.read();
    c.resetStats();
    await cache.read();
    assert.strictEqual(c.stats().total, 0);
    await c.resourceDefinitions.modify("cacheB", { override_props: { "Aux/x": "1" } });
    const after = await cache.read();
    assert.strictEqual(after.resourceDefinitions.find((d) => d.name === "cacheB")?.props["Aux/x"], "1");
    assert.strictEqual(c.stats().total, 1 + 1, "the write, then a fresh read of the definition it touched (no other list)");
    now += 1500;
    c.resetStats();
    await cache.read();
    assert.strictEqual(c.stats().total, 7, "expired after the TTL: the lists again, not the controller's version");
    assert.strictEqual(c.stats().byRoute["GET /v1/controller/version"], undefined);
  });

  it("a reader sees a definition created while a full read was in flight (that read began before it)", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    // A full read is in flight when the definition is created: its list of definitions is answered
    // at once (without it), its snapshot list late, so the read ends after the create.
    await sim().fault({ kind: "latency", method: "GET", path: "^/v1/view/snapshots$", ms: 400, count: 1 });
    const early = cache.read();
    await new Promise((r) => setTimeout(r, 100));
    await c.resourceDefinitions.create({ resource_definition: { name: "cacheLate" } });
    const [whole, scoped] = await Promise.all([early, cache.read({ resources: ["cacheLate"] })]);
    assert.ok(whole.resourceDefinitions.some((d) => d.name === "cacheLate"), "a reader returns nothing older than the writes it saw noted");
    assert.deepStrictEqual(scoped.resourceDefinitions.map((d) => d.name), ["cacheLate"]);
    await c.resourceDefinitions.delete("cacheLate");
  });

  it("a full read that lands after a newer scoped read does not hide what that read saw", async () => {
    let now = 0;
    const cache = new LiveCache(c, { ttlMs: 1000, now: () => now });
    await cache.read();
    // The expired snapshot is read again in full: its replica list is answered at once, its
    // snapshot list late. A replica created meanwhile is read by a wait (scoped) before the full
    // read lands with its older replica list.
    await sim().fault({ kind: "latency", method: "GET", path: "^/v1/view/snapshots$", ms: 400, count: 1 });
    now += 1500;
    const early = cache.read();
    await new Promise((r) => setTimeout(r, 100));
    await c.resources.create("cacheB", [{ resource: { node_name: "remus", props: { StorPoolName: "thinpool" } } }]);
    try {
      assert.deepStrictEqual((await cache.replicasOf("cacheB")).map((r) => r.node), ["remus"]);
      assert.deepStrictEqual((await early).resources.filter((r) => r.resource === "cacheB").map((r) => r.node), ["remus"], "the reader that began before the create");
      const later = await cache.read({ resources: ["cacheB"] });
      assert.deepStrictEqual(later.resources.map((r) => r.node), ["remus"], "a reader after both reads");
    } finally {
      await sim().clearFaults();
      await c.resources.delete("cacheB", "remus");
    }
  });

  it("a step's read of a definition's whole replica list serves the next read; a narrower read does not", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    await cache.read();
    await c.resources.create("cacheB", [{ resource: { node_name: "kronos", props: { StorPoolName: "thinpool" } } }]);
    c.resetStats();
    await c.resources.view({ resources: ["cacheB"], nodes: ["kronos"] }); // narrowed to a node: not the whole list
    const replicas = { resources: ["cacheB"], lists: ["replicas" as const], capacity: "cached" as const };
    assert.deepStrictEqual((await cache.read(replicas)).resources.map((r) => r.node), ["kronos"]);
    assert.strictEqual(c.stats().byRoute["GET /v1/view/resources"], 2, "the node-filtered read, then the cache's own");
    await c.resources.delete("cacheB", "kronos");
    c.resetStats();
    await c.resources.view({ resources: ["cacheB"] }); // what a wait polls
    assert.deepStrictEqual((await cache.read(replicas)).resources, []);
    assert.strictEqual(c.stats().total, 1, "the cache took the wait's answer");
  });

  it("a list call the cache sends anyway also reads the other definitions whose same list a landed write touched", async () => {
    const cache = new LiveCache(c, { ttlMs: 60_000 });
    await cache.read();
    await c.resourceDefinitions.modify("cacheA", { override_props: { "Aux/ride": "a" } });
    await c.resourceDefinitions.modify("cacheB", { override_props: { "Aux/ride": "b" } });
    c.resetStats();
    assert.strictEqual((await cache.read({ resources: ["cacheA"] })).resourceDefinitions[0].props["Aux/ride"], "a");
    assert.deepStrictEqual(c.stats().byRoute, { "GET /v1/resource-definitions": 1 });
    assert.strictEqual((await cache.read({ resources: ["cacheB"] })).resourceDefinitions[0].props["Aux/ride"], "b");
    assert.strictEqual(c.stats().total, 1, "cacheB came with cacheA's list");
  });

  it("a reader whose lists the batch in flight reads (after the writes it saw) waits for that batch, not the next", async () => {
    const client = sim().client();
    const cache = new LiveCache(client, { ttlMs: 60_000 });
    await cache.read();
    await client.resourceDefinitions.modify("cacheA", { override_props: { "Aux/ride": "a2" } });
    await client.resourceDefinitions.modify("cacheB", { override_props: { "Aux/ride": "b2" } });
    let sent: () => void = () => undefined;
    const batchSent = new Promise<void>((resolve) => { sent = resolve; });
    client.onRead(() => { sent(); return undefined; });
    await sim().fault({ kind: "latency", method: "GET", path: "^/v1/resource-definitions$", ms: 200, count: 1 });
    client.resetStats();
    const a = cache.read({ resources: ["cacheA"] });
    await batchSent; // cacheA's batch (with cacheB) is on its way
    const b = await cache.read({ resources: ["cacheB"] });
    assert.strictEqual(b.resourceDefinitions[0].props["Aux/ride"], "b2");
    assert.strictEqual((await a).resourceDefinitions[0].props["Aux/ride"], "a2");
    assert.deepStrictEqual(client.stats().byRoute, { "GET /v1/resource-definitions": 1 });
    // A write that lands while the batch is in flight is not in it: its reader reads again.
    await sim().fault({ kind: "latency", method: "GET", path: "^/v1/resource-definitions$", ms: 200, count: 1 });
    await client.resourceDefinitions.modify("cacheA", { override_props: { "Aux/ride": "a3" } });
    client.resetStats();
    const before = cache.read({ resources: ["cacheA"] });
    await new Promise((r) => setImmediate(r));
    await client.resourceDefinitions.modify("cacheB", { override_props: { "Aux/ride": "b3" } });
    assert.strictEqual((await cache.read({ resources: ["cacheB"] })).resourceDefinitions[0].props["Aux/ride"], "b3");
    assert.strictEqual((await before).resourceDefinitions[0].props["Aux/ride"], "a3");
    await sim().clearFaults();
  });

  it("replicasOf: the first answer from a read after every write, shared; `again` reads after the call", async () => {
    let now = 0;
    const cache = new LiveCache(c, { ttlMs: 60_000, now: () => now });
    await cache.read();
    await c.resources.create("cacheB", [{ resource: { node_name: "kronos", props: { StorPoolName: "thinpool" } } }]);
    await c.resources.create("cacheA", [{ resource: { node_name: "kronos", props: { StorPoolName: "thinpool" } } }]);
    c.resetStats();
    const [a, b] = await Promise.all([cache.replicasOf("cacheA"), cache.replicasOf("cacheB")]);
    assert.ok(a.some((r) => r.node === "kronos") && b.some((r) => r.node === "kronos"), "both see the replica just created");
    assert.deepStrictEqual(c.stats().byRoute, { "GET /v1/view/resources": 1 }, "two waits, one poll");
    await cache.replicasOf("cacheB");
    assert.strictEqual(c.stats().total, 1, "nothing written since: the first look needs no read of its own");
    await Promise.all([cache.replicasOf("cacheA", true), cache.replicasOf("cacheB", true)]);
    assert.deepStrictEqual(c.stats().byRoute, { "GET /v1/view/resources": 2 }, "looking again reads again, shared");
    now += 120_000;
    await cache.replicasOf("cacheA");
    assert.deepStrictEqual(c.stats().byRoute, { "GET /v1/view/resources": 3 }, "past the TTL a wait reads its own list again, not the cluster");
    await c.resources.delete("cacheB", "kronos");
    await c.resources.delete("cacheA", "kronos");
  });

  it("a batch that follows another for other definitions within gatherMs gathers readers that long; one definition's own chain does not wait", async () => {
    const modify = (rd: string, v: string) => c.resourceDefinitions.modify(rd, { override_props: { "Aux/g": v } });
    const definitionReads = () => c.stats().byRoute["GET /v1/resource-definitions"] ?? 0;
    const writeThenRead = async (cache: LiveCache, rd: string, v: string, after: number) => {
      await new Promise((r) => setTimeout(r, after));
      await modify(rd, v);
      return cache.read({ resources: [rd] });
    };
    for (const [gatherMs, expected] of [[0, 2], [200, 1]] as const) {
      const cache = new LiveCache(c, { ttlMs: 60_000, gatherMs });
      await cache.read();
      await writeThenRead(cache, "cacheB", `${gatherMs}-start`, 0); // a first batch: the stream begins
      c.resetStats();
      // Two more readers, 30 ms apart, each right after its own write; the first reads a
      // definition the last batch did not.
      const [a, b] = await Promise.all([writeThenRead(cache, "cacheA", `${gatherMs}-a`, 0), writeThenRead(cache, "cacheB", `${gatherMs}-b`, 30)]);
      assert.strictEqual(a.resourceDefinitions[0].props["Aux/g"], `${gatherMs}-a`);
      assert.strictEqual(b.resourceDefinitions[0].props["Aux/g"], `${gatherMs}-b`);
      assert.strictEqual(definitionReads(), expected, `gatherMs ${gatherMs}: ${expected} read(s) of the definitions`);
      if (gatherMs === 0) continue;
      // The next step of cacheA's own chain (the last batch read it): its batch goes out at once,
      // so a reader of another definition 30 ms later is not in it.
      c.resetStats();
      await Promise.all([writeThenRead(cache, "cacheA", "chain-a", 0), writeThenRead(cache, "cacheB", "chain-b", 30)]);
      assert.strictEqual(definitionReads(), 2, "cacheA's read did not wait for cacheB's");
    }
  });
});
